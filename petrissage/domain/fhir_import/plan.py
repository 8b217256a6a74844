"""Turn one unit of input into Records, counting what was read and skipped and collecting
per-resource errors (the rest of the unit still imports)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from petrissage.domain.fhir_import import archive, care, clinical, people
from petrissage.domain.fhir_import.reading import Unit
from petrissage.domain.fhir_import.records import KIND_ORDER, Record
from petrissage.domain.fhir_import.references import References, entry_key
from petrissage.domain.fhir_import.values import MappingError

Mapper = Callable[[dict[str, Any], References, str], Record | None]

MAPPERS: dict[str, Mapper] = {
    "Patient": people.map_patient,
    "Coverage": people.map_coverage,
    "Condition": clinical.map_condition,
    "MedicationRequest": clinical.map_medication,
    "MedicationStatement": clinical.map_medication,
    "AllergyIntolerance": clinical.map_allergy,
    "Procedure": clinical.map_procedure,
    "Encounter": clinical.map_encounter,
    "Observation": clinical.map_observation,
    "ServiceRequest": clinical.map_service_request,
    "CarePlan": care.map_care_plan,
    "Basic": archive.map_basic,
}
SUPPORTED_TYPES = (*MAPPERS, "Practitioner", "PractitionerRole")


@dataclass
class Plan:
    records: list[Record] = field(default_factory=list)
    read: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (resource / where, reason)
    failed: set[str] = field(default_factory=set)  # keys of resources that could not be mapped


def _roles_by_practitioner(refs: References, unit: Unit) -> dict[str, list[dict[str, Any]]]:
    roles: dict[str, list[dict[str, Any]]] = {}
    for entry in unit.entries:
        if entry.resource["resourceType"] == "PractitionerRole":
            target = refs.resolve(entry.resource.get("practitioner"), "Practitioner")
            if target and refs.resource(target) is not None:
                roles.setdefault(target, []).append(entry.resource)
    return roles


def _map(
    resource: dict[str, Any], refs: References, key: str, roles: dict[str, list[dict[str, Any]]]
) -> Record | None:
    kind = resource["resourceType"]
    if kind == "Practitioner":
        return people.map_practitioner(resource, refs, key, roles.get(key, []))
    if kind == "PractitionerRole":
        target = refs.resolve(resource.get("practitioner"), "Practitioner")
        if target and refs.resource(target) is not None:
            return None  # merged into its Practitioner
        return people.map_orphan_role(resource, key)
    if kind == "Encounter" and care.carried(resource, care.SESSION_EXTENSION) is not None:
        return care.map_session(resource, refs, key)
    if kind == "Procedure" and care.is_session_line(resource):
        return None  # read back from its session's Encounter
    return MAPPERS[kind](resource, refs, key)


def plan_unit(unit: Unit) -> Plan:
    plan = Plan(errors=list(unit.errors))
    refs = References(unit.entries)
    roles = _roles_by_practitioner(refs, unit)
    seen: dict[str, dict[str, Any]] = {}
    for entry in unit.entries:
        resource = entry.resource
        kind = resource["resourceType"]
        plan.read[kind] += 1
        if kind not in SUPPORTED_TYPES:
            plan.skipped[kind] += 1
            continue
        key = entry_key(entry)
        if key in seen:
            if seen[key] != resource:
                plan.errors.append(
                    (key, f"duplicate id in this input ({entry.where}); kept the first")
                )
            plan.skipped[kind] += 1
            continue
        seen[key] = resource
        try:
            record = _map(resource, refs, key, roles)
        except MappingError as error:
            plan.errors.append((f"{key} ({entry.where})", str(error)))
            plan.failed.add(key)
            continue
        except (TypeError, ValueError, AttributeError, KeyError) as error:
            plan.errors.append((f"{key} ({entry.where})", f"malformed resource: {error}"[:200]))
            plan.failed.add(key)
            continue
        if record is None:
            plan.skipped[kind] += 1
            continue
        record.where = entry.where
        plan.records.append(record)
    plan.records.sort(key=lambda r: KIND_ORDER.index(r.kind))
    return plan
