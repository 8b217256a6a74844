"""What a plan proposal is built from, read from the database: the case's conditions and
diagnoses, the latest assessment (pain, affected regions, goals), the current screening as
the domain's ScreeningResult, and the prescription's limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from petrissage.clinical.models import (
    Assessment,
    Case,
    CaseDiagnosis,
    Screening,
    ScreeningFinding,
    TreatmentPlan,
)
from petrissage.clinical.models import PlanTechnique as PlanTechniqueRow
from petrissage.clinical.screening_services import current_screening
from petrissage.domain.plans import PrescriptionLimits, Severity, TechniqueLine
from petrissage.domain.plans.model import FunctionLimitation
from petrissage.domain.plans.techniques import PlanTechnique
from petrissage.domain.regions import AREAS, is_region
from petrissage.domain.screening.engine import ScreeningResult
from petrissage.domain.screening.model import Finding, FindingClass, Technique
from petrissage.referrals import selectors as referrals

# Latest assessment regions with at least this pain are taken as the affected regions.
AFFECTED_FROM_NPRS = 1


def finding_of(row: ScreeningFinding) -> Finding:
    restrictions = frozenset(
        Technique(r) for r in row.restrictions or () if r in Technique._value2member_map_
    )
    return Finding(
        rule_id=row.rule_id,
        condition=row.condition,
        finding_class=FindingClass(row.finding_class),
        action=row.action,
        regions=tuple(str(r) for r in row.regions or () if is_region(str(r))),
        areas=tuple(str(a) for a in row.areas or () if str(a) in AREAS),
        pressure_cap=row.pressure_cap,
        restrictions=restrictions,
        clearance_required=row.clearance_required,
        cleared=row.cleared,
        urgent=row.urgent,
        sources=tuple(str(s) for s in row.sources or ()),
    )


def screening_result(screening: Screening | None) -> ScreeningResult | None:
    """The stored screening as the pure domain result the plan rules read."""
    if screening is None:
        return None
    findings = tuple(finding_of(row) for row in screening.findings.all())
    return ScreeningResult(findings=findings, rules_version=screening.rules_version)


def latest_assessment(case: Case) -> Assessment | None:
    return (
        Assessment.objects.filter(practice_id=case.practice_id, patient_id=case.patient_id)
        .prefetch_related("region_findings", "goals")
        .order_by("-assessed_on", "-id")
        .first()
    )


def prescription_limits(case: Case) -> PrescriptionLimits | None:
    """The covering prescription as the plan rules see it; None without one."""
    prescription = referrals.latest_prescription(case)
    if prescription is None:
        return None
    return PrescriptionLimits(
        sessions_per_week=prescription.sessions_per_week or None,
        weeks=prescription.weeks or None,
        visit_cap=prescription.visit_cap,
        report_interval_visits=prescription.report_every_visits,
        report_interval_days=prescription.report_every_days,
    )


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class PlanInputs:
    """What the propose page pre-fills and the proposal reads."""

    conditions: tuple[str, ...]
    icd10_codes: tuple[str, ...]
    affected_regions: tuple[str, ...]
    pain_nprs: int | None
    function_limitation: FunctionLimitation | None
    goals: tuple[str, ...]
    assessment: Assessment | None
    screening: Screening | None


def plan_inputs(case: Case) -> PlanInputs:
    codes = tuple(
        CaseDiagnosis.objects.filter(practice_id=case.practice_id, case=case).values_list(
            "code", flat=True
        )
    )
    assessment = latest_assessment(case)
    regions: tuple[str, ...] = ()
    pain: int | None = None
    goals: tuple[str, ...] = ()
    function: FunctionLimitation | None = None
    if assessment is not None:
        painful = [f for f in assessment.region_findings.all() if f.nprs >= AFFECTED_FROM_NPRS]
        regions = tuple(f.region_code for f in painful if is_region(f.region_code))
        pain = max((f.nprs for f in painful), default=None)
        psfs = list(assessment.goals.all())
        goals = tuple(g.activity for g in psfs)
        function = _function_from_psfs([g.score for g in psfs])
    return PlanInputs(
        conditions=(case.condition_key,) if case.condition_key else (),
        icd10_codes=codes,
        affected_regions=regions,
        pain_nprs=pain,
        function_limitation=function,
        goals=goals,
        assessment=assessment,
        screening=current_screening(case.patient),
    )


def _function_from_psfs(scores: list[int]) -> FunctionLimitation | None:
    """PSFS mean 0 (unable) – 10 (as before): < 4 high, < 7 moderate, else low (ours, U)."""
    if not scores:
        return None
    mean = sum(scores) / len(scores)
    if mean < 4:
        return "high"
    return "moderate" if mean < 7 else "low"


def severity_of(pain: int | None, function: str | None, weeks: int | None) -> Severity:
    limitation: FunctionLimitation | None = None
    if function == "low":
        limitation = "low"
    elif function == "moderate":
        limitation = "moderate"
    elif function == "high":
        limitation = "high"
    return Severity(pain_nprs=pain, function_limitation=limitation, symptom_weeks=weeks)


def technique_rows(plan: TreatmentPlan) -> list[PlanTechniqueRow]:
    return list(PlanTechniqueRow.objects.filter(practice_id=plan.practice_id, plan=plan))


def technique_lines(plan: TreatmentPlan) -> list[TechniqueLine]:
    return [
        TechniqueLine(row.region_code, PlanTechnique(row.technique), row.pressure)
        for row in technique_rows(plan)
        if row.technique in PlanTechnique._value2member_map_
    ]
