"""Treatment plans as FHIR R4 CarePlan resources: one per plan version.

status: draft → draft; approved → active (on-hold / completed follow the case); superseded →
revoked (replaced by a later version). The case's ICD-10-CM diagnoses are contained
Conditions the plan `addresses`; its goals are contained Goals. Each technique × region is an
activity with the plan's dose as its Timing (frequency per week, bounds in weeks, count of
visits, session length); home care and the reassessment visits are activities too. The
evidence note, its certainty and the screening modifications go in `note`."""

from __future__ import annotations

from typing import Any

from petrissage.clinical.models import (
    Case,
    CaseDiagnosis,
    CaseStatus,
    PlanStatus,
    PlanTechnique,
    TreatmentPlan,
)
from petrissage.domain import session_rules as rules
from petrissage.fhir.mapping.encounter import ICD10CM_SYSTEM
from petrissage.fhir.mapping.procedure import CPT_SYSTEM

CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CLINICAL_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical"
UCUM = "http://unitsofmeasure.org"


def care_plan_status(plan: TreatmentPlan, case: Case) -> str:
    if plan.status == PlanStatus.DRAFT:
        return "draft"
    if plan.status == PlanStatus.SUPERSEDED:
        return "revoked"
    if case.status == CaseStatus.DISCHARGED:
        return "completed"
    return "on-hold" if case.status == CaseStatus.ON_HOLD else "active"


def _condition(diagnosis: CaseDiagnosis, case: Case) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": f"dx{diagnosis.position}",
        "clinicalStatus": {
            "coding": [
                {
                    "system": CLINICAL_STATUS,
                    "code": "resolved" if case.status == CaseStatus.DISCHARGED else "active",
                }
            ]
        },
        "category": [{"coding": [{"system": CONDITION_CATEGORY, "code": "encounter-diagnosis"}]}],
        "code": {
            "coding": [
                {"system": ICD10CM_SYSTEM, "code": diagnosis.code, "display": diagnosis.description}
            ],
            "text": diagnosis.description,
        },
        "subject": {"reference": f"Patient/{case.patient_id}"},
    }


def _goal(index: int, text: str, plan: TreatmentPlan, case: Case) -> dict[str, Any]:
    active = plan.status == PlanStatus.APPROVED and case.status != CaseStatus.DISCHARGED
    return {
        "resourceType": "Goal",
        "id": f"goal{index}",
        "lifecycleStatus": "active" if active else "proposed",
        "description": {"text": text},
        "subject": {"reference": f"Patient/{case.patient_id}"},
    }


def _timing(plan: TreatmentPlan) -> dict[str, Any]:
    return {
        "repeat": {
            "boundsDuration": {"value": plan.weeks, "unit": "wk", "system": UCUM, "code": "wk"},
            "count": plan.total_visits,
            "duration": plan.session_minutes,
            "durationUnit": "min",
            "frequency": plan.sessions_per_week,
            "period": 1,
            "periodUnit": "wk",
        }
    }


def _activity_status(plan: TreatmentPlan, case: Case) -> str:
    status = care_plan_status(plan, case)
    return {
        "draft": "not-started",
        "active": "in-progress",
        "on-hold": "on-hold",
        "completed": "completed",
        "revoked": "cancelled",
    }[status]


def _technique_activity(
    row: PlanTechnique, plan: TreatmentPlan, case: Case, goals: list[dict[str, str]]
) -> dict[str, Any]:
    code: dict[str, Any] = {"text": rules.technique_label(row.technique)}
    cpt = rules.line_cpt(row.technique)
    if cpt is not None:
        code["coding"] = [{"system": CPT_SYSTEM, "code": cpt}]
    detail: dict[str, Any] = {
        "kind": "ServiceRequest",
        "code": code,
        "status": _activity_status(plan, case),
        "scheduledTiming": _timing(plan),
        "description": (
            f"{rules.technique_label(row.technique)} at {rules.region_label(row.region_code)}, "
            f"pressure {row.pressure}/5 (Walton scale 0–5)"
        ),
    }
    if goals:
        detail["goal"] = goals
    return {"detail": detail}


def _text_activity(label: str, text: str, plan: TreatmentPlan, case: Case) -> dict[str, Any]:
    return {
        "detail": {
            "code": {"text": label},
            "status": _activity_status(plan, case),
            "description": text,
        }
    }


def _notes(plan: TreatmentPlan) -> list[dict[str, str]]:
    notes = []
    if plan.evidence_note:
        certainty = f" (certainty {plan.evidence_certainty})" if plan.evidence_certainty else ""
        notes.append({"text": f"Evidence{certainty}: {plan.evidence_note}"})
    if plan.modifications:
        notes.append({"text": f"Modifications from the screening: {plan.modifications}"})
    if plan.pressure_cap is not None:
        notes.append({"text": f"Pressure capped at {plan.pressure_cap} (Walton 0–5)."})
    return notes


def care_plan_resource(
    plan: TreatmentPlan,
    case: Case,
    diagnoses: list[CaseDiagnosis],
    techniques: list[PlanTechnique],
) -> dict[str, Any]:
    goals = [str(g.get("text", "")) for g in plan.goals or [] if g.get("text")]
    contained = [_condition(d, case) for d in diagnoses]
    contained += [_goal(i, text, plan, case) for i, text in enumerate(goals, start=1)]
    goal_refs = [{"reference": f"#goal{i}"} for i in range(1, len(goals) + 1)]
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": str(plan.pk),
        "status": care_plan_status(plan, case),
        "intent": "plan",
        "title": f"{case.title}: treatment plan v{plan.version}",
        "description": (
            f"{plan.session_minutes}-minute sessions, {plan.sessions_per_week}×/week for "
            f"{plan.weeks} weeks ({plan.total_visits} visits)"
        ),
        "subject": {"reference": f"Patient/{case.patient_id}"},
        "created": plan.created_at.isoformat(),
        "author": {
            "reference": f"Practitioner/{plan.created_by_id}",
            "display": plan.created_by.signature,
        },
        "period": {
            "start": (plan.approved_at.date() if plan.approved_at else case.opened_on).isoformat()
        },
        "activity": [_technique_activity(row, plan, case, goal_refs) for row in techniques],
    }
    if case.discharged_on and plan.status == PlanStatus.APPROVED:
        resource["period"]["end"] = case.discharged_on.isoformat()
    if contained:
        resource["contained"] = contained
    if diagnoses:
        resource["addresses"] = [{"reference": f"#dx{d.position}"} for d in diagnoses]
    if goal_refs:
        resource["goal"] = goal_refs
    if plan.reassessment_visits:
        visits = ", ".join(str(v) for v in plan.reassessment_visits)
        resource["activity"].append(
            _text_activity("Reassessment", f"Reassess at visits {visits}.", plan, case)
        )
    if plan.home_care:
        resource["activity"].append(_text_activity("Home care", plan.home_care, plan, case))
    if not resource["activity"]:
        del resource["activity"]
    notes = _notes(plan)
    if notes:
        resource["note"] = notes
    return resource
