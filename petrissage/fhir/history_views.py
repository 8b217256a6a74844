"""FHIR read and search for the patient's history and the practice's referrers: Condition,
MedicationStatement, AllergyIntolerance, Coverage, Practitioner (resource_views.Spec).

Every query starts from `scoped` (the token's practice) and the role is checked with
`require`; a patient of another practice simply matches nothing, so an empty result and a
forbidden one look the same. Unsupported parameters are a 400 OperationOutcome; `_count` is
capped at 100."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db.models import Q

from petrissage.audit.models import Category
from petrissage.fhir.mapping.allergy import allergy_resource
from petrissage.fhir.mapping.condition import condition_resource
from petrissage.fhir.mapping.coverage import coverage_resource
from petrissage.fhir.mapping.medication_statement import medication_statement_resource
from petrissage.fhir.mapping.practitioner import practitioner_resource
from petrissage.fhir.resource_views import Source, Spec, plain
from petrissage.fhir.searchset import Param, coded, date_of_field, reference, token
from petrissage.patients.models import Coverage, PatientAllergy, PatientCondition, PatientMedication
from petrissage.practice.access import scoped
from petrissage.practice.permissions import Action
from petrissage.referrals.models import ReferringProvider

PATIENT = Param("patient", "reference", "Patient/{id} or {id}")
SUBJECT = Param("subject", "reference", "Same as patient")
_patient = reference("Patient", "patient_id", strict=False)
CLINICAL_STATUSES = ("active", "recurrence", "relapse", "inactive", "remission", "resolved")


def _clinical_status(choices: tuple[str, ...]) -> dict[str, object]:
    return {code: code for code in choices}


def _npi(value: str, tz: ZoneInfo) -> Q:
    return Q(npi=value.rpartition("|")[2])


def _name(value: str, tz: ZoneInfo) -> Q:
    return Q(name__icontains=value)


CONDITION = Spec(
    "Condition",
    Action.CLINICAL_VIEW,
    Category.CLINICAL,
    (
        PATIENT,
        SUBJECT,
        Param("code", "token", "system|code or code (SNOMED CT, or the mapped ICD-10-CM)"),
        Param("clinical-status", "token", " | ".join(CLINICAL_STATUSES)),
        Param("onset-date", "date", "Onset date: [eq|ne|lt|le|gt|ge]YYYY[-MM[-DD]]"),
    ),
    (
        Source(
            lambda staff: scoped(staff, PatientCondition).order_by("pk"),
            {
                "patient": _patient,
                "subject": _patient,
                "code": coded("code", "system", "icd10_code"),
                "clinical-status": token(
                    "clinical_status", _clinical_status(CLINICAL_STATUSES), "clinical-status"
                ),
                "onset-date": date_of_field("onset", "onset-date", is_date=True),
            },
            plain(condition_resource),
        ),
    ),
    "condition.fhir_search",
    "condition.fhir_read",
    documentation="The patient's conditions (health history and imported problems).",
)

MEDICATION_STATEMENT = Spec(
    "MedicationStatement",
    Action.CLINICAL_VIEW,
    Category.CLINICAL,
    (
        PATIENT,
        SUBJECT,
        Param("code", "token", "RxNorm code (system|code or code)"),
        Param("status", "token", "active | stopped (other codes match nothing)"),
    ),
    (
        Source(
            lambda staff: scoped(staff, PatientMedication).order_by("pk"),
            {
                "patient": _patient,
                "subject": _patient,
                "code": coded("rxnorm"),
                "status": token(
                    "active",
                    {
                        "active": True,
                        "stopped": False,
                        "completed": None,
                        "entered-in-error": None,
                        "intended": None,
                        "on-hold": None,
                        "unknown": None,
                        "not-taken": None,
                    },
                    "status",
                ),
            },
            plain(medication_statement_resource),
        ),
    ),
    "medicationstatement.fhir_search",
    "medicationstatement.fhir_read",
    documentation="Medications the patient reported or an EHR listed.",
)

ALLERGY_INTOLERANCE = Spec(
    "AllergyIntolerance",
    Action.CLINICAL_VIEW,
    Category.CLINICAL,
    (
        PATIENT,
        Param("code", "token", "system|code or code"),
        Param("clinical-status", "token", "active | inactive | resolved"),
        Param("date", "date", "recordedDate: [eq|ne|lt|le|gt|ge]YYYY[-MM[-DD]]"),
    ),
    (
        Source(
            lambda staff: scoped(staff, PatientAllergy).order_by("pk"),
            {
                "patient": _patient,
                "code": coded("code", "system"),
                "clinical-status": token(
                    "clinical_status",
                    _clinical_status(("active", "inactive", "resolved")),
                    "clinical-status",
                ),
                "date": date_of_field("recorded_on", "date", is_date=True),
            },
            plain(allergy_resource),
        ),
    ),
    "allergyintolerance.fhir_search",
    "allergyintolerance.fhir_read",
)

COVERAGE = Spec(
    "Coverage",
    Action.COVERAGE_VIEW,
    Category.COVERAGE,
    (
        Param("patient", "reference", "Patient/{id} or {id} (the beneficiary)"),
        Param("beneficiary", "reference", "Same as patient"),
        Param("status", "token", "active | cancelled (other codes match nothing)"),
    ),
    (
        Source(
            lambda staff: scoped(staff, Coverage).order_by("pk"),
            {
                "patient": _patient,
                "beneficiary": _patient,
                "status": token(
                    "active",
                    {"active": True, "cancelled": False, "draft": None, "entered-in-error": None},
                    "status",
                ),
            },
            plain(coverage_resource),
        ),
    ),
    "coverage.fhir_search",
    "coverage.fhir_read",
)

PRACTITIONER = Spec(
    "Practitioner",
    Action.PATIENT_VIEW,
    Category.CLINICAL,
    (
        Param("name", "string", "Any part of the name"),
        Param("identifier", "token", "NPI (system|value or value)"),
    ),
    (
        Source(
            lambda staff: scoped(staff, ReferringProvider).order_by("pk"),
            {"name": _name, "identifier": _npi},
            plain(practitioner_resource),
        ),
    ),
    "practitioner.fhir_search",
    "practitioner.fhir_read",
    documentation="Referring providers (physicians who prescribe massage).",
)

SPECS = (CONDITION, MEDICATION_STATEMENT, ALLERGY_INTOLERANCE, COVERAGE, PRACTITIONER)
