"""A case's progress per outcome measure: change from baseline interpreted with the domain
(`interpret`, `interpret_global`, `goal_status`, `plateau`), the plan's goals, and pain
per body region over assessments. Reads only; no writes."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from petrissage.clinical.models import Case, PlanStatus, RegionFinding
from petrissage.domain.outcomes import (
    Change,
    GlobalChange,
    GoalStatus,
    InstrumentError,
    Measures,
    OutcomeError,
    Trend,
    display_number,
    goal_status,
    interpret,
    interpret_global,
    plateau,
)
from petrissage.domain.outcomes import Instrument as Definition
from petrissage.domain.regions import is_region, region
from petrissage.outcomes.models import Instrument, OutcomeResponse, Timepoint
from petrissage.outcomes.selectors import case_responses, safe_definition


@dataclass(frozen=True)
class Point:
    when: datetime
    value: Decimal
    timepoint: str
    response_id: int


@dataclass(frozen=True)
class GoalLine:
    text: str
    target: Decimal | None
    status: GoalStatus | None
    note: str = ""


@dataclass
class MeasureProgress:
    instrument: Instrument
    definition: Definition
    points: list[Point]
    baseline: Point
    latest: Point | None
    change: Change | None = None
    global_change: GlobalChange | None = None
    plateaued: bool | None = None
    goals: list[GoalLine] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.instrument.key

    @property
    def band(self) -> tuple[Decimal, Decimal] | None:
        """The MCID (or MDC) band around the baseline: changes inside it are not important."""
        threshold = self.definition.important_change
        if threshold is None or self.definition.measures is Measures.CHANGE:
            return None
        base = self.baseline.value
        widths = []
        if threshold.points is not None:
            widths.append(threshold.points)
        if threshold.percent is not None and base != 0:
            widths.append(abs(base) * threshold.percent / 100)
        if not widths:
            return None
        width = min(widths)  # either criterion counts, so the band is the narrower one
        low = max(self.definition.score_min, base - width)
        high = min(self.definition.score_max, base + width)
        return low, high

    @property
    def band_label(self) -> str:
        threshold = self.definition.important_change
        if threshold is None:
            return ""
        kind = "MCID" if self.definition.mcid is not None else "MDC"
        return f"{kind} {threshold.describe()}"

    @property
    def percent_text(self) -> str:
        if self.change is None or self.change.percent_change is None:
            return "—"
        return f"{display_number(self.change.percent_change, 0)}%"


def _points(responses: list[OutcomeResponse]) -> list[Point]:
    return [Point(r.collected_at, r.score, r.timepoint, r.pk) for r in responses]


def _baseline(points: list[Point]) -> Point:
    marked = [p for p in points if p.timepoint == Timepoint.BASELINE]
    return marked[0] if marked else points[0]


def plan_goals(case: Case) -> list[dict[str, object]]:
    plan = case.plans.filter(status=PlanStatus.APPROVED).order_by("-version").first()
    plan = plan or case.plans.order_by("-version").first()
    goals = plan.goals if plan is not None else []
    return [g for g in goals if isinstance(g, dict)] if isinstance(goals, list) else []


# Plan goals are free text ({"text": ...}) unless a measure and target were given; the
# measure is recognised from the words of the goal, the target from "to 3/10" or "to 3".
MEASURE_WORDS = (
    ("nprs", re.compile(r"\b(nprs|pain)\b", re.I)),
    ("psfs", re.compile(r"\b(psfs|activit(y|ies)|function)", re.I)),
    ("lefs", re.compile(r"\b(lefs|lower extremity|walk|stairs)", re.I)),
    ("peg", re.compile(r"\bpeg\b", re.I)),
)
TARGET = re.compile(r"\b(?:to|below|under|at most|≤|<=)\s*(\d+(?:\.\d+)?)(?:\s*/\s*10)?", re.I)


def goal_measure(goal: dict[str, object]) -> str:
    measure = goal.get("measure")
    if isinstance(measure, str) and measure:
        return measure
    text = str(goal.get("text") or "")
    return next((key for key, words in MEASURE_WORDS if words.search(text)), "")


def _goal_target(goal: dict[str, object]) -> Decimal | None:
    raw = goal.get("target")
    if raw is None:
        found = TARGET.search(str(goal.get("text") or ""))
        raw = found.group(1) if found else None
    try:
        return Decimal(str(raw)) if raw is not None else None
    except ArithmeticError:
        return None


def _goal_line(progress: MeasureProgress, goal: dict[str, object]) -> GoalLine:
    text = str(goal.get("text") or "Goal")
    target = _goal_target(goal)
    if progress.latest is None:
        return GoalLine(text, target, None, "Not measured again since the baseline.")
    if target is None:  # no number to reach: judged by important change alone
        improved = progress.change is not None and progress.change.trend is Trend.IMPROVED
        status = GoalStatus.PROGRESSING if improved else GoalStatus.NOT_PROGRESSING
        return GoalLine(text, None, status, "No numeric target: judged by important change.")
    try:
        status = goal_status(
            progress.definition, progress.baseline.value, progress.latest.value, target
        )
    except OutcomeError as problem:
        return GoalLine(text, target, None, str(problem))
    return GoalLine(text, target, status)


def _interpret(progress: MeasureProgress) -> None:
    definition, latest = progress.definition, progress.latest
    if definition.measures is Measures.CHANGE:
        last = latest or progress.baseline
        progress.global_change = interpret_global(definition, last.value)
        return
    if latest is not None:
        progress.change = interpret(definition, progress.baseline.value, latest.value)
    try:
        progress.plateaued = plateau(definition, [p.value for p in progress.points])
    except InstrumentError:
        progress.plateaued = None


def case_progress(case: Case) -> list[MeasureProgress]:
    """One entry per instrument used on the case, in the order first used."""
    by_instrument: dict[int, list[OutcomeResponse]] = defaultdict(list)
    for response in case_responses(case):
        by_instrument[response.instrument_id].append(response)
    goals = plan_goals(case)
    result = []
    for responses in by_instrument.values():
        definition = safe_definition(responses[0].instrument)
        if definition is None:
            continue
        points = _points(responses)
        baseline = _baseline(points)
        later = [p for p in points if p.when >= baseline.when and p != baseline]
        progress = MeasureProgress(
            instrument=responses[0].instrument,
            definition=definition,
            points=points,
            baseline=baseline,
            latest=later[-1] if later else None,
        )
        _interpret(progress)
        progress.goals = [_goal_line(progress, g) for g in goals if goal_measure(g) == progress.key]
        result.append(progress)
    return result


def unmeasured_goals(case: Case, progress: list[MeasureProgress]) -> list[dict[str, object]]:
    """Plan goals whose measure has no response yet."""
    measured = {p.key for p in progress}
    return [g for g in plan_goals(case) if goal_measure(g) not in measured]


def region_pain_series(case: Case) -> dict[str, list[tuple[date, int]]]:
    """NPRS per body region by assessment date: the patient's assessments since the case
    opened (assessments belong to the patient, not to one case)."""
    findings = (
        RegionFinding.objects.filter(
            practice_id=case.practice_id,
            patient_id=case.patient_id,
            assessment__assessed_on__gte=case.opened_on,
        )
        .select_related("assessment")
        .order_by("assessment__assessed_on", "assessment_id")
    )
    series: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for finding in findings:
        code = finding.region_code
        label = region(code).label if is_region(code) else code
        series[label].append((finding.assessment.assessed_on, finding.nprs))
    return dict(series)
