"""Whole-body rules of clinical.md §2 for pregnancy, blood pressure, diabetic neuropathy
and the refer-out red flags."""

from __future__ import annotations

from petrissage.domain.screening.common import (
    PREGNANCY_WINDOW,
    PRESSURE_LIGHT,
    Context,
    evidence_of,
    scope,
)
from petrissage.domain.screening.model import BloodPressure, Finding, FindingClass, Technique
from petrissage.domain.screening.vitals import blood_pressure_status

RELATIVE, REFER = FindingClass.RELATIVE, FindingClass.REFER
T = Technique


def pregnancy(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K7]: relative; not contraindicated in the first trimester.
    weeks = ctx.inp.pregnancy_weeks
    evidence = list(evidence_of(ctx.recent(PREGNANCY_WINDOW, "pregnancy")))
    if weeks is not None:
        evidence.insert(0, f"intake: pregnant, {weeks} weeks")
    findings = []
    if evidence:
        later = weeks is None or weeks >= 13  # second trimester onwards (U: positioning)
        findings.append(
            Finding(
                rule_id="pregnancy",
                condition="Pregnancy" + (f" ({weeks} weeks)" if weeks is not None else ""),
                finding_class=RELATIVE,
                action=(
                    "Massage is not contraindicated. "
                    + ("Use side-lying or supported positioning. " if later else "")
                    + "Watch for leg DVT signs (one-sided calf swelling, warmth, redness)."
                ),
                restrictions=frozenset({T.SIDE_LYING_POSITIONING}) if later else frozenset(),
                sources=("K7",),
                evidence=tuple(evidence),
            )
        )
    risk = list(evidence_of(ctx.recent(PREGNANCY_WINDOW, "pregnancy_high_risk")))
    if ctx.inp.pregnancy_high_risk:
        risk.insert(0, "intake: high-risk pregnancy")
    if risk:
        findings.append(
            Finding(
                rule_id="pregnancy-high-risk",
                condition="High-risk pregnancy (e.g. pre-eclampsia, bleeding, preterm labour)",
                finding_class=RELATIVE,
                action="Get clearance from the obstetric provider before treating.",
                clearance_required=True,
                sources=("K7",),
                evidence=tuple(risk),
            )
        )
    return findings


def blood_pressure(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K8] (low-authority sources, U). The intake answer or, when newer, the
    # latest measured reading (vitals.py: thresholds and recency window) decides.
    status = blood_pressure_status(ctx.inp)
    uncontrolled = list(evidence_of(ctx.active("hypertension_uncontrolled")))
    if status.category is BloodPressure.UNCONTROLLED:
        uncontrolled.insert(0, status.evidence)
    if uncontrolled:
        return [
            Finding(
                rule_id="hypertension-uncontrolled",
                condition="Uncontrolled high blood pressure",
                finding_class=REFER,
                action="Defer treatment; refer to the physician to get blood pressure controlled.",
                clearance_required=True,
                sources=("K8",),
                evidence=tuple(uncontrolled),
            )
        ]
    controlled = list(evidence_of(ctx.active("hypertension")))
    # A reading in range is cited too when coded hypertension fires the rule: it is what
    # "confirm it is controlled" asks for.
    if status.category is BloodPressure.CONTROLLED or (controlled and status.reading):
        controlled.insert(0, status.evidence)
    if not controlled:
        return []
    raised = status.measured is BloodPressure.CONTROLLED  # the reading itself is >= 140/90
    return [
        Finding(
            rule_id="hypertension-controlled",
            condition=f"High blood pressure ({'raised reading' if raised else 'controlled'})",
            finding_class=RELATIVE,
            action=(
                "Confirm it is controlled. If so, treat normally and have the patient change "
                "position and sit up slowly; if not, defer and refer."
            ),
            restrictions=frozenset({T.SLOW_POSITION_CHANGES}),
            sources=("K8",),
            evidence=tuple(controlled),
        )
    ]


def diabetic_neuropathy(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K3]: reduced sensation: lighter pressure, no heat, inspect skin/feet.
    evidence = list(evidence_of(ctx.active("diabetic_neuropathy")))
    if ctx.inp.diabetic_neuropathy:
        evidence.insert(0, "intake: diabetes with numbness or neuropathy")
    if not evidence:
        return []
    regions, areas = scope(["foot", "leg", "hand"])
    return [
        Finding(
            rule_id="diabetic-neuropathy",
            condition="Diabetes with neuropathy (reduced sensation)",
            finding_class=RELATIVE,
            action=(
                "Lighter pressure and no heat where sensation is reduced; inspect the skin "
                "and feet. Fragile skin: consult the patient's provider."
            ),
            regions=regions,
            areas=areas,
            pressure_cap=PRESSURE_LIGHT,
            restrictions=frozenset({T.NO_HEAT, T.LIGHT_PRESSURE_ONLY, T.CHECK_SKIN}),
            sources=("K3",),
            evidence=tuple(evidence),
        )
    ]


def red_flags(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K3]: unexplained pain, new neurological signs: refer before treating.
    # Unexplained weight loss is our addition to this row (U: a general red flag).
    weight = list(evidence_of(ctx.active("refer_weight_loss")))
    if ctx.inp.unexplained_weight_loss:
        weight.insert(0, "intake: unexplained weight loss")
    flags = (
        ("refer-unexplained-pain", "Unexplained pain", ["intake: unexplained pain"]
         if ctx.inp.unexplained_pain else []),
        ("refer-neuro", "New numbness or weakness", ["intake: new numbness or weakness"]
         if ctx.inp.new_numbness_or_weakness else []),
        ("refer-weight-loss", "Unexplained weight loss", weight),
    )  # fmt: skip
    return [
        Finding(
            rule_id=rule_id,
            condition=condition,
            finding_class=REFER,
            action="Refer to the physician before treating; treat once they have cleared it.",
            clearance_required=True,
            sources=("K3",),
            evidence=tuple(evidence),
        )
        for rule_id, condition, evidence in flags
        if evidence
    ]


RULES = (
    pregnancy,
    blood_pressure,
    diabetic_neuropathy,
    red_flags,
)
