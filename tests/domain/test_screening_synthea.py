"""Screening runs over the real Synthea test data and recognises its codes."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from petrissage.domain.screening import SNOMED, CodedCondition, Medication, ScreeningInput, screen

BUNDLES = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "synthea"
    / "smart-generated-sample-data-R4"
)
TODAY = date(2021, 6, 1)  # the bundles were generated before this date


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _inputs(bundle: dict) -> ScreeningInput:
    conditions, meds = [], []
    for entry in bundle.get("entry", []):
        res = entry["resource"]
        if res["resourceType"] == "Condition":
            coding = res["code"]["coding"][0]
            status = res.get("clinicalStatus", {}).get("coding", [{}])[0].get("code", "active")
            conditions.append(
                CodedCondition(
                    SNOMED,
                    coding["code"],
                    coding.get("display", ""),
                    status,
                    min(_day(res.get("onsetDateTime")) or TODAY, TODAY),
                    min(_day(res.get("abatementDateTime")) or TODAY, TODAY)
                    if res.get("abatementDateTime")
                    else None,
                )
            )
        elif res["resourceType"] == "MedicationRequest":
            coding = res.get("medicationCodeableConcept", {}).get("coding", [{}])[0]
            meds.append(
                Medication(coding.get("display", ""), coding.get("code"), res["status"] == "active")
            )
    return ScreeningInput(today=TODAY, conditions=tuple(conditions), medications=tuple(meds))


def test_every_synthea_patient_screens_and_codes_are_recognised():
    files = sorted(BUNDLES.glob("*.json"))
    if not files:
        pytest.skip("../shared/data (third-party test data) is not beside this checkout")
    rules: Counter[str] = Counter()
    for path in files:
        bundle = json.loads(path.read_text(encoding="utf-8"))
        if not any(e["resource"]["resourceType"] == "Patient" for e in bundle.get("entry", [])):
            continue
        result = screen(_inputs(bundle))
        rules.update({f.rule_id for f in result.findings})
    # Categories the data is known to hold (performance-and-data.md §A1).
    for rule_id in ("osteoporosis", "bleeding-risk", "diabetic-neuropathy", "cancer-active"):
        assert rules[rule_id] > 0, rules
