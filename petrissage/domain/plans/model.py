"""Input and output types of a treatment-plan proposal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from petrissage.domain.plans.conditions import CONDITIONS
from petrissage.domain.plans.techniques import PlanTechnique
from petrissage.domain.regions import AREAS, is_region
from petrissage.domain.screening.engine import ScreeningResult

FunctionLimitation = Literal["low", "moderate", "high"]
Chronicity = Literal["acute", "subacute", "chronic"]
SESSION_MINUTES = (30, 45, 60, 90)

# Acute < 4 wk, subacute 4-12 wk, chronic > 12 wk: the ACP 2017 LBP definitions [L2],
# used for every condition (ours, U).
SUBACUTE_FROM_WEEKS = 4
CHRONIC_AFTER_WEEKS = 12


@dataclass(frozen=True)
class Severity:
    pain_nprs: int | None = None  # 0-10
    function_limitation: FunctionLimitation | None = None
    symptom_weeks: int | None = None  # how long the complaint has lasted

    @property
    def chronicity(self) -> Chronicity | None:
        weeks = self.symptom_weeks
        if weeks is None:
            return None
        if weeks < SUBACUTE_FROM_WEEKS:
            return "acute"
        return "subacute" if weeks <= CHRONIC_AFTER_WEEKS else "chronic"


@dataclass(frozen=True)
class PrescriptionLimits:
    """What the prescription allows; None = not stated."""

    sessions_per_week: int | None = None
    weeks: int | None = None
    visit_cap: int | None = None
    report_interval_visits: int | None = None  # e.g. 10 treatment days (Medicare) [B18]
    report_interval_days: int | None = None  # e.g. 1 month (WA L&I) [B10]


@dataclass(frozen=True)
class PlanRequest:
    conditions: tuple[str, ...] = ()  # condition keys; the first sets the dose
    icd10_codes: tuple[str, ...] = ()  # mapped with condition_for_icd10 and checked
    affected_regions: tuple[str, ...] = ()  # region codes or areas; empty = the defaults
    severity: Severity = Severity()
    age: int | None = None
    screening: ScreeningResult | None = None
    goals: tuple[str, ...] = ()
    prescription: PrescriptionLimits | None = None
    session_minutes: int | None = None  # a requested length; None = the evidence dose

    def __post_init__(self) -> None:
        for problem in _problems(self):
            raise ValueError(problem)


def _problems(req: PlanRequest) -> Iterator[str]:
    for i, key in enumerate(req.conditions):
        if key not in CONDITIONS:
            yield f"conditions[{i}]: {key!r} is not a known condition ({', '.join(CONDITIONS)})."
    for i, place in enumerate(req.affected_regions):
        if not (is_region(place) or place in AREAS):
            yield f"affected_regions[{i}]: {place!r} is neither a region code nor an area."
    pain = req.severity.pain_nprs
    if pain is not None and not 0 <= pain <= 10:
        yield f"severity.pain_nprs: {pain} is not between 0 and 10."
    weeks = req.severity.symptom_weeks
    if weeks is not None and weeks < 0:
        yield f"severity.symptom_weeks: {weeks} is negative."
    if req.age is not None and not 0 <= req.age <= 130:
        yield f"age: {req.age} is not a plausible age in years."
    if req.session_minutes is not None and req.session_minutes not in SESSION_MINUTES:
        yield f"session_minutes: {req.session_minutes} is not one of {SESSION_MINUTES}."
    yield from _limit_problems(req.prescription)


def _limit_problems(limits: PrescriptionLimits | None) -> Iterator[str]:
    if limits is None:
        return
    for name in (
        "sessions_per_week",
        "weeks",
        "visit_cap",
        "report_interval_visits",
        "report_interval_days",
    ):
        value = getattr(limits, name)
        if value is not None and value < 1:
            yield f"prescription.{name}: {value} must be at least 1."


@dataclass(frozen=True)
class TechniqueLine:
    region: str
    technique: PlanTechnique
    pressure: int  # Walton 0-5 [K6]


@dataclass(frozen=True)
class EvidenceNote:
    condition: str
    label: str
    note: str
    certainty: str  # "Low", "Mod (U)" ...; (U) = not rated in clinical.md
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PlanProposal:
    conditions: tuple[str, ...]
    blocked: bool
    techniques: tuple[TechniqueLine, ...]
    session_minutes: int
    sessions_per_week: int
    weeks: int
    total_visits: int
    reassessment_visits: tuple[int, ...]
    home_care: tuple[str, ...]
    evidence: tuple[EvidenceNote, ...]
    dose_basis: str
    warnings: tuple[str, ...]
    modifications: tuple[str, ...]
    goals: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for e in self.evidence for k in e.sources))

    @property
    def certainty(self) -> str:
        """Certainty of the primary condition's evidence."""
        return self.evidence[0].certainty if self.evidence else ""

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.region for line in self.techniques))
