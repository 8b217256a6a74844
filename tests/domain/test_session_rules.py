"""Treatment-line rules: input checks, each screening restriction, reasons, and totals."""

from __future__ import annotations

import pytest

from petrissage.domain.session_rules import (
    Limit,
    Line,
    input_problems,
    line_problems,
    restriction_breaches,
    restriction_overrides,
    totals,
)

CALF_L = "calf-left"
CALF_R = "calf-right"
TRAP_L = "upper-trapezius-left"


def line(region=TRAP_L, technique="swedish", minutes=20, pressure=3, reason=""):
    return Line(region, technique, minutes, pressure, reason)


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        (line(minutes=0), "minutes", "at least 1"),
        (line(minutes=-5), "minutes", "at least 1"),
        (line(minutes=241), "minutes", "more than 240"),
        (line(technique="reiki"), "technique", "not one of the listed techniques"),
        (line(region="left-elbow-ish"), "region", "not a known body region"),
        (line(pressure=6), "pressure", "0–5"),
    ],
)
def test_bad_input_names_the_line_and_field(bad, field, words):
    problems = input_problems([line(), bad])
    assert len(problems) == 1
    assert problems[0].line == 2
    assert problems[0].field == field
    assert words in problems[0].message
    assert problems[0].text.startswith(f"Line 2, {field}:")
    assert not problems[0].overridable


def test_lines_may_not_add_up_to_more_than_the_appointment():
    lines = [line(minutes=40), line(minutes=30)]
    assert input_problems(lines, appointment_minutes=70) == []
    (problem,) = input_problems(lines, appointment_minutes=60)
    assert problem.line is None
    assert "70 minutes" in problem.message
    assert "60-minute" in problem.message


def test_minutes_at_the_limits_are_fine():
    assert input_problems([line(minutes=1), line(minutes=240)]) == []


AVOID_CALF = Limit(
    "dvt-side", "Varicose veins", regions=(CALF_L,), restrictions=frozenset({"avoid_area"})
)
AVOID_LEG_AREA = Limit("skin", "Rash", areas=("leg",), restrictions=frozenset({"avoid_area"}))
NO_DEEP_WHOLE = Limit("anticoag", "Anticoagulant", restrictions=frozenset({"no_deep_pressure"}))
LIGHT_ONLY = Limit("osteo", "Osteoporosis", restrictions=frozenset({"light_pressure_only"}))
NO_HEAT = Limit(
    "inflam", "Acute inflammation", regions=(CALF_L,), restrictions=frozenset({"no_heat"})
)
NO_JOINTS = Limit("inflam2", "Acute injury", restrictions=frozenset({"no_joint_mobilisation"}))
CAP_2_WHOLE = Limit("preg", "Pregnancy", pressure_cap=2)
CAP_1_CALF = Limit("lymph", "Lymphedema", regions=(CALF_L,), pressure_cap=1)


@pytest.mark.parametrize(
    ("limit", "bad", "ok", "field"),
    [
        (AVOID_CALF, line(region=CALF_L), line(region=CALF_R), "region"),
        (AVOID_LEG_AREA, line(region=CALF_R), line(region=TRAP_L), "region"),
        (NO_DEEP_WHOLE, line(technique="deep_tissue"), line(technique="swedish"), "technique"),
        (
            NO_DEEP_WHOLE,
            line(technique="trigger_point"),
            line(technique="myofascial_release"),
            "technique",
        ),
        (
            NO_DEEP_WHOLE,
            line(technique="active_release"),
            line(technique="lymphatic_drainage"),
            "technique",
        ),
        (LIGHT_ONLY, line(pressure=3), line(pressure=2), "pressure"),
        (
            NO_HEAT,
            line(region=CALF_L, technique="hot_cold_pack"),
            line(region=TRAP_L, technique="hot_cold_pack"),
            "technique",
        ),
        (NO_JOINTS, line(technique="stretching"), line(technique="swedish"), "technique"),
        (CAP_2_WHOLE, line(pressure=3), line(pressure=2), "pressure"),
        (CAP_1_CALF, line(region=CALF_L, pressure=2), line(region=CALF_R, pressure=4), "pressure"),
    ],
)
def test_each_restriction_kind_refuses_the_line_without_a_reason(limit, bad, ok, field):
    (problem,) = restriction_breaches(1, bad, [limit])
    assert problem.field == field
    assert problem.overridable
    assert problem.rule_id == limit.rule_id
    assert limit.condition in problem.message
    assert restriction_breaches(1, ok, [limit]) == []
    refused = line_problems([bad], [limit])
    assert len(refused) == 1
    assert "write the reason" in refused[0].message


def test_a_written_reason_lets_the_line_through_and_is_reported_as_an_override():
    reasoned = line(technique="deep_tissue", reason="Physician cleared firm work on 3 May")
    assert line_problems([reasoned], [NO_DEEP_WHOLE]) == []
    ((overridden, breach),) = restriction_overrides([reasoned], [NO_DEEP_WHOLE])
    assert overridden == reasoned
    assert breach.rule_id == "anticoag"


def test_a_blank_reason_is_no_reason():
    assert line_problems([line(technique="deep_tissue", reason="   ")], [NO_DEEP_WHOLE])


def test_a_reason_does_not_excuse_bad_input():
    problems = line_problems([line(minutes=0, reason="because")], [])
    assert [p.field for p in problems] == ["minutes"]


def test_an_area_keeps_to_its_listed_side():
    left_arm_quadrant = Limit(
        "lymph-node-dissection",
        "Lymph nodes removed (axilla-left)",
        regions=("biceps-left", "triceps-left"),
        areas=("arm",),
        pressure_cap=2,
    )
    assert left_arm_quadrant.applies_to("biceps-left")
    assert not left_arm_quadrant.applies_to("biceps-right")
    assert not left_arm_quadrant.applies_to(TRAP_L)
    whole_arm = Limit("skin", "Rash", areas=("arm",), restrictions=frozenset({"avoid_area"}))
    assert whole_arm.applies_to("biceps-right")
    assert whole_arm.applies_to("elbow-left")


def test_no_restriction_and_no_cap_means_no_problem():
    assert line_problems([line(technique="deep_tissue", pressure=5)], []) == []


@pytest.mark.parametrize(
    ("lines", "total", "timed"),
    [
        ([], 0, 0),
        ([line(technique="swedish", minutes=20)], 20, 20),  # 97124 timed
        (
            [
                line(technique="myofascial_release", minutes=15),
                line(technique="hot_cold_pack", minutes=10),
            ],
            25,
            15,
        ),  # 97010 untimed
        (
            [
                line(technique="lymphatic_drainage", minutes=30),
                line(technique="deep_tissue", minutes=8),
            ],
            38,
            38,
        ),
        (
            [line(technique="stretching", minutes=5), line(technique="trigger_point", minutes=10)],
            15,
            10,
        ),  # no CPT: not timed
    ],
)
def test_totals_count_all_minutes_and_timed_minutes(lines, total, timed):
    result = totals(lines)
    assert (result.total_minutes, result.timed_minutes) == (total, timed)
