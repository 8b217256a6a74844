"""FHIR R4 facade views. Thin: authenticate (fhir_endpoint), access-checked fetch, map, audit."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from petrissage.clinical.models import RegionFinding
from petrissage.fhir import outcome_views
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.capability import capability_statement
from petrissage.fhir.mapping.observation import (
    audit_observation_access,
    observation_resource,
    parse_observation_search,
    run_observation_search,
)
from petrissage.fhir.mapping.patient import patient_resource
from petrissage.fhir.outcome import fhir_response, outcome_response
from petrissage.fhir.search import audit_patient_search, parse_patient_search, run_patient_search
from petrissage.patients.models import Patient
from petrissage.patients.services import patient_chart_viewed
from petrissage.practice.access import get_patient, get_scoped_or_404, patients_for, require, scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("fhir:metadata")).removesuffix("metadata")


@fhir_endpoint(authenticated=False)
def metadata(request: HttpRequest) -> HttpResponse:
    return fhir_response(capability_statement(_base_url(request)))


@fhir_endpoint()
def patient_read(request: HttpRequest, staff: Staff, patient_id: str) -> HttpResponse:
    actor = fhir_actor(staff, request)
    patient = get_patient(staff, patient_id, actor=actor)
    patient_chart_viewed(patient=patient, actor=actor, section="fhir")
    return fhir_response(patient_resource(patient))


def _page_link(request: HttpRequest, relation: str, offset: int, count: int) -> dict[str, str]:
    params = [
        (k, v)
        for k, values in request.GET.lists()
        for v in values
        if k not in ("_offset", "_count")
    ]
    params += [("_count", str(count)), ("_offset", str(offset))]
    url = request.build_absolute_uri(request.path) + "?" + urlencode(params)
    return {"relation": relation, "url": url}


def _entry(base_url: str, patient: Patient) -> dict[str, object]:
    return {
        "fullUrl": f"{base_url}Patient/{patient.pk}",
        "resource": patient_resource(patient),
        "search": {"mode": "match"},
    }


@fhir_endpoint()
def patient_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    search = parse_patient_search(staff.practice, request.GET)
    matches = run_patient_search(patients_for(staff), search)
    total = matches.count()
    page = list(
        matches.select_related("practice").prefetch_related("identifiers")[
            search.offset : search.offset + search.count
        ]
    )
    audit_patient_search(
        actor=fhir_actor(staff, request), shown=page, total=total, query=request.GET.urlencode()
    )
    links = [_page_link(request, "self", search.offset, search.count)]
    if search.count and search.offset + search.count < total:
        links.append(_page_link(request, "next", search.offset + search.count, search.count))
    bundle: dict[str, object] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": links,
    }
    if page:
        base_url = _base_url(request)
        bundle["entry"] = [_entry(base_url, patient) for patient in page]
    return fhir_response(bundle)


@fhir_endpoint()
def observation_read(request: HttpRequest, staff: Staff, observation_id: str) -> HttpResponse:
    """A region finding's pain score; 404 for another practice's, 403 without clinical view."""
    if outcome_views.is_outcome_id(observation_id):  # an outcome score ("outcome-<pk>")
        return outcome_views.outcome_observation_read(request, staff, observation_id)
    actor = fhir_actor(staff, request)
    finding = get_scoped_or_404(staff, RegionFinding, observation_id)
    get_patient(staff, finding.patient_id, Action.CLINICAL_VIEW, actor=actor)
    audit_observation_access(
        actor=actor, action="observation.view", shown=[finding], detail={"id": finding.pk}
    )
    return fhir_response(observation_resource(finding))


@fhir_endpoint()
def observation_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    if outcome_views.wants_outcomes(request.GET):  # category=survey: outcome scores
        return outcome_views.outcome_observation_search(request, staff)
    actor = fhir_actor(staff, request)
    require(staff, Action.CLINICAL_VIEW, actor=actor)
    search = parse_observation_search(request.GET)
    matches = run_observation_search(scoped(staff, RegionFinding), search)
    total = matches.count()
    page = list(matches[search.offset : search.offset + search.count])
    audit_observation_access(
        actor=actor,
        action="observation.search",
        shown=page,
        detail={"total": total, "query": request.GET.urlencode()[:500]},
    )
    links = [_page_link(request, "self", search.offset, search.count)]
    if search.count and search.offset + search.count < total:
        links.append(_page_link(request, "next", search.offset + search.count, search.count))
    bundle: dict[str, object] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": links,
    }
    if page:
        base_url = _base_url(request)
        bundle["entry"] = [
            {
                "fullUrl": f"{base_url}Observation/{finding.pk}",
                "resource": observation_resource(finding),
                "search": {"mode": "match"},
            }
            for finding in page
        ]
    return fhir_response(bundle)


@fhir_endpoint(authenticated=False)
def not_supported(request: HttpRequest, rest: str) -> HttpResponse:
    return outcome_response(f"{rest[:80]!r} is not supported by this server; see metadata.", 404)
