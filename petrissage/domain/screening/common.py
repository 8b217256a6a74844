"""Shared pieces of the screening rules: context, windows, pressure levels, scoping."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from petrissage.domain.regions import AREAS, region, regions_in_area
from petrissage.domain.screening.codes import Fact
from petrissage.domain.screening.model import Finding, ScreeningInput, Side

# Walton pressure scale 0-5 (0 = still hold, 5 = deep) [K6]. Which level each rule caps at
# is our reading of "light" / "no deep pressure" in clinical.md §2 (U).
PRESSURE_VERY_LIGHT = 1
PRESSURE_LIGHT = 2
PRESSURE_MODERATE = 3

# Time windows.
SURGERY_WINDOW = timedelta(weeks=6)  # clinical.md §2 [K3][K5]: "commonly ~6 wk" (U)
INJECTION_WINDOW = timedelta(days=2)  # clinical.md §2 [K10]: protect the area ~48 h (U)
# Ours (U): clinical.md §2 says "acute/unhealed fracture" without a number; 12 weeks is a
# conservative upper bound of ordinary bone healing, after which we rely on `healed`.
FRACTURE_WINDOW = timedelta(weeks=12)
# Ours (U): an "acute" injury or skin wound on record is treated as current for 6 weeks,
# the same window clinical.md gives for surgical healing.
ACUTE_WINDOW = timedelta(weeks=6)
# Ours: a coded infection that is still "active" after 30 days is more likely a stale record
# than a current illness; the intake question is the primary signal [K2][K3].
INFECTION_WINDOW = timedelta(days=30)
# Ours: no pregnancy lasts longer than ~44 weeks, so an older coded pregnancy that is still
# "active" is a stale record (Synthea never abates miscarriage or tubal pregnancy).
PREGNANCY_WINDOW = timedelta(weeks=44)


@dataclass(frozen=True)
class Context:
    inp: ScreeningInput
    facts: tuple[Fact, ...]

    @property
    def today(self) -> date:
        return self.inp.today

    def active(self, *families: str) -> list[Fact]:
        return [f for f in self.facts if f.family in families and f.active]

    def inactive(self, *families: str) -> list[Fact]:
        return [f for f in self.facts if f.family in families and not f.active]

    def recent(self, window: timedelta, *families: str) -> list[Fact]:
        """Active facts with no onset date or an onset within the window."""
        return [f for f in self.active(*families) if within(f.onset, self.today, window)]


Rule = Callable[[Context], list[Finding]]


def within(when: date | None, today: date, window: timedelta) -> bool:
    """True when `when` is unknown (None) or no older than `window`."""
    return when is None or today - when <= window


def scope(
    places: Iterable[str], side: Side | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(region codes, areas) for a mix of region codes and area names.

    An area expands to its regions (only `side`'s when a side is given)."""
    regions: list[str] = []
    areas: list[str] = []
    for place in places:
        if not place:
            continue
        if place in AREAS:
            areas.append(place)
            regions.extend(r.code for r in regions_in_area(place, side))
        else:
            regions.append(region(place).code)
    return tuple(dict.fromkeys(regions)), tuple(dict.fromkeys(areas))


def fact_scope(facts: Iterable[Fact]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    regions: list[str] = []
    areas: list[str] = []
    for fact in facts:
        r, a = scope([fact.area], fact.side)
        regions.extend(r)
        areas.extend(a)
    return tuple(dict.fromkeys(regions)), tuple(dict.fromkeys(areas))


def evidence_of(facts: Iterable[Fact]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.evidence for f in facts))
