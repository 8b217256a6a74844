"""The maintenance interval proposed at discharge follows how fast pain came back between
visits (2 NPRS points [OM1], within the week-to-a-month fade of article-4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from petrissage.domain import recall

D = date(2026, 3, 2)


def sessions(*pairs, gap=7):
    return [
        recall.SessionPain(D + timedelta(days=gap * i), before, after)
        for i, (before, after) in enumerate(pairs)
    ]


@pytest.mark.parametrize(
    ("pairs", "gap", "weeks"),
    [
        (((6, 3), (5, 3), (5, 3), (5, 3)), 7, 1),  # 2 points back in 7 days → weekly
        (((6, 3), (4, 3), (4, 3)), 7, 2),  # 1 point in 7 days → 14 days → 2 weeks
        (((6, 3), (4, 3), (4, 3)), 14, 4),  # 1 point in 14 days → 28 days → 4 weeks
        (((6, 2), (7, 2), (7, 2)), 7, 1),  # 5 points a week: faster than a week → 1 (floor)
        (((6, 3), (3, 3)), 28, 4),  # pain did not come back, goals unknown → monthly
    ],
)
def test_interval_is_read_from_pain_coming_back(pairs, gap, weeks):
    proposal = recall.propose_maintenance(recall.pain_returns(sessions(*pairs, gap=gap)), None)
    assert proposal.weeks == weeks
    assert proposal.observations == len(pairs) - 1


def test_no_maintenance_when_pain_stayed_down_and_goals_were_met():
    returns = recall.pain_returns(sessions((6, 2), (2, 1), (1, 1)))
    assert recall.propose_maintenance(returns, goals_met=True).weeks is None


def test_no_data_proposes_monthly_and_says_why():
    proposal = recall.propose_maintenance([], goals_met=None)
    assert proposal.weeks == 4
    assert "No pain was recorded" in proposal.reason


def test_check_in_pain_counts_as_a_return():
    returns = recall.pain_returns([], [recall.CheckinPain(after=2, now=4, days=2)])
    assert recall.propose_maintenance(returns, None).weeks == 1


@pytest.mark.parametrize(
    ("weeks", "ok"), [(None, True), (0, False), (1, True), (52, True), (53, False), (-2, False)]
)
def test_intervals_of_zero_or_over_a_year_are_refused(weeks, ok):
    assert (recall.interval_problem(weeks) is None) is ok


@pytest.mark.parametrize(
    ("today", "booked", "declined", "state"),
    [
        (date(2026, 4, 1), False, False, "upcoming"),
        (date(2026, 4, 13), False, False, "due"),  # within 7 days of the 20th
        (date(2026, 4, 20), False, False, "due"),
        (date(2026, 4, 21), False, False, "overdue"),
        (date(2026, 4, 21), True, False, "booked"),
        (date(2026, 4, 21), False, True, "declined"),
    ],
)
def test_recall_states(today, booked, declined, state):
    due = date(2026, 4, 20)
    assert recall.recall_state(due, today, booked=booked, declined=declined) == state
    assert recall.reminder_needed(recall.RecallState(state)) is (state in ("due", "overdue"))
