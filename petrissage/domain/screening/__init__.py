"""Contraindication screening (clinical.md §2): intake + coded history -> findings.

from petrissage.domain.screening import ScreeningInput, screen
result = screen(ScreeningInput(today=date.today(), fever_or_infection=True))
result.blocks_treatment, result.pressure_cap, result.findings
"""

from __future__ import annotations

from petrissage.domain.screening.codes import match_condition, match_medication
from petrissage.domain.screening.engine import RULES_VERSION, ScreeningResult, screen
from petrissage.domain.screening.model import (
    ICD10CM,
    SNOMED,
    BloodPressure,
    BloodPressureReading,
    CodedCondition,
    Finding,
    FindingClass,
    Fracture,
    ImplantedDevice,
    Injection,
    LymphNodeSite,
    Medication,
    ScreeningInput,
    Surgery,
    Technique,
)
from petrissage.domain.screening.vitals import (
    READING_WINDOW,
    BloodPressureStatus,
    blood_pressure_status,
    classify_blood_pressure,
)

__all__ = [
    "ICD10CM",
    "READING_WINDOW",
    "RULES_VERSION",
    "SNOMED",
    "BloodPressure",
    "BloodPressureReading",
    "BloodPressureStatus",
    "CodedCondition",
    "Finding",
    "FindingClass",
    "Fracture",
    "ImplantedDevice",
    "Injection",
    "LymphNodeSite",
    "Medication",
    "ScreeningInput",
    "ScreeningResult",
    "Surgery",
    "Technique",
    "blood_pressure_status",
    "classify_blood_pressure",
    "match_condition",
    "match_medication",
    "screen",
]
