"""assessment_create / assessment_update: everything validated, one transaction, audited."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.clinical.assessment_services import assessment_create, assessment_update
from petrissage.clinical.models import (
    Assessment,
    FunctionalGoal,
    RangeOfMotion,
    RegionFinding,
    Screening,
    ScreeningFinding,
)


def finding(code: str, nprs: object = 5, **extra: Any) -> dict[str, Any]:
    return {"region_code": code, "nprs": nprs, "pain_quality": "aching", "tenderness": 1, **extra}


def payload(**overrides: Any) -> dict[str, Any]:
    data = {
        "data": {
            "kind": "initial",
            "assessed_on": date(2025, 3, 4),
            "posture_notes": "Forward head, rounded shoulders",
            "notes": "",
        },
        "region_findings": [
            finding("upper-trapezius-left", 7, trigger_points=True, hypertonicity=True),
            finding("lumbar-paraspinals-right", 4, pain_quality="stiffness"),
        ],
        "rom": [{"joint": "cervical", "movement": "rotation", "side": "left", "degrees": 40}],
        "goals": [{"activity": "Turn my head to reverse the car", "score": 3}],
    }
    data.update(overrides)
    return data


def make_assessment(patient, therapist, *, on: date | None = None, pains=None, kind="initial"):
    pains = pains if pains is not None else {"upper-trapezius-left": 6}
    data = payload(
        region_findings=[finding(code, nprs) for code, nprs in pains.items()],
    )
    data["data"] = {**data["data"], "assessed_on": on or date(2025, 3, 4), "kind": kind}
    return assessment_create(
        patient=patient, therapist=therapist, actor=Actor.for_staff(therapist), **data
    )


def make_screening(patient, *, finding_class="local", regions=(), areas=(), restrictions=()):
    screening = Screening.objects.create(
        practice=patient.practice,
        patient=patient,
        rules_version="test",
        trigger="test",
        computed_at=timezone.now(),
        is_current=True,
    )
    ScreeningFinding.objects.create(
        practice=patient.practice,
        patient=patient,
        screening=screening,
        rule_id="test.rule",
        condition="Varicose veins",
        finding_class=finding_class,
        action="Avoid deep work over the affected veins.",
        regions=list(regions),
        areas=list(areas),
        restrictions=list(restrictions),
    )
    return screening


def test_create_saves_findings_rom_goals_and_one_audit_event(patient, therapist):
    assessment = assessment_create(
        patient=patient, therapist=therapist, actor=Actor.for_staff(therapist), **payload()
    )
    findings = {f.region_code: f for f in assessment.region_findings.all()}
    assert findings["upper-trapezius-left"].nprs == 7
    assert findings["upper-trapezius-left"].trigger_points is True
    assert findings["lumbar-paraspinals-right"].pain_quality == "stiffness"
    assert all(f.practice_id == patient.practice_id for f in findings.values())
    rom = assessment.range_of_motion.get()
    assert (rom.joint, rom.movement, rom.degrees, rom.reference_degrees) == (
        "cervical",
        "rotation",
        40,
        60,
    )
    assert assessment.goals.get().score == 3
    event = AuditEvent.objects.get(action="assessment.create")
    assert event.category == "clinical"
    assert event.patient_id == patient.pk
    assert event.detail["regions"] == {"upper-trapezius-left": 7, "lumbar-paraspinals-right": 4}


def test_create_links_the_screening_in_force(patient, therapist):
    screening = make_screening(patient, regions=["calf-left"])
    assessment = make_assessment(patient, therapist)
    assert assessment.screening == screening


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {
                "region_findings": [
                    finding("calf-left"),
                    finding("calf-right"),
                    finding("knee-left", 11),
                ]
            },
            "region_findings[2].nprs",
        ),
        ({"region_findings": [finding("calf-left", -1)]}, "region_findings[0].nprs"),
        (
            {"region_findings": [finding("calf-left", tenderness=4)]},
            "region_findings[0].tenderness",
        ),
        ({"region_findings": [finding("elbow-middle")]}, "region_findings[0].region_code"),
        (
            {"region_findings": [finding("calf-left"), finding("calf-left")]},
            "region_findings[1].region_code",
        ),
        (
            {"region_findings": [finding("calf-left", pain_quality="throbbing")]},
            "region_findings[0].pain_quality",
        ),
        ({"region_findings": [finding("calf-left", nprs="seven")]}, "region_findings[0].nprs"),
        ({"region_findings": [finding("calf-left", nprs=True)]}, "region_findings[0].nprs"),
        (
            {"rom": [{"joint": "knee", "movement": "abduction", "side": "", "degrees": 10}]},
            "rom[0].movement",
        ),
        (
            {"rom": [{"joint": "knee", "movement": "flexion", "side": "up", "degrees": 10}]},
            "rom[0].side",
        ),
        (
            {"rom": [{"joint": "knee", "movement": "flexion", "side": "left", "degrees": 361}]},
            "rom[0].degrees",
        ),
        ({"goals": [{"activity": "", "score": 3}]}, "goals[0].activity"),
        ({"goals": [{"activity": "Lift", "score": 12}]}, "goals[0].score"),
        ({"goals": [{"activity": f"A{i}", "score": 1} for i in range(6)]}, "goals"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    patient, therapist, change, field
):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        assessment_create(
            patient=patient,
            therapist=therapist,
            actor=Actor.for_staff(therapist),
            **payload(**change),
        )
    assert field in caught.value.message_dict
    assert not Assessment.objects.exists()
    assert not RegionFinding.objects.exists()
    assert not RangeOfMotion.objects.exists()
    assert not FunctionalGoal.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_future_date_and_unknown_kind_are_refused(patient, therapist):
    tomorrow = timezone.localdate() + timedelta(days=2)
    data = payload(data={"kind": "followup", "assessed_on": tomorrow})
    with pytest.raises(ValidationError) as caught:
        assessment_create(
            patient=patient, therapist=therapist, actor=Actor.for_staff(therapist), **data
        )
    assert {"kind", "assessed_on"} <= set(caught.value.message_dict)
    assert "future" in caught.value.message_dict["assessed_on"][0]


def test_a_therapist_of_another_practice_cannot_be_recorded(patient, outsider):
    with pytest.raises(ValidationError) as caught:
        assessment_create(
            patient=patient, therapist=outsider, actor=Actor.for_staff(outsider), **payload()
        )
    assert "therapist" in caught.value.message_dict
    assert not Assessment.objects.exists()


def test_a_failure_while_writing_rolls_everything_back(patient, therapist, monkeypatch):
    from petrissage.clinical import assessment_services

    def explode(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(assessment_services, "audit_record", explode)
    with pytest.raises(RuntimeError):
        assessment_create(
            patient=patient, therapist=therapist, actor=Actor.for_staff(therapist), **payload()
        )
    assert not Assessment.objects.exists()
    assert not RegionFinding.objects.exists()


def test_update_replaces_rows_and_keeps_the_previous_values_in_the_audit_trail(patient, therapist):
    assessment = make_assessment(patient, therapist, pains={"calf-left": 8, "calf-right": 2})
    updated = assessment_update(
        assessment=assessment,
        staff=therapist,
        actor=Actor.for_staff(therapist),
        **payload(region_findings=[finding("calf-left", 5)], rom=[], goals=[]),
    )
    assert list(updated.region_findings.values_list("region_code", "nprs")) == [("calf-left", 5)]
    assert not updated.range_of_motion.exists()
    event = AuditEvent.objects.get(action="assessment.update")
    previous = {
        row["region_code"]: row["nprs"] for row in event.detail["previous"]["region_findings"]
    }
    assert previous == {"calf-left": 8, "calf-right": 2}


def test_a_bad_update_changes_nothing(patient, therapist):
    assessment = make_assessment(patient, therapist, pains={"calf-left": 8})
    with pytest.raises(ValidationError):
        assessment_update(
            assessment=assessment,
            staff=therapist,
            actor=Actor.for_staff(therapist),
            **payload(region_findings=[finding("calf-left", 99)]),
        )
    assert list(assessment.region_findings.values_list("nprs", flat=True)) == [8]
    assert not assessment.versions.exists()
