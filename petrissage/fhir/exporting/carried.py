"""What the standard CarePlan / Encounter resources cannot hold exactly, carried for
import_fhir in one extension each (JSON in valueString; read by
petrissage.domain.fhir_import.care): the case, the plan version, the signed note and its
treatment lines. Staff travel as {npi, name}: the importing practice matches its own."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from petrissage.clinical.models import (
    Case,
    CaseDiagnosis,
    PlanTechnique,
    SessionNote,
    TreatmentLine,
    TreatmentPlan,
)
from petrissage.domain.fhir_import.care import (
    CARE_EXTENSION,
    CARRIED_NOTE_FIELDS,
    CARRIED_PLAN_FIELDS,
    LINE_EXTENSION,
    SESSION_EXTENSION,
)
from petrissage.practice.models import Staff


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def staff_ref(staff: Staff | None) -> dict[str, str] | None:
    if staff is None:
        return None
    return {"npi": staff.npi, "name": staff.display_name}


def _extension(url: str, value: dict[str, Any]) -> dict[str, str]:
    return {"url": url, "valueString": json.dumps(value, separators=(",", ":"))}


def case_payload(case: Case, diagnoses: list[CaseDiagnosis]) -> dict[str, Any]:
    return {
        "id": case.pk,
        "title": case.title,
        "condition_key": case.condition_key,
        "status": case.status,
        "opened_on": _day(case.opened_on),
        "discharged_on": _day(case.discharged_on),
        "discharge_summary": case.discharge_summary,
        "therapist": staff_ref(case.therapist),
        "diagnoses": [[d.position, d.code, d.description] for d in diagnoses],
    }


def plan_payload(plan: TreatmentPlan, techniques: list[PlanTechnique]) -> dict[str, Any]:
    value: dict[str, Any] = {name: getattr(plan, name) for name in CARRIED_PLAN_FIELDS}
    value["created_by"] = staff_ref(plan.created_by)
    value["approved_by"] = staff_ref(plan.approved_by)
    value["approved_at"] = _moment(plan.approved_at)
    value["techniques"] = [[t.region_code, t.technique, t.pressure] for t in techniques]
    return value


def care_extension(
    case: Case, diagnoses: list[CaseDiagnosis], plan: TreatmentPlan, rows: list[PlanTechnique]
) -> dict[str, str]:
    return _extension(
        CARE_EXTENSION, {"case": case_payload(case, diagnoses), "plan": plan_payload(plan, rows)}
    )


NOTE_FIELDS = ("status", *CARRIED_NOTE_FIELDS)


def session_extension(
    note: SessionNote, lines: list[TreatmentLine], diagnoses: list[CaseDiagnosis]
) -> dict[str, str]:
    """The note, its lines and its case (so a case without a plan survives too)."""
    value: dict[str, Any] = {name: getattr(note, name) for name in NOTE_FIELDS}
    value.update(
        case=note.case_id,
        plan=note.plan_id,
        session_date=_day(note.session_date),
        therapist=staff_ref(note.therapist),
        signed_at=_moment(note.signed_at),
        signed_by=staff_ref(note.signed_by),
    )
    rows = [
        [line.region_code, line.technique, line.minutes, line.pressure, line.restriction_reason]
        for line in lines
    ]
    content = {"note": value, "lines": rows, "case": case_payload(note.case, diagnoses)}
    return _extension(SESSION_EXTENSION, content)


def line_marker(line: TreatmentLine) -> dict[str, str]:
    return {"url": LINE_EXTENSION, "valueString": str(line.session_id)}
