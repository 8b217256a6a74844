"""Care beyond the visit in a browser: the care team with a same-region warning, a report
to a co-treating physical therapist, the after-care that matches the day's treatment (staff
print page and the patient's link on a phone), stress and sleep charted beside pain, the
maintenance choice at discharge and the front desk's recall list, after-care texts and
memberships. Screenshots: care-team, care-report-sent, aftercare-print,
aftercare-patient-phone, care-wellbeing-chart, care-maintenance, recall-list,
aftercare-texts, memberships."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from petrissage.clinical.assessment_services import practice_today
from petrissage.clinical.models import Case
from petrissage.practice.models import Role, Staff
from tests import factories
from tests.browser.conftest import sign_in
from tests.care.conftest import BACK_SWEDISH, NECK_DEEP, discharge, signed_session
from tests.sessions.conftest import make_case, make_plan, make_screening


@pytest.fixture
def clinic(transactional_db):
    practice = factories.make_practice("care-clinic")
    therapist = factories.make_staff(practice, Role.THERAPIST, "samlee")
    Staff.objects.filter(pk=therapist.pk).update(display_name="Sam Lee", credentials="LMT")
    therapist.refresh_from_db()
    factories.make_staff(practice, Role.FRONT_DESK, "desk")
    factories.make_staff(practice, Role.OWNER, "boss")
    patient = factories.make_patient(practice, given_name="Nora", family_name="Quinn")
    today = practice_today(practice)
    case = make_case(patient, therapist, opened_on=today - timedelta(days=90))
    make_plan(case, therapist)
    make_screening(
        patient,
        {
            "rule_id": "corticosteroid-injection",
            "condition": "Steroid injection, right shoulder (5 days ago)",
            "finding_class": "local",
            "action": "Avoid the injection site for 48 h.",
        },
    )
    for week in range(4):
        day = today - timedelta(days=50 - 7 * week)
        signed_session(case, therapist, day, NECK_DEEP, BACK_SWEDISH, before=6 - week, after=3)
    return practice, patient, case, today


def test_care_team_report_aftercare_and_wellbeing(page, phone_page, clinic, screenshot):
    _practice, patient, case, today = clinic
    sign_in(page, "samlee", factories.PASSWORD)
    page.goto(f"/care/patients/{patient.pk}/cases/{case.pk}/")
    expect(page.get_by_role("heading", name=f"Care beyond the visit: {case.title}")).to_be_visible()

    for name, role, email, doing, area in (
        ("Jo Park, DPT", "Physical therapist", "jpark@rehab.example", "Core programme", None),
        ("Dr Ana Ruiz", "Chiropractor", "ruiz@chiro.example", "Lumbar adjustments", "Lower back"),
    ):
        page.get_by_role("link", name="Add a clinician").click()
        page.get_by_label("Name").fill(name)
        page.get_by_label("Role").select_option(label=role)
        page.get_by_label("Email").fill(email)
        page.get_by_label("What they are doing").fill(doing)
        if area:
            page.get_by_label(area).check()
            page.get_by_label("Mon").check()
        page.get_by_label("Send them progress reports").check()
        page.get_by_role("button", name="Add to the care team").click()
    expect(page.get_by_test_id("care-member")).to_have_count(2)
    expect(page.get_by_test_id("overlap-warning")).to_contain_text(
        "Chiropractor Dr Ana Ruiz is also treating the lower back"
    )
    screenshot(page, "care-team")

    page.get_by_label("Jo Park, DPT").check()
    page.get_by_label("Subject").fill("Progress after 4 visits")
    page.get_by_label("Report text").fill("Neck pain 6 → 3 after four sessions; PSFS improving.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("Sent to Jo Park, DPT")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["jpark@rehab.example"]]
    screenshot(page, "care-report-sent")

    page.get_by_role("spinbutton", name="Stress").fill("7")
    page.get_by_role("spinbutton", name="Sleep quality").fill("4")
    page.get_by_role("spinbutton", name="Mood").fill("5")
    page.get_by_role("button", name="Save ratings").click()
    expect(page.get_by_text("Ratings saved.")).to_be_visible()
    chart = page.get_by_test_id("wellbeing-chart")
    expect(chart.locator("#series-pain")).to_have_count(1)
    expect(chart.locator("#series-stress")).to_have_count(1)
    expect(chart.locator("#series-sleep")).to_have_count(1)
    page.get_by_test_id("wellbeing").scroll_into_view_if_needed()
    screenshot(page, "care-wellbeing-chart")

    page.goto(f"/patients/{patient.pk}/cases/{case.pk}/")
    panel = page.get_by_test_id("care-case-panel")
    expect(panel).to_contain_text("Jo Park, DPT (physical therapist)")
    expect(panel).to_contain_text("also treating the lower back")
    panel.scroll_into_view_if_needed()
    screenshot(page, "care-case-panel")
    page.goto(f"/patients/{patient.pk}/")
    expect(page.get_by_test_id("care-patient-panel")).to_contain_text(case.title)
    page.get_by_test_id("care-patient-panel").get_by_role("link", name=case.title).click()

    page.get_by_role("link", name=f"Visit 4, {today - timedelta(days=29):%Y-%m-%d}").click()
    sheet = page.get_by_test_id("aftercare-sheet")
    expect(sheet.get_by_role("heading", name="Deep tissue work")).to_be_visible()
    expect(sheet.get_by_role("heading", name="Swedish massage")).to_be_visible()
    expect(sheet.get_by_role("heading", name="Recent injection")).to_be_visible()
    expect(page.get_by_test_id("aftercare-red-flags")).to_contain_text("Call 911")
    screenshot(page, "aftercare-print")
    page.get_by_role("button", name="Make a patient link").click()
    link = page.get_by_test_id("aftercare-link").locator("code").inner_text()

    phone_page.goto(link.split("8000", 1)[-1])
    expect(phone_page.get_by_role("heading", name="After your visit")).to_be_visible()
    expect(phone_page.get_by_role("button", name="Print these instructions")).to_be_visible()
    expect(phone_page.locator("nav.side")).to_have_count(0)
    screenshot(phone_page, "aftercare-patient-phone")


def test_discharge_maintenance_and_the_recall_list(page, clinic, screenshot):
    _practice, patient, case, today = clinic
    discharge(case, today - timedelta(days=26))
    sign_in(page, "samlee", factories.PASSWORD)
    page.goto(f"/care/patients/{patient.pk}/cases/{case.pk}/")
    expect(page.get_by_test_id("maintenance-proposal")).to_contain_text("Proposed: every")
    page.get_by_label("A maintenance visit every …").check()
    page.get_by_label("Weeks between visits").fill("0")
    page.get_by_role("button", name="Save maintenance").click()
    expect(page.get_by_text("Choose 1 to 52 weeks")).to_be_visible()
    page.get_by_label("Weeks between visits").fill("4")
    page.get_by_role("button", name="Save maintenance").click()
    expect(page.get_by_test_id("maintenance-choice")).to_contain_text("Every 4 weeks")
    page.get_by_test_id("maintenance").scroll_into_view_if_needed()
    screenshot(page, "care-maintenance")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "desk", factories.PASSWORD)
    page.goto("/care/recalls/")
    row = page.get_by_test_id("recall-row").filter(has_text="Nora Quinn")
    expect(row.get_by_test_id("recall-state")).to_have_text("due")
    page.get_by_role("button", name="Send reminders now").click()
    expect(page.get_by_text("1 reminder sent.")).to_be_visible()
    expect(row).to_contain_text("sent")
    screenshot(page, "recall-list")
    row.get_by_role("link", name="Book").click()
    expect(page).to_have_url(re.compile(rf"/schedule/book/\?patient={patient.pk}$"))
    assert Case.objects.get(pk=case.pk).status == "discharged"


def test_owner_edits_aftercare_and_desk_sells_a_membership(page, clinic, screenshot):
    _practice, patient, _case, _today = clinic
    sign_in(page, "boss", factories.PASSWORD)
    page.goto("/care/aftercare-texts/")
    page.get_by_test_id("aftercare-text-row").filter(has_text="Deep tissue work").get_by_role(
        "link", name="Edit"
    ).click()
    page.get_by_label("Text").fill("")
    page.get_by_role("button", name="Save text").click()
    expect(page.get_by_text("cannot be empty")).to_be_visible()
    page.get_by_label("Text").fill("Expect a day of soreness; a warm shower helps.")
    page.get_by_role("button", name="Save text").click()
    expect(page.get_by_text("your wording")).to_be_visible()
    screenshot(page, "aftercare-texts")

    page.goto("/care/memberships/")
    page.get_by_label("Name").fill("Maintenance monthly")
    page.get_by_label("Monthly fee ($)").fill("-20")
    page.get_by_label("Visits per month").fill("2")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_text("must not be negative")).to_be_visible()
    page.get_by_label("Monthly fee ($)").fill("119.00")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_test_id("membership-plan")).to_contain_text("$119.00")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "desk", factories.PASSWORD)
    page.goto(f"/care/patients/{patient.pk}/memberships/")
    page.get_by_role("combobox", name="Membership").select_option(
        label="Maintenance monthly (2/month)"
    )
    page.get_by_role("button", name="Start and invoice the first month").click()
    page.get_by_role("button", name="Record a visit").click()
    expect(page.get_by_test_id("visits-left").first).to_have_text("1")
    screenshot(page, "memberships")
