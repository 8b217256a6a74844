"""A therapist runs a session from the case: pre-session check, SOAP note with two lines,
save, sign, amend. Screenshots: session-precheck, session-note-editing, session-note-signed,
session-note-amended."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from petrissage.clinical.models import Amendment, NoteStatus, SessionNote
from petrissage.practice.models import Role, Staff
from tests import factories
from tests.browser.conftest import sign_in
from tests.sessions.conftest import make_case, make_plan, make_screening


@pytest.fixture
def setting(transactional_db):
    practice = factories.make_practice("session-clinic")
    therapist = factories.make_staff(practice, Role.THERAPIST, "samlee")
    Staff.objects.filter(pk=therapist.pk).update(display_name="Sam Lee", credentials="LMT")
    patient = factories.make_patient(practice, given_name="Nora", family_name="Quinn")
    case = make_case(patient, therapist)
    make_plan(case, therapist, minutes=60)
    make_screening(
        patient,
        {
            "rule_id": "anticoagulant",
            "condition": "Anticoagulant (apixaban)",
            "finding_class": "relative",
            "action": "No deep pressure; watch for bruising.",
            "restrictions": ["no_deep_pressure"],
            "pressure_cap": 3,
        },
    )
    return patient, case


def line_row(page, index: int):
    return page.get_by_test_id("line-row").nth(index)


def test_therapist_checks_treats_signs_and_amends(page, setting, screenshot):
    patient, case = setting
    sign_in(page, "samlee", factories.PASSWORD)
    page.goto(f"/patients/{patient.pk}/cases/{case.pk}/sessions/")
    expect(
        page.get_by_role("heading", name="Sessions: Chronic neck pain after desk work")
    ).to_be_visible()
    expect(page.get_by_label("Appointment length (minutes)")).to_have_value("60")
    page.get_by_role("button", name="Start session").click()

    expect(page.get_by_role("heading", name="Visit 1: pre-session check")).to_be_visible()
    expect(page.get_by_test_id("no-check-in")).to_have_text("No check-in since the last visit.")
    for group in page.get_by_role("radiogroup").all():
        group.get_by_role("radio", name="No").check()
    screenshot(page, "session-precheck")
    page.get_by_role("button", name="Save and continue to the note").click()

    expect(page.get_by_role("heading", name="Visit 1: SOAP note")).to_be_visible()
    page.get_by_label("Pain now (NPRS 0–10)").fill("6")
    page.get_by_label("What changed since last visit").fill(
        "Neck stiff after a long week at the desk."
    )
    page.get_by_label("Findings").fill(
        "Hypertonic left upper trapezius, trigger point reproduces headache."
    )
    first = line_row(page, 0)
    first.get_by_label("Region").select_option("upper-trapezius-left")
    first.get_by_label("Technique").select_option("myofascial_release")
    first.get_by_label("Minutes").fill("25")
    first.get_by_label("Pressure 0–5").fill("3")
    page.get_by_role("button", name="+ Add line").click()
    expect(page.get_by_test_id("line-row")).to_have_count(2)
    second = line_row(page, 1)
    second.get_by_label("Region").select_option("lumbar-paraspinals-right")
    second.get_by_label("Technique").select_option("swedish")
    second.get_by_label("Minutes").fill("20")
    second.get_by_label("Pressure 0–5").fill("2")
    page.get_by_label("Response to treatment").fill("Tissue softened; headache eased.")
    page.get_by_label("Pain after (NPRS 0–10)").fill("3")
    page.get_by_label("Focus of the next visit").fill("Suboccipitals and left levator scapulae")
    page.get_by_label("Home care given").fill("Chin tucks 3×10 daily; heat 15 min in the evening")
    screenshot(page, "session-note-editing")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_test_id("totals")).to_contain_text("total 45 min · timed 45 min")
    page.get_by_role("button", name="Sign note as Sam Lee, LMT").click()

    expect(page.get_by_role("heading", name="Visit 1: signed note")).to_be_visible()
    expect(page.get_by_test_id("signature")).to_contain_text("Sam Lee, LMT")
    screenshot(page, "session-note-signed")
    note = SessionNote.objects.get(case=case)
    assert note.status == NoteStatus.SIGNED
    assert note.total_minutes == 45

    page.get_by_role("link", name="Amend this note").click()
    page.get_by_label("Response to treatment").fill(
        "Tissue softened; headache eased from 6 to 3 within the session."
    )
    page.get_by_label("Reason for the amendment").fill(
        "Added the pain change for the progress report."
    )
    page.get_by_role("button", name="Save amendment").click()

    expect(page.get_by_test_id("amendments")).to_contain_text("Added the pain change")
    expect(page.get_by_test_id("signed-text")).to_contain_text("Tissue softened; headache eased.")
    page.mouse.move(0, 0)
    screenshot(page, "session-note-amended")
    assert (
        Amendment.objects.get(session=note).original["response"]
        == "Tissue softened; headache eased."
    )
