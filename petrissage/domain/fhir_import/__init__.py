"""FHIR R4 import, the pure part: read files into units, resolve references, map resources
to Records. No Django; the database writes are in petrissage/fhir/importing/."""

from petrissage.domain.fhir_import.plan import SUPPORTED_TYPES, Plan, plan_unit
from petrissage.domain.fhir_import.reading import Unit, expand_paths, read_group, read_units
from petrissage.domain.fhir_import.records import KIND_ORDER, Record
from petrissage.domain.fhir_import.snomed_icd10 import icd10_for_snomed, snomed_icd10_table

__all__ = [
    "KIND_ORDER",
    "SUPPORTED_TYPES",
    "Plan",
    "Record",
    "Unit",
    "expand_paths",
    "icd10_for_snomed",
    "plan_unit",
    "read_group",
    "read_units",
    "snomed_icd10_table",
]
