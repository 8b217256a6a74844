"""Check-in alert rules (clinical.md §5): DVT/PE, infection and new neurological signs are
urgent; soreness within 36 h is the expected course [AE1] and only recorded."""

from __future__ import annotations

import pytest

from petrissage.outcomes.checkin_questions import CheckInAnswerError, evaluate, parse_answers
from tests.outcomes.conftest import CALM


def parsed(**changes):
    return parse_answers({**CALM, **changes})


@pytest.mark.parametrize(
    ("sign", "reason", "call_911"),
    [
        ("calf_swelling", "possible DVT", False),
        ("breathless_chest_pain", "possible pulmonary embolism", True),
        ("fever_site_redness", "possible infection", False),
        ("numbness_weakness", "new neurological signs", False),
    ],
)
def test_each_red_flag_is_urgent(sign, reason, call_911):
    alert = evaluate(parsed(**{sign: "yes"}))
    assert alert.urgent
    assert reason in alert.reasons[0]
    assert alert.call_911 is call_911


@pytest.mark.parametrize(
    ("how_long", "review"),
    [("under-12h", []), ("12-36h", []), ("over-36h", ["Soreness lasting more than 36 hours"])],
)
def test_soreness_is_recorded_not_alarmed(how_long, review):
    alert = evaluate(parsed(soreness_how_long=how_long))
    assert not alert.urgent
    assert [note.split(" (")[0] for note in alert.review] == review


def test_follow_ups_are_only_asked_after_yes_and_bad_values_name_the_question():
    answers = parsed(soreness="no", soreness_where="ignored")
    assert "soreness_where" not in answers
    with pytest.raises(CheckInAnswerError) as refused:
        parse_answers({**CALM, "pain_now": "eleven", "sleep": "", "bruising": "maybe"})
    assert set(refused.value.errors) == {"pain_now", "sleep", "bruising"}
