"""FHIR QuestionnaireResponse (read + search by patient) and Questionnaire (read + list).

Responses come from the sources in questionnaire_sources.py; a response id is
"<prefix>-<pk>" and picks its source by the prefix. Clinical roles only, practice-scoped
(another practice's ids are 404), every read and search audited. Unsupported parameters
are a 400 OperationOutcome naming them.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

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
from petrissage.fhir.search import RESULT_PARAMS, SearchError
from petrissage.fhir.searchset import (
    Build,
    Keep,
    Page,
    Param,
    any_of,
    date_of_resource,
    parse_page,
    searchset_response,
    split_values,
    status_of_resource,
)
from petrissage.patients.models import Patient
from petrissage.practice.access import get_patient, require, scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action

STATUSES = ("in-progress", "completed", "amended", "entered-in-error", "stopped")
RESPONSE_PARAMS = (
    Param("patient", "reference", "Patient/{id} or {id} (patient or subject is required)"),
    Param("subject", "reference", "Same as patient"),
    Param("status", "token", "in-progress | completed (comma-separated for either)"),
    Param("authored", "date", "When the answers were given, with prefix"),
)
_BUILDERS: dict[str, Build] = {
    "status": status_of_resource(STATUSES),
    "authored": date_of_resource(("authored",), "authored"),
}


def _parse(query: QueryDict, tz: ZoneInfo) -> tuple[str, list[Keep], Page]:
    """The patient id, the tests on each response, and the page; a 400 for the rest."""
    page = parse_page(query)
    names = {param.name for param in RESPONSE_PARAMS}
    keeps: list[Keep] = []
    for name, values in query.lists():
        if name in RESULT_PARAMS:
            continue
        if name not in names:
            raise SearchError(
                name, f"Search parameter {name!r} is not supported for QuestionnaireResponse."
            )
        for alternatives in split_values(name, values):
            if name in _BUILDERS:
                either = any_of([_BUILDERS[name](value, tz) for value in alternatives])
                keeps += [either] if isinstance(either, Keep) else []
    raw = (query.get("patient") or query.get("subject") or "").removeprefix("Patient/")
    if not raw:
        raise SearchError("patient", "QuestionnaireResponse searches need patient=Patient/{id}.")
    if not raw.isdigit() or len(raw) > 18:
        raise SearchError("patient", "patient must be Patient/{id} with a numeric id.")
    return raw, keeps, page


def patient_responses(staff: Staff, patient: Patient) -> list[dict[str, Any]]:
    """Every response of an (access-checked) patient, newest first."""
    resources = [
        found.resource
        for source in QUESTIONNAIRE_SOURCES
        for found in source.searcher()(staff.practice, patient)
    ]
    resources.sort(key=lambda r: str(r.get("authored") or ""), reverse=True)
    return resources


@fhir_endpoint()
def questionnaire_response_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    actor = fhir_actor(staff, request)
    patient_id, keeps, page = _parse(request.GET, staff.practice.zone)
    require(staff, Action.CLINICAL_VIEW, actor=actor)
    patient = scoped(staff, Patient).filter(pk=int(patient_id)).first()
    matches = patient_responses(staff, patient) if patient else []
    matches = [r for r in matches if all(keep.test(r) for keep in keeps)]
    shown = matches[page.offset : page.offset + page.count]
    audit_record(
        actor=actor,
        action="questionnaire_response.fhir_search",
        category=Category.CLINICAL,
        patient=patient,
        detail={"count": len(shown), "total": len(matches), "ids": [r["id"] for r in shown][:50]},
    )
    return searchset_response(request, shown, len(matches), page)


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
        if name not in RESULT_PARAMS:
            raise SearchError(
                name, f"Search parameter {name!r} is not supported for Questionnaire."
            )
    page = parse_page(request.GET)
    built = [d.builder()(staff.practice) for d in QUESTIONNAIRE_DEFINITIONS]
    found = [r for r in built if r is not None]
    return searchset_response(
        request, found[page.offset : page.offset + page.count], len(found), page
    )
