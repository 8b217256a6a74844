"""Patient/{id}/$everything: the patient and the records this server holds about them, as a
searchset Bundle. Each type is fetched through its search Spec with `patient={id}`, so the
practice scoping and the role table apply exactly as in a search: a role sees the types it
may read (front desk and billers: the patient, coverage, appointments and claims) and the
rest is simply absent. Another practice's patient is a 404 like any read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict

from petrissage.audit.models import Category
from petrissage.audit.services import audit_record
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.billing_views import CLAIM
from petrissage.fhir.careplan_views import CARE_PLAN
from petrissage.fhir.document_views import DOCUMENT_REFERENCE
from petrissage.fhir.flag_views import FLAG
from petrissage.fhir.history_views import (
    ALLERGY_INTOLERANCE,
    CONDITION,
    COVERAGE,
    MEDICATION_STATEMENT,
)
from petrissage.fhir.mapping.patient import patient_resource
from petrissage.fhir.observation_views import OBSERVATION
from petrissage.fhir.questionnaire_views import patient_responses
from petrissage.fhir.referral_views import SERVICE_REQUEST
from petrissage.fhir.resource_views import Spec, parse, run
from petrissage.fhir.scheduling_views import APPOINTMENT
from petrissage.fhir.search import SearchError
from petrissage.fhir.searchset import FORMATS, Page, searchset_response
from petrissage.fhir.session_views import ENCOUNTER, PROCEDURE
from petrissage.patients.models import Patient
from petrissage.practice.access import get_patient
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action, allowed

MAX_ENTRIES = 5000
EVERYTHING: tuple[Spec, ...] = (
    CONDITION,
    MEDICATION_STATEMENT,
    ALLERGY_INTOLERANCE,
    COVERAGE,
    SERVICE_REQUEST,
    CARE_PLAN,
    FLAG,
    ENCOUNTER,
    PROCEDURE,
    OBSERVATION,
    DOCUMENT_REFERENCE,
    APPOINTMENT,
    CLAIM,
)


def _resources(request: HttpRequest, staff: Staff, patient: Patient) -> list[dict[str, Any]]:
    found = [patient_resource(patient)]
    query = QueryDict(f"patient={patient.pk}")
    for spec in EVERYTHING:
        if allowed(staff.role, spec.action) and len(found) < MAX_ENTRIES:
            plans, _ = parse(spec, query, staff.practice.zone)
            found += run(plans, Page(MAX_ENTRIES - len(found), 0), staff, request)[0]
    if allowed(staff.role, Action.CLINICAL_VIEW):
        found += patient_responses(staff, patient)
    return found[:MAX_ENTRIES]


@fhir_endpoint()
def patient_everything(request: HttpRequest, staff: Staff, patient_id: str) -> HttpResponse:
    for name in request.GET:
        if name != "_format":
            raise SearchError(name, f"Parameter {name!r} is not supported by $everything.")
    if request.GET.get("_format", "json") not in FORMATS:
        raise SearchError("_format", "Only JSON is supported (_format=json).")
    actor = fhir_actor(staff, request)
    patient = get_patient(staff, patient_id, actor=actor)
    resources = _resources(request, staff, patient)
    audit_record(
        actor=actor,
        action="patient.fhir_everything",
        category=Category.CLINICAL,
        patient=patient,
        detail={"entries": len(resources), "role": staff.role},
    )
    return searchset_response(request, resources, len(resources))
