"""FHIR CarePlan (one per treatment-plan version): read and search by patient,
practice-scoped, clinical roles only, audited. Unsupported parameters are a 400."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from petrissage.audit.models import Category
from petrissage.audit.services import audit_record
from petrissage.clinical.models import CaseDiagnosis, PlanStatus, TreatmentPlan
from petrissage.clinical.models import PlanTechnique as PlanTechniqueRow
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.mapping.care_plan import care_plan_resource, care_plan_status
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.search import SearchError
from petrissage.fhir.searchset import check_params, searchset_response
from petrissage.fhir.session_views import _patient
from petrissage.practice.access import require, scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action

CARE_PLAN_PARAMS = {"patient", "subject", "status", "_count", "_format"}
STATUSES = ("draft", "active", "on-hold", "completed", "revoked")
_STORED = {
    "draft": (PlanStatus.DRAFT,),
    "revoked": (PlanStatus.SUPERSEDED,),
}


def _plans(staff: Staff) -> QuerySet[TreatmentPlan]:
    return scoped(staff, TreatmentPlan).select_related("case", "created_by")


def _resource(plan: TreatmentPlan) -> dict[str, object]:
    case = plan.case
    diagnoses = list(CaseDiagnosis.objects.filter(practice_id=plan.practice_id, case=case))
    techniques = list(PlanTechniqueRow.objects.filter(practice_id=plan.practice_id, plan=plan))
    return care_plan_resource(plan, case, diagnoses, techniques)


@fhir_endpoint()
def care_plan_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, Action.CLINICAL_VIEW, actor=actor)
    count = check_params(request.GET, CARE_PLAN_PARAMS, "CarePlan")
    wanted = request.GET.get("status")
    if wanted is not None and wanted not in STATUSES:
        raise SearchError("status", f"status must be one of {', '.join(STATUSES)}.")
    patient = _patient(request.GET, staff, actor)
    if patient is None:
        raise SearchError("patient", "CarePlan searches need patient=Patient/{id}.")
    plans = _plans(staff).filter(case__patient=patient)
    if wanted in _STORED:
        plans = plans.filter(status__in=_STORED[wanted])
    elif wanted is not None:
        plans = plans.filter(status=PlanStatus.APPROVED)
    ordered = plans.order_by("case_id", "-version")
    found = [p for p in ordered if wanted is None or care_plan_status(p, p.case) == wanted][:count]
    audit_record(
        actor=actor,
        action="plan.fhir_search",
        category=Category.CLINICAL,
        patient=patient,
        detail={"resource": "CarePlan", "count": len(found)},
    )
    return searchset_response(request, [_resource(p) for p in found])


@fhir_endpoint()
def care_plan_read(request: HttpRequest, staff: Staff, care_plan_id: str) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, Action.CLINICAL_VIEW, actor=actor)
    if not care_plan_id.isdigit():
        raise SearchError("id", "A CarePlan id is a number.")
    plan = _plans(staff).select_related("case__patient").filter(pk=int(care_plan_id)).first()
    if plan is None:
        raise Http404
    audit_record(
        actor=actor,
        action="plan.fhir_read",
        category=Category.CLINICAL,
        patient=plan.case.patient,
        detail={"resource": "CarePlan", "id": plan.pk},
    )
    return fhir_response(_resource(plan))
