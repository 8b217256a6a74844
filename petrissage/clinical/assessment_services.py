"""Writes for assessments: the assessment, its region findings, range of motion and goals.

Every input is validated before anything is written, and the whole write (rows and audit
event) is one transaction, so a bad value saves nothing. Errors name the field the way a
client sent it, e.g. "region_findings[2].nprs".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import (
    Assessment,
    AssessmentKind,
    AssessmentVersion,
    FunctionalGoal,
    PainQuality,
    RangeOfMotion,
    RegionFinding,
    Screening,
)
from petrissage.domain import rom as rom_table
from petrissage.domain.regions import is_region
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice, Staff

MAX_GOALS = 5  # PSFS: 3-5 patient-chosen activities [clinical.md §3, OM8]
MAX_ROM_ROWS = 40
MAX_NOTES = 10_000
PALPATION_FLAGS = ("trigger_points", "adhesions", "hypertonicity")


@dataclass
class _Checked:
    """Validated input, ready for the ORM; `errors` maps field name -> messages."""

    fields: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    rom: list[dict[str, Any]] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def practice_today(practice: Practice) -> date:
    return timezone.localdate(timezone=ZoneInfo(practice.time_zone))


def _int_between(checked: _Checked, name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        checked.error(name, f"Enter a whole number from {low} to {high}.")
        return low
    try:
        number = int(value)
    except ValueError:
        checked.error(name, f"Enter a whole number from {low} to {high}.")
        return low
    if not low <= number <= high:
        checked.error(name, f"Must be from {low} to {high}; {number} is out of range.")
    return number


def _text(checked: _Checked, name: str, value: object, limit: int, *, required: bool) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        checked.error(name, "This field is required.")
    if len(text) > limit:
        checked.error(name, f"At most {limit} characters (this has {len(text)}).")
    return text


def _check_header(checked: _Checked, practice: Practice, data: dict[str, Any]) -> None:
    kind = data.get("kind")
    if kind not in AssessmentKind.values:
        checked.error("kind", f"Choose one of: {', '.join(AssessmentKind.values)}.")
    assessed_on = data.get("assessed_on")
    today = practice_today(practice)
    if not isinstance(assessed_on, date):
        checked.error("assessed_on", "Enter the date of the assessment.")
    elif assessed_on > today:
        checked.error("assessed_on", f"The date cannot be in the future (today is {today}).")
    checked.fields = {
        "kind": kind,
        "assessed_on": assessed_on,
        "posture_notes": _text(
            checked, "posture_notes", data.get("posture_notes"), MAX_NOTES, required=False
        ),
        "notes": _text(checked, "notes", data.get("notes"), MAX_NOTES, required=False),
    }


def _check_finding(checked: _Checked, index: int, row: dict[str, Any], seen: set[str]) -> None:
    name = f"region_findings[{index}]"
    code = str(row.get("region_code") or "")
    if not is_region(code):
        checked.error(f"{name}.region_code", f"{code[:60]!r} is not a known body region.")
    elif code in seen:
        checked.error(f"{name}.region_code", f"{code} is recorded twice; keep one row.")
    seen.add(code)
    quality = row.get("pain_quality") or ""
    if quality not in ("", *PainQuality.values):
        checked.error(f"{name}.pain_quality", f"Choose one of: {', '.join(PainQuality.values)}.")
    finding = {
        "region_code": code,
        "nprs": _int_between(checked, f"{name}.nprs", row.get("nprs"), 0, 10),
        "pain_quality": quality,
        "tenderness": _int_between(checked, f"{name}.tenderness", row.get("tenderness", 0), 0, 3),
        "notes": _text(checked, f"{name}.notes", row.get("notes"), 500, required=False),
    }
    finding.update({flag: bool(row.get(flag)) for flag in PALPATION_FLAGS})
    checked.findings.append(finding)


def _check_rom(checked: _Checked, index: int, row: dict[str, Any]) -> None:
    name = f"rom[{index}]"
    joint, movement = str(row.get("joint") or ""), str(row.get("movement") or "")
    reference = None
    if rom_table.is_known(joint, movement):
        reference = rom_table.reference_for(joint, movement).degrees
    else:
        checked.error(f"{name}.movement", f"No such joint movement: {joint!r} {movement!r}.")
    side = row.get("side") or ""
    if side not in rom_table.SIDES:
        checked.error(f"{name}.side", "Side must be left, right or blank.")
    degrees = _int_between(checked, f"{name}.degrees", row.get("degrees"), 0, 360)
    checked.rom.append(
        {
            "joint": joint,
            "movement": movement,
            "side": side,
            "degrees": degrees,
            "reference_degrees": reference,
        }
    )


def _check_goal(checked: _Checked, index: int, row: dict[str, Any]) -> None:
    name = f"goals[{index}]"
    activity = _text(checked, f"{name}.activity", row.get("activity"), 200, required=True)
    score = _int_between(checked, f"{name}.score", row.get("score"), 0, 10)
    checked.goals.append({"activity": activity, "score": score})


def _validated(
    practice: Practice,
    data: dict[str, Any],
    region_findings: list[dict[str, Any]],
    rom: list[dict[str, Any]],
    goals: list[dict[str, Any]],
) -> _Checked:
    checked = _Checked()
    _check_header(checked, practice, data)
    seen: set[str] = set()
    for index, row in enumerate(region_findings):
        _check_finding(checked, index, row, seen)
    if len(rom) > MAX_ROM_ROWS:
        checked.error("rom", f"At most {MAX_ROM_ROWS} range-of-motion rows.")
    for index, row in enumerate(rom):
        _check_rom(checked, index, row)
    if len(goals) > MAX_GOALS:
        checked.error("goals", f"At most {MAX_GOALS} functional goals (PSFS uses 3 to 5).")
    for index, row in enumerate(goals):
        _check_goal(checked, index, row)
    if checked.errors:
        raise ValidationError(checked.errors)
    return checked


def _write_rows(assessment: Assessment, checked: _Checked) -> None:
    common = {"practice_id": assessment.practice_id}
    RegionFinding.objects.bulk_create(
        RegionFinding(assessment=assessment, patient_id=assessment.patient_id, **common, **row)
        for row in checked.findings
    )
    RangeOfMotion.objects.bulk_create(
        RangeOfMotion(assessment=assessment, **common, **row) for row in checked.rom
    )
    FunctionalGoal.objects.bulk_create(
        FunctionalGoal(assessment=assessment, **common, **row) for row in checked.goals
    )


def _summary(assessment: Assessment, checked: _Checked) -> dict[str, Any]:
    return {
        "assessment": assessment.pk,
        "kind": assessment.kind,
        "assessed_on": assessment.assessed_on.isoformat(),
        "regions": {row["region_code"]: row["nprs"] for row in checked.findings},
        "rom_rows": len(checked.rom),
        "goals": len(checked.goals),
    }


def _current_screening(patient: Patient) -> Screening | None:
    return Screening.objects.filter(
        practice_id=patient.practice_id, patient=patient, is_current=True
    ).first()


def assessment_create(
    *,
    patient: Patient,
    therapist: Staff,
    actor: Actor,
    data: dict[str, Any],
    region_findings: list[dict[str, Any]],
    rom: list[dict[str, Any]],
    goals: list[dict[str, Any]],
) -> Assessment:
    """Record an assessment with its findings; raises ValidationError naming each field."""
    if therapist.practice_id != patient.practice_id:
        raise ValidationError({"therapist": ["The therapist is not a member of this practice."]})
    checked = _validated(patient.practice, data, region_findings, rom, goals)
    with transaction.atomic():
        assessment = Assessment.objects.create(
            practice_id=patient.practice_id,
            patient=patient,
            therapist=therapist,
            screening=_current_screening(patient),
            **checked.fields,
        )
        _write_rows(assessment, checked)
        audit_record(
            actor=actor,
            action="assessment.create",
            category=Category.CLINICAL,
            patient=patient,
            detail=_summary(assessment, checked),
        )
    return assessment


def _snapshot(assessment: Assessment) -> dict[str, Any]:
    """The assessment as it is now, rows and all: kept as an AssessmentVersion (and in the
    audit event) when an edit replaces it, so no clinical value is lost."""
    return {
        "version": assessment.version,
        "kind": assessment.kind,
        "assessed_on": assessment.assessed_on.isoformat(),
        "posture_notes": assessment.posture_notes,
        "notes": assessment.notes,
        "region_findings": list(
            RegionFinding.objects.filter(assessment=assessment).values(
                "region_code", "nprs", "pain_quality", "tenderness", "notes", *PALPATION_FLAGS
            )
        ),
        "rom": list(
            RangeOfMotion.objects.filter(assessment=assessment).values(
                "joint", "movement", "side", "degrees", "reference_degrees"
            )
        ),
        "goals": list(
            FunctionalGoal.objects.filter(assessment=assessment).values("activity", "score")
        ),
    }


def _recorded_by(assessment: Assessment) -> int:
    """Who recorded the assessment's current version: its therapist, or the last editor."""
    last = (
        AssessmentVersion.objects.filter(practice_id=assessment.practice_id, assessment=assessment)
        .order_by("-version")
        .values_list("replaced_by_id", flat=True)
        .first()
    )
    return last or assessment.therapist_id


