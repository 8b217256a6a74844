"""FHIR R4 facade views: metadata, Patient read and search, and the catch-all. Thin:
authenticate (fhir_endpoint), access-checked fetch, map, audit. The other resource types
are Specs (resource_views.py) declared in their own *_views.py modules."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.capability import capability_statement
from petrissage.fhir.mapping.patient import patient_resource
from petrissage.fhir.outcome import fhir_response, outcome_response
from petrissage.fhir.search import audit_patient_search, parse_patient_search, run_patient_search
from petrissage.fhir.searchset import Page, fhir_base, searchset_response
from petrissage.patients.services import patient_chart_viewed
from petrissage.practice.access import get_patient, patients_for
from petrissage.practice.models import Staff


@fhir_endpoint(authenticated=False)
def metadata(request: HttpRequest) -> HttpResponse:
    return fhir_response(capability_statement(fhir_base(request)))


@fhir_endpoint()
def patient_read(request: HttpRequest, staff: Staff, patient_id: str) -> HttpResponse:
    actor = fhir_actor(staff, request)
    patient = get_patient(staff, patient_id, actor=actor)
    patient_chart_viewed(patient=patient, actor=actor, section="fhir")
    return fhir_response(patient_resource(patient))


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
    resources = [patient_resource(patient) for patient in page]
    return searchset_response(request, resources, total, Page(search.count, search.offset))


@fhir_endpoint(authenticated=False)
def not_supported(request: HttpRequest, rest: str) -> HttpResponse:
    return outcome_response(f"{rest[:80]!r} is not supported by this server; see metadata.", 404)
