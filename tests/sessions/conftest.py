"""Cases, plans, screenings and session notes for the session-note tests, made with the ORM
(cases and plans have their own pages, built elsewhere)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.clinical import session_services as services
from petrissage.clinical.assessment_services import practice_today
from petrissage.clinical.models import (
    Case,
    CaseDiagnosis,
    PlanStatus,
    PlanTechnique,
    Screening,
    ScreeningFinding,
    TreatmentPlan,
)
from petrissage.clinical.screening_services import PRE_SESSION_RED_FLAGS
from petrissage.domain.session_rules import Line

ALL_NO = dict.fromkeys(PRE_SESSION_RED_FLAGS, False)


def make_case(patient, therapist, **overrides):
    data = {
        "practice_id": patient.practice_id,
        "patient": patient,
        "therapist": therapist,
        "title": "Chronic neck pain after desk work",
        "opened_on": practice_today(patient.practice) - timedelta(days=30),
    }
    data.update(overrides)
    case = Case.objects.create(**data)
    CaseDiagnosis.objects.create(
        practice_id=case.practice_id,
        case=case,
        code="M54.2",
        description="Cervicalgia",
        position=1,
    )
    return case


def make_plan(case, therapist, *, status=PlanStatus.APPROVED, minutes=60):
    plan = TreatmentPlan.objects.create(
        practice_id=case.practice_id,
        case=case,
        version=case.plans.count() + 1,
        status=status,
        session_minutes=minutes,
        sessions_per_week=2,
        weeks=4,
        total_visits=8,
        created_by=therapist,
    )
    PlanTechnique.objects.create(
        practice_id=case.practice_id,
        plan=plan,
        region_code="upper-trapezius-left",
        technique="myofascial_release",
        pressure=3,
    )
    return plan


def make_screening(patient, *findings, blocks=False):
    """A current screening with findings given as ScreeningFinding keyword dicts."""
    Screening.objects.filter(patient=patient).update(is_current=False)
    screening = Screening.objects.create(
        practice_id=patient.practice_id,
        patient=patient,
        rules_version="test",
        trigger="test",
        computed_at=timezone.now(),
        blocks_treatment=blocks,
    )
    for i, finding in enumerate(findings):
        data = {
            "rule_id": f"rule-{i}",
            "condition": "Test finding",
            "finding_class": "local",
            "action": "Take care.",
        }
        data.update(finding)
        ScreeningFinding.objects.create(
            practice_id=patient.practice_id, patient=patient, screening=screening, **data
        )
    return screening


def start_note(case, therapist, *, answered=True, **kwargs):
    actor = Actor.for_staff(therapist)
    kwargs.setdefault("session_date", practice_today(case.patient.practice))
    note = services.session_start(case=case, therapist=therapist, actor=actor, **kwargs)
    if answered:
        services.session_save_pre_check(note=note, actor=actor, answers=ALL_NO)
    return note


def save_lines(note, therapist, *lines, **fields):
    return services.session_save(
        note=note, actor=Actor.for_staff(therapist), fields=fields, lines=list(lines)
    )


NECK_MFR = Line("upper-trapezius-left", "myofascial_release", 20, 3)
BACK_SWEDISH = Line("lumbar-paraspinals-right", "swedish", 25, 2)
PACK = Line("lumbar-paraspinals-right", "hot_cold_pack", 10, 0)


@pytest.fixture
def case(patient, therapist):
    return make_case(patient, therapist)


@pytest.fixture
def plan(case, therapist):
    return make_plan(case, therapist)


@pytest.fixture
def note(case, therapist):
    return start_note(case, therapist)


@pytest.fixture
def signed_note(case, therapist):
    note = start_note(case, therapist)
    save_lines(note, therapist, NECK_MFR, BACK_SWEDISH, response="Less guarding", pain_after=3)
    return services.session_sign(note=note, staff=therapist, actor=Actor.for_staff(therapist))


def editor_post(*lines, **fields):
    """POST data for the SOAP editor: one row per line (keys r0, r1, …)."""
    data: dict[str, object] = {name: "" for name in services.NOTE_FIELDS}
    data.update({k: str(v) for k, v in fields.items()})
    keys = []
    for i, line in enumerate(lines):
        key = f"r{i}"
        keys.append(key)
        region, technique, minutes, pressure, *reason = line
        data[f"line-{key}-region_code"] = region
        data[f"line-{key}-technique"] = technique
        data[f"line-{key}-minutes"] = str(minutes)
        data[f"line-{key}-pressure"] = str(pressure)
        data[f"line-{key}-restriction_reason"] = reason[0] if reason else ""
    data["line"] = keys
    return data


def note_url(note, suffix=""):
    return f"/patients/{note.patient_id}/cases/{note.case_id}/sessions/{note.pk}/{suffix}"
