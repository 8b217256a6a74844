"""Speed of the contraindication rules engine (pure Python, no database).

Figure: screenings per second of a patient with a realistic history (warfarin, osteoporosis,
past surgery, two coded conditions, several red-flag answers).
Baseline: constructing the same ScreeningInput (validation only), measured in the same run.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from petrissage.domain.screening import CodedCondition, Medication, ScreeningInput, Surgery, screen

N = 5000
TODAY = date(2026, 11, 23)


def _input() -> ScreeningInput:
    return ScreeningInput(
        today=TODAY,
        age=71,
        anticoagulant_use=True,
        osteoporosis=True,
        diabetic_neuropathy=True,
        surgeries=(
            Surgery(
                on=TODAY - timedelta(days=20), description="knee arthroscopy", region="knee-left"
            ),
        ),
        conditions=(
            CodedCondition("snomed", "64859006", "Osteoporosis (disorder)"),
            CodedCondition("snomed", "49436004", "Atrial fibrillation"),
        ),
        medications=(Medication(name="Warfarin Sodium 5 MG Oral Tablet", rxnorm="855332"),),
    )


def main() -> None:
    started = time.perf_counter()
    for _ in range(N):
        _input()
    baseline = N / (time.perf_counter() - started)
    started = time.perf_counter()
    findings = 0
    for _ in range(N):
        findings = len(screen(_input()).findings)
    rate = N / (time.perf_counter() - started)
    print(
        f"screening_rules: {rate:,.0f} screenings/s ({findings} findings each); "
        f"baseline input construction {baseline:,.0f}/s; ratio {rate / baseline:.2f}"
    )
