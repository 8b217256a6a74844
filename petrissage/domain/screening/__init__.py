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

__all__ = [
    "ICD10CM",
    "RULES_VERSION",
    "SNOMED",
    "BloodPressure",
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
    "match_condition",
    "match_medication",
    "screen",
]
