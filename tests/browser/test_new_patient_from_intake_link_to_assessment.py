"""A new patient from intake link to screened, assessed patient, in the browser:

the front desk creates the intake link; the patient fills in half the form on a phone, comes
back later (nothing lost), answers the rest (a blood thinner, varicose veins in the left
calf), signs and sends it; the link then refuses a second use; the therapist sees the
screening findings on the patient page and records an initial assessment on the body chart,
where the restricted calf is marked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from petrissage.clinical.models import Assessment, Screening
from petrissage.domain.intake import all_questions
from petrissage.patients.models import Intake, IntakeStatus
from petrissage.practice.models import Role
from tests import factories
from tests.browser.conftest import sign_in


@pytest.fixture
def clinic(transactional_db):
    practice = factories.make_practice("e2e-clinic")
    factories.make_staff(practice, Role.FRONT_DESK, "desk-e2e")
    factories.make_staff(practice, Role.THERAPIST, "thera-e2e")
    return factories.make_patient(practice, given_name="Ruth", family_name="Adeyemi")


def _context(browser, live_server, *, phone: bool):
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 860}
    context = browser.new_context(
        viewport=size, base_url=live_server.url, is_mobile=phone, has_touch=phone
    )
    context.set_default_timeout(30_000)
    return context


def _answer(page, key: str, value: str) -> None:
    page.locator(f"#q-{key} input[value='{value}']").check()


def _saved(page) -> None:
    expect(page.locator("#save-status")).to_contain_text("Saved")
    page.wait_for_load_state("networkidle")


def _chart_region(page, code: str):
    return page.locator(f'[data-view="back"] .bc-region[data-region="{code}"]')


def _front_desk_creates_the_link(browser, live_server, patient, screenshot) -> str:
    context = _context(browser, live_server, phone=False)
    desk = context.new_page()
    sign_in(desk, "desk-e2e", factories.PASSWORD)
    desk.goto(f"/patients/{patient.pk}/")
    desk.get_by_role("link", name="Send intake link").click()
    desk.get_by_role("button", name="Create link").click()
    url = str(desk.get_by_test_id("intake-url").input_value())
    assert re.search(r"/intake/[\w-]{40,}/$", url)
    screenshot(desk, "e2e-1-front-desk-link")
    context.close()
    return url


def _patient_starts_on_a_phone(browser, live_server, url, screenshot) -> None:
    context = _context(browser, live_server, phone=True)
    phone = context.new_page()
    phone.goto(url)
    expect(phone.get_by_role("heading", name="Your health history")).to_be_visible()
    phone.get_by_label("What brings you in?").fill("Stiff neck and shoulders from desk work")
    _answer(phone, "pregnant", "no")
    phone.locator("#q-medications-0-name").fill("Warfarin 5 mg")
    phone.locator("#q-medications-0-dose").fill("once a day")
    phone.locator("#q-medications-0-dose").blur()
    _saved(phone)
    screenshot(phone, "e2e-2-phone-half-filled")
    context.close()  # the patient puts the phone away


def _patient_finishes_later(browser, live_server, url, screenshot) -> None:
    context = _context(browser, live_server, phone=True)
    phone = context.new_page()
    phone.goto(url)
    expect(phone.get_by_label("What brings you in?")).to_have_value(
        "Stiff neck and shoulders from desk work"
    )
    expect(phone.locator("#q-medications-0-name")).to_have_value("Warfarin 5 mg")
    expect(phone.locator("#q-pregnant input[value='no']")).to_be_checked()
    for q, parent in all_questions():
        if parent is None and q.kind == "yesno" and q.key != "pregnant":
            _answer(phone, q.key, "no")
    _answer(phone, "cancer", "none")
    _answer(phone, "blood_pressure", "none")
    _answer(phone, "anticoagulant", "yes")
    _answer(phone, "varicose_veins", "yes")
    phone.locator("#q-varicose_vein_regions").select_option(["calf-left"])
    _saved(phone)
    phone.get_by_label("Type your full name to sign").fill("Ruth Adeyemi")
    phone.get_by_role("button", name="Sign and send").click()
    expect(phone.get_by_test_id("intake-thanks")).to_contain_text("Thank you")
    screenshot(phone, "e2e-3-phone-sent")
    phone.goto(url)  # a used link is refused, not reopened
    expect(phone.get_by_test_id("intake-gone")).to_contain_text("already been sent in")
    context.close()


def test_new_patient_from_intake_link_to_screened_and_assessed(
    browser, live_server, clinic, screenshot
):
    patient = clinic
    url = _front_desk_creates_the_link(browser, live_server, patient, screenshot)
    _patient_starts_on_a_phone(browser, live_server, url, screenshot)
    _patient_finishes_later(browser, live_server, url, screenshot)

    intake = Intake.objects.get(patient=patient)
    assert intake.status == IntakeStatus.SUBMITTED
    assert intake.filled_by_patient
    assert intake.answers["varicose_vein_regions"] == ["calf-left"]
    screening = Screening.objects.get(patient=patient, is_current=True)
    rules = set(screening.findings.values_list("rule_id", flat=True))
    assert {"bleeding-risk", "varicose-veins"} <= rules

    context = _context(browser, live_server, phone=False)
    page = context.new_page()
    sign_in(page, "thera-e2e", factories.PASSWORD)
    page.goto(f"/patients/{patient.pk}/")
    banner = page.get_by_test_id("screening-banner")
    expect(banner).to_contain_text("Treat with precautions")
    expect(banner.locator('[data-rule="bleeding-risk"]')).to_contain_text("relative")
    expect(banner.locator('[data-rule="varicose-veins"]')).to_contain_text("Calf")
    expect(page.locator(".health-history")).to_contain_text("by the patient")
    screenshot(page, "e2e-4-therapist-sees-screening")

    page.get_by_role("link", name="New assessment").click()
    expect(page.get_by_role("heading", name="New assessment")).to_be_visible()
    expect(
        page.get_by_test_id("screening-banner").locator('[data-rule="bleeding-risk"]')
    ).to_be_visible()
    expect(_chart_region(page, "calf-left")).to_have_class(re.compile(r"\brestricted\b"))
    _chart_region(page, "upper-trapezius-left").click()
    page.locator("#id_finding-upper-trapezius-left-nprs").fill("6")
    page.locator("#id_finding-upper-trapezius-left-pain_quality").select_option("aching")
    page.get_by_label("Trigger points").first.check()
    _chart_region(page, "calf-left").click()
    page.locator("#id_finding-calf-left-nprs").fill("2")
    expect(page.locator('.finding-row[data-region="calf-left"]')).to_contain_text(
        "screening restriction"
    )
    page.get_by_role("button", name="Add a movement").click()
    page.locator(".rom-row select[name$='-movement']").select_option("cervical:rotation")
    page.locator(".rom-row input[name$='-degrees']").fill("45")
    page.get_by_role("button", name="Add a goal").click()
    page.locator(".goal-row input[name$='-activity']").fill("Work at my desk all afternoon")
    page.locator(".goal-row input[name$='-score']").fill("4")
    page.mouse.move(0, 0)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "e2e-5-body-chart-editing")

    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_test_id("assessment-title")).to_contain_text("Initial assessment")
    expect(_chart_region(page, "upper-trapezius-left")).to_have_class(
        re.compile(r"\bpain-medium\b")
    )
    expect(
        page.get_by_test_id("findings-table").locator('tr[data-region="calf-left"]')
    ).to_contain_text("screening restriction")
    screenshot(page, "e2e-6-assessment-saved")

    page.get_by_role("link", name="Edit assessment").click()  # a correction keeps version 1
    page.locator("#id_finding-upper-trapezius-left-nprs").fill("5")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_test_id("assessment-version")).to_contain_text("version 2")
    versions = page.get_by_test_id("earlier-versions")
    versions.locator("summary").first.click()
    expect(versions).to_contain_text("Upper trapezius, left 6")
    screenshot(page, "e2e-7-assessment-earlier-version")
    context.close()

    assessment = Assessment.objects.get(patient=patient)
    assert assessment.screening == screening
    assert assessment.version == 2
    assert {f.region_code: f.nprs for f in assessment.region_findings.all()} == {
        "upper-trapezius-left": 5,
        "calf-left": 2,
    }
    assert assessment.region_findings.get(region_code="upper-trapezius-left").trigger_points
    assert list(assessment.goals.values_list("score", flat=True)) == [4]
