"""FHIR Observation: read and search across the three kinds of observation held here.

- pain score per body region from assessments (category exam, LOINC 72514-3; id = the
  region finding's pk),
- outcome scores (category survey; ids "outcome-<pk>"),
- imported vital signs and pregnancy status (blood pressure: category vital-signs; ids
  "vital-<pk>").

Clinical roles only; practice-scoped; every access audited (resource_views.Spec)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db.models import Q

from petrissage.audit.models import Category
from petrissage.clinical.models import RegionFinding
from petrissage.fhir.mapping.history import vital_sign_resource
from petrissage.fhir.mapping.observation import LOINC, NPRS_CODE, observation_resource
from petrissage.fhir.mapping.outcome_observation import outcome_to_observation
from petrissage.fhir.resource_views import Source, Spec, plain
from petrissage.fhir.search import SearchError
from petrissage.fhir.searchset import (
    NOTHING,
    Build,
    Param,
    coding_of_resource,
    date_of_field,
    fixed,
    reference,
)
from petrissage.outcomes.models import OutcomeResponse
from petrissage.patients.models import VitalSign
from petrissage.practice.access import scoped
from petrissage.practice.permissions import Action

# http://hl7.org/fhir/R4/valueset-observation-category.html
CATEGORIES = (
    "social-history",
    "vital-signs",
    "imaging",
    "laboratory",
    "procedure",
    "survey",
    "exam",
    "therapy",
    "activity",
)
STATUSES = (
    "registered",
    "preliminary",
    "final",
    "amended",
    "corrected",
    "cancelled",
    "entered-in-error",
    "unknown",
)
_patient = reference("Patient", "patient_id", strict=False)
_final = fixed("final", "status", STATUSES)


def _nprs(value: str, tz: ZoneInfo) -> Q:
    """Region findings carry one code: LOINC 72514-3 (with or without the system)."""
    system, bar, code = value.rpartition("|")
    return Q() if code == NPRS_CODE and (not bar or system in ("", LOINC)) else NOTHING


def _category_code(value: str) -> str:
    wanted = value.rpartition("|")[2]
    if wanted not in CATEGORIES:
        raise SearchError("category", f"category must be one of {' | '.join(CATEGORIES)}.")
    return wanted


def _category(code: str) -> Build:
    return lambda value, tz: Q() if _category_code(value) == code else NOTHING


def _vital_category(value: str, tz: ZoneInfo) -> Q:
    """Blood pressure is a vital sign; pregnancy status has no category."""
    if _category_code(value) != "vital-signs":
        return NOTHING
    return Q(systolic__isnull=False) | Q(diastolic__isnull=False)


def _vital_code(value: str, tz: ZoneInfo) -> Q:
    system, bar, code = value.rpartition("|")
    return NOTHING if bar and system and system != LOINC else Q(loinc=code)


OBSERVATION = Spec(
    "Observation",
    Action.CLINICAL_VIEW,
    Category.CLINICAL,
    (
        Param("patient", "reference", "The patient: 123 or Patient/123"),
        Param(
            "code",
            "token",
            f"{LOINC}|{NPRS_CODE} (pain score per body region), an outcome instrument's "
            "LOINC or instrument code, or a vital sign's LOINC code",
        ),
        Param(
            "date",
            "date",
            "Effective date: YYYY, YYYY-MM or YYYY-MM-DD, with optional prefix eq, ne, lt, le, "
            "gt, ge",
        ),
        Param("status", "token", "final (every observation here)"),
        Param("category", "token", "exam (pain scores) | survey (outcome scores) | vital-signs"),
    ),
    (
        Source(
            lambda staff: (
                scoped(staff, RegionFinding)
                .select_related("assessment__therapist", "patient")
                .order_by("patient_id", "assessment__assessed_on", "assessment_id", "region_code")
            ),
            {
                "patient": _patient,
                "code": _nprs,
                "date": date_of_field("assessment__assessed_on", "date", is_date=True),
                "status": _final,
                "category": _category("exam"),
            },
            plain(observation_resource),
        ),
        Source(
            lambda staff: (
                scoped(staff, OutcomeResponse)
                .select_related("instrument")
                .order_by("patient_id", "collected_at", "id")
            ),
            {
                "patient": _patient,
                "code": coding_of_resource("code"),
                "date": date_of_field("collected_at", "date"),
                "status": _final,
                "category": _category("survey"),
            },
            plain(outcome_to_observation),
            prefix="outcome-",
        ),
        Source(
            lambda staff: scoped(staff, VitalSign).order_by("patient_id", "effective_at", "id"),
            {
                "patient": _patient,
                "code": _vital_code,
                "date": date_of_field("effective_at", "date"),
                "status": _final,
                "category": _vital_category,
            },
            plain(vital_sign_resource),
            prefix="vital-",
        ),
    ),
    "observation.search",
    "observation.view",
    documentation="Pain score (NPRS, LOINC 72514-3) per body region from assessments "
    "(bodySite: SNOMED CT structure and laterality); outcome scores (ids outcome-{pk}, "
    "category survey); imported vital signs (ids vital-{pk}). Needs a clinical role "
    "(therapist or owner).",
)
