"""Cases, signed sessions and check-ins for the outcome tests (helpers from tests/sessions)."""

from __future__ import annotations

import pytest

from petrissage.audit.services import Actor
from petrissage.clinical import session_services
from petrissage.outcomes.models import CheckIn
from tests.sessions.conftest import BACK_SWEDISH, NECK_MFR, make_case, make_plan, save_lines
from tests.sessions.conftest import start_note as _start_note

__all__ = ["CALM", "make_case", "make_plan", "sign_session"]


@pytest.fixture
def case(patient, therapist):
    return make_case(patient, therapist)


@pytest.fixture
def plan(case, therapist):
    plan = make_plan(case, therapist)
    plan.goals = [{"text": "Neck pain down to 3/10"}, {"text": "Sleep through the night"}]
    plan.save()
    return plan


def sign_session(case, therapist):
    note = _start_note(case, therapist)
    save_lines(note, therapist, NECK_MFR, BACK_SWEDISH, response="Less guarding", pain_after=3)
    return session_services.session_sign(
        note=note, staff=therapist, actor=Actor.for_staff(therapist)
    )


@pytest.fixture
def signed_note(case, therapist):
    return sign_session(case, therapist)


@pytest.fixture
def check_in(signed_note):
    return CheckIn.objects.get(session=signed_note)


CALM = {
    "pain_now": "3",
    "pain_worst": "5",
    "soreness": "yes",
    "soreness_where": "Neck",
    "soreness_severity": "3",
    "soreness_how_long": "12-36h",
    "bruising": "no",
    "numbness_weakness": "no",
    "calf_swelling": "no",
    "breathless_chest_pain": "no",
    "fever_site_redness": "no",
    "activity": "6",
    "sleep": "better",
    "global_change": "2",
    "home_care": "yes",
    "medication_changes": "no",
    "ready_next_visit": "yes",
}
