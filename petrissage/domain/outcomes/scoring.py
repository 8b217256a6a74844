"""Score an answer set with an instrument's published rule.

Rules (set per instrument in its Questionnaire's scoring extension):

* ``sum``: total of the scored items. If fewer than all items are answered but at least
  ``minAnswered``, the total is prorated: mean of answered items × number of items.
  Built-ins: NPRS (1 item), LEFS (all 20 required, clinical.md §3 [OM18]: plain sum, no
  missing-item rule in the cited sources), PGIC (1 item).
* ``mean``: mean of the answered items, scored when at least ``minAnswered`` are answered.
  Built-ins: PSFS (3–5 activities, [OM8]) and PEG (all 3 required).

Unanswered items are given as None or left out. Answers to Questionnaire items that are
not scored (PSFS activity names, a PHQ-9 difficulty item) are ignored; link ids that are
not in the Questionnaire at all are refused.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal

from petrissage.domain.outcomes.model import (
    AnswerError,
    Instrument,
    Item,
    Score,
    ScoringRule,
    display_number,
)

Answer = int | float | Decimal | None


def score(instrument: Instrument, answers: Mapping[str, Answer]) -> Score:
    """Score `answers` (link id → number or None). Raises `AnswerError` naming the item."""
    values = _checked(instrument, answers)
    answered = tuple(item.link_id for item in instrument.items if item.link_id in values)
    missing = tuple(item.link_id for item in instrument.items if item.link_id not in values)
    _require_enough(instrument, answered, missing)
    total = sum((values[link_id] for link_id in answered), Decimal(0))
    prorated = instrument.rule is ScoringRule.SUM and bool(missing)
    if instrument.rule is ScoringRule.MEAN:
        value = total / len(answered)
    elif prorated:
        value = total / len(answered) * len(instrument.items)
    else:
        value = total
    return Score(
        instrument_id=instrument.id,
        value=value,
        answered=answered,
        missing=missing,
        prorated=prorated,
        recall=instrument.recall,
    )


def answer_value(instrument: Instrument, item: Item, raw: object) -> Decimal:
    """One answer as a Decimal, refused with a message naming the item if it is invalid."""
    where = f"{instrument.name} item {item.link_id!r}"
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        raise AnswerError(f"{where}: answer {raw!r} is not a number")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise AnswerError(f"{where}: answer {raw!r} is not a finite number")
    value = Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw)
    if not value.is_finite():
        raise AnswerError(f"{where}: answer {raw!r} is not a finite number")
    problem = item.problem_with(value)
    if problem is not None:
        raise AnswerError(f"{where}: answer {display_number(value, 3)} {problem}")
    return value


def _checked(instrument: Instrument, answers: Mapping[str, Answer]) -> dict[str, Decimal]:
    values: dict[str, Decimal] = {}
    for link_id, raw in answers.items():
        item = instrument.item(link_id)
        if item is None:
            if link_id in instrument.unscored_link_ids:
                continue
            raise AnswerError(f"{instrument.name}: unknown item {link_id!r}")
        if raw is not None:
            values[link_id] = answer_value(instrument, item, raw)
    return values


def _require_enough(
    instrument: Instrument, answered: tuple[str, ...], missing: tuple[str, ...]
) -> None:
    if len(answered) >= instrument.min_answered:
        return
    count = len(instrument.items)
    if instrument.min_answered == count:
        need = f"all {count} items answered" if count > 1 else "an answer"
    else:
        need = f"at least {instrument.min_answered} of {count} items answered"
    raise AnswerError(
        f"{instrument.name} needs {need}; missing: {', '.join(missing)}"
        if count > 1
        else f"{instrument.name} needs {need} to item {missing[0]!r}"
    )
