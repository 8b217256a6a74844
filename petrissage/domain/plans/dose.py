"""Dose within prescription limits, reassessment points, and dose warnings."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from petrissage.domain.plans.conditions import Dose
from petrissage.domain.plans.model import PlanProposal, PrescriptionLimits

# Conditions whose dose trial found 30-min sessions ineffective (clinical.md §0.2).
_SHORT_SESSION_WARNINGS: dict[str, str] = {
    "neck_pain": "30-min sessions were ineffective for neck pain; 60 min was effective [N3].",
    "whiplash": "30-min sessions were ineffective for neck pain (whiplash by analogy, U) [N3].",
    "knee_oa": "30-min sessions were less effective than 60 min for knee OA [O1].",
}
_EFFECTIVE_MINUTES = 60  # [N3][O1]


@dataclass(frozen=True)
class FittedDose:
    per_week: int
    weeks: int
    total_visits: int
    warnings: tuple[str, ...]


def _times(n: int) -> str:
    return f"{n}×/week"


def fit_dose(dose: Dose, limits: PrescriptionLimits | None, label: str) -> FittedDose:
    """The evidence dose, reduced to what the prescription allows, with a warning each time."""
    per_week, weeks = dose.per_week, dose.weeks
    warnings: list[str] = []
    if limits is None:
        return FittedDose(per_week, weeks, per_week * weeks, ())
    allowed = limits.sessions_per_week
    if allowed is not None and per_week > allowed:
        warnings.append(
            f"Evidence dose for {label} is {_times(per_week)} but {_times(allowed)} "
            f"is prescribed; proposing {_times(allowed)}."
        )
        per_week = allowed
    if limits.weeks is not None and weeks > limits.weeks:
        warnings.append(
            f"Evidence dose for {label} is {weeks} weeks but the prescription covers "
            f"{limits.weeks}; proposing {limits.weeks} weeks."
        )
        weeks = limits.weeks
    total = per_week * weeks
    if limits.visit_cap is not None and total > limits.visit_cap:
        warnings.append(
            f"{total} visits would exceed the visit cap of {limits.visit_cap}; "
            f"proposing {limits.visit_cap} visits."
        )
        total = limits.visit_cap
        weeks = math.ceil(total / per_week)
    return FittedDose(per_week, weeks, total, tuple(warnings))


def visits_per_days(days: int, per_week: int) -> int:
    """How many visits fit before a report falls due `days` after the start (at least 1)."""
    return max(1, math.floor(days * per_week / 7))


def reassessment_visits(
    total: int, per_week: int, limits: PrescriptionLimits | None
) -> tuple[int, ...]:
    """Visit numbers for re-assessment: 50% and 100% of the plan and each report interval.

    Report intervals: Medicare at least every 10 treatment days; WA L&I after 6 visits or
    1 month [B18][B10] -- whichever the prescription states."""
    if total < 1:
        return ()
    points = {math.ceil(total / 2), total}
    for every in _intervals(per_week, limits):
        points.update(range(every, total + 1, every))
    return tuple(sorted(points))


def _intervals(per_week: int, limits: PrescriptionLimits | None) -> Iterable[int]:
    if limits is None:
        return ()
    found = []
    if limits.report_interval_visits is not None:
        found.append(limits.report_interval_visits)
    if limits.report_interval_days is not None:
        found.append(visits_per_days(limits.report_interval_days, per_week))
    return found


def session_warnings(conditions: Iterable[str], minutes: int) -> tuple[str, ...]:
    if minutes >= _EFFECTIVE_MINUTES:
        return ()
    return tuple(_SHORT_SESSION_WARNINGS[k] for k in conditions if k in _SHORT_SESSION_WARNINGS)


def exceeds_prescription(proposal: PlanProposal, limits: PrescriptionLimits) -> list[str]:
    """What an (edited) plan asks for beyond the prescription; each needs acknowledging."""
    return exceeds_limits(proposal.sessions_per_week, proposal.weeks, proposal.total_visits, limits)


def exceeds_limits(
    sessions_per_week: int, weeks: int, total_visits: int, limits: PrescriptionLimits
) -> list[str]:
    """exceeds_prescription for a plan given by its dose alone (an edited, stored plan)."""
    found: list[str] = []
    tail = " — acknowledge to proceed"
    per_week = limits.sessions_per_week
    if per_week is not None and sessions_per_week > per_week:
        found.append(
            f"exceeds prescription: {_times(sessions_per_week)} > "
            f"{_times(per_week)} prescribed{tail}"
        )
    if limits.weeks is not None and weeks > limits.weeks:
        found.append(f"exceeds prescription: {weeks} weeks > {limits.weeks} weeks prescribed{tail}")
    if limits.visit_cap is not None and total_visits > limits.visit_cap:
        found.append(
            f"exceeds prescription: {total_visits} visits > visit cap of {limits.visit_cap}{tail}"
        )
    return found
