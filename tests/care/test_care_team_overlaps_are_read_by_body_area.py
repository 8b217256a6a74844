"""Pure overlap rules: by body area, only while the colleague is treating, same day by the
weekdays they treat; the 97140 modifier note only for clinicians who manipulate [B1]."""

from __future__ import annotations

from datetime import date

from petrissage.domain.aftercare.care_team import (
    Colleague,
    areas_of,
    region_overlaps,
    same_day_overlaps,
)

MONDAY = date(2026, 11, 23)
CHIRO = Colleague(
    "Dr Ruiz", "Chiropractor", "chiropractor", frozenset({"lower back"}),
    started_on=date(2026, 10, 1), weekdays=frozenset({0}),
)  # fmt: skip
ACU = Colleague(
    "Kim", "Acupuncturist", "acupuncturist", frozenset({"neck"}), weekdays=frozenset({0})
)


def test_areas_come_from_region_codes_and_unknown_codes_are_ignored():
    codes = ["lumbar-paraspinals-right", "upper-trapezius-left", "no-such-region"]
    assert areas_of(codes) == {"lower back", "neck"}


def test_region_overlap_only_while_treating():
    assert region_overlaps([CHIRO], ["lumbar-paraspinals-right"], MONDAY)
    assert region_overlaps([CHIRO], ["lumbar-paraspinals-right"], date(2026, 9, 1)) == []
    assert region_overlaps([ACU], ["lumbar-paraspinals-right"], MONDAY) == []


def test_same_day_note_names_the_modifier_only_for_manipulation_and_97140():
    [chiro] = same_day_overlaps([CHIRO], MONDAY, ["lumbar-paraspinals-right"], ["97140"])
    assert "modifier 59" in chiro
    [acu] = same_day_overlaps([ACU], MONDAY, ["lumbar-paraspinals-right"], ["97140"])
    assert "modifier 59" not in acu
    assert "this patient" in acu
    assert same_day_overlaps([CHIRO], date(2026, 11, 24), ["lumbar-paraspinals-right"]) == []
