"""Twenty front desks click "book" on the same slot at the same instant, fifty times over:
exactly one booking wins each round and the others get a clear conflict. Runs against
the suite's database (a real SQLite file, or PostgreSQL when DATABASE_URL points to it)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection

from petrissage.practice.models import Role
from petrissage.scheduling.booking import BookingConflict
from petrissage.scheduling.models import Appointment
from tests import factories
from tests.scheduling.helpers import add_location, book, give_hours, local, next_weekday

THREADS = 20
ROUNDS = 50


def _attempt(barrier, outcomes, patient, therapist, start):
    try:
        barrier.wait()
        book(patient, therapist, start)
        outcomes.append("booked")
    except BookingConflict as error:
        outcomes.append(f"conflict: {error.reason}")
    except Exception as error:  # anything else is a failure of the test
        outcomes.append(f"error: {type(error).__name__}: {error}")
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_twenty_simultaneous_bookings_wins_each_round():
    practice = factories.make_practice("race-clinic")
    location = add_location(practice, rooms=1)
    therapist = factories.make_staff(practice, Role.THERAPIST, "race-therapist")
    give_hours(therapist, location)
    patients = [factories.make_patient(practice) for _ in range(THREADS)]
    monday = next_weekday(0)
    for round_number in range(ROUNDS):
        day = monday + timedelta(days=round_number // 10)
        start = local(practice, day, 8 + round_number % 10)
        barrier = threading.Barrier(THREADS)
        outcomes: list[str] = []
        threads = [
            threading.Thread(target=_attempt, args=(barrier, outcomes, p, therapist, start))
            for p in patients
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert outcomes.count("booked") == 1, outcomes
        refusals = [o for o in outcomes if o.startswith("conflict: ")]
        assert len(refusals) == THREADS - 1, outcomes
        assert all("booked" in o or "taken" in o for o in refusals), refusals
    assert Appointment.objects.filter(therapist=therapist).count() == ROUNDS


@pytest.mark.django_db(transaction=True)
def test_without_the_services_recheck_the_database_still_lets_only_one_win(monkeypatch):
    """Switch off the lock and the re-check: the exclusion constraint (PostgreSQL) or the
    trigger (SQLite) alone refuses the losers, and they still get a clear conflict."""
    monkeypatch.setattr("petrissage.scheduling.booking.lock_resources", lambda *a: None)
    monkeypatch.setattr("petrissage.scheduling.booking.recheck", lambda *a, **k: None)
    practice = factories.make_practice("backstop-clinic")
    location = add_location(practice, rooms=1)
    therapist = factories.make_staff(practice, Role.THERAPIST, "backstop-therapist")
    give_hours(therapist, location)
    patients = [factories.make_patient(practice) for _ in range(10)]
    monday = next_weekday(0)
    for round_number in range(5):
        start = local(practice, monday, 9 + round_number)
        barrier = threading.Barrier(len(patients))
        outcomes: list[str] = []
        threads = [
            threading.Thread(target=_attempt, args=(barrier, outcomes, p, therapist, start))
            for p in patients
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert outcomes.count("booked") == 1, outcomes
        assert all(o == "booked" or o.startswith("conflict: ") for o in outcomes), outcomes


@pytest.mark.django_db
def test_a_deadlock_between_two_bookings_is_a_clear_conflict_not_an_error(monkeypatch):
    """PostgreSQL may break a deadlock between two inserts checking the exclusion constraints
    (therapist and room) by aborting one: that loser gets the same conflict message."""
    from django.db import OperationalError

    def deadlocked(*args, **kwargs):
        raise OperationalError("deadlock detected\nDETAIL: Process 1 waits for ShareLock")

    monkeypatch.setattr("petrissage.scheduling.booking.insert_visit", deadlocked)
    practice = factories.make_practice("deadlock-clinic")
    location = add_location(practice, rooms=1)
    therapist = factories.make_staff(practice, Role.THERAPIST, "deadlock-therapist")
    give_hours(therapist, location)
    with pytest.raises(BookingConflict, match="a moment ago"):
        book(factories.make_patient(practice), therapist, local(practice, next_weekday(0), 9))
    assert not Appointment.objects.filter(therapist=therapist).exists()