def assessment_update(
    *,
    assessment: Assessment,
    staff: Staff,
    actor: Actor,
    data: dict[str, Any],
    region_findings: list[dict[str, Any]],
    rom: list[dict[str, Any]],
    goals: list[dict[str, Any]],
) -> Assessment:
    """Record a new version of an assessment. The version it replaces is kept whole as an
    AssessmentVersion (and in the audit event); the assessment's rows become the new ones."""
    if staff.practice_id != assessment.practice_id:
        raise ValidationError({"staff": ["This staff member is not in the practice."]})
    checked = _validated(assessment.practice, data, region_findings, rom, goals)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        previous = _snapshot(locked)
        AssessmentVersion.objects.create(
            practice_id=locked.practice_id,
            patient_id=locked.patient_id,
            assessment=locked,
            version=locked.version,
            snapshot=previous,
            recorded_by_id=_recorded_by(locked),
            replaced_by=staff,
            replaced_at=timezone.now(),
        )
        for name, value in checked.fields.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
        RegionFinding.objects.filter(assessment=locked).delete()
        RangeOfMotion.objects.filter(assessment=locked).delete()
        FunctionalGoal.objects.filter(assessment=locked).delete()
        _write_rows(locked, checked)
        audit_record(
            actor=actor,
            action="assessment.update",
            category=Category.CLINICAL,
            patient=locked.patient,
            detail={**_summary(locked, checked), "version": locked.version, "previous": previous},
        )
    return locked


def assessment_viewed(*, assessment: Assessment, actor: Actor) -> None:
    audit_record(
        actor=actor,
        action="assessment.view",
        category=Category.CLINICAL,
        patient=assessment.patient,
        detail={"assessment": assessment.pk},
    )
