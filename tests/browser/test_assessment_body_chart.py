"""A therapist records an assessment on the clickable body chart, by mouse and by keyboard."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from petrissage.clinical.models import Assessment, Screening, ScreeningFinding
from petrissage.practice.models import Role
from tests import factories
from tests.browser.conftest import sign_in


@pytest.fixture
def setting(transactional_db):
    practice = factories.make_practice("chart-clinic")
    therapist = factories.make_staff(practice, Role.THERAPIST, "thera1")
    patient = factories.make_patient(practice, given_name="Nora", family_name="Quinn")
    return therapist, patient


def region(page, view: str, code: str):
    return page.locator(f'[data-view="{view}"] .bc-region[data-region="{code}"]')


def test_therapist_marks_two_regions_adds_rom_and_goal_and_saves(page, setting, screenshot):
    _therapist, patient = setting
    sign_in(page, "thera1", factories.PASSWORD)
    page.goto(f"/patients/{patient.pk}/")
    page.get_by_role("link", name="New assessment").click()
    expect(page.get_by_role("heading", name="New assessment")).to_be_visible()

    region(page, "back", "upper-trapezius-left").click()
    trapezius = page.locator("#id_finding-upper-trapezius-left-nprs")
    expect(trapezius).to_be_focused()
    trapezius.fill("7")
    page.locator("#id_finding-upper-trapezius-left-pain_quality").select_option("aching")
    page.get_by_label("Trigger points").first.check()
    expect(region(page, "back", "upper-trapezius-left")).to_have_class("bc-region pain-strong")

    region(page, "back", "lumbar-paraspinals-right").click()
    page.locator("#id_finding-lumbar-paraspinals-right-nprs").fill("4")
    page.locator("#id_finding-lumbar-paraspinals-right-pain_quality").select_option("stiffness")
    expect(region(page, "back", "lumbar-paraspinals-right")).to_have_class("bc-region pain-medium")

    region(page, "back", "upper-trapezius-left").click()  # a second click adds no second row
    expect(page.locator(".finding-row")).to_have_count(2)

    page.get_by_role("button", name="Add a movement").click()
    page.locator(".rom-row select[name$='-movement']").select_option("cervical:rotation")
    page.locator(".rom-row select[name$='-side']").select_option("left")
    page.locator(".rom-row input[name$='-degrees']").fill("40")
    page.get_by_role("button", name="Add a goal").click()
    page.locator(".goal-row input[name$='-activity']").fill("Check my blind spot when driving")
    page.locator(".goal-row input[name$='-score']").fill("3")
    page.get_by_label("Posture").fill("Left shoulder elevated, forward head")
    page.mouse.move(0, 0)  # no hover highlight in the picture
    screenshot(page, "body-chart-editing")

    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_test_id("assessment-title")).to_contain_text("Initial assessment")
    expect(region(page, "back", "upper-trapezius-left")).to_have_class("bc-region pain-strong")
    expect(region(page, "back", "lumbar-paraspinals-right")).to_have_class("bc-region pain-medium")
    expect(page.get_by_test_id("rom-table")).to_contain_text("below reference")
    screenshot(page, "body-chart-saved")

    assessment = Assessment.objects.get()
    assert {f.region_code: f.nprs for f in assessment.region_findings.all()} == {
        "upper-trapezius-left": 7,
        "lumbar-paraspinals-right": 4,
    }
    page.goto(f"/patients/{patient.pk}/")
    expect(page.get_by_test_id("region-trend")).to_contain_text("Upper trapezius, left")


def test_keyboard_user_adds_a_region_from_the_list(page, setting):
    _therapist, patient = setting
    sign_in(page, "thera1", factories.PASSWORD)
    page.goto(f"/clinical/patients/{patient.pk}/assessments/new/")
    select = page.get_by_label("Add a region")
    select.focus()
    select.select_option(label="Lumbar paraspinals, right")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    nprs = page.locator("#id_finding-lumbar-paraspinals-right-nprs")
    expect(nprs).to_be_focused()
    page.keyboard.type("5")
    expect(region(page, "back", "lumbar-paraspinals-right")).to_have_class("bc-region pain-medium")
    page.get_by_role("button", name="Remove Lumbar paraspinals, right").press("Enter")
    expect(page.locator(".finding-row")).to_have_count(0)
    expect(region(page, "back", "lumbar-paraspinals-right")).to_have_class("bc-region")


def test_screening_restriction_is_hatched_on_the_chart(page, setting, screenshot):
    _therapist, patient = setting
    screening = Screening.objects.create(
        practice=patient.practice,
        patient=patient,
        rules_version="test",
        trigger="intake",
        computed_at=timezone.now(),
    )
    ScreeningFinding.objects.create(
        practice=patient.practice,
        patient=patient,
        screening=screening,
        rule_id="local.dvt-history",
        condition="Varicose veins, left leg",
        finding_class="local",
        action="No deep pressure on the left calf and thigh; light effleurage only.",
        regions=["calf-left", "hamstrings-left"],
        restrictions=["avoid_area"],
    )
    sign_in(page, "thera1", factories.PASSWORD)
    page.goto(f"/clinical/patients/{patient.pk}/assessments/new/")
    expect(region(page, "back", "calf-left")).to_have_class("bc-region restricted")
    expect(page.get_by_test_id("legend-restricted")).to_be_visible()
    region(page, "back", "calf-left").click()
    page.locator("#id_finding-calf-left-nprs").fill("2")
    expect(page.locator('.finding-row[data-region="calf-left"]')).to_contain_text(
        "screening restriction"
    )
    region(page, "back", "upper-trapezius-right").click()
    page.locator("#id_finding-upper-trapezius-right-nprs").fill("6")
    page.mouse.move(0, 0)
    expect(region(page, "back", "upper-trapezius-right")).to_have_class("bc-region pain-medium")
    calf = region(page, "back", "calf-left")
    expect(calf).to_have_class(re.compile(r"\bpain-light\b"))
    expect(calf).to_have_class(re.compile(r"\brestricted\b"))
    screenshot(page, "body-chart-restricted")
