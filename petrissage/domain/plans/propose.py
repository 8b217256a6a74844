"""Propose a treatment plan from conditions, regions, severity, screening and prescription."""

from __future__ import annotations

from petrissage.domain.icd10 import check_diagnosis
from petrissage.domain.plans.conditions import (
    CONDITIONS,
    FALLBACK_TECHNIQUES,
    NO_TRIAL_DOSE,
    ConditionEvidence,
    condition_for_icd10,
)
from petrissage.domain.plans.constraints import Constrained, apply_screening, blocked_reasons
from petrissage.domain.plans.dose import fit_dose, reassessment_visits, session_warnings
from petrissage.domain.plans.model import EvidenceNote, PlanProposal, PlanRequest
from petrissage.domain.plans.techniques import PlanTechnique
from petrissage.domain.regions import AREAS, regions_in_area

HIGH_PAIN = 7  # NPRS >= 7: "severe" band (ours, U)
# OPTIMa: no relaxation massage for recent-onset (<= 3 months) grade I-II neck pain [N4];
# WAD is taken to be included (U).
_RECENT_NECK = ("neck_pain", "whiplash")
_RECENT_NECK_WEEKS = 13
_PSFS = "Set 3-5 PSFS activities and re-score them at each reassessment [OM8]."

PlanRows = list[tuple[str, tuple[PlanTechnique, ...]]]


def propose_plan(req: PlanRequest) -> PlanProposal:
    """A proposal the therapist reviews and edits. Raises ValueError naming the field."""
    keys, warnings = _conditions(req)
    primary = CONDITIONS[keys[0]]
    fitted = fit_dose(primary.dose, req.prescription, primary.label.lower())
    minutes = req.session_minutes or primary.dose.minutes
    warnings += [*fitted.warnings, *session_warnings(keys, minutes)]
    warnings += [w for k in keys for w in CONDITIONS[k].warnings]
    modifications = _severity_notes(req)
    constrained, blocked = _techniques(req, keys, modifications)
    if req.screening is None:
        warnings.append("No screening result: screen before the first session (clinical.md §2).")
    if blocked:
        warnings = [*constrained.modifications, *warnings]
    return PlanProposal(
        conditions=keys,
        blocked=blocked,
        techniques=tuple(constrained.lines),
        session_minutes=minutes,
        sessions_per_week=fitted.per_week,
        weeks=fitted.weeks,
        total_visits=fitted.total_visits,
        reassessment_visits=reassessment_visits(
            fitted.total_visits, fitted.per_week, req.prescription
        ),
        home_care=_home_care(req, keys),
        evidence=tuple(_evidence(CONDITIONS[k]) for k in keys),
        dose_basis=primary.dose.basis if primary.dose.from_trial else NO_TRIAL_DOSE,
        warnings=tuple(dict.fromkeys(warnings)),
        modifications=tuple(dict.fromkeys([*modifications, *constrained.modifications])),
        goals=req.goals,
    )


def _conditions(req: PlanRequest) -> tuple[tuple[str, ...], list[str]]:
    """Condition keys (given ones first, then those the ICD-10-CM codes map to) and warnings."""
    keys = list(req.conditions)
    warnings = []
    for i, code in enumerate(req.icd10_codes):
        check = check_diagnosis(code)
        if not check.ok:
            warnings.append(f"icd10_codes[{i}]: {check.problem}")
        key = condition_for_icd10(check.code)
        if key is None:
            warnings.append(f"icd10_codes[{i}]: {check.code} maps to no condition of §1a.")
        elif key not in keys:
            keys.append(key)
    if not keys:
        raise ValueError("conditions: give a condition key or an ICD-10-CM code that maps to one.")
    return tuple(keys), warnings


def _severity_notes(req: PlanRequest) -> list[str]:
    notes = []
    pain = req.severity.pain_nprs
    if pain is not None and pain >= HIGH_PAIN:
        notes.append(
            f"High pain (NPRS {pain}): pressures start at the low end of each range; "
            "progress by response (ours)."
        )
    if req.severity.chronicity == "acute":
        notes.append(
            "Acute (< 4 weeks): most §1a evidence is for subacute/chronic complaints; "
            "re-screen for acute injury or inflammation [L2]."
        )
    return notes


def _recent_neck(req: PlanRequest, key: str) -> bool:
    weeks = req.severity.symptom_weeks
    return key in _RECENT_NECK and weeks is not None and weeks < _RECENT_NECK_WEEKS


def _condition_techniques(
    req: PlanRequest, row: ConditionEvidence, notes: list[str]
) -> tuple[PlanTechnique, ...]:
    techniques = row.techniques or FALLBACK_TECHNIQUES
    if not row.techniques:
        notes.append(
            f"{row.label}: no technique has trial evidence; gentle Swedish and stretching "
            "proposed (ours)."
        )
    if _recent_neck(req, row.key) and PlanTechnique.SWEDISH in techniques:
        techniques = tuple(t for t in techniques if t is not PlanTechnique.SWEDISH)
        notes.append(
            f"{row.label}: relaxation (Swedish) massage left out — OPTIMa advises against it "
            "for recent-onset (<= 3 months) grade I-II neck pain [N4]."
        )
    return techniques


def _expand(places: tuple[str, ...]) -> list[str]:
    codes: list[str] = []
    for place in places:
        if place in AREAS:
            codes.extend(r.code for r in regions_in_area(place))
        else:
            codes.append(place)
    return list(dict.fromkeys(codes))


def _plan(req: PlanRequest, keys: tuple[str, ...], notes: list[str]) -> PlanRows:
    """(region, techniques) rows before screening, in the order regions were named."""
    table: dict[str, list[PlanTechnique]] = {}
    for key in keys:
        row = CONDITIONS[key]
        places = req.affected_regions or row.default_places
        if not places:
            raise ValueError(
                f"affected_regions: {key} has no default region; name the affected regions."
            )
        techniques = _condition_techniques(req, row, notes)
        for code in _expand(places):
            bucket = table.setdefault(code, [])
            bucket.extend(t for t in techniques if t not in bucket)
    return [(code, tuple(ts)) for code, ts in table.items()]


def _techniques(
    req: PlanRequest, keys: tuple[str, ...], notes: list[str]
) -> tuple[Constrained, bool]:
    plan = _plan(req, keys, notes)
    screening = req.screening
    if screening is not None and screening.blocks_treatment:
        return Constrained(modifications=list(blocked_reasons(screening))), True
    return apply_screening(plan, screening), False


def _home_care(req: PlanRequest, keys: tuple[str, ...]) -> tuple[str, ...]:
    items = [item for k in keys for item in CONDITIONS[k].home_care]
    if req.severity.function_limitation in ("moderate", "high"):
        items.append(_PSFS)
    items.append(
        "Report new numbness or weakness, calf swelling/warmth/redness, sudden breathlessness "
        "or chest pain at once; soreness usually settles within 1-3 days [AE1][K9]."
    )
    return tuple(dict.fromkeys(items))


def _evidence(row: ConditionEvidence) -> EvidenceNote:
    return EvidenceNote(row.key, row.label, row.evidence, row.certainty_label, row.sources)
