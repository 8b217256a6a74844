"""The prescription in view: the visit page shows visits used/left and expiry; booking a
visit (or a series) past the cap or the expiry warns the front desk but still books;
check-in repeats the warning."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from petrissage.clinical.models import NoteStatus, SessionNote
from petrissage.referrals.demo import demo_npi
from petrissage.referrals.models import Prescription, ReferringProvider
from petrissage.scheduling.models import Appointment
from petrissage.scheduling.series import series_book, series_preview
from tests.scheduling.helpers import approved_plan, book, local, next_weekday

pytestmark = pytest.mark.django_db


def prescribe(case, *, cap, expires_in_days=60):
    today = timezone.localdate(timezone=case.patient.practice.zone)
    provider = ReferringProvider.objects.create(
        practice=case.practice, name="Dr Anna Reyes", npi=demo_npi("100000101")
    )
    return Prescription.objects.create(
        practice=case.practice,
        patient=case.patient,
        case=case,
        provider=provider,
        issued_on=today - timedelta(days=30),
        expires_on=today + timedelta(days=expires_in_days),
        diagnoses=[{"code": "M54.50", "description": "Low back pain"}],
        cpt_codes=["97124"],
        sessions_per_week=2,
        weeks=4,
        visit_cap=cap,
        recorded_by=case.therapist,
    )


def signed_visits(case, count):
    today = timezone.localdate(timezone=case.patient.practice.zone)
    for n in range(count):
        day = today - timedelta(days=20 - n)
        SessionNote.objects.create(
            practice=case.practice,
            patient=case.patient,
            case=case,
            therapist=case.therapist,
            session_date=day,
            status=NoteStatus.SIGNED,
            signed_at=datetime.combine(day, time(18), tzinfo=UTC),
            signed_by=case.therapist,
        )


@pytest.fixture
def case(patient, working_therapist):
    return approved_plan(patient, working_therapist, per_week=2, weeks=4).case


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_visit_page_shows_visits_left_and_expiry(login, front_desk, case, practice):
    prescribe(case, cap=8, expires_in_days=40)
    signed_visits(case, 3)
    visit = book(case.patient, case.therapist, local(practice, next_weekday(1), 10), case=case)
    page = login(front_desk).get(f"/schedule/appointments/{visit.pk}/")
    assert page.status_code == 200
    summary = page.context["prescription"].summary
    assert summary.startswith("3 of 8 visits used, 5 left, 1 booked ahead · expires ")
    assert "(in 40 days)" in summary
    assert summary.encode() in page.content
    assert page.context["visit_warnings"] == []


def test_booking_past_the_cap_warns_but_books(login, front_desk, case, practice):
    prescribe(case, cap=2)
    signed_visits(case, 2)
    client = login(front_desk)
    day = next_weekday(2)
    slots = client.get(
        "/schedule/book/",
        {"patient": case.patient_id, "kind": "treatment-60", "from_day": day, "case": case.pk},
    )
    assert slots.context["case"] == case
    assert b"2 of 2 visits used, 0 left" in slots.content
    warned = [w for ws in slots.context["day_warnings"].values() for w in ws]
    assert warned
    assert all("This would be visit 3" in w for w in warned)
    assert b'data-testid="day-warning"' in slots.content
    first = slots.context["slots"][0]
    response = client.post(
        "/schedule/book/",
        {
            "patient": case.patient_id,
            "therapist": first.therapist_id,
            "kind": "treatment-60",
            "start": first.slot.start.isoformat(),
            "case": case.pk,
        },
    )
    assert response.status_code == 302
    booked = Appointment.objects.get(patient=case.patient)
    assert booked.case == case
    [message] = texts(response)
    assert message.startswith("Booked, but past the prescription: This would be visit 3")
    detail = client.get(f"/schedule/appointments/{booked.pk}/")
    assert b'data-testid="visit-warnings"' in detail.content
    assert b"Prescription visits used up (2 of 2)." in detail.content


def test_a_visit_after_the_expiry_warns(case, practice):
    from petrissage.scheduling.flags import visit_warnings

    rx = prescribe(case, cap=20, expires_in_days=3)
    after = rx.expires_on + timedelta(days=1)
    assert visit_warnings(case, after) == [
        f"The prescription expires on {rx.expires_on.isoformat()}, before this visit."
    ]
    assert visit_warnings(case, rx.expires_on) == []
    assert visit_warnings(None, after) == []


def test_the_series_preview_marks_visits_past_the_cap(case, working_therapist, practice):
    prescribe(case, cap=5)
    signed_visits(case, 1)
    plan = case.plans.get()
    args = {
        "plan": plan,
        "therapist": working_therapist,
        "first_day": next_weekday(0),
        "weekdays": [1, 3],
        "at": time(15),
    }
    visits = series_preview(**args)
    assert [bool(v.warnings) for v in visits] == [False] * 4 + [True] * 4
    assert visits[4].warnings == [
        "This would be visit 6; the prescription allows 5 prescribed visits."
    ]
    from petrissage.audit.services import Actor

    result = series_book(**args, actor=Actor.system(practice), booked_by=None)
    assert len(result.booked) == 8  # warnings never block the booking


def test_the_plan_page_shows_the_warning_before_booking(login, front_desk, case, working_therapist):
    prescribe(case, cap=3)
    plan = case.plans.get()
    response = login(front_desk).post(
        f"/schedule/plans/{plan.pk}/book/",
        {
            "therapist": working_therapist.pk,
            "first_day": next_weekday(0).isoformat(),
            "weekdays": ["1", "3"],
            "at": "15:00",
            "commit": "0",
        },
    )
    assert response.status_code == 200
    assert b'data-testid="series-rx-warning">5 of 8 visits' in response.content
    assert b"0 of 3 visits used, 3 left" in response.content
    assert not Appointment.objects.exists()


def test_check_in_repeats_the_prescription_warning(login, front_desk, case, practice):
    prescribe(case, cap=1)
    signed_visits(case, 1)
    visit = book(case.patient, case.therapist, local(practice, next_weekday(1), 10), case=case)
    response = login(front_desk).post(
        f"/schedule/appointments/{visit.pk}/status/", {"action": "check_in"}
    )
    assert texts(response) == ["Checked in. Prescription visits used up (1 of 1)."]


def test_a_case_without_a_prescription_says_so(login, front_desk, case, practice):
    visit = book(case.patient, case.therapist, local(practice, next_weekday(1), 10), case=case)
    page = login(front_desk).get(f"/schedule/appointments/{visit.pk}/")
    assert b"No prescription on file for this case." in page.content
    assert page.context["prescription"] is None
