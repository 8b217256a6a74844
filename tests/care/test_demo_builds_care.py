"""The care demo step writes through the services: care teams on open cases, a recall for
a discharged case, membership plans with members; running it twice adds nothing."""

from __future__ import annotations

from datetime import timedelta

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.care.demo import build_care
from petrissage.care.models import CareTeamMember, MaintenancePlan, Membership, WellbeingRating
from tests.care.conftest import discharge, signed_session
from tests.sessions.conftest import make_case


def test_demo_step_builds_and_is_idempotent(practice, front_desk, therapist, treated_case, today):
    discharge(treated_case, today - timedelta(days=20))
    open_case = make_case(treated_case.patient, therapist, title="Low back pain")
    signed_session(open_case, therapist, today - timedelta(days=3))
    actor = Actor.system(practice)
    build_care(practice, actor, today)
    assert CareTeamMember.objects.filter(case=open_case).count() >= 2
    assert WellbeingRating.objects.filter(case=open_case).count() == 1
    plan = MaintenancePlan.objects.get(case=treated_case)
    assert plan.interval_weeks == 1  # two weeks since discharge: made overdue
    assert Membership.objects.filter(practice=practice).exists()
    assert AuditEvent.objects.filter(action="membership.bill").exists()
    counts = (CareTeamMember.objects.count(), Membership.objects.count())
    build_care(practice, actor, today)
    assert (CareTeamMember.objects.count(), Membership.objects.count()) == counts
