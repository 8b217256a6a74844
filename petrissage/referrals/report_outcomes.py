"""The outcome parts of a progress report, read through the outcomes app: measures baseline
→ latest with the MCID interpretation, goal status, adverse events from check-ins, and the
progress charts (SVG). When the outcomes app is missing, or its tables are not there yet,
the report says "No outcome measures recorded." instead of failing."""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, transaction

from petrissage.clinical.models import Case
from petrissage.domain.outcomes import display_number

if TYPE_CHECKING:
    from petrissage.outcomes.progress import MeasureProgress
    from petrissage.referrals.report_snapshot import Period

log = logging.getLogger(__name__)
NO_MEASURES = "No outcome measures recorded."
JSON = dict[str, Any]


def _empty(note: str = NO_MEASURES) -> JSON:
    return {"measures": [], "measures_note": note, "goals": [], "adverse_events": [], "charts": []}


def _number(value: object) -> str:
    return display_number(Decimal(str(value))) if value is not None else ""


def _measure(progress: MeasureProgress) -> JSON:
    latest = progress.latest
    change, global_change = progress.change, progress.global_change
    if global_change is not None:
        interpretation = global_change.summary
    elif change is not None:
        interpretation = change.summary
    else:
        interpretation = "Only a baseline so far."
    return {
        "key": progress.key,
        "name": progress.definition.name,
        "title": progress.definition.title,
        "baseline": _number(progress.baseline.value),
        "baseline_on": progress.baseline.when.date().isoformat(),
        "latest": _number(latest.value) if latest else "",
        "latest_on": latest.when.date().isoformat() if latest else "",
        "change": _number(change.change) if change else "",
        "percent": progress.percent_text if change else "",
        "threshold": progress.band_label,
        "trend": str(change.trend) if change else "",
        "passes_mcid": change.passes_mcid if change else None,
        "plateaued": progress.plateaued,
        "interpretation": interpretation,
    }


def _goals(case: Case, progress: list[MeasureProgress]) -> list[JSON]:
    from petrissage.outcomes.progress import unmeasured_goals

    goals = [
        {
            "text": goal.text,
            "measure": p.definition.name,
            "target": _number(goal.target) if goal.target is not None else "",
            "status": str(goal.status).replace("-", " ") if goal.status else "not judged",
            "note": goal.note,
        }
        for p in progress
        for goal in p.goals
    ]
    for goal in unmeasured_goals(case, progress):
        goals.append(
            {
                "text": str(goal.get("text") or "Goal"),
                "measure": str(goal.get("measure") or ""),
                "target": str(goal.get("target") or ""),
                "status": "not measured yet",
                "note": "",
            }
        )
    return goals


def _adverse_events(case: Case, period: Period) -> list[JSON]:
    from petrissage.outcomes.selectors import case_check_ins

    events = []
    for check_in in case_check_ins(case).filter(answered_at__isnull=False).order_by("answered_at"):
        if (
            check_in.answered_at is None
            or not period.start <= check_in.answered_at.date() <= period.end
        ):
            continue
        reasons = [str(r) for r in (check_in.alert_reasons or [])]
        notes = [str(n) for n in (check_in.review_notes or [])]
        if not (reasons or notes):
            continue
        events.append(
            {
                "date": check_in.answered_at.date().isoformat(),
                "urgent": check_in.open_alert or bool(reasons),
                "what": "; ".join(reasons + notes),
                "action": check_in.acknowledgement,
            }
        )
    return events


_ID = re.compile(r'(\bid="|url\(#|href="#)')


def unique_ids(svg: str, prefix: str) -> str:
    """Prefix every id (and reference to one) so several charts can share one page."""
    return _ID.sub(lambda match: f"{match.group(1)}{prefix}-", svg)


def _charts(case: Case, progress: list[MeasureProgress]) -> list[JSON]:
    from petrissage.outcomes.charts import measure_chart_svg, region_chart_svg
    from petrissage.outcomes.progress import region_pain_series

    charts = [
        {"title": f"{p.definition.name} over time", "svg": measure_chart_svg(p)}
        for p in progress
        if len(p.points) > 1
    ]
    series = region_pain_series(case)
    if any(len(points) > 1 for points in series.values()):
        charts.append({"title": "Pain per body region", "svg": region_chart_svg(series)})
    return [
        {"title": chart["title"], "svg": unique_ids(chart["svg"], f"chart{n}")}
        for n, chart in enumerate(charts, 1)
    ]


def outcome_sections(case: Case, period: Period) -> JSON:
    """measures, measures_note, goals, adverse_events and charts for the snapshot."""
    try:
        from petrissage.outcomes.progress import case_progress
    except ImportError:
        return _empty()
    try:
        with transaction.atomic():  # a savepoint: a missing table must not spoil the caller
            progress = case_progress(case)
            result = {
                "measures": [_measure(p) for p in progress],
                "measures_note": "" if progress else NO_MEASURES,
                "goals": _goals(case, progress),
                "adverse_events": _adverse_events(case, period),
                "charts": _charts(case, progress),
            }
    except DatabaseError:
        log.warning("Outcomes not readable for case %s; report built without them", case.pk)
        return _empty()
    return result
