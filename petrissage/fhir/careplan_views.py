"""FHIR CarePlan (one per treatment-plan version): read and search, practice-scoped,
clinical roles only, audited (resource_views.Spec). Unsupported parameters are a 400."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from petrissage.audit.models import Category
from petrissage.clinical.models import CaseDiagnosis, CaseStatus, PlanStatus, TreatmentPlan
from petrissage.clinical.models import PlanTechnique as PlanTechniqueRow
from petrissage.fhir.mapping.care_plan import care_plan_resource
from petrissage.fhir.resource_views import Source, Spec
from petrissage.fhir.search import SearchError
from petrissage.fhir.searchset import NOTHING, Param, date_of_resource, reference
from petrissage.practice.access import scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action

_APPROVED = Q(status=PlanStatus.APPROVED)
# FHIR status -> the plans that have it (mapping.care_plan.care_plan_status).
STATUSES: dict[str, Q | None] = {
    "draft": Q(status=PlanStatus.DRAFT),
    "active": _APPROVED & ~Q(case__status__in=(CaseStatus.ON_HOLD, CaseStatus.DISCHARGED)),
    "on-hold": _APPROVED & Q(case__status=CaseStatus.ON_HOLD),
    "completed": _APPROVED & Q(case__status=CaseStatus.DISCHARGED),
    "revoked": Q(status=PlanStatus.SUPERSEDED),
    "entered-in-error": None,
    "unknown": None,
}


def _plans(staff: Staff) -> QuerySet[TreatmentPlan]:
    return (
        scoped(staff, TreatmentPlan)
        .select_related("case", "created_by")
        .order_by("case_id", "-version")
    )


def _resource(plan: TreatmentPlan, request: HttpRequest) -> dict[str, Any]:
    case = plan.case
    diagnoses = list(CaseDiagnosis.objects.filter(practice_id=plan.practice_id, case=case))
    techniques = list(PlanTechniqueRow.objects.filter(practice_id=plan.practice_id, plan=plan))
    return care_plan_resource(plan, case, diagnoses, techniques)


def _status(value: str, tz: ZoneInfo) -> Q:
    """A token whose stored form is a condition over the plan and its case."""
    if value not in STATUSES:
        raise SearchError("status", f"status must be one of {' | '.join(STATUSES)}.")
    wanted = STATUSES[value]
    return NOTHING if wanted is None else wanted


_patient = reference("Patient", "case__patient_id")

CARE_PLAN = Spec(
    "CarePlan",
    Action.CLINICAL_VIEW,
    Category.CLINICAL,
    (
        Param("patient", "reference", "Patient/{id} or {id} (patient or subject is required)"),
        Param("subject", "reference", "Same as patient"),
        Param("status", "token", "draft | active | on-hold | completed | revoked"),
        Param("date", "date", "When the plan starts (period.start), with prefix"),
    ),
    (
        Source(
            _plans,
            {
                "patient": _patient,
                "subject": _patient,
                "status": _status,
                "date": date_of_resource(("period", "start"), "date"),
            },
            _resource,
        ),
    ),
    "plan.fhir_search",
    "plan.fhir_read",
    required=("patient", "subject"),
    documentation="One per treatment-plan version (intent plan): draft, active, "
    "on-hold/completed with the case, revoked when superseded. Contained ICD-10-CM "
    "Conditions (addresses) and Goals; one activity per technique × region with the dose "
    "as Timing; evidence note and screening modifications in note. Needs a clinical role.",
)
