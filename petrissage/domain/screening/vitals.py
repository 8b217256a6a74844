"""Measured blood pressure in screening: classify one reading, and decide whether the
latest reading or the intake answer speaks for the patient's blood pressure today.

clinical.md §2 [K8] separates uncontrolled hypertension (defer and refer) from controlled
hypertension (normal care, slow position changes) but gives no numbers, and the domain had
none. The thresholds below are therefore not from clinical.md (U, standard guideline
categories): a reading in ESH/ESC grade 3, "severe" hypertension (systolic >= 180 and/or
diastolic >= 110 mmHg), counts as uncontrolled; from 140 and/or 90 mmHg (ESH/ESC grade 1,
ACC/AHA 2017 stage 2, where both guidelines call it hypertension) it is raised, and the
"controlled" rule asks the therapist to confirm control; below that it is in range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from petrissage.domain.screening.common import within
from petrissage.domain.screening.model import BloodPressure, BloodPressureReading, ScreeningInput

SEVERE = (Decimal(180), Decimal(110))  # systolic, diastolic mmHg (U, see above)
RAISED = (Decimal(140), Decimal(90))  # systolic, diastolic mmHg (U, see above)

# Ours (U): clinical.md §2 asks whether blood pressure is controlled *now*, and control
# changes with treatment. Adults are measured at least yearly at routine visits, so the
# latest reading of the past year counts; an older one no longer says how it is today.
READING_WINDOW = timedelta(days=365)

_BANDS = {
    BloodPressure.UNCONTROLLED: f"at or above {SEVERE[0]}/{SEVERE[1]} mmHg",
    BloodPressure.CONTROLLED: f"at or above {RAISED[0]}/{RAISED[1]} mmHg",
    BloodPressure.NONE: f"below {RAISED[0]}/{RAISED[1]} mmHg",
}
_INTAKE_EVIDENCE = {
    BloodPressure.UNCONTROLLED: "intake: high blood pressure, not controlled",
    BloodPressure.CONTROLLED: "intake: high blood pressure, controlled",
    BloodPressure.NONE: "",
}
_ANSWERS = {
    BloodPressure.UNCONTROLLED: "high blood pressure, not controlled",
    BloodPressure.CONTROLLED: "high blood pressure, controlled",
    BloodPressure.NONE: "no high blood pressure",
}


def _reaches(
    systolic: Decimal | int | None,
    diastolic: Decimal | int | None,
    limits: tuple[Decimal, Decimal],
) -> bool:
    return (systolic is not None and systolic >= limits[0]) or (
        diastolic is not None and diastolic >= limits[1]
    )


def classify_blood_pressure(
    systolic: Decimal | int | None, diastolic: Decimal | int | None
) -> BloodPressure:
    """The screening category of one reading in mmHg; the higher of the systolic and the
    diastolic category wins, and a missing value does not count.

    UNCONTROLLED: >= 180 systolic or >= 110 diastolic (refer out).
    CONTROLLED: >= 140 or >= 90 (raised: the "controlled" rule, confirm control).
    NONE: below both."""
    if _reaches(systolic, diastolic, SEVERE):
        return BloodPressure.UNCONTROLLED
    if _reaches(systolic, diastolic, RAISED):
        return BloodPressure.CONTROLLED
    return BloodPressure.NONE


@dataclass(frozen=True)
class BloodPressureStatus:
    """What the blood-pressure rule works from, and the evidence that names its source."""

    category: BloodPressure
    evidence: str  # "" when there is nothing to cite (no answer and no current reading)
    reading: BloodPressureReading | None = None  # the reading, when it decided
    measured: BloodPressure | None = None  # the reading's own category, when it decided


def current_reading(inp: ScreeningInput) -> BloodPressureReading | None:
    """The reading, if it is recent (READING_WINDOW) and not older than the intake answer.
    On the same day the measurement wins over the patient's own answer."""
    reading = inp.blood_pressure_reading
    if reading is None or not within(reading.on, inp.today, READING_WINDOW):
        return None
    answered = inp.blood_pressure_answered_on
    if answered is not None and reading.on < answered:
        return None
    return reading


def blood_pressure_status(inp: ScreeningInput) -> BloodPressureStatus:
    """The newer of the intake answer and a current reading decides. A reading in range
    for a patient who reported high blood pressure means it is controlled, not absent."""
    reading = current_reading(inp)
    if reading is None:
        return BloodPressureStatus(inp.blood_pressure, _INTAKE_EVIDENCE[inp.blood_pressure])
    measured = classify_blood_pressure(reading.systolic, reading.diastolic)
    category = measured
    if measured is BloodPressure.NONE and inp.blood_pressure is not BloodPressure.NONE:
        category = BloodPressure.CONTROLLED
    note = _BANDS[measured]
    if inp.blood_pressure_answered_on is not None:
        note += (
            f"; newer than the intake answer of {inp.blood_pressure_answered_on.isoformat()}: "
            f"{_ANSWERS[inp.blood_pressure]}"
        )
    return BloodPressureStatus(category, f"{reading.describe()} ({note})", reading, measured)
