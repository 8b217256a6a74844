"""Value types for outcome instruments, scores and changes (pure Python, no Django).

All numbers are `Decimal` so that boundary cases (a change of exactly the MCID, a 30 %
drop) compare exactly; round only for display (see `display_number`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class OutcomeError(ValueError):
    """Base class for every outcome-measure error; the message names what is wrong."""


class InstrumentError(OutcomeError):
    """An instrument definition (FHIR Questionnaire) is invalid or cannot be scored."""


class AnswerError(OutcomeError):
    """An answer set cannot be scored; the message names the item."""


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher-is-better"
    HIGHER_IS_WORSE = "higher-is-worse"


class ScoringRule(StrEnum):
    SUM = "sum"
    MEAN = "mean"


class Measures(StrEnum):
    """What a score describes: a current state, or a patient's rating of change itself."""

    STATUS = "status"
    CHANGE = "change"


class GoalStatus(StrEnum):
    MET = "met"
    PROGRESSING = "progressing"
    NOT_PROGRESSING = "not-progressing"


class Trend(StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    NO_IMPORTANT_CHANGE = "no-important-change"
    NOT_JUDGED = "not-judged"
    """The instrument has neither an MCID nor an MDC to judge importance by."""


@dataclass(frozen=True, slots=True)
class CodeRef:
    """A code (e.g. LOINC) with where it was confirmed; `verified` is False when it was
    only seen in public artefacts and not checked against the code system's publisher."""

    system: str
    code: str
    display: str
    source: str
    verified: bool


@dataclass(frozen=True, slots=True)
class AnswerOption:
    value: Decimal
    label: str


@dataclass(frozen=True, slots=True)
class Item:
    link_id: str
    text: str
    minimum: Decimal
    maximum: Decimal
    whole_numbers: bool
    options: tuple[AnswerOption, ...] = ()
    code: CodeRef | None = None

    def problem_with(self, value: Decimal) -> str | None:
        """Why `value` is not an acceptable answer to this item, or None."""
        if self.options:
            allowed = [option.value for option in self.options]
            if value not in allowed:
                shown = ", ".join(display_number(v) for v in allowed)
                return f"must be one of {shown}"
            return None
        if not self.minimum <= value <= self.maximum:
            low, high = display_number(self.minimum), display_number(self.maximum)
            return f"must be between {low} and {high}"
        if self.whole_numbers and value != value.to_integral_value():
            return "must be a whole number"
        return None


@dataclass(frozen=True, slots=True)
class Threshold:
    """A change threshold in score points and/or percent of baseline (either suffices)."""

    points: Decimal | None
    percent: Decimal | None
    source: str

    def describe(self) -> str:
        parts = []
        if self.points is not None:
            unit = "point" if self.points == 1 else "points"
            parts.append(f"{display_number(self.points)} {unit}")
        if self.percent is not None:
            parts.append(f"{display_number(self.percent)}%")
        return " or ".join(parts)


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    name: str
    """Short name used in summaries, e.g. "NPRS"."""
    title: str
    construct: str
    """What the score describes, used in summaries, e.g. "Pain", "Function"."""
    items: tuple[Item, ...]
    rule: ScoringRule
    min_answered: int
    score_min: Decimal
    score_max: Decimal
    direction: Direction
    recall: str
    measures: Measures = Measures.STATUS
    mcid: Threshold | None = None
    mdc: Threshold | None = None
    anchor: Threshold | None = None
    code: CodeRef | None = None
    notes: tuple[str, ...] = ()
    unscored_link_ids: frozenset[str] = field(default_factory=frozenset)

    def item(self, link_id: str) -> Item | None:
        return next((item for item in self.items if item.link_id == link_id), None)

    @property
    def important_change(self) -> Threshold | None:
        """The threshold for "important": the MCID, else the MDC (a real change)."""
        return self.mcid if self.mcid is not None else self.mdc


@dataclass(frozen=True, slots=True)
class Score:
    instrument_id: str
    value: Decimal
    answered: tuple[str, ...]
    missing: tuple[str, ...]
    prorated: bool
    recall: str


@dataclass(frozen=True, slots=True)
class Change:
    instrument_id: str
    baseline: Decimal
    current: Decimal
    change: Decimal
    """current − baseline, signed as on the scale."""
    improvement: Decimal
    """Signed so that positive is better whatever the instrument's direction."""
    percent_change: Decimal | None
    """change ÷ baseline × 100; None when the baseline is 0 (undefined)."""
    passes_mcid: bool | None
    """None when the instrument has no MCID."""
    passes_mdc: bool | None
    """None when the instrument has no MDC."""
    trend: Trend
    notes: tuple[str, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class GlobalChange:
    """Interpretation of a global rating of change such as the PGIC."""

    instrument_id: str
    value: Decimal
    label: str
    important_improvement: bool
    summary: str


def display_number(value: Decimal, places: int = 1) -> str:
    """Round half up, for display only: 4 → "4", 2.333… → "2.3", 12.5 → "13" (0 places)."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
