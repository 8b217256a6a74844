"""Schedule pages by role: the front desk books and moves, a biller only looks, a user of
another practice gets 404 everywhere; the week grid costs a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petrissage.audit.services import Actor
from petrissage.practice.models import Role
from petrissage.scheduling import services
from petrissage.scheduling.models import Appointment, AppointmentStatus
from tests import factories
from tests.scheduling.helpers import (
    approved_plan,
    block_treatment,
    book,
    give_hours,
    local,
    next_weekday,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(patient, working_therapist, practice):
    return book(patient, working_therapist, local(practice, next_weekday(1), 10))


def test_the_front_desk_sees_the_week_and_books_from_open_slots(
    login, front_desk, patient, working_therapist, practice
):
    client = login(front_desk)
    page = client.get("/schedule/", {"therapist": working_therapist.pk})
    assert page.status_code == 200
    assert b"Schedule" in page.content
    day = next_weekday(2)
    slots = client.get(
        "/schedule/book/",
        {
            "patient": patient.pk,
            "kind": "treatment-60",
            "therapist": working_therapist.pk,
            "from_day": day,
        },
    )
    assert slots.status_code == 200
    assert slots.context["slots"]
    first = slots.context["slots"][0]
    response = client.post(
        "/schedule/book/",
        {
            "patient": patient.pk,
            "therapist": first.therapist_id,
            "kind": "treatment-60",
            "start": first.slot.start.isoformat(),
        },
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response.url == f"/schedule/appointments/{appointment.pk}/"
    assert appointment.booked_by == front_desk


def test_a_biller_views_the_schedule_but_cannot_book_or_move(login, biller, visit, patient):
    client = login(biller)
    assert client.get("/schedule/").status_code == 200
    assert client.get(f"/schedule/appointments/{visit.pk}/").status_code == 200
    assert client.get("/schedule/book/", {"patient": patient.pk}).status_code == 403
    moved = client.post(
        f"/schedule/appointments/{visit.pk}/move/", {"day": "2030-01-01", "time": "09:00"}
    )
    assert moved.status_code == 403
    assert (
        client.post(f"/schedule/appointments/{visit.pk}/cancel/", {"reason": "x"}).status_code
        == 403
    )


def test_another_practice_gets_404_for_every_object(login, outsider, visit, patient):
    client = login(outsider)
    for url in (
        f"/schedule/appointments/{visit.pk}/",
        f"/schedule/patients/{patient.pk}/",
        f"/schedule/book/?patient={patient.pk}",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/schedule/appointments/{visit.pk}/move/",
        f"/schedule/appointments/{visit.pk}/cancel/",
        f"/schedule/appointments/{visit.pk}/status/",
    ):
        assert (
            client.post(url, {"reason": "x", "day": "2030-01-01", "time": "09:00"}).status_code
            == 404
        )
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED


def test_drag_and_drop_moves_answer_json_with_409_on_overlap(
    login, front_desk, visit, practice, working_therapist
):
    other = book(
        factories.make_patient(practice), working_therapist, visit.starts_at + timedelta(hours=3)
    )
    client = login(front_desk)
    url = f"/schedule/appointments/{visit.pk}/move/"
    local_day = other.starts_at.astimezone(practice.zone)
    clash = client.post(
        url, {"day": local_day.date(), "time": "13:30"}, headers={"Accept": "application/json"}
    )
    assert clash.status_code == 409
    assert "Overlaps" in clash.json()["detail"]
    closed = client.post(
        url, {"day": local_day.date(), "time": "19:00"}, headers={"Accept": "application/json"}
    )
    assert closed.status_code == 422
    assert "working hours" in closed.json()["detail"]
    fine = client.post(
        url, {"day": local_day.date(), "time": "14:00"}, headers={"Accept": "application/json"}
    )
    assert fine.status_code == 200
    visit.refresh_from_db()
    assert visit.starts_at == other.ends_at


def test_check_in_warns_when_the_screening_blocks_treatment(login, front_desk, visit, patient):
    block_treatment(patient)
    client = login(front_desk)
    detail = client.get(f"/schedule/appointments/{visit.pk}/")
    assert b"Screening blocks treatment" in detail.content
    response = client.post(
        f"/schedule/appointments/{visit.pk}/status/", {"action": "check_in"}, follow=True
    )
    assert b"screening blocks treatment" in response.content
    visit.refresh_from_db()
    assert visit.status == AppointmentStatus.ARRIVED
    day = client.get(
        "/schedule/", {"view": "day", "date": visit.starts_at.date(), "therapist": "all"}
    )
    assert b"appt-flag" in day.content


def test_cancelling_flags_late_cancels_and_offers_the_slot_to_the_waitlist(
    login, front_desk, practice, working_therapist
):
    soon = book(
        factories.make_patient(practice), working_therapist, local(practice, next_weekday(3), 9)
    )
    waiting = factories.make_patient(practice, given_name="Wanda")
    services.waitlist_add(
        practice=practice,
        actor=Actor.system(practice),
        patient=waiting,
        kind="treatment-45",
        earliest_day=soon.starts_at.date() - timedelta(days=2),
        latest_day=soon.starts_at.date() + timedelta(days=2),
    )
    client = login(front_desk)
    missing = client.post(f"/schedule/appointments/{soon.pk}/cancel/", {"reason": " "}, follow=True)
    assert b"say why" in missing.content
    page = client.post(f"/schedule/appointments/{soon.pk}/cancel/", {"reason": "flu"}, follow=True)
    assert b"Wanda" in page.content
    assert b"Book into this slot" in page.content
    soon.refresh_from_db()
    assert soon.status == AppointmentStatus.CANCELLED
    assert not soon.late_cancel
    services_late = services.is_late_cancel(soon, soon.starts_at - timedelta(hours=5))
    assert services_late is True


def test_the_patient_page_lists_upcoming_and_past_visits(
    login, front_desk, visit, patient, working_therapist
):
    approved_plan(patient, working_therapist)
    client = login(front_desk)
    assert b"/schedule/patients/" in client.get(f"/patients/{patient.pk}/").content
    panel = client.get(f"/schedule/patients/{patient.pk}/")
    assert panel.status_code == 200
    assert list(panel.context["upcoming"]) == [visit]
    assert b"Book the plan" in panel.content


def test_the_week_grid_costs_the_same_queries_for_one_or_six_busy_therapists(
    login, owner, practice
):
    from tests.scheduling.helpers import add_location

    location = add_location(practice, "Big site", rooms=6)
    client = login(owner)
    monday = next_weekday(0)
    therapists = [factories.make_staff(practice, Role.THERAPIST) for _ in range(6)]
    give_hours(therapists[0], location)
    book(factories.make_patient(practice), therapists[0], local(practice, monday, 16))
    params = {"date": monday, "therapist": "all"}
    client.get("/schedule/", params)
    with CaptureQueriesContext(connection) as small_week:
        assert client.get("/schedule/", params).status_code == 200
    with CaptureQueriesContext(connection) as small_day:
        assert client.get("/schedule/", {**params, "view": "day"}).status_code == 200
    patients = [factories.make_patient(practice) for _ in range(10)]
    for therapist in therapists[1:]:
        give_hours(therapist, location)
    for n, therapist in enumerate(therapists):
        for day in range(6):
            for hour in (9, 11, 14):
                book(
                    patients[(n + day + hour) % 10],
                    therapist,
                    local(practice, monday + timedelta(days=day), hour),
                    room=None,
                )
    block_treatment(patients[0])
    with CaptureQueriesContext(connection) as full_week:
        response = client.get("/schedule/", params)
    with CaptureQueriesContext(connection) as full_day:
        day_view = client.get("/schedule/", {**params, "view": "day"})
    assert response.status_code == day_view.status_code == 200
    assert Appointment.objects.count() == 6 * 6 * 3 + 1
    assert sum(len(c.blocks) for c in response.context["grid"].columns) == 109
    assert len(full_week.captured_queries) == len(small_week.captured_queries)
    assert len(full_day.captured_queries) == len(small_day.captured_queries)
    # a fixed budget: ~10 for the grid, the rest session, staff and the nav's counters
    # (booking requests, urgent check-ins) that base.html shows on every page
    assert len(full_week.captured_queries) <= 18


def test_an_unacknowledged_urgent_check_in_flags_the_next_visit(
    login, front_desk, therapist, visit, patient
):
    from django.utils import timezone

    from petrissage.outcomes.models import AlertLevel, CheckIn
    from tests.outcomes.conftest import make_case, sign_session

    note = sign_session(make_case(patient, therapist), therapist)
    CheckIn.objects.filter(session=note).update(alert_level=AlertLevel.URGENT)
    client = login(front_desk)
    day_params = {"view": "day", "date": visit.starts_at.date(), "therapist": "all"}

    assert (
        b'data-testid="check-in-alert"' in client.get(f"/schedule/appointments/{visit.pk}/").content
    )
    assert b"URGENT CHECK-IN ALERT" in client.get("/schedule/", day_params).content

    CheckIn.objects.filter(session=note).update(acknowledged_at=timezone.now())
    assert b"check-in-alert" not in client.get(f"/schedule/appointments/{visit.pk}/").content
    assert b"URGENT CHECK-IN ALERT" not in client.get("/schedule/", day_params).content
