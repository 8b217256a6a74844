"""A patient fills in the health history on a phone from the link, reloads half-way
(nothing is lost), reports a calf swelling, signs and sends it; the therapist sees it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from petrissage.audit.services import Actor
from petrissage.domain.intake import all_questions
from petrissage.patients import intake_services
from petrissage.patients.models import Intake, IntakeStatus
from petrissage.practice.models import Role
from tests import factories
from tests.browser.conftest import SCREENSHOTS, sign_in


@pytest.fixture
def clinic(transactional_db):
    practice = factories.make_practice("phone-clinic")
    desk = factories.make_staff(practice, Role.FRONT_DESK, "desk-phone")
    therapist = factories.make_staff(practice, Role.THERAPIST, "thera-phone")
    patient = factories.make_patient(practice, given_name="Maria", family_name="Lopez")
    _, token = intake_services.intake_link_create(
        patient=patient, actor=Actor.for_staff(desk), staff=desk
    )
    return {"patient": patient, "therapist": therapist, "token": token}


def _answer(page, key: str, value: str) -> None:
    page.locator(f"#q-{key} input[value='{value}']").check()


def _saved(page) -> None:
    expect(page.locator("#save-status")).to_contain_text("Saved")


def test_patient_fills_in_the_intake_on_a_phone(phone_page, page, clinic, screenshot):
    phone = phone_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.goto(f"/intake/{clinic['token']}/")
    expect(phone.get_by_role("heading", name="Your health history")).to_be_visible()
    expect(phone.locator("nav.side")).to_have_count(0)
    phone.screenshot(path=str(SCREENSHOTS / "intake-phone-start.png"))

    phone.get_by_label("What brings you in?").fill("Neck pain after a car accident")
    phone.get_by_label("What would you like to be able to do again?").fill("Drive without pain")
    _answer(phone, "pregnant", "no")
    phone.locator("#q-medications-0-name").fill("Ibuprofen")
    phone.locator("#q-medications-0-dose").fill("400 mg when needed")
    phone.locator("#q-medications-0-dose").blur()
    _saved(phone)
    phone.wait_for_load_state("networkidle")

    phone.reload()
    expect(phone.get_by_label("What brings you in?")).to_have_value(
        "Neck pain after a car accident"
    )
    expect(phone.locator("#q-medications-0-name")).to_have_value("Ibuprofen")
    expect(phone.locator("#q-pregnant input[value='no']")).to_be_checked()

    for q, parent in all_questions():
        if parent is None and q.kind == "yesno" and q.key != "pregnant":
            _answer(phone, q.key, "no")
    _answer(phone, "cancer", "none")
    _answer(phone, "blood_pressure", "none")
    _answer(phone, "calf_swelling", "yes")
    expect(phone.locator("#q-calf_swelling_side")).to_be_visible()
    expect(phone.get_by_test_id("alert-calf_swelling")).to_contain_text("call your doctor today")
    expect(phone.get_by_test_id("alert-breathless_or_chest_pain")).to_be_hidden()
    expect(phone.locator("#q-pregnancy_weeks")).to_be_hidden()
    _answer(phone, "calf_swelling_side", "left")
    _saved(phone)
    phone.locator("#section-warning_signs").scroll_into_view_if_needed()
    phone.evaluate("document.getElementById('section-warning_signs').scrollIntoView()")
    phone.screenshot(path=str(SCREENSHOTS / "intake-phone-redflags.png"))

    phone.get_by_label("Type your full name to sign").fill("Maria Lopez")
    phone.get_by_role("button", name="Sign and send").click()
    expect(phone.get_by_test_id("intake-thanks")).to_contain_text("Thank you")
    screenshot(phone, "intake-phone-done")

    intake = Intake.objects.get(patient=clinic["patient"])
    assert intake.status == IntakeStatus.SUBMITTED
    assert intake.filled_by_patient
    assert intake.answers["calf_swelling"] is True
    assert intake.answers["calf_swelling_side"] == "left"
    assert intake.answers["medications"] == [{"name": "Ibuprofen", "dose": "400 mg when needed"}]

    sign_in(page, "thera-phone", factories.PASSWORD)
    page.goto(f"/patients/{clinic['patient'].pk}/intake/{intake.pk}/")
    expect(page.get_by_test_id("intake-submitted")).to_contain_text("by the patient")
    expect(page.locator(".answer-list .badge.danger").first).to_be_visible()
    expect(page.get_by_test_id("intake-flagged")).to_contain_text("calves swollen")
    screenshot(page, "intake-staff-submitted")
