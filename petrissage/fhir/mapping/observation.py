"""RegionFinding -> FHIR R4 Observation (pain score of one body region), and the
Observation search parameters the facade accepts. Validated against fhir.resources in tests.

One Observation per region finding: the NPRS as valueInteger, the region as bodySite
(SNOMED CT structure + laterality qualifier extension), pain quality and palpation as
components with Petrissage's own code system (no standard codes were confirmed for them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import RegionFinding
from petrissage.domain.regions import is_region, region
from petrissage.fhir.search import (
    DEFAULT_COUNT,
    MAX_COUNT,
    MAX_OFFSET,
    MAX_VALUE_LENGTH,
    SearchError,
    _date_range,
)

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
# LOINC 72514-3, as performance-and-data.md §A3 lists it: seen in the hl7-be
# patient-monitoring ValueSet and hl7-eu EPS examples (not re-checked against loinc.org).
NPRS_CODE = "72514-3"
NPRS_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
# mCODE STU4 "Laterality Qualifier" extension (an R4 IG); its context includes
# Observation.bodySite and CodeableConcept.
LATERALITY_EXTENSION = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"
# Local code systems: Petrissage's own codes, used where no standard code was confirmed.
PAIN_QUALITY_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/pain-quality"
PALPATION_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/palpation"
REGION_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/body-region"
PALPATION_FLAGS = (
    ("trigger_points", "Trigger points"),
    ("adhesions", "Adhesions"),
    ("hypertonicity", "Hypertonicity"),
)

OBSERVATION_SEARCH_PARAMS = (
    ("patient", "reference", "The patient: 123 or Patient/123"),
    ("code", "token", f"{LOINC}|{NPRS_CODE} (pain score per body region), or {NPRS_CODE}"),
    (
        "date",
        "date",
        "Assessment date: YYYY, YYYY-MM or YYYY-MM-DD, with optional prefix eq, ne, lt, le, gt, ge",
    ),
)
RESULT_PARAMS = ("_count", "_offset", "_format")


def _body_site(finding: RegionFinding) -> dict[str, Any]:
    code = finding.region_code
    if not is_region(code):  # a code dropped from the table since: keep its text
        return {"coding": [{"system": REGION_SYSTEM, "code": code}], "text": code}
    r = region(code)
    site: dict[str, Any] = {
        "coding": [
            {"system": SNOMED, "code": r.snomed_code, "display": r.snomed_display},
            {"system": REGION_SYSTEM, "code": r.code, "display": r.label},
        ],
        "text": r.label,
    }
    if r.laterality_code:
        site["extension"] = [
            {
                "url": LATERALITY_EXTENSION,
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": SNOMED,
                            "code": r.laterality_code,
                            "display": r.laterality_display,
                        }
                    ]
                },
            }
        ]
    return site


def _component(code: str, text: str, system: str = PALPATION_SYSTEM) -> dict[str, Any]:
    return {"code": {"coding": [{"system": system, "code": code, "display": text}], "text": text}}


def _components(finding: RegionFinding) -> list[dict[str, Any]]:
    components = []
    if finding.pain_quality:
        quality = _component("quality", "Pain quality", PAIN_QUALITY_SYSTEM)
        quality["valueCodeableConcept"] = {
            "coding": [
                {
                    "system": PAIN_QUALITY_SYSTEM,
                    "code": finding.pain_quality,
                    "display": finding.get_pain_quality_display(),
                }
            ]
        }
        components.append(quality)
    tenderness = _component("tenderness", "Tenderness grade 0-3")
    tenderness["valueInteger"] = finding.tenderness
    components.append(tenderness)
    for name, text in PALPATION_FLAGS:
        flag = _component(name.replace("_", "-"), text)
        flag["valueBoolean"] = bool(getattr(finding, name))
        components.append(flag)
    return components


def observation_resource(finding: RegionFinding) -> dict[str, Any]:
    """One region finding as an Observation (select_related assessment__therapist)."""
    assessment = finding.assessment
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(finding.pk),
        "meta": {"lastUpdated": assessment.updated_at.isoformat()},
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "exam", "display": "Exam"}]}],
        "code": {
            "coding": [{"system": LOINC, "code": NPRS_CODE, "display": NPRS_DISPLAY}],
            "text": "Pain score (NPRS 0-10)",
        },
        "subject": {"reference": f"Patient/{finding.patient_id}"},
        "effectiveDateTime": assessment.assessed_on.isoformat(),
        "issued": assessment.updated_at.isoformat(),
        "performer": [{"display": assessment.therapist.display_name}],
        "valueInteger": finding.nprs,
        "bodySite": _body_site(finding),
        "component": _components(finding),
    }
    if finding.notes:
        resource["note"] = [{"text": finding.notes}]
    return resource


# Search ---------------------------------------------------------------------------------


@dataclass
class ObservationSearch:
    filters: list[Q] = field(default_factory=list)
    count: int = DEFAULT_COUNT
    offset: int = 0
    patient_ids: set[int] = field(default_factory=set)


def _patient_filter(value: str, search: ObservationSearch) -> Q:
    ident = value.removeprefix("Patient/")
    if not ident.isdigit() or len(ident) > 18:
        return Q(pk__in=[])  # not one of our ids: matches nothing
    search.patient_ids.add(int(ident))
    return Q(patient_id=int(ident))


def _is_nprs_code(value: str) -> bool:
    """Region findings carry one code: LOINC 72514-3 (with or without the system)."""
    system, bar, code = value.rpartition("|")
    return code == NPRS_CODE and (not bar or system in ("", LOINC))


def _date_filter(value: str) -> Q:
    prefix, start, end = _date_range("date", value)
    on = "assessment__assessed_on"
    in_range = Q(**{f"{on}__gte": start, f"{on}__lte": end})
    return {
        "eq": in_range,
        "ne": ~in_range,
        "lt": Q(**{f"{on}__lt": start}),
        "le": Q(**{f"{on}__lte": end}),
        "gt": Q(**{f"{on}__gt": end}),
        "ge": Q(**{f"{on}__gte": start}),
    }[prefix]


def _int_param(name: str, text: str, maximum: int) -> int:
    if not text.isdigit():
        raise SearchError(name, f"{name} must be a whole number, not {text[:20]!r}.")
    return min(int(text), maximum)


def _value_filter(parameter: str, value: str, search: ObservationSearch) -> Q:
    if not value or len(value) > MAX_VALUE_LENGTH or "\x00" in value:
        raise SearchError(
            parameter, f"{parameter} needs a value of 1 to {MAX_VALUE_LENGTH} characters."
        )
    if parameter == "patient":
        return _patient_filter(value, search)
    if parameter == "code":
        matches = any(_is_nprs_code(part.strip()) for part in value.split(",")[:10])
        return Q() if matches else Q(pk__in=[])
    return _date_filter(value)


SUPPORTED = {name for name, _, _ in OBSERVATION_SEARCH_PARAMS}


def parse_observation_search(query: QueryDict) -> ObservationSearch:
    """Repeated parameters are ANDed; an unsupported parameter or modifier is a 400."""
    search = ObservationSearch()
    for key, values in query.lists():
        if key == "_count":
            search.count = _int_param(key, values[-1], MAX_COUNT)
        elif key == "_offset":
            search.offset = _int_param(key, values[-1], MAX_OFFSET)
        elif key == "_format":
            if values[-1] not in ("json", "application/json", "application/fhir+json"):
                raise SearchError("_format", "Only JSON is supported (_format=json).")
        elif key in SUPPORTED:
            search.filters.extend(_value_filter(key, value, search) for value in values)
        else:
            raise SearchError(
                key,
                f"The search parameter {key!r} is not supported for Observation. Supported: "
                f"{', '.join(sorted(SUPPORTED | set(RESULT_PARAMS)))}.",
            )
    return search


def run_observation_search(
    findings: QuerySet[RegionFinding], search: ObservationSearch
) -> QuerySet[RegionFinding]:
    for condition in search.filters:
        findings = findings.filter(condition)
    return findings.select_related("assessment__therapist", "patient").order_by(
        "patient_id", "assessment__assessed_on", "assessment_id", "region_code"
    )


def audit_observation_access(
    *, actor: Actor, action: str, shown: list[RegionFinding], detail: dict[str, Any]
) -> None:
    """One audit event per read or search; names the patient when only one is involved."""
    patients = {finding.patient for finding in shown}
    audit_record(
        actor=actor,
        action=action,
        category=Category.CLINICAL,
        patient=next(iter(patients)) if len(patients) == 1 else None,
        detail={**detail, "count": len(shown)},
    )
