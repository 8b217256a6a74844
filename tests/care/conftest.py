"""Cases with signed sessions (pain before and after each) for the care tests, made through
the session services; discharge is set on the row (the case pages belong to another issue)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from petrissage.audit.services import Actor
from petrissage.clinical import session_services
from petrissage.clinical.assessment_services import practice_today
from petrissage.clinical.models import Case, CaseStatus
from petrissage.domain.session_rules import Line
from tests.sessions.conftest import make_case, make_plan, save_lines, start_note

NECK_DEEP = Line("upper-trapezius-left", "deep_tissue", 20, 4)
BACK_SWEDISH = Line("lumbar-paraspinals-right", "swedish", 25, 2)


def signed_session(case, therapist, on: date, *lines, before=6, after=3):
    note = start_note(case, therapist, session_date=on)
    save_lines(note, therapist, *(lines or (NECK_DEEP,)), pain_before=before, pain_after=after)
    return session_services.session_sign(
        note=note, staff=therapist, actor=Actor.for_staff(therapist)
    )


def discharge(case: Case, on: date) -> Case:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DISCHARGED, discharged_on=on)
    case.refresh_from_db()
    return case


@pytest.fixture
def today(practice):
    return practice_today(practice)


@pytest.fixture
def care_case(patient, therapist, today):
    case = make_case(patient, therapist, opened_on=today - timedelta(days=120))
    make_plan(case, therapist)
    return case


@pytest.fixture
def treated_case(care_case, therapist, today):
    """Four weekly visits: pain 3 after each, back to 5 a week later (2 points in 7 days)."""
    start = today - timedelta(days=60)
    for week in range(4):
        signed_session(care_case, therapist, start + timedelta(weeks=week), before=5, after=3)
    return care_case
