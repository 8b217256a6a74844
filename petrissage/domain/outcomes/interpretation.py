"""Interpret scores over time: change against MCID/MDC, goals and plateaus.

Definitions used throughout:

* **change** = current − baseline; **improvement** is the change signed so that positive
  is better (negated for higher-is-worse instruments).
* **percent change** = change ÷ |baseline| × 100; undefined (None) when the baseline is 0,
  and then only a threshold's point value is applied.
* A threshold (MCID, MDC) is **met** when the size of the change is at least its points
  *or* at least its percent (inclusive: a 9-point LEFS change meets the MCID of 9). The
  NPRS MCID is "~2 points or ~30%" (clinical.md §3 [OM1][OM2][OM3]).
* A change is **important** when it meets the MCID, or the MDC when the instrument has no
  MCID (PSFS, clinical.md §3 [OM8]). Instruments with neither (PEG) are "not judged".
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from petrissage.domain.outcomes.model import (
    Change,
    Direction,
    GlobalChange,
    GoalStatus,
    Instrument,
    InstrumentError,
    Measures,
    OutcomeError,
    Threshold,
    Trend,
    display_number,
)

Number = int | float | Decimal
HUNDRED = Decimal(100)


def interpret(instrument: Instrument, baseline: Number, current: Number) -> Change:
    """How `current` compares with `baseline` on a status instrument (not PGIC)."""
    _require_status(instrument)
    base = _in_range(instrument, baseline, "baseline")
    now = _in_range(instrument, current, "current")
    change = now - base
    improvement = change if instrument.direction is Direction.HIGHER_IS_BETTER else -change
    percent = None if base == 0 else change / abs(base) * HUNDRED
    passes_mcid = _meets(instrument.mcid, change, percent)
    passes_mdc = _meets(instrument.mdc, change, percent)
    trend = _trend(instrument, improvement, percent)
    return Change(
        instrument_id=instrument.id,
        baseline=base,
        current=now,
        change=change,
        improvement=improvement,
        percent_change=percent,
        passes_mcid=passes_mcid,
        passes_mdc=passes_mdc,
        trend=trend,
        notes=_notes(instrument, change, percent, passes_mcid),
        summary=_summary(instrument, change, percent, trend, passes_mcid),
    )


def goal_status(
    instrument: Instrument, baseline: Number, current: Number, goal: Number
) -> GoalStatus:
    """MET when `current` is at or beyond `goal` in the better direction; otherwise
    PROGRESSING when the change from baseline is an important improvement, else
    NOT_PROGRESSING. Raises `InstrumentError` if importance cannot be judged."""
    target = _in_range(instrument, goal, "goal")
    change = interpret(instrument, baseline, current)
    if _at_least_as_good(instrument, change.current, target):
        return GoalStatus.MET
    if change.trend is Trend.NOT_JUDGED:
        raise InstrumentError(f"{instrument.name} has no MCID or MDC to judge progress by")
    return GoalStatus.PROGRESSING if change.trend is Trend.IMPROVED else GoalStatus.NOT_PROGRESSING


def plateau(instrument: Instrument, series: Sequence[Number]) -> bool:
    """True when the last two consecutive re-measurements show no important change.

    Precisely, with the three most recent scores a → b → c (oldest first): neither a→b
    nor b→c is an important change (in either direction), and neither is the net change
    a→c, so slow but real progress made of small steps is not called a plateau. Fewer
    than three scores: False (not enough data). Raises `InstrumentError` for instruments
    without an MCID or MDC.
    """
    _require_status(instrument)
    if instrument.important_change is None:
        raise InstrumentError(f"{instrument.name} has no MCID or MDC to judge a plateau by")
    if len(series) < 3:
        return False
    first, middle, last = series[-3:]
    pairs = ((first, middle), (middle, last), (first, last))
    return all(interpret(instrument, a, b).trend is Trend.NO_IMPORTANT_CHANGE for a, b in pairs)


def interpret_global(instrument: Instrument, value: Number) -> GlobalChange:
    """Interpret a global rating of change (PGIC): an important improvement when the
    rating is at or better than the instrument's anchor (PGIC: "much improved",
    clinical.md §3 [OM1])."""
    if instrument.measures is not Measures.CHANGE or instrument.anchor is None:
        raise InstrumentError(f"{instrument.name} is not a global rating of change")
    rating = _in_range(instrument, value, "rating")
    anchor = instrument.anchor.points
    if anchor is None:
        raise InstrumentError(f"{instrument.name}: the anchor needs a point value")
    important = _at_least_as_good(instrument, rating, anchor)
    label, anchor_label = _label(instrument, rating), _label(instrument, anchor)
    verdict = "an important improvement" if important else "not an important improvement"
    return GlobalChange(
        instrument_id=instrument.id,
        value=rating,
        label=label,
        important_improvement=important,
        summary=f"{label} on {instrument.name}: {verdict} (anchor: {anchor_label} or better)",
    )


def _require_status(instrument: Instrument) -> None:
    if instrument.measures is Measures.CHANGE:
        raise InstrumentError(
            f"{instrument.name} rates change itself; use interpret_global, not a baseline"
        )


def _in_range(instrument: Instrument, value: Number, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise OutcomeError(f"{name} {value!r} is not a number")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite() or not instrument.score_min <= number <= instrument.score_max:
        low, high = display_number(instrument.score_min), display_number(instrument.score_max)
        raise OutcomeError(f"{name} {value!r} is outside the {instrument.name} range {low}–{high}")
    return number


def _meets(threshold: Threshold | None, change: Decimal, percent: Decimal | None) -> bool | None:
    if threshold is None:
        return None
    if change == 0:
        return False
    by_points = threshold.points is not None and abs(change) >= threshold.points
    by_percent = (
        threshold.percent is not None and percent is not None and abs(percent) >= threshold.percent
    )
    return by_points or by_percent


def _trend(instrument: Instrument, improvement: Decimal, percent: Decimal | None) -> Trend:
    threshold = instrument.important_change
    if threshold is None:
        return Trend.NOT_JUDGED
    if not _meets(threshold, improvement, percent):
        return Trend.NO_IMPORTANT_CHANGE
    return Trend.IMPROVED if improvement > 0 else Trend.WORSENED


def _at_least_as_good(instrument: Instrument, value: Decimal, target: Decimal) -> bool:
    if instrument.direction is Direction.HIGHER_IS_BETTER:
        return value >= target
    return value <= target


def _label(instrument: Instrument, value: Decimal) -> str:
    options = instrument.items[0].options if len(instrument.items) == 1 else ()
    found = next((o.label for o in options if o.value == value), None)
    return found if found is not None else display_number(value)


def _notes(
    instrument: Instrument, change: Decimal, percent: Decimal | None, passes_mcid: bool | None
) -> tuple[str, ...]:
    notes = list(instrument.notes)
    mcid = instrument.mcid
    if percent is None and mcid is not None and mcid.percent is not None:
        notes.append("Percent change is undefined at a baseline of 0; only points were used.")
    if passes_mcid and mcid is not None and mcid.points is not None and abs(change) < mcid.points:
        notes.append(
            f"The MCID was met by the {display_number(mcid.percent or Decimal(0))}% criterion "
            f"only; the change is under {display_number(mcid.points)} points."
        )
    return tuple(notes)


def _points(value: Decimal) -> str:
    shown = display_number(abs(value))
    return f"{shown} point" if shown == "1" else f"{shown} points"


def _summary(
    instrument: Instrument,
    change: Decimal,
    percent: Decimal | None,
    trend: Trend,
    passes_mcid: bool | None,
) -> str:
    if change == 0:
        head = f"{instrument.construct} unchanged on {instrument.name}"
    else:
        word = "up" if change > 0 else "down"
        head = f"{instrument.construct} {word} {_points(change)} on {instrument.name}"
        if percent is not None:
            head += f" ({display_number(abs(percent), 0)}%)"
    return head + _verdict(instrument, trend, passes_mcid)


def _verdict(instrument: Instrument, trend: Trend, passes_mcid: bool | None) -> str:
    if trend is Trend.NOT_JUDGED:
        return "; importance not judged (no MCID or MDC on file)"
    if instrument.mcid is not None:
        basis = f"the MCID of {instrument.mcid.describe()}"
    else:
        basis = f"the MDC of {instrument.mdc.describe() if instrument.mdc else ''}"
    if trend is Trend.NO_IMPORTANT_CHANGE:
        return f": no important change (below {basis})"
    kind = "improvement" if trend is Trend.IMPROVED else "worsening"
    if passes_mcid:
        return f", a clinically important {kind}; meets {basis}"
    return f", a real {kind} beyond measurement error; meets {basis}"
