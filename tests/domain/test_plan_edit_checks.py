"""An edited plan line is checked against the screening (clinical.md §2, Walton [K6]) and an
edited dose against the prescription: one problem per breach, naming the line."""

from __future__ import annotations

from datetime import date

import pytest

from petrissage.domain.plans import PlanTechnique, PrescriptionLimits, TechniqueLine, exceeds_limits
from petrissage.domain.plans.constraints import line_problems
from petrissage.domain.screening import ScreeningInput, Surgery, screen

T = PlanTechnique
TODAY = date(2026, 3, 2)
ANTICOAGULANT = screen(ScreeningInput(today=TODAY, anticoagulant_use=True))  # cap 2 [K3][K4]
KNEE_SURGERY = screen(
    ScreeningInput(
        today=TODAY,
        surgeries=(Surgery(date(2026, 2, 16), "Knee arthroscopy", "knee-right"),),
    )
)


@pytest.mark.parametrize(
    ("screening", "line", "words"),
    [
        (ANTICOAGULANT, TechniqueLine("upper-trapezius-left", T.DEEP_TISSUE, 2), "Deep tissue is not allowed"),
        (ANTICOAGULANT, TechniqueLine("upper-trapezius-left", T.TRIGGER_POINT, 2), "Trigger point therapy is not allowed"),
        (ANTICOAGULANT, TechniqueLine("upper-trapezius-left", T.SWEDISH, 3), "Pressure 3 is above the cap of 2"),
        (KNEE_SURGERY, TechniqueLine("knee-right", T.SWEDISH, 1), "Knee, right is to be avoided"),
    ],
)  # fmt: skip
def test_a_line_breaking_the_screening_is_named(screening, line, words):
    ok = TechniqueLine("upper-trapezius-right", T.SWEDISH, 1)
    problems = line_problems([ok, line], screening)
    assert len(problems) == 1
    number, text = problems[0]
    assert number == 2
    assert words in text


def test_lines_within_the_screening_and_no_screening_pass():
    fine = [TechniqueLine("upper-trapezius-left", T.MYOFASCIAL_RELEASE, 2)]
    assert line_problems(fine, ANTICOAGULANT) == []
    assert line_problems([TechniqueLine("knee-right", T.DEEP_TISSUE, 5)], None) == []


@pytest.mark.parametrize(
    ("dose", "limits", "count"),
    [
        ((2, 4, 8), PrescriptionLimits(sessions_per_week=2, weeks=6, visit_cap=12), 0),
        ((3, 4, 12), PrescriptionLimits(sessions_per_week=2, weeks=6, visit_cap=12), 1),
        ((3, 7, 21), PrescriptionLimits(sessions_per_week=2, weeks=6, visit_cap=12), 3),
        ((3, 7, 21), PrescriptionLimits(), 0),
    ],
)
def test_an_edited_dose_beyond_the_prescription_is_listed(dose, limits, count):
    per_week, weeks, visits = dose
    found = exceeds_limits(per_week, weeks, visits, limits)
    assert len(found) == count
    assert all(f.startswith("exceeds prescription") for f in found)
