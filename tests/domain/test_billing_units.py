"""Units from minutes: the CMS 8-minute rule and the per-code midpoint rule (clinical.md §4b)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petrissage.domain.billing.units import (
    TimedMinutes,
    UnitRule,
    compute_units,
    total_timed_minutes,
    units_cms,
    units_for_minutes,
    units_per_code,
)

TIMED_CODES = ("97124", "97140", "97112", "97530", "97110")


def lines(**minutes: int) -> list[TimedMinutes]:
    return [TimedMinutes(code.removeprefix("c"), m) for code, m in minutes.items()]


# clinical.md §4b table [B5]: every row, at both ends.
@pytest.mark.parametrize(
    ("minutes", "units"),
    [
        (0, 0), (7, 0),
        (8, 1), (22, 1),
        (23, 2), (37, 2),
        (38, 3), (52, 3),
        (53, 4), (67, 4),
        (68, 5), (82, 5),
        (83, 6), (97, 6),
        (98, 7), (112, 7),
        (113, 8), (127, 8),
    ],
)  # fmt: skip
def test_eight_minute_table_row(minutes, units):
    assert units_for_minutes(minutes) == units
    assert units_cms([TimedMinutes("97124", minutes)]) == {"97124": units}


# Worked examples. The first three are stated in clinical.md §4b; the rest follow from its
# distribution rule ("each full 15 min goes to its code; leftover minutes pooled; the extra
# unit goes to the code with the most leftover minutes") and are marked as derived.
CMS_EXAMPLES = [
    # §4b [B6]: 33 min 97110 + 7 min 97140 = 40 min → 3 units = 2 × 97110 + 1 × 97140
    ("cms-33+7", lines(c97110=33, c97140=7), {"97110": 2, "97140": 1}),
    # §4b: two services each ≤ 7 min, together ≥ 8 → one unit of the longer one
    ("both-under-8-longer-wins", lines(c97124=5, c97140=4), {"97124": 1, "97140": 0}),
    ("both-under-8-longer-wins-2", lines(c97124=3, c97140=7), {"97124": 0, "97140": 1}),
    # §4b: together < 8 → nothing
    ("together-under-8", lines(c97124=4, c97140=3), {"97124": 0, "97140": 0}),
    # §4b: untimed codes are 1 unit and their minutes are excluded (20, not 35, timed min)
    ("untimed-excluded", lines(c97124=20, c97010=15), {"97124": 1, "97010": 1}),
    # derived: 24 + 23 = 47 → 3; one whole block each, extra to the 9-min leftover
    ("derived-24+23", lines(c97112=24, c97110=23), {"97112": 2, "97110": 1}),
    # derived: 18 + 13 + 10 + 8 = 49 → 3; 97110 keeps its block, extras to 13 and 10
    (
        "derived-four-codes",
        lines(c97110=18, c97140=13, c97112=10, c97124=8),
        {"97110": 1, "97140": 1, "97112": 1, "97124": 0},
    ),
    # derived tie (7 + 7): equal leftovers and minutes → the lower code, deterministically
    ("derived-tie", lines(c97140=7, c97124=7), {"97124": 1, "97140": 0}),
    # derived: a 60-minute massage alone is 4 units
    ("derived-60-min-massage", lines(c97124=60), {"97124": 4}),
]


@pytest.mark.parametrize(
    ("given_lines", "expected"),
    [pytest.param(case_lines, want, id=name) for name, case_lines, want in CMS_EXAMPLES],
)
def test_cms_worked_example(given_lines, expected):
    assert units_cms(given_lines) == expected
    assert compute_units(UnitRule.CMS_8_MINUTE, given_lines) == expected


# clinical.md §4b [B7]: the midpoint rule counts each code on its own.
MIDPOINT_EXAMPLES = [
    ("33+7-per-code", lines(c97110=33, c97140=7), {"97110": 2, "97140": 0}),
    ("5+4-per-code", lines(c97124=5, c97140=4), {"97124": 0, "97140": 0}),
    ("8-is-a-unit", lines(c97124=8), {"97124": 1}),
    ("22+23", lines(c97124=22, c97140=23), {"97124": 1, "97140": 2}),
    ("untimed", lines(c97124=30, c97010=10), {"97124": 2, "97010": 1}),
]


@pytest.mark.parametrize(
    ("given_lines", "expected"),
    [pytest.param(case_lines, want, id=name) for name, case_lines, want in MIDPOINT_EXAMPLES],
)
def test_midpoint_worked_example(given_lines, expected):
    assert units_per_code(given_lines) == expected
    assert compute_units(UnitRule.PER_CODE_MIDPOINT, given_lines) == expected


def test_lines_of_the_same_code_are_added_before_counting():
    assert units_cms([TimedMinutes("97124", 10), TimedMinutes("97124", 10)]) == {"97124": 1}


def test_untimed_code_is_one_unit_however_often_it_appears():
    result = units_cms([TimedMinutes("97010", 10), TimedMinutes("97010", 5)])
    assert result == {"97010": 1}


def test_total_timed_minutes_leaves_out_untimed_codes():
    assert total_timed_minutes(lines(c97124=30, c97140=15, c97010=10)) == 45


def test_negative_minutes_are_refused_naming_the_code():
    with pytest.raises(ValueError, match="97124"):
        TimedMinutes("97124", -1)


def test_unknown_code_needs_an_explicit_timed_flag():
    with pytest.raises(KeyError, match="99999"):
        units_cms([TimedMinutes("99999", 20)])
    assert units_cms([TimedMinutes("99999", 20, timed=True)]) == {"99999": 1}


def test_a_code_cannot_be_both_timed_and_untimed():
    with pytest.raises(ValueError, match="97124"):
        units_cms([TimedMinutes("97124", 20), TimedMinutes("97124", 5, timed=False)])


# --- properties ------------------------------------------------------------------------

day_lines = st.lists(
    st.builds(TimedMinutes, st.sampled_from((*TIMED_CODES, "97010")), st.integers(0, 130)),
    max_size=8,
)


def _timed_minutes(given_lines: list[TimedMinutes]) -> dict[str, int]:
    minutes: dict[str, int] = {}
    for line in given_lines:
        if line.code != "97010":
            minutes[line.code] = minutes.get(line.code, 0) + line.minutes
    return minutes


@settings(max_examples=300, deadline=None)
@given(day_lines, st.randoms(use_true_random=False))
def test_cms_rule_invariants(given_lines, rnd):
    """Total = table(total timed minutes); minutes//15 ≤ units ≤ ceil(minutes/15) per code;
    0 minutes → 0 units; untimed → 1; the order of lines does not matter."""
    result = units_cms(given_lines)
    minutes = _timed_minutes(given_lines)
    assert sum(result[c] for c in minutes) == units_for_minutes(sum(minutes.values()))
    for code, m in minutes.items():
        assert m // 15 <= result[code] <= math.ceil(m / 15)
    if any(line.code == "97010" for line in given_lines):
        assert result["97010"] == 1
    shuffled = list(given_lines)
    rnd.shuffle(shuffled)
    assert units_cms(shuffled) == result


@settings(max_examples=300, deadline=None)
@given(day_lines, st.randoms(use_true_random=False))
def test_midpoint_rule_invariants(given_lines, rnd):
    """Each code: the 8-minute table on its own minutes; never more than the CMS total
    would allow per code; order does not matter."""
    result = units_per_code(given_lines)
    for code, m in _timed_minutes(given_lines).items():
        assert result[code] == units_for_minutes(m)
        assert m // 15 <= result[code] <= math.ceil(m / 15)
    shuffled = list(given_lines)
    rnd.shuffle(shuffled)
    assert units_per_code(shuffled) == result


@settings(max_examples=300, deadline=None)
@given(day_lines, st.integers(0, 130))
def test_splitting_a_code_over_two_lines_changes_nothing(given_lines, cut):
    """Units depend on each code's minutes of the day, not on how the note split them."""
    if not given_lines or given_lines[0].code == "97010":
        return
    first = given_lines[0]
    part = min(cut, first.minutes)
    split = [
        TimedMinutes(first.code, part),
        TimedMinutes(first.code, first.minutes - part),
        *given_lines[1:],
    ]
    assert units_cms(split) == units_cms(given_lines)
    assert units_per_code(split) == units_per_code(given_lines)
