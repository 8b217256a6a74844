"""Maintenance after discharge: propose a recall interval and date the recalls.

The effect of massage is mostly short-term (clinical.md §0.1, [L1]); the patient-facing
articles say it "can often last up to a month" but "may fade away within a week"
(articles/article-4). So the proposal reads how fast *this* patient's pain came back
between visits — pain after one session against pain before the next, and the check-in
pain a day or two after — and times the next visit for when the pain has climbed back by
a clinically important amount (2 NPRS points, [OM1][OM2]), kept inside that week-to-a-month
window. Pure Python.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

MIN_INTERVAL_WEEKS = 1
MAX_INTERVAL_WEEKS = 52  # "over a year" is refused: that is not maintenance, it is a new case
FADE_MIN_DAYS = 7  # effect "may fade away within a week" (article-4)
FADE_MAX_DAYS = 28  # "can often last up to a month" (article-4), in whole weeks
IMPORTANT_RETURN = 2  # NPRS points: ~2 points is the clinically important change [OM1][OM2]
DUE_WINDOW_DAYS = 7  # a recall shows as due from a week before its date


@dataclass(frozen=True)
class SessionPain:
    """One signed session: its date and the NPRS before and after treatment."""

    on: date
    before: int | None
    after: int | None


@dataclass(frozen=True)
class CheckinPain:
    """A check-in answered `days` after a session whose pain after treatment was `after`."""

    after: int
    now: int
    days: float


@dataclass(frozen=True)
class PainReturn:
    relief: int  # pain right after treatment
    later: int  # pain some days later
    days: float

    @property
    def points_per_day(self) -> float:
        return max(self.later - self.relief, 0) / self.days


@dataclass(frozen=True)
class Proposal:
    weeks: int | None  # None: no maintenance proposed
    reason: str
    days_to_return: float | None = None
    observations: int = 0


def pain_returns(
    sessions: Sequence[SessionPain], checkins: Sequence[CheckinPain] = ()
) -> list[PainReturn]:
    """Pain after each session against pain before the next one, plus check-in answers."""
    ordered = sorted(sessions, key=lambda s: s.on)
    returns = []
    for first, second in itertools.pairwise(ordered):
        gap = (second.on - first.on).days
        if gap > 0 and first.after is not None and second.before is not None:
            returns.append(PainReturn(first.after, second.before, gap))
    returns += [PainReturn(c.after, c.now, c.days) for c in checkins if c.days > 0]
    return returns


def propose_maintenance(returns: Sequence[PainReturn], goals_met: bool | None) -> Proposal:
    """The maintenance interval to propose at discharge (the therapist decides)."""
    if not returns:
        return Proposal(
            FADE_MAX_DAYS // 7,
            "No pain was recorded between visits; the effect of massage commonly fades within "
            "a week to a month, so monthly maintenance is a cautious start.",
        )
    rate = statistics.median(r.points_per_day for r in returns)
    if rate <= 0:
        if goals_met:
            return Proposal(
                None,
                "Pain did not come back between visits and the plan's goals were met: no "
                "maintenance needed; the patient can return if it flares.",
                observations=len(returns),
            )
        return Proposal(
            FADE_MAX_DAYS // 7,
            "Pain did not come back between visits, but the goals are not all met: a monthly "
            "check keeps the gains.",
            observations=len(returns),
        )
    days = IMPORTANT_RETURN / rate
    clamped = min(max(days, FADE_MIN_DAYS), FADE_MAX_DAYS)
    weeks = max(MIN_INTERVAL_WEEKS, min(round(clamped / 7), FADE_MAX_DAYS // 7))
    return Proposal(
        weeks,
        f"Pain came back by about {rate:.2f} points a day between visits, so it regains "
        f"{IMPORTANT_RETURN} points in about {days:.0f} days: a visit every {weeks} "
        f"week{'s' if weeks != 1 else ''} keeps ahead of it.",
        days_to_return=days,
        observations=len(returns),
    )


def interval_problem(weeks: int | None) -> str | None:
    """Why an interval cannot be saved (None = no maintenance, which is allowed)."""
    if weeks is None:
        return None
    if weeks < MIN_INTERVAL_WEEKS:
        return "A maintenance interval must be at least 1 week (or choose no maintenance)."
    if weeks > MAX_INTERVAL_WEEKS:
        return "A maintenance interval cannot be over a year (52 weeks)."
    return None


def next_recall(anchor: date, weeks: int) -> date:
    """The date the next maintenance visit is due, counted from discharge or the last visit."""
    return anchor + timedelta(weeks=weeks)


class RecallState(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    BOOKED = "booked"
    DECLINED = "declined"


def recall_state(due: date, today: date, *, booked: bool, declined: bool) -> RecallState:
    if declined:
        return RecallState.DECLINED
    if booked:
        return RecallState.BOOKED
    if today > due:
        return RecallState.OVERDUE
    if today >= due - timedelta(days=DUE_WINDOW_DAYS):
        return RecallState.DUE
    return RecallState.UPCOMING


def reminder_needed(state: RecallState) -> bool:
    """A reminder goes out when a visit is due or overdue and not booked (once per due date)."""
    return state in (RecallState.DUE, RecallState.OVERDUE)
