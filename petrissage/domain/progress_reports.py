"""Physician progress reports: when one is due, and the sums a report is built from.

Pure Python, no Django. The interval comes from the prescription: every N visits or every
M days, whichever comes first (WA L&I: after 6 visits or 1 month, sent to the attending
doctor — clinical.md §4d, §4g [B10][B16]; Medicare therapy: at least every 10 treatment
days [B18]). A discharge summary is due once the case is discharged (§4d "discharge summary
per episode" [B17]). Days are counted from the last report, else from the issue date; a
report is only due once there is something new to report (a visit since the last one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from petrissage.domain.prescriptions import PrescriptionLimits, prescription_status

PROGRESS = "progress"
DISCHARGE = "discharge"


@dataclass(frozen=True)
class ReportDue:
    """Whether a report is due today, why, and when the next one falls due."""

    due: bool
    kind: str  # PROGRESS or DISCHARGE
    reasons: tuple[str, ...]
    next_due_visit: int | None  # the visit count at which the next report falls due
    next_due_on: date | None  # the date on which it falls due (if visits were given)


def interval_label(every_visits: int | None, every_days: int | None) -> str:
    """'every 6 visits or 30 days, whichever comes first' (or '' when none is set)."""
    parts = []
    if every_visits:
        parts.append(f"{every_visits} visit{'' if every_visits == 1 else 's'}")
    if every_days:
        parts.append(f"{every_days} day{'' if every_days == 1 else 's'}")
    if not parts:
        return ""
    tail = ", whichever comes first" if len(parts) == 2 else ""
    return f"every {' or '.join(parts)}{tail}"


def report_due(
    limits: PrescriptionLimits,
    visits_used: int,
    today: date,
    *,
    last_report_on: date | None = None,
    visits_at_last_report: int = 0,
    discharged_on: date | None = None,
    discharge_reported: bool = False,
) -> ReportDue:
    """Is a report to the prescriber due today? `last_report_on` / `visits_at_last_report`
    describe the last signed report under this prescription (None / 0 when there is none)."""
    if discharged_on is not None:
        return discharge_due(discharged_on, discharge_reported)
    since = replace(
        limits, last_report_on=last_report_on, visits_at_last_report=visits_at_last_report
    )
    status = prescription_status(since, visits_used, today)
    every_visits, every_days = limits.report_every_visits, limits.report_every_days
    next_visit = visits_at_last_report + every_visits if every_visits else None
    start = last_report_on or limits.issued_on
    next_day = start + timedelta(days=every_days) if every_days else None
    return ReportDue(status.report_due, PROGRESS, status.report_reasons, next_visit, next_day)


def discharge_due(discharged_on: date, discharge_reported: bool) -> ReportDue:
    """A discharge summary is due from discharge until one is signed."""
    reasons = () if discharge_reported else (f"case discharged on {discharged_on:%Y-%m-%d}",)
    return ReportDue(bool(reasons), DISCHARGE, reasons, None, None)


@dataclass(frozen=True)
class TreatmentLine:
    """One treatment line of a signed session, as far as a report needs it."""

    region: str
    technique: str
    minutes: int


@dataclass(frozen=True)
class TreatmentRow:
    region: str
    technique: str
    sessions: int
    minutes: int


def treatment_summary(sessions: Iterable[Iterable[TreatmentLine]]) -> list[TreatmentRow]:
    """Minutes and sessions per (region, technique), most minutes first. A session counts
    once per pair even when the pair appears on two of its lines."""
    minutes: dict[tuple[str, str], int] = defaultdict(int)
    sessions_with: dict[tuple[str, str], int] = defaultdict(int)
    for lines in sessions:
        seen = set()
        for line in lines:
            key = (line.region, line.technique)
            minutes[key] += line.minutes
            seen.add(key)
        for key in seen:
            sessions_with[key] += 1
    rows = [TreatmentRow(r, t, sessions_with[(r, t)], m) for (r, t), m in minutes.items()]
    return sorted(rows, key=lambda row: (-row.minutes, row.region, row.technique))


@dataclass(frozen=True)
class PainTrend:
    first: int
    last: int
    change: int  # last - first; negative = less pain
    words: str


def pain_trend(values: Iterable[int]) -> PainTrend | None:
    """First and latest NPRS (0–10) of a series. A change of 2 points or 30 % counts as
    important (NPRS MCID "~2 points or ~30 %", clinical.md §3 [OM1][OM2][OM3])."""
    series = list(values)
    if not series:
        return None
    first, last = series[0], series[-1]
    change = last - first
    important = abs(change) >= 2 or (first > 0 and abs(change) / first >= 0.3)
    if len(series) == 1 or change == 0:
        words = "no change"
    elif change < 0:
        words = "improved" if important else "slightly better (less than the MCID)"
    else:
        words = "worse" if important else "slightly worse (less than the MCID)"
    return PainTrend(first, last, change, words)
