"""What the case's outcomes panel shows, shared by the case page's inclusion tag and the
case outcomes page: interpreted progress per measure, charts, goals, plateau alerts, the
last check-in and open urgent alerts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from petrissage.clinical.models import Case
from petrissage.domain.outcomes import Measures, display_number
from petrissage.outcomes.charts import measure_chart_svg, region_chart_svg
from petrissage.outcomes.models import AlertLevel
from petrissage.outcomes.progress import (
    MeasureProgress,
    case_progress,
    region_pain_series,
    unmeasured_goals,
)
from petrissage.outcomes.selectors import case_check_ins, last_check_in


@dataclass(frozen=True)
class MeasureRow:
    progress: MeasureProgress
    summary: str
    notes: tuple[str, ...]
    chart: SafeString | None
    figures: str = ""


def _summary(progress: MeasureProgress) -> tuple[str, tuple[str, ...]]:
    if progress.global_change is not None:
        return progress.global_change.summary, ()
    if progress.change is None:
        value = display_number(progress.baseline.value)
        return f"Baseline {progress.definition.name} {value}; not measured again yet.", ()
    return progress.change.summary, progress.change.notes


def _row(progress: MeasureProgress, charts: bool) -> MeasureRow:
    summary, notes = _summary(progress)
    chart = None
    if charts and progress.definition.measures is Measures.STATUS:
        chart = mark_safe(measure_chart_svg(progress))  # noqa: S308  (our own matplotlib SVG)
    return MeasureRow(progress, summary, notes, chart, _figures(progress))


def _figures(progress: MeasureProgress) -> str:
    change = progress.change
    if change is None:
        return ""
    sign = "+" if change.change > 0 else ""
    return (
        f"Baseline {display_number(change.baseline)} → latest {display_number(change.current)}"
        f" · change {sign}{display_number(change.change)} ({progress.percent_text})"
    )


def case_panel_context(case: Case, *, charts: bool = True) -> dict[str, Any]:
    progress = case_progress(case)
    rows = [_row(p, charts) for p in progress]
    series = region_pain_series(case)
    region_chart = None
    if charts and series and any(len(points) > 1 for points in series.values()):
        region_chart = mark_safe(region_chart_svg(series))  # noqa: S308
    open_alerts = list(
        case_check_ins(case).filter(alert_level=AlertLevel.URGENT, acknowledged_at__isnull=True)
    )
    return {
        "case": case,
        "rows": rows,
        "plateaus": [r.progress for r in rows if r.progress.plateaued],
        "unmeasured_goals": unmeasured_goals(case, progress),
        "region_chart": region_chart,
        "last_check_in": last_check_in(case),
        "open_alerts": open_alerts,
    }
