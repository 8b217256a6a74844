"""The demo step adds improving, plateaued and worsening measures and check-ins with
urgent alerts to whatever open cases and signed sessions the steps before it made."""

from __future__ import annotations

from petrissage.audit.services import Actor
from petrissage.clinical.assessment_services import practice_today
from petrissage.outcomes.demo import build_outcomes
from petrissage.outcomes.models import CheckIn, OutcomeResponse
from petrissage.outcomes.panel import case_panel_context
from tests.factories import make_patient
from tests.outcomes.conftest import make_case, sign_session


def test_demo_outcomes(practice, owner, therapist):
    cases = [make_case(make_patient(practice), therapist) for _ in range(3)]
    for case in cases:
        sign_session(case, therapist)
    build_outcomes(practice, Actor.system(practice), practice_today(practice))
    build_outcomes(practice, Actor.system(practice), practice_today(practice))  # idempotent
    assert OutcomeResponse.objects.filter(case=cases[0]).count() == 8
    assert CheckIn.objects.exclude(answered_at=None).count() == 3
    assert CheckIn.objects.filter(alert_level="urgent").count() == 2
    trends = [
        {row.progress.key: row.summary for row in case_panel_context(c, charts=False)["rows"]}
        for c in cases
    ]
    assert "improvement" in trends[0]["nprs"]
    assert case_panel_context(cases[1], charts=False)["plateaus"]
    assert "worse" in trends[2]["nprs"].lower()
