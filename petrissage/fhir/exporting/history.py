"""Exporters for what import_fhir reads back: patients, history, coverage, referring
providers and prescriptions. Rows are streamed in primary-key order with iterator()."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from petrissage.domain.fhir_import.archive import stored_as_tag
from petrissage.fhir.exporting.registry import register
from petrissage.fhir.mapping.allergy import allergy_resource
from petrissage.fhir.mapping.condition import condition_resource
from petrissage.fhir.mapping.coverage import coverage_resource
from petrissage.fhir.mapping.history import (
    past_encounter_resource,
    past_procedure_resource,
    vital_sign_resource,
)
from petrissage.fhir.mapping.medication_statement import medication_statement_resource
from petrissage.fhir.mapping.patient import patient_resource
from petrissage.fhir.mapping.practitioner import practitioner_resource, practitioner_role_resource
from petrissage.fhir.mapping.service_request import service_request_resource
from petrissage.patients.models import (
    Coverage,
    PastEncounter,
    PastProcedure,
    Patient,
    PatientAllergy,
    PatientCondition,
    PatientMedication,
    VitalSign,
)
from petrissage.practice.models import Practice
from petrissage.referrals.models import Prescription, ReferringProvider

CHUNK = 2000


@register("Patient", "patients")
def patients(practice: Practice) -> Iterator[dict[str, Any]]:
    rows = Patient.objects.filter(practice=practice).select_related("practice")
    for patient in rows.prefetch_related("identifiers").order_by("pk").iterator(CHUNK):
        yield patient_resource(patient)


@register("Condition", "conditions")
def conditions(practice: Practice) -> Iterator[dict[str, Any]]:
    for row in PatientCondition.objects.filter(practice=practice).order_by("pk").iterator(CHUNK):
        yield condition_resource(row)


@register("MedicationStatement", "medications")
def medications(practice: Practice) -> Iterator[dict[str, Any]]:
    for row in PatientMedication.objects.filter(practice=practice).order_by("pk").iterator(CHUNK):
        yield medication_statement_resource(row)


@register("AllergyIntolerance", "allergies")
def allergies(practice: Practice) -> Iterator[dict[str, Any]]:
    for row in PatientAllergy.objects.filter(practice=practice).order_by("pk").iterator(CHUNK):
        yield allergy_resource(row)


@register("Procedure", "past procedures")
def past_procedures(practice: Practice) -> Iterator[dict[str, Any]]:
    for row in PastProcedure.objects.filter(practice=practice).order_by("pk").iterator(CHUNK):
        yield past_procedure_resource(row)


@register("Encounter", "past encounters")
def past_encounters(practice: Practice) -> Iterator[dict[str, Any]]:
    for row in PastEncounter.objects.filter(practice=practice).order_by("pk").iterator(CHUNK):
        yield past_encounter_resource(row)


@register("Observation", "vital signs")
def vital_signs(practice: Practice) -> Iterator[dict[str, Any]]:
    """Tagged as stored (a vital sign), so import_fhir reads them back as such."""
    for row in VitalSign.objects.filter(practice=practice).order_by("pk").iterator(CHUNK):
        resource = vital_sign_resource(row)
        resource.setdefault("meta", {})["tag"] = [stored_as_tag("patients.vitalsign")]
        yield resource


@register("Coverage", "coverage")
def coverages(practice: Practice) -> Iterator[dict[str, Any]]:
    for row in Coverage.objects.filter(practice=practice).order_by("pk").iterator(CHUNK):
        yield coverage_resource(row)


@register("Practitioner", "referring providers")
def practitioners(practice: Practice) -> Iterator[dict[str, Any]]:
    for row in ReferringProvider.objects.filter(practice=practice).order_by("pk"):
        yield practitioner_resource(row)


@register("PractitionerRole", "referring providers' specialty and organisation")
def practitioner_roles(practice: Practice) -> Iterator[dict[str, Any]]:
    for row in ReferringProvider.objects.filter(practice=practice).order_by("pk"):
        role = practitioner_role_resource(row)
        if role is not None:
            yield role


@register("ServiceRequest", "prescriptions")
def prescriptions(practice: Practice) -> Iterator[dict[str, Any]]:
    """The requester is a reference to the exported Practitioner (not a contained copy), so
    a re-import links the order to the same referring provider."""
    today = timezone.localdate(timezone=practice.zone)
    rows = Prescription.objects.filter(practice=practice).select_related("provider")
    for prescription in rows.order_by("pk"):
        resource = service_request_resource(prescription, today=today, visits_used=0)
        resource.pop("contained", None)
        resource["requester"] = {
            "reference": f"Practitioner/{prescription.provider_id}",
            "display": str(prescription.provider),
        }
        yield resource
