"""Scoring of the built-in instruments, worked by hand (clinical.md §3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from petrissage.domain.outcomes import (
    LEFS,
    NPRS,
    PEG,
    PGIC,
    PSFS,
    AnswerError,
    builtin_questionnaire,
    load_questionnaire,
    score,
)


def lefs(*values):
    return {f"lefs-{n}": v for n, v in enumerate(values, start=1)}


def psfs(*values):
    return {f"activity-{n}-rating": v for n, v in enumerate(values, start=1)}


def peg(pain, enjoyment, activity):
    return {"peg-pain": pain, "peg-enjoyment": enjoyment, "peg-activity": activity}


@pytest.mark.parametrize(
    ("instrument", "answers", "expected"),
    [
        # NPRS: the single 0–10 rating is the score.
        (NPRS, {"pain": 0}, Decimal(0)),
        (NPRS, {"pain": 7}, Decimal(7)),
        (NPRS, {"pain": 10}, Decimal(10)),
        # PSFS: mean of 3–5 activities [OM8].
        (PSFS, psfs(4, 5, 6), Decimal(5)),
        (PSFS, psfs(2, 3, 4, 5, 6), Decimal(4)),
        (PSFS, psfs(7, 3, 3), Decimal(13) / 3),  # 4.333…, not rounded
        (PSFS, psfs(0, 0, 0), Decimal(0)),
        (PSFS, psfs(10, 10, 10, 10), Decimal(10)),
        (PSFS, psfs(2, None, 4, 6), Decimal(4)),  # activity 2 not chosen: mean of 3
        # LEFS: sum of 20 items each 0–4 [OM18].
        (LEFS, lefs(*[4] * 20), Decimal(80)),
        (LEFS, lefs(*[0] * 20), Decimal(0)),
        (LEFS, lefs(*[4] * 10, *[2] * 5, *[0] * 5), Decimal(50)),  # 40 + 10 + 0
        (LEFS, lefs(*[3, 2, 1, 4] * 5), Decimal(50)),  # 5 × (3+2+1+4)
        (LEFS, lefs(*[1] * 19, 4), Decimal(23)),
        # PGIC: the rating itself (1 very much improved … 7 very much worse).
        (PGIC, {"change": 1}, Decimal(1)),
        (PGIC, {"change": 4}, Decimal(4)),
        (PGIC, {"change": 7}, Decimal(7)),
        # PEG: mean of its 3 items.
        (PEG, peg(6, 7, 8), Decimal(7)),
        (PEG, peg(5, 5, 6), Decimal(16) / 3),
        (PEG, peg(0, 0, 0), Decimal(0)),
        (PEG, peg(10, 10, 10), Decimal(10)),
    ],
    ids=lambda value: getattr(value, "id", None),
)
def test_score_matches_the_hand_worked_value(instrument, answers, expected):
    result = score(instrument, answers)
    assert result.value == expected
    assert result.instrument_id == instrument.id
    assert result.recall == instrument.recall
    assert not result.prorated


def test_psfs_lists_the_activities_not_chosen_as_missing_without_prorating():
    result = score(PSFS, psfs(2, None, 4, 6))
    assert result.answered == ("activity-1-rating", "activity-3-rating", "activity-4-rating")
    assert result.missing == ("activity-2-rating", "activity-5-rating")
    assert result.prorated is False


def test_answers_to_unscored_questionnaire_items_are_ignored():
    answers = {**psfs(4, 5, 6), "activity-1-name": "Climbing stairs"}
    assert score(PSFS, answers).value == 5


def test_float_answers_are_taken_at_their_decimal_value():
    assert score(NPRS, {"pain": 7.0}).value == Decimal(7)


@pytest.mark.parametrize(
    ("instrument", "answers", "message"),
    [
        # Out of range, naming the item.
        (NPRS, {"pain": 11}, "NPRS item 'pain': answer 11 must be between 0 and 10"),
        (NPRS, {"pain": -1}, "item 'pain': answer -1 must be between 0 and 10"),
        (PSFS, psfs(4, 11, 6), "item 'activity-2-rating': answer 11 must be between 0 and 10"),
        (LEFS, lefs(*[4] * 19, 5), "item 'lefs-20': answer 5 must be one of 0, 1, 2, 3, 4"),
        (LEFS, lefs(*[4] * 19, -1), "item 'lefs-20': answer -1 must be one of"),
        (PGIC, {"change": 0}, "item 'change': answer 0 must be one of 1, 2, 3, 4, 5, 6, 7"),
        (PGIC, {"change": 8}, "item 'change': answer 8 must be one of"),
        (PEG, peg(5, 5, 10.5), "item 'peg-activity': answer 10.5 must be between 0 and 10"),
        # Not whole numbers or not numbers at all.
        (NPRS, {"pain": 3.5}, "item 'pain': answer 3.5 must be a whole number"),
        (PSFS, psfs(2.5, 3, 4), "item 'activity-1-rating': answer 2.5 must be a whole number"),
        (LEFS, lefs(*[4] * 19, 2.5), "item 'lefs-20': answer 2.5 must be one of"),
        (NPRS, {"pain": "7"}, "item 'pain': answer '7' is not a number"),
        (NPRS, {"pain": True}, "item 'pain': answer True is not a number"),
        (NPRS, {"pain": float("nan")}, "item 'pain': answer nan is not a finite number"),
        (NPRS, {"pain": Decimal("Infinity")}, "item 'pain': answer Decimal"),
        # Unknown items.
        (NPRS, {"pain": 3, "worst": 8}, "NPRS: unknown item 'worst'"),
        (PSFS, {"activity-1": 5}, "PSFS: unknown item 'activity-1'"),
        # Missing items beyond what the published rule allows.
        (NPRS, {}, "NPRS needs an answer to item 'pain'"),
        (NPRS, {"pain": None}, "NPRS needs an answer to item 'pain'"),
        (PSFS, psfs(4, 5), "PSFS needs at least 3 of 5 items answered; missing: activity-3"),
        (PSFS, psfs(4, None, None, None, 6), "at least 3 of 5"),
        (LEFS, lefs(*[4] * 19), "LEFS needs all 20 items answered; missing: lefs-20"),
        (LEFS, {**lefs(*[4] * 20), "lefs-7": None}, "missing: lefs-7$"),
        (PEG, peg(5, None, 5), "PEG needs all 3 items answered; missing: peg-enjoyment"),
        (PGIC, {}, "PGIC needs an answer to item 'change'"),
    ],
)
def test_invalid_answers_are_refused_naming_the_item(instrument, answers, message):
    with pytest.raises(AnswerError, match=message.replace("(", r"\(")):
        score(instrument, answers)


def test_a_practice_rule_may_prorate_a_sum_with_missing_items():
    """Not a built-in rule: a practice lowers minAnswered on its own copy of a sum scale."""
    questionnaire = builtin_questionnaire("lefs")
    parts = questionnaire["extension"][0]["extension"]
    parts.append({"url": "minAnswered", "valueInteger": 18})
    instrument = load_questionnaire(questionnaire)

    result = score(instrument, lefs(*[2] * 18))  # 36 from 18 items → 2 × 20 = 40
    assert result.value == 40
    assert result.prorated is True
    assert result.missing == ("lefs-19", "lefs-20")
    with pytest.raises(AnswerError, match="at least 18 of 20"):
        score(instrument, lefs(*[2] * 17))
