"""Treatment lines of a session note: input checks, screening restrictions and totals.

Pure Python (no Django). A session note lists what was done as lines of region × technique
× minutes × pressure (Walton scale 0–5 [K6]). This module answers three questions:

* Is each line well formed? (`input_problems`: known region and technique, 1–240 minutes,
  pressure 0–5, and all lines together within the appointment length.)
* Does a line break a restriction of the current screening? (`restriction_breaches`: the
  region is to be avoided, pressure above a cap, or a technique the finding rules out.)
  A breach may go ahead only with a written reason; the caller audits every such override.
* How many minutes were treated, and how many of them are *timed* minutes (billed per
  15 minutes, clinical.md §4b/§4d "total timed minutes and total treatment minutes")?

Findings arrive as `Limit`s, a plain description of a stored screening finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from petrissage.domain.billing.cpt import is_timed, technique_to_cpt
from petrissage.domain.regions import AREAS, is_region, region, regions_in_area

# The techniques a session line may name, with the label shown to therapists.
TECHNIQUES: tuple[tuple[str, str], ...] = (
    ("deep_tissue", "Deep tissue"),
    ("myofascial_release", "Myofascial release"),
    ("neuromuscular", "Neuromuscular therapy"),
    ("trigger_point", "Trigger point therapy"),
    ("active_release", "Active release"),
    ("swedish", "Swedish massage"),
    ("lymphatic_drainage", "Manual lymphatic drainage"),
    ("scar_mobilisation", "Scar mobilisation"),
    ("stretching", "Stretching"),
    ("hot_cold_pack", "Hot / cold pack"),
)
TECHNIQUE_LABELS: dict[str, str] = dict(TECHNIQUES)

MAX_LINE_MINUTES = 240  # the TreatmentLine check constraint; four hours is already absurd
MAX_PRESSURE = 5  # Walton pressure scale 0–5 [K6]
LIGHT_PRESSURE_MAX = 2  # "light pressure only" = Walton 1–2 [K6]

# Restriction names, as stored on ScreeningFinding.restrictions (domain.screening.Technique).
AVOID_AREA = "avoid_area"
NO_DEEP_PRESSURE = "no_deep_pressure"
LIGHT_PRESSURE_ONLY = "light_pressure_only"
NO_HEAT = "no_heat"
NO_JOINT_MOBILISATION = "no_joint_mobilisation"

# Which techniques each restriction rules out. Deep pressure: deep tissue, trigger point and
# active release all work with sustained deep pressure. Heat: packs. Joint mobilisation:
# stretching and active release take the joint through its range (ours, U).
FORBIDDEN_TECHNIQUES: dict[str, frozenset[str]] = {
    NO_DEEP_PRESSURE: frozenset({"deep_tissue", "trigger_point", "active_release"}),
    NO_HEAT: frozenset({"hot_cold_pack"}),
    NO_JOINT_MOBILISATION: frozenset({"stretching", "active_release"}),
}
RESTRICTION_WORDS: dict[str, str] = {
    NO_DEEP_PRESSURE: "no deep pressure",
    NO_HEAT: "no heat",
    NO_JOINT_MOBILISATION: "no joint mobilisation",
}


@dataclass(frozen=True)
class Line:
    """One treatment line as typed. Messages name it by its 1-based position."""

    region_code: str
    technique: str
    minutes: int
    pressure: int
    restriction_reason: str = ""


@dataclass(frozen=True)
class Limit:
    """A screening finding as these rules need it.

    `regions` and `areas` empty = the whole body. Areas expand to their regions, except
    that an area some of whose regions are already listed keeps to those (so a left-sided
    finding stored as areas "arm" + left-arm regions does not spill onto the right arm).
    """

    rule_id: str
    condition: str
    regions: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    pressure_cap: int | None = None
    restrictions: frozenset[str] = field(default_factory=frozenset)

    @property
    def whole_body(self) -> bool:
        return not self.regions and not self.areas

    def applies_to(self, region_code: str) -> bool:
        if self.whole_body or region_code in self.regions:
            return True
        if not is_region(region_code):
            return False
        area = region(region_code).area
        if area not in self.areas or area not in AREAS:
            return False
        listed = {r.code for r in regions_in_area(area)} & set(self.regions)
        return not listed


@dataclass(frozen=True)
class Problem:
    """Something wrong with line `line` (1-based; None = the note as a whole).

    `overridable` problems are screening restrictions: the line may stay if it carries a
    written reason. The others are bad input and are always refused."""

    line: int | None
    field: str
    message: str
    overridable: bool = False
    rule_id: str = ""

    @property
    def text(self) -> str:
        where = f"Line {self.line}, {self.field}" if self.line else self.field.capitalize()
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Totals:
    total_minutes: int
    timed_minutes: int


def technique_label(code: str) -> str:
    return TECHNIQUE_LABELS.get(code, code)


def region_label(code: str) -> str:
    return region(code).label if is_region(code) else code


def _line_input_problems(number: int, line: Line) -> list[Problem]:
    problems = []
    if not is_region(line.region_code):
        shown = line.region_code or "(blank)"
        problems.append(Problem(number, "region", f"{shown!r} is not a known body region."))
    if line.technique not in TECHNIQUE_LABELS:
        shown = line.technique or "(blank)"
        problems.append(
            Problem(number, "technique", f"{shown!r} is not one of the listed techniques.")
        )
    if line.minutes <= 0:
        problems.append(Problem(number, "minutes", f"must be at least 1 (got {line.minutes})."))
    elif line.minutes > MAX_LINE_MINUTES:
        problems.append(
            Problem(number, "minutes", f"{line.minutes} is more than {MAX_LINE_MINUTES}.")
        )
    if not 0 <= line.pressure <= MAX_PRESSURE:
        problems.append(
            Problem(number, "pressure", f"must be 0–{MAX_PRESSURE} (got {line.pressure}).")
        )
    return problems


def input_problems(lines: Sequence[Line], appointment_minutes: int | None = None) -> list[Problem]:
    """Bad input: unknown region or technique, minutes outside 1–240, pressure outside 0–5,
    or more minutes in total than the appointment lasted."""
    problems = [p for n, line in enumerate(lines, 1) for p in _line_input_problems(n, line)]
    total = sum(max(line.minutes, 0) for line in lines)
    if appointment_minutes is not None and total > appointment_minutes:
        problems.append(
            Problem(
                None,
                "minutes",
                f"the lines add up to {total} minutes, more than the "
                f"{appointment_minutes}-minute appointment.",
            )
        )
    return problems


def _technique_breaches(number: int, line: Line, limit: Limit) -> list[Problem]:
    problems = []
    where = region_label(line.region_code)
    for restriction in sorted(limit.restrictions):
        if line.technique in FORBIDDEN_TECHNIQUES.get(restriction, frozenset()):
            message = (
                f"{technique_label(line.technique)} on {where} breaks "
                f"“{RESTRICTION_WORDS[restriction]}” ({limit.condition})."
            )
            problems.append(Problem(number, "technique", message, True, limit.rule_id))
    if LIGHT_PRESSURE_ONLY in limit.restrictions and line.pressure > LIGHT_PRESSURE_MAX:
        message = (
            f"pressure {line.pressure} on {where} breaks “light pressure only” "
            f"(at most {LIGHT_PRESSURE_MAX}; {limit.condition})."
        )
        problems.append(Problem(number, "pressure", message, True, limit.rule_id))
    return problems


def _breaches_of(number: int, line: Line, limit: Limit) -> list[Problem]:
    if not limit.applies_to(line.region_code):
        return []
    where = region_label(line.region_code)
    if AVOID_AREA in limit.restrictions:
        message = f"{where} is to be avoided ({limit.condition})."
        return [Problem(number, "region", message, True, limit.rule_id)]
    problems = _technique_breaches(number, line, limit)
    if limit.pressure_cap is not None and line.pressure > limit.pressure_cap:
        scope = "whole body" if limit.whole_body else where
        message = (
            f"pressure {line.pressure} is above the cap of {limit.pressure_cap} "
            f"({scope}; {limit.condition})."
        )
        problems.append(Problem(number, "pressure", message, True, limit.rule_id))
    return problems


def restriction_breaches(number: int, line: Line, limits: Iterable[Limit]) -> list[Problem]:
    """Every screening restriction line `number` breaks (all overridable with a reason)."""
    return [p for limit in limits for p in _breaches_of(number, line, limit)]


def line_problems(
    lines: Sequence[Line], limits: Sequence[Limit], appointment_minutes: int | None = None
) -> list[Problem]:
    """What stops these lines from being saved: bad input, and restriction breaches of
    lines that carry no written reason."""
    problems = input_problems(lines, appointment_minutes)
    for number, line in enumerate(lines, 1):
        if line.restriction_reason.strip():
            continue
        for breach in restriction_breaches(number, line, limits):
            hint = " Change the line, or write the reason it was done anyway."
            problems.append(
                Problem(breach.line, breach.field, breach.message + hint, True, breach.rule_id)
            )
    return problems


def restriction_overrides(
    lines: Sequence[Line], limits: Sequence[Limit]
) -> list[tuple[Line, Problem]]:
    """Restriction breaches that carry a written reason: each one is to be audited."""
    found = []
    for number, line in enumerate(lines, 1):
        if line.restriction_reason.strip():
            found += [(line, p) for p in restriction_breaches(number, line, limits)]
    return found


def line_cpt(technique: str, cpt_overrides: dict[str, str] | None = None) -> str | None:
    """The CPT code a technique bills under (clinical.md §4a), or None if it bills nowhere."""
    return technique_to_cpt(technique, cpt_overrides)


def is_timed_technique(technique: str, cpt_overrides: dict[str, str] | None = None) -> bool:
    """True when the technique's CPT code is billed per 15 minutes (clinical.md §4a/§4b).
    A technique without a code counts as treatment time but not as timed minutes."""
    code = line_cpt(technique, cpt_overrides)
    return code is not None and is_timed(code)


def totals(lines: Iterable[Line], cpt_overrides: dict[str, str] | None = None) -> Totals:
    """Total treatment minutes and total timed minutes (clinical.md §4d daily note)."""
    items = list(lines)
    total = sum(line.minutes for line in items)
    timed = sum(line.minutes for line in items if is_timed_technique(line.technique, cpt_overrides))
    return Totals(total_minutes=total, timed_minutes=timed)
