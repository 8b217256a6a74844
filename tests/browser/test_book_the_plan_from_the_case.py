"""From the case page, the therapist books the approved plan as a series and sees which
visits fall past the prescription's cap before committing; the visit page then shows the
visits left and the expiry. Screenshots: case-schedule-panel, series-prescription-warnings,
visit-prescription."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from petrissage.clinical.models import CaseDiagnosis, NoteStatus, SessionNote
from petrissage.practice.models import Role
from petrissage.referrals.demo import demo_npi
from petrissage.referrals.models import Prescription, ReferringProvider
from petrissage.scheduling.models import AppointmentSeries
from tests import factories
from tests.browser.conftest import sign_in
from tests.scheduling.helpers import add_location, approved_plan, give_hours, next_weekday

pytestmark = pytest.mark.django_db(transaction=True)


def _clinic():
    practice = factories.make_practice("cedar-rx-clinic")
    location = add_location(practice, "Downtown", rooms=2)
    therapist = factories.make_staff(practice, Role.THERAPIST, "tomas-herrera")
    give_hours(therapist, location, start=time(9), end=time(18))
    patient = factories.make_patient(practice, given_name="Maria", family_name="Lopez")
    plan = approved_plan(patient, therapist, per_week=2, weeks=4)
    case = plan.case
    CaseDiagnosis.objects.create(
        practice=practice, case=case, code="M54.50", description="Low back pain", position=1
    )
    today = timezone.localdate(timezone=practice.zone)
    provider = ReferringProvider.objects.create(
        practice=practice, name="Dr Anna Reyes", credentials="MD", npi=demo_npi("100000101")
    )
    Prescription.objects.create(
        practice=practice,
        patient=patient,
        case=case,
        provider=provider,
        issued_on=today - timedelta(days=14),
        expires_on=today + timedelta(days=45),
        diagnoses=[{"code": "M54.50", "description": "Low back pain"}],
        cpt_codes=["97124", "97140"],
        sessions_per_week=2,
        weeks=4,
        visit_cap=6,
        recorded_by=therapist,
    )
    for days_ago in (10, 6):
        day = today - timedelta(days=days_ago)
        SessionNote.objects.create(
            practice=practice,
            patient=patient,
            case=case,
            therapist=therapist,
            session_date=day,
            status=NoteStatus.SIGNED,
            signed_at=datetime.combine(day, time(18), tzinfo=UTC),
            signed_by=therapist,
        )
    return practice, therapist, patient, plan


def test_therapist_books_the_plan_from_the_case_page_with_prescription_warnings(page, screenshot):
    practice, _therapist, patient, plan = _clinic()
    sign_in(page, "tomas-herrera", factories.PASSWORD)
    page.goto(f"/patients/{patient.pk}/cases/{plan.case_id}/")
    panel = page.get_by_test_id("case-schedule")
    panel.wait_for()
    assert "No upcoming visits booked" in panel.inner_text()
    panel.scroll_into_view_if_needed()
    screenshot(page, "case-schedule-panel")

    page.get_by_test_id("book-the-plan").click()
    page.wait_for_url(f"**/schedule/plans/{plan.pk}/book/")
    assert "2 of 6 visits used, 4 left" in page.get_by_test_id("prescription-summary").inner_text()
    page.get_by_label("First visit on or after").fill(next_weekday(0).isoformat())
    page.get_by_label("Time").fill("15:00")
    page.get_by_role("button", name="Check for conflicts").click()
    page.get_by_test_id("series-preview").wait_for()
    warning = page.get_by_test_id("series-rx-warning")
    assert "4 of 8 visits fall past the prescription" in warning.inner_text()
    assert page.get_by_test_id("rx-warning-5").is_visible()
    assert page.get_by_test_id("rx-warning-4").count() == 0
    screenshot(page, "series-prescription-warnings")

    page.get_by_test_id("book-series").click()
    page.wait_for_url("**/schedule/series/*/")
    series = AppointmentSeries.objects.get()
    visits = list(series.appointments.order_by("starts_at"))
    assert len(visits) == 8
    assert all(v.case_id == plan.case_id for v in visits)

    page.goto(f"/schedule/appointments/{visits[5].pk}/")
    summary = page.get_by_test_id("prescription-summary").inner_text()
    assert summary.startswith("2 of 6 visits used, 4 left, 8 booked ahead · expires ")
    assert "This would be visit 8" in page.get_by_test_id("visit-warnings").inner_text()
    screenshot(page, "visit-prescription")

    page.goto(f"/patients/{patient.pk}/cases/{plan.case_id}/")
    assert page.get_by_test_id("case-upcoming").locator("li").count() == 7  # 6 + "and 2 more"
    page.get_by_test_id("book-a-visit").click()
    assert page.get_by_test_id("case-choice").input_value() == str(plan.case_id)
    after = visits[-1].starts_at.astimezone(practice.zone).date() + timedelta(days=1)
    page.get_by_label("From").fill(after.isoformat())  # all 8 series visits come before
    page.get_by_role("button", name="Show open times").click()
    first_warning = page.get_by_test_id("day-warning").first
    first_warning.wait_for()
    assert "This would be visit 11; the prescription allows 6" in first_warning.inner_text()
    screenshot(page, "book-visit-prescription-warning")
