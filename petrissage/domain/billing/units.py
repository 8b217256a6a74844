"""Billing units from treatment minutes.

Two rules, chosen per payer (clinical.md §4b [B5][B6][B7]):

* CMS 8-minute rule: add the minutes of all timed codes of the day, read the total units
  off the table (8–22 → 1, 23–37 → 2, …), give each code its whole 15-minute blocks and
  hand the remaining units, one each, to the codes with the most leftover minutes.
* Per-code midpoint rule (CPT's "substantial portion"): each timed code on its own,
  a unit for each whole 15 minutes plus one when the leftover is 8 minutes or more.

Untimed codes (97010) are always 1 unit and their minutes are not counted (§4b [B5]).

Bounds (checked by the property tests): under both rules a code gets at least
``minutes // 15`` and at most ``ceil(minutes / 15)`` units, so a timed code with 0 minutes
gets 0 units. Under the midpoint rule the lower bound is exact unless the leftover is ≥ 8.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from petrissage.domain.billing.cpt import is_timed

UNIT_MINUTES = 15  # clinical.md §4b: units are 15-minute blocks
THRESHOLD_MINUTES = 8  # clinical.md §4b: < 8 minutes → 0 units; midpoint "> 7.5 min" [B7]


class UnitRule(StrEnum):
    """How a payer turns minutes into units (a per-payer setting, clinical.md §4b)."""

    CMS_8_MINUTE = "cms_8_minute"
    PER_CODE_MIDPOINT = "per_code_midpoint"


@dataclass(frozen=True)
class TimedMinutes:
    """Minutes of one code on one day. ``timed=None`` looks the code up in the CPT table."""

    code: str
    minutes: int
    timed: bool | None = None

    def __post_init__(self) -> None:
        if self.minutes < 0:
            raise ValueError(f"minutes for {self.code} must not be negative: {self.minutes}")

    @property
    def is_timed(self) -> bool:
        return is_timed(self.code) if self.timed is None else self.timed


def units_for_minutes(minutes: int) -> int:
    """The 8-minute table (clinical.md §4b [B5]): <8 → 0, 8–22 → 1, 23–37 → 2, …"""
    if minutes < THRESHOLD_MINUTES:
        return 0
    return (minutes - THRESHOLD_MINUTES) // UNIT_MINUTES + 1


def _split(lines: Sequence[TimedMinutes]) -> tuple[dict[str, int], list[str]]:
    """Sum minutes per timed code; list untimed codes (each billed once)."""
    timed: dict[str, int] = {}
    untimed: list[str] = []
    for line in lines:
        if line.is_timed:
            timed[line.code] = timed.get(line.code, 0) + line.minutes
        elif line.code not in untimed:
            untimed.append(line.code)
    overlap = set(timed) & set(untimed)
    if overlap:
        raise ValueError(f"codes given as both timed and untimed: {sorted(overlap)}")
    return timed, untimed


def _with_untimed(units: dict[str, int], untimed: Sequence[str]) -> dict[str, int]:
    # clinical.md §4b [B5]: untimed codes are 1 unit, minutes excluded
    return {**units, **dict.fromkeys(untimed, 1)}


def units_cms(lines: Sequence[TimedMinutes]) -> dict[str, int]:
    """Units per code under the CMS 8-minute rule (clinical.md §4b [B5][B6]).

    Whole 15-minute blocks go to their own code; the remaining units (total from the
    table minus whole blocks) go one each to the codes with the most leftover minutes.
    Ties go to the code with more total minutes, then to the lower code, so the result
    does not depend on the order of lines. Two services of ≤ 7 minutes that together
    reach 8 bill one unit of the longer one — that falls out of the same rule.
    """
    timed, untimed = _split(lines)
    units = {code: minutes // UNIT_MINUTES for code, minutes in timed.items()}
    extra = units_for_minutes(sum(timed.values())) - sum(units.values())
    by_leftover = sorted(
        (code for code, minutes in timed.items() if minutes % UNIT_MINUTES),
        key=lambda code: (-(timed[code] % UNIT_MINUTES), -timed[code], code),
    )
    for code in by_leftover[:extra]:
        units[code] += 1
    return _with_untimed(units, untimed)


def units_per_code(lines: Sequence[TimedMinutes]) -> dict[str, int]:
    """Units per code under the per-code midpoint rule (clinical.md §4b [B7])."""
    timed, untimed = _split(lines)
    units = {code: units_for_minutes(minutes) for code, minutes in timed.items()}
    return _with_untimed(units, untimed)


def compute_units(rule: UnitRule, lines: Sequence[TimedMinutes]) -> dict[str, int]:
    """Units per code under the payer's rule."""
    if rule is UnitRule.CMS_8_MINUTE:
        return units_cms(lines)
    return units_per_code(lines)


def total_timed_minutes(lines: Sequence[TimedMinutes]) -> int:
    """Direct timed minutes of the day, the number a daily note must state (§4d [B19])."""
    return sum(line.minutes for line in lines if line.is_timed)
