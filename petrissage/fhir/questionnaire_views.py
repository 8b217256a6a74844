"""FHIR QuestionnaireResponse (read + search by patient) and Questionnaire (read + list).

Responses come from the sources in questionnaire_sources.py; a response id is
"<prefix>-<pk>" and picks its source by the prefix. Clinical roles only, practice-scoped
(another practice's ids are 404), every read and search audited. Unsupported parameters
are a 400 OperationOutcome naming them.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, QueryDict

from petrissage.audit.models import Category
from petrissage.audit.services import audit_record
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.questionnaire_sources import (
    QUESTIONNAIRE_DEFINITIONS,
    QUESTIONNAIRE_SOURCES,
    RESPONSE_ID,
    definition_for,
    source_for,
)
from petrissage.fhir.search import MAX_COUNT, SearchError
from petrissage.fhir.searchset import searchset_response
from petrissage.practice.access import get_patient, require
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action

STATUSES = ("in-progress", "completed", "amended", "entered-in-error", "stopped")
RESPONSE_SEARCH_PARAMS = (
    ("patient", "reference", "Patient/{id} or {id} (required); subject= is the same"),
    ("status", "token", "in-progress | completed (comma-separated for either)"),
)
_ALLOWED = {"patient", "subject", "status", "_count", "_format"}


def _count(query: QueryDict) -> int:
    count = query.get("_count", "50")
    if not count.isdigit():
        raise SearchError("_count", "_count must be a whole number.")
    return min(int(count), MAX_COUNT)


def _check(query: QueryDict) -> tuple[str, set[str] | None, int]:
    for name in query:
        if name not in _ALLOWED:
            raise SearchError(
                name, f"Search parameter {name!r} is not supported for QuestionnaireResponse."
            )
    raw = (query.get("patient") or query.get("subject") or "").removeprefix("Patient/")
    if not raw:
        raise SearchError("patient", "QuestionnaireResponse searches need patient=Patient/{id}.")
    if not raw.isdigit():
        raise SearchError("patient", "patient must be Patient/{id} with a numeric id.")
    statuses = None
    status = query.get("status")
    if status:
        statuses = {s.strip() for s in status.split(",")}
        if not statuses <= set(STATUSES):
            raise SearchError("status", f"status must be one of {', '.join(STATUSES)}.")
    return raw, statuses, _count(query)


@fhir_endpoint()
def questionnaire_response_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, Action.CLINICAL_VIEW, actor=actor)
    patient_id, statuses, count = _check(request.GET)
    patient = get_patient(staff, patient_id, Action.CLINICAL_VIEW, actor=actor)
    resources = [
        found.resource
        for source in QUESTIONNAIRE_SOURCES
        for found in source.searcher()(staff.practice, patient)
    ]
    if statuses is not None:
        resources = [r for r in resources if r.get("status") in statuses]
    resources.sort(key=lambda r: str(r.get("authored") or ""), reverse=True)
    resources = resources[:count]
    audit_record(
        actor=actor,
        action="questionnaire_response.fhir_search",
        category=Category.CLINICAL,
        patient=patient,
        detail={"count": len(resources), "ids": [r["id"] for r in resources][:50]},
    )
    return searchset_response(request, resources)


@fhir_endpoint()
def questionnaire_response_read(
    request: HttpRequest, staff: Staff, response_id: str
) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, Action.CLINICAL_VIEW, actor=actor)
    match = RESPONSE_ID.match(response_id)
    source = source_for(match.group(1)) if match else None
    if match is None or source is None:
        raise Http404
    found = source.reader()(staff.practice, int(match.group(2)))
    if found is None:
        raise Http404
    get_patient(staff, found.patient.pk, Action.CLINICAL_VIEW, actor=actor)
    audit_record(
        actor=actor,
        action="questionnaire_response.fhir_read",
        category=Category.CLINICAL,
        patient=found.patient,
        detail={"id": response_id},
    )
    return fhir_response(found.resource)


@fhir_endpoint()
def questionnaire_read(request: HttpRequest, staff: Staff, questionnaire_id: str) -> HttpResponse:
    """A form definition: no patient data, so any staff role may read it."""
    definition = definition_for(questionnaire_id)
    resource = definition.builder()(staff.practice) if definition else None
    if resource is None:
        raise Http404
    return fhir_response(resource)


@fhir_endpoint()
def questionnaire_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    for name in request.GET:
        if name not in ("_count", "_format"):
            raise SearchError(
                name, f"Search parameter {name!r} is not supported for Questionnaire."
            )
    built = (d.builder()(staff.practice) for d in QUESTIONNAIRE_DEFINITIONS)
    return searchset_response(request, [r for r in built if r is not None][: _count(request.GET)])
