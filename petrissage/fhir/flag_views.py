"""FHIR Flag: the patient's contraindication findings. Current findings are `active`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict

from petrissage.audit.models import Category
from petrissage.audit.services import audit_record
from petrissage.clinical.models import ScreeningFinding
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.mapping.flag import flag_resource
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.search import SearchError
from petrissage.practice.access import get_patient, require, scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action

FLAG_SEARCH_PARAMS = (
    ("patient", "reference", "Patient/{id} or {id} (required)"),
    ("status", "token", "active (current screening) | inactive (earlier screenings)"),
)
_ALLOWED = {"patient", "subject", "status", "_count", "_format"}


def _check_params(query: QueryDict) -> None:
    for name in query:
        if name not in _ALLOWED:
            raise SearchError(name, f"Search parameter {name!r} is not supported for Flag.")
    if not query.get("patient") and not query.get("subject"):
        raise SearchError("patient", "Flag searches need patient=Patient/{id}.")
    status = query.get("status", "active")
    if status not in ("active", "inactive"):
        raise SearchError("status", "status must be active or inactive.")


def _patient_id(query: QueryDict) -> str:
    value = (query.get("patient") or query.get("subject") or "").removeprefix("Patient/")
    if not value.isdigit():
        raise SearchError("patient", "patient must be Patient/{id} with a numeric id.")
    return value


@fhir_endpoint()
def flag_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    _check_params(request.GET)
    actor = fhir_actor(staff, request)
    patient = get_patient(staff, _patient_id(request.GET), Action.CLINICAL_VIEW, actor=actor)
    current = request.GET.get("status", "active") == "active"
    findings = list(
        scoped(staff, ScreeningFinding)
        .filter(patient=patient, screening__is_current=current)
        .select_related("screening")
        .order_by("-screening__computed_at", "id")[:200]
    )
    audit_record(
        actor=actor,
        action="screening.fhir_search",
        category=Category.CLINICAL,
        patient=patient,
        detail={"count": len(findings)},
    )
    entries = [
        {
            "fullUrl": request.build_absolute_uri(f"Flag/{f.pk}").replace("Flag/Flag/", "Flag/"),
            "resource": flag_resource(f),
            "search": {"mode": "match"},
        }
        for f in findings
    ]
    bundle: dict[str, object] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(findings),
        "link": [{"relation": "self", "url": request.build_absolute_uri()}],
    }
    if entries:
        bundle["entry"] = entries
    return fhir_response(bundle)


@fhir_endpoint()
def flag_read(request: HttpRequest, staff: Staff, flag_id: str) -> HttpResponse:
    require(staff, Action.CLINICAL_VIEW, actor=fhir_actor(staff, request))
    if not flag_id.isdigit():
        raise SearchError("id", "A Flag id is a number.")
    finding = (
        scoped(staff, ScreeningFinding).select_related("screening").filter(pk=int(flag_id)).first()
    )
    if finding is None:
        from django.http import Http404

        raise Http404
    audit_record(
        actor=fhir_actor(staff, request),
        action="screening.fhir_read",
        category=Category.CLINICAL,
        patient=finding.patient,
    )
    return fhir_response(flag_resource(finding))
