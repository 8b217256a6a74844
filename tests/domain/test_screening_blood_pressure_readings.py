"""A measured blood pressure is classified by fixed thresholds (>= 180/110 uncontrolled,
>= 140/90 raised, below that in range) and drives the blood-pressure rule when it is recent
(one year) and not older than the intake answer; the finding names the reading."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from petrissage.domain.screening import (
    BloodPressure,
    BloodPressureReading,
    CodedCondition,
    ScreeningInput,
    classify_blood_pressure,
    screen,
)

TODAY = date(2026, 11, 20)
NONE, CONTROLLED, UNCONTROLLED = (
    BloodPressure.NONE,
    BloodPressure.CONTROLLED,
    BloodPressure.UNCONTROLLED,
)

# (systolic, diastolic, category): the higher of the two categories wins.
CLASSIFICATION = [
    (118, 76, NONE),
    (139, 89, NONE),
    (Decimal("139.9"), Decimal("89.9"), NONE),
    (140, 70, CONTROLLED),  # systolic alone raises it
    (120, 90, CONTROLLED),  # diastolic alone raises it
    (165, 102, CONTROLLED),
    (179, 109, CONTROLLED),
    (Decimal("179.9"), Decimal("109.9"), CONTROLLED),
    (180, 80, UNCONTROLLED),  # systolic alone at the severe line
    (150, 110, UNCONTROLLED),  # diastolic alone at the severe line
    (182, 112, UNCONTROLLED),
    (Decimal("210.0"), Decimal("125.0"), UNCONTROLLED),
    (185, None, UNCONTROLLED),  # a missing value does not count
    (None, 95, CONTROLLED),
    (None, 70, NONE),
    (None, None, NONE),
]


@pytest.mark.parametrize(("systolic", "diastolic", "category"), CLASSIFICATION)
def test_a_reading_is_classified_by_its_higher_value(systolic, diastolic, category):
    assert classify_blood_pressure(systolic, diastolic) is category


def _reading(days_ago: int, systolic: int | None, diastolic: int | None) -> BloodPressureReading:
    return BloodPressureReading(
        on=TODAY - timedelta(days=days_ago),
        systolic=Decimal(systolic) if systolic is not None else None,
        diastolic=Decimal(diastolic) if diastolic is not None else None,
    )


def _bp_findings(**fields):
    result = screen(ScreeningInput(today=TODAY, **fields))
    return {f.rule_id: f for f in result.findings if f.rule_id.startswith("hypertension")}


def test_a_severe_reading_without_an_intake_refers_out_and_names_the_reading():
    findings = _bp_findings(blood_pressure_reading=_reading(30, 182, 112))

    finding = findings["hypertension-uncontrolled"]
    assert list(findings) == ["hypertension-uncontrolled"]
    assert finding.finding_class == "refer"
    assert finding.blocks_treatment
    day = (TODAY - timedelta(days=30)).isoformat()
    assert finding.evidence == (
        f"imported reading 182/112 mmHg on {day} (at or above 180/110 mmHg)",
    )


def test_a_raised_reading_asks_to_confirm_control():
    findings = _bp_findings(blood_pressure_reading=_reading(10, 152, 94))

    finding = findings["hypertension-controlled"]
    assert list(findings) == ["hypertension-controlled"]
    assert finding.condition == "High blood pressure (raised reading)"
    assert not finding.blocks_treatment
    assert finding.evidence[0].startswith("imported reading 152/94 mmHg on ")


def test_a_reading_in_range_alone_gives_no_finding():
    assert _bp_findings(blood_pressure_reading=_reading(10, 124, 78)) == {}


# (days ago of the reading, of the intake answer or None, intake answer, reading, expected rule)
PRECEDENCE = [
    # the reading is newer than the answer: the reading decides
    (5, 200, NONE, (182, 112), "hypertension-uncontrolled"),
    (5, 200, UNCONTROLLED, (150, 92), "hypertension-controlled"),
    # in range for a patient who reported high blood pressure: controlled, not absent
    (5, 200, UNCONTROLLED, (126, 80), "hypertension-controlled"),
    (5, 200, CONTROLLED, (126, 80), "hypertension-controlled"),
    # the same day: the measurement wins over the patient's own answer
    (7, 7, NONE, (182, 112), "hypertension-uncontrolled"),
    # the answer is newer: the answer decides
    (60, 5, NONE, (182, 112), None),
    (60, 5, CONTROLLED, (182, 112), "hypertension-controlled"),
    (60, 5, UNCONTROLLED, (120, 70), "hypertension-uncontrolled"),
    # older than a year: the reading does not count, with or without an intake
    (366, None, NONE, (182, 112), None),
    (400, 500, UNCONTROLLED, (120, 70), "hypertension-uncontrolled"),
    # exactly a year old still counts
    (365, None, NONE, (182, 112), "hypertension-uncontrolled"),
]


@pytest.mark.parametrize(("read_ago", "answered_ago", "answer", "values", "rule"), PRECEDENCE)
def test_the_newer_of_reading_and_intake_answer_decides(
    read_ago, answered_ago, answer, values, rule
):
    answered_on = TODAY - timedelta(days=answered_ago) if answered_ago is not None else None
    findings = _bp_findings(
        blood_pressure=answer,
        blood_pressure_answered_on=answered_on,
        blood_pressure_reading=_reading(read_ago, *values),
    )

    assert list(findings) == ([rule] if rule else [])


def test_an_older_intake_answer_is_named_beside_the_newer_reading():
    findings = _bp_findings(
        blood_pressure=UNCONTROLLED,
        blood_pressure_answered_on=date(2026, 3, 2),
        blood_pressure_reading=BloodPressureReading(
            on=date(2026, 10, 1), systolic=Decimal("128.0"), diastolic=Decimal("82.0")
        ),
    )

    assert findings["hypertension-controlled"].evidence == (
        "imported reading 128/82 mmHg on 2026-10-01 (below 140/90 mmHg; newer than the "
        "intake answer of 2026-03-02: high blood pressure, not controlled)",
    )


def test_a_reading_in_range_is_cited_with_coded_hypertension():
    hypertension = CodedCondition("SNOMED CT", "59621000", "Essential hypertension (disorder)")
    findings = _bp_findings(conditions=(hypertension,), blood_pressure_reading=_reading(3, 131, 84))

    evidence = findings["hypertension-controlled"].evidence
    assert evidence[0].startswith("imported reading 131/84 mmHg on ")
    assert "59621000" in evidence[1]
    assert findings["hypertension-controlled"].condition == "High blood pressure (controlled)"


def test_a_severe_reading_outranks_coded_controlled_hypertension():
    hypertension = CodedCondition("SNOMED CT", "59621000", "Essential hypertension (disorder)")
    findings = _bp_findings(
        conditions=(hypertension,), blood_pressure_reading=_reading(3, 181, 100)
    )

    assert list(findings) == ["hypertension-uncontrolled"]


def test_a_reading_with_one_value_names_it():
    findings = _bp_findings(blood_pressure_reading=_reading(3, None, 115))

    assert "diastolic 115 mmHg" in findings["hypertension-uncontrolled"].evidence[0]


@pytest.mark.parametrize(
    ("reading", "field"),
    [
        (BloodPressureReading(on=TODAY + timedelta(days=1), systolic=Decimal(120)), "reading.on"),
        (BloodPressureReading(on=TODAY, systolic=Decimal(1200)), "reading.systolic"),
        (BloodPressureReading(on=TODAY, systolic=120, diastolic=-4), "reading.diastolic"),
        (BloodPressureReading(on=TODAY), "blood_pressure_reading: has neither"),
    ],
)
def test_impossible_readings_are_rejected_naming_the_field(reading, field):
    with pytest.raises(ValueError, match=field):
        ScreeningInput(today=TODAY, blood_pressure_reading=reading)


def test_a_future_intake_answer_is_rejected():
    with pytest.raises(ValueError, match="blood_pressure_answered_on"):
        ScreeningInput(today=TODAY, blood_pressure_answered_on=TODAY + timedelta(days=2))
