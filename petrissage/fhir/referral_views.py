"""FHIR ServiceRequest read and search (?patient=) for prescriptions.

Clinical roles only (CLINICAL_VIEW: owner, therapist): the resource carries diagnoses and
the physician's precautions. Another practice's prescription is 404. Every access is audited.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, QueryDict

from petrissage.audit.models import Category
from petrissage.audit.services import audit_record
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.mapping.service_request import service_request_resource
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.search import SearchError
from petrissage.fhir.searchset import searchset_response
from petrissage.practice.access import get_patient, require, scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action
from petrissage.referrals.models import Prescription
from petrissage.referrals.selectors import practice_today, visits_used

_ALLOWED = {"patient", "subject", "status", "_count", "_format"}
MAX_RESULTS = 200


def _patient_id(query: QueryDict) -> str:
    for name in query:
        if name not in _ALLOWED:
            raise SearchError(
                name, f"Search parameter {name!r} is not supported for ServiceRequest."
            )
    value = (query.get("patient") or query.get("subject") or "").removeprefix("Patient/")
    if not value:
        raise SearchError("patient", "ServiceRequest searches need patient=Patient/{id}.")
    if not value.isdigit():
        raise SearchError("patient", "patient must be Patient/{id} with a numeric id.")
    status = query.get("status")
    if status is not None and status not in ("active", "completed"):
        raise SearchError("status", "status must be active or completed.")
    return value


def _resource(prescription: Prescription) -> dict[str, object]:
    return service_request_resource(
        prescription,
        today=practice_today(prescription.patient),
        visits_used=visits_used(prescription),
    )


@fhir_endpoint()
def service_request_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    actor = fhir_actor(staff, request)
    patient_id = _patient_id(request.GET)
    patient = get_patient(staff, patient_id, Action.CLINICAL_VIEW, actor=actor)
    found = (
        scoped(staff, Prescription)
        .filter(patient=patient)
        .select_related("provider", "patient__practice")[:MAX_RESULTS]
    )
    resources = [_resource(p) for p in found]
    wanted = request.GET.get("status")
    if wanted:
        resources = [r for r in resources if r["status"] == wanted]
    audit_record(
        actor=actor,
        action="prescription.fhir_search",
        category=Category.CLINICAL,
        patient=patient,
        detail={"count": len(resources)},
    )
    return searchset_response(request, resources)


@fhir_endpoint()
def service_request_read(request: HttpRequest, staff: Staff, request_id: str) -> HttpResponse:
    actor = fhir_actor(staff, request)
    if not request_id.isdigit():
        raise Http404
    prescription = (
        scoped(staff, Prescription)
        .select_related("provider", "patient__practice")
        .filter(pk=int(request_id))
        .first()
    )
    if prescription is None:
        raise Http404
    require(staff, Action.CLINICAL_VIEW, actor=actor, patient=prescription.patient)
    audit_record(
        actor=actor,
        action="prescription.fhir_read",
        category=Category.CLINICAL,
        patient=prescription.patient,
        detail={"prescription": prescription.pk},
    )
    return fhir_response(_resource(prescription))
