"""Patient/{id}/$everything: the patient and the records this server holds about them, as a
searchset Bundle (clinical roles; another practice's patient is a 404 like any read)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import audit_record
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.mapping.allergy import allergy_resource
from petrissage.fhir.mapping.condition import condition_resource
from petrissage.fhir.mapping.coverage import coverage_resource
from petrissage.fhir.mapping.flag import flag_resource
from petrissage.fhir.mapping.history import (
    past_encounter_resource,
    past_procedure_resource,
    vital_sign_resource,
)
from petrissage.fhir.mapping.medication_statement import medication_statement_resource
from petrissage.fhir.mapping.patient import patient_resource
from petrissage.fhir.mapping.service_request import service_request_resource
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.search import SearchError
from petrissage.patients.models import Patient
from petrissage.practice.access import get_patient
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action

MAX_ENTRIES = 5000


def _resources(patient: Patient) -> Iterable[dict[str, Any]]:
    from petrissage.clinical.models import ScreeningFinding

    practice_id = patient.practice_id
    yield patient_resource(patient)
    for condition in patient.conditions.filter(practice_id=practice_id).order_by("pk"):
        yield condition_resource(condition)
    for medication in patient.medications.filter(practice_id=practice_id).order_by("pk"):
        yield medication_statement_resource(medication)
    for allergy in patient.allergies.filter(practice_id=practice_id).order_by("pk"):
        yield allergy_resource(allergy)
    for coverage in patient.coverages.filter(practice_id=practice_id).order_by("pk"):
        yield coverage_resource(coverage)
    for procedure in patient.past_procedures.filter(practice_id=practice_id).order_by("pk"):
        yield past_procedure_resource(procedure)
    for encounter in patient.past_encounters.filter(practice_id=practice_id).order_by("pk"):
        yield past_encounter_resource(encounter)
    for vital in patient.vital_signs.filter(practice_id=practice_id).order_by("pk"):
        yield vital_sign_resource(vital)
    today = timezone.localdate(timezone=patient.practice.zone)
    orders = patient.prescriptions.filter(practice_id=practice_id).select_related("provider")
    for prescription in orders.order_by("pk"):
        yield service_request_resource(prescription, today=today, visits_used=0)
    findings = ScreeningFinding.objects.filter(
        practice_id=practice_id, patient=patient, screening__is_current=True
    ).select_related("screening")
    for finding in findings.order_by("pk"):
        yield flag_resource(finding)


@fhir_endpoint()
def patient_everything(request: HttpRequest, staff: Staff, patient_id: str) -> HttpResponse:
    for name in request.GET:
        if name not in ("_format",):
            raise SearchError(name, f"Parameter {name!r} is not supported by $everything.")
    actor = fhir_actor(staff, request)
    patient = get_patient(staff, patient_id, Action.CLINICAL_VIEW, actor=actor)
    resources = []
    for resource in _resources(patient):
        resources.append(resource)
        if len(resources) >= MAX_ENTRIES:
            break
    audit_record(
        actor=actor,
        action="patient.fhir_everything",
        category=Category.CLINICAL,
        patient=patient,
        detail={"entries": len(resources)},
    )
    base = request.build_absolute_uri(reverse("fhir:metadata")).removesuffix("metadata")
    return fhir_response(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(resources),
            "link": [{"relation": "self", "url": request.build_absolute_uri()}],
            "entry": [
                {
                    "fullUrl": f"{base}{r['resourceType']}/{r['id']}",
                    "resource": r,
                    "search": {"mode": "match"},
                }
                for r in resources
            ],
        }
    )
