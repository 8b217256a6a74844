"""Whole-body rules of clinical.md §2: fever, DVT/PE, bleeding, fragile bone, cancer."""

from __future__ import annotations

from petrissage.domain.screening.common import (
    INFECTION_WINDOW,
    PRESSURE_LIGHT,
    PRESSURE_MODERATE,
    Context,
    evidence_of,
    fact_scope,
    scope,
)
from petrissage.domain.screening.model import Finding, FindingClass, Technique

ABSOLUTE, RELATIVE, REFER = FindingClass.ABSOLUTE, FindingClass.RELATIVE, FindingClass.REFER
T = Technique


def fever_infection(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K2][K3]: absolute (systemic); reschedule until resolved.
    evidence = list(evidence_of(ctx.recent(INFECTION_WINDOW, "infection")))
    if ctx.inp.fever_or_infection:
        evidence.insert(0, "intake: fever, acute infection or contagious illness")
    if not evidence:
        return []
    return [
        Finding(
            rule_id="fever-infection",
            condition="Fever, acute systemic infection or contagious illness",
            finding_class=ABSOLUTE,
            action="Do not massage today. Reschedule once the fever or infection has resolved.",
            sources=("K2", "K3"),
            evidence=tuple(evidence),
        )
    ]


def dvt_pe_signs(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K2][K4][K9]: suspected DVT = absolute + urgent referral;
    # PE signs (sudden breathlessness, chest pain) = emergency.
    findings = []
    if ctx.inp.calf_swelling_warmth_redness:
        side = f" ({ctx.inp.calf_signs_side} leg)" if ctx.inp.calf_signs_side else ""
        findings.append(
            Finding(
                rule_id="dvt-signs",
                condition=f"Possible deep vein thrombosis{side}: calf swelling, warmth, redness",
                finding_class=ABSOLUTE,
                action="Possible DVT: do not massage. Refer for urgent medical assessment today.",
                clearance_required=True,
                urgent=True,
                sources=("K2", "K4", "K9"),
                evidence=("intake: one-sided calf swelling, warmth, redness or pain",),
            )
        )
    if ctx.inp.sudden_breathlessness_or_chest_pain:
        findings.append(
            Finding(
                rule_id="pe-signs",
                condition="Possible pulmonary embolism: sudden breathlessness or chest pain",
                finding_class=ABSOLUTE,
                action=(
                    "Possible pulmonary embolism: do not massage. This is an emergency: "
                    "call emergency services (911) now."
                ),
                clearance_required=True,
                urgent=True,
                sources=("K2", "K9"),
                evidence=("intake: sudden breathlessness or chest pain",),
            )
        )
    return findings


def known_dvt_pe(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K2][K4][K9]: known DVT is absolute until the physician clears it.
    facts = ctx.active("dvt", "pe")
    if not facts:
        return []
    return [
        Finding(
            rule_id="dvt-known",
            condition="Deep vein thrombosis or pulmonary embolism on record (active)",
            finding_class=ABSOLUTE,
            action=(
                "Do not massage until the treating physician documents clearance. "
                "Ask whether the clot is being treated; after treatment avoid the clot site."
            ),
            clearance_required=True,
            sources=("K2", "K4", "K9"),
            evidence=evidence_of(facts),
        )
    ]


def dvt_history(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K2][K4]: after treatment avoid the clot site and get clearance.
    if ctx.active("dvt", "pe"):
        return []
    facts = ctx.inactive("dvt", "pe") + ctx.active("dvt_history", "pe_history")
    facts += ctx.inactive("dvt_history", "pe_history")
    evidence = list(evidence_of(facts))
    if ctx.inp.dvt_history:
        when = f" ({ctx.inp.dvt_history_date.isoformat()})" if ctx.inp.dvt_history_date else ""
        evidence.insert(0, f"intake: past deep vein thrombosis{when}")
    if ctx.inp.pe_history:
        evidence.insert(0, "intake: past pulmonary embolism")
    if not evidence:
        return []
    regions, areas = fact_scope(f for f in facts if f.area)
    return [
        Finding(
            rule_id="dvt-history",
            condition="History of deep vein thrombosis or pulmonary embolism",
            finding_class=RELATIVE,
            action=(
                "Get clearance from the treating physician. Avoid the former clot site and "
                "ask about new calf swelling, warmth or redness at every visit."
            ),
            regions=regions,
            areas=areas,
            restrictions=frozenset({T.AVOID_AREA}) if regions else frozenset(),
            clearance_required=True,
            sources=("K2", "K4", "K9"),
            evidence=tuple(evidence),
        )
    ]


def bleeding_risk(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K3][K4]: anticoagulants, bleeding disorder, low platelets: relative.
    strong = list(evidence_of(ctx.active("anticoagulant", "thrombolytic", "bleeding_disorder")))
    if ctx.inp.anticoagulant_use:
        strong.insert(0, "intake: takes an anticoagulant (blood thinner)")
    if ctx.inp.bleeding_disorder_or_low_platelets:
        strong.insert(0, "intake: bleeding disorder or low platelets")
    weak = list(evidence_of(ctx.active("antiplatelet")))
    if ctx.inp.antiplatelet_use:
        weak.insert(0, "intake: takes an antiplatelet (e.g. aspirin, clopidogrel)")
    if strong:
        return [
            Finding(
                rule_id="bleeding-risk",
                condition="Bleeding risk: anticoagulant, bleeding disorder or low platelets",
                finding_class=RELATIVE,
                # clinical.md §2: platelet cut-offs such as <50,000 are conventions (U).
                action=(
                    "No deep or forceful work; light pressure only. Check for bruising at "
                    "every visit. (Platelet cut-offs such as <50,000 are a convention, not a "
                    "proven limit.)"
                ),
                pressure_cap=PRESSURE_LIGHT,
                restrictions=frozenset({T.NO_DEEP_PRESSURE, T.NO_VIGOROUS, T.CHECK_SKIN}),
                sources=("K3", "K4"),
                evidence=tuple(strong + weak),
            )
        ]
    if weak:  # ours (U): antiplatelets alone carry a smaller bleeding risk
        return [
            Finding(
                rule_id="antiplatelet",
                condition="Takes an antiplatelet medicine",
                finding_class=RELATIVE,
                action="Avoid deep work; moderate pressure at most. Check for bruising.",
                pressure_cap=PRESSURE_MODERATE,
                restrictions=frozenset({T.NO_DEEP_PRESSURE, T.CHECK_SKIN}),
                sources=("K3",),
                evidence=tuple(weak),
            )
        ]
    return []


_BONE_RESTRICTIONS = frozenset({T.NO_DEEP_PRESSURE, T.NO_JOINT_MOBILISATION, T.LIGHT_PRESSURE_ONLY})


def fragile_bone(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K2][K3][K5]: severe osteoporosis, bone metastasis: relative.
    findings = []
    osteo = ctx.active("osteoporosis")
    evidence = list(evidence_of(osteo))
    if ctx.inp.osteoporosis:
        severe = " (severe)" if ctx.inp.osteoporosis_severe else ""
        evidence.insert(0, f"intake: osteoporosis{severe}")
    fracture_evidence = set(evidence_of(ctx.active("fracture")))
    pathological = any(f.evidence in fracture_evidence for f in osteo)
    if evidence:
        findings.append(
            Finding(
                rule_id="osteoporosis",
                condition="Osteoporosis",
                finding_class=RELATIVE,
                action=(
                    "No deep or forceful pressure and no joint mobilisation; light pressure "
                    "only. Severe osteoporosis or a fragility fracture needs clearance."
                ),
                pressure_cap=PRESSURE_LIGHT,
                restrictions=_BONE_RESTRICTIONS,
                clearance_required=ctx.inp.osteoporosis_severe or pathological,
                sources=("K2", "K3", "K5"),
                evidence=tuple(evidence),
            )
        )
    mets = list(evidence_of(ctx.active("bone_metastasis")))
    if ctx.inp.bone_metastasis:
        mets.insert(0, "intake: cancer has spread to bone")
    if mets:
        findings.append(
            Finding(
                rule_id="bone-metastasis",
                condition="Bone metastasis",
                finding_class=RELATIVE,
                action=(
                    "No deep or forceful pressure and no joint mobilisation; light pressure "
                    "only. Get clearance from the oncologist."
                ),
                pressure_cap=PRESSURE_LIGHT,
                restrictions=_BONE_RESTRICTIONS,
                clearance_required=True,
                sources=("K2", "K3", "K5"),
                evidence=tuple(mets),
            )
        )
    return findings


def cancer(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K3][K5][K6]: relative, not a blanket contraindication; modify.
    active = list(evidence_of(ctx.active("cancer")))
    if ctx.inp.cancer_current:
        active.insert(0, "intake: current cancer or cancer treatment")
    past = list(evidence_of(ctx.inactive("cancer") + ctx.active("cancer_history")))
    if ctx.inp.cancer_past:
        past.insert(0, "intake: past cancer")
    findings = []
    if active:
        findings.append(
            Finding(
                rule_id="cancer-active",
                condition="Cancer (current)",
                finding_class=RELATIVE,
                action=(
                    "Modify, do not refuse: no pressure over the tumour, ports, radiated or "
                    "fragile skin. Light pressure (Walton 2 or less) until the oncologist "
                    "approves deeper work."
                ),
                pressure_cap=PRESSURE_LIGHT,
                restrictions=frozenset({T.NO_DEEP_PRESSURE, T.CHECK_SKIN}),
                clearance_required=True,
                sources=("K3", "K5", "K6"),
                evidence=tuple(active),
            )
        )
    elif past:
        findings.append(
            Finding(
                rule_id="cancer-history",
                condition="History of cancer",
                finding_class=RELATIVE,
                action=(
                    "Ask about ports, radiated or fragile skin and lymph-node removal. "
                    "Moderate pressure at most until the oncologist approves deep pressure."
                ),
                pressure_cap=PRESSURE_MODERATE,
                restrictions=frozenset({T.NO_DEEP_PRESSURE}),
                sources=("K3", "K5", "K6"),
                evidence=tuple(past),
            )
        )
    if ctx.inp.cancer_sites:
        regions, areas = scope(ctx.inp.cancer_sites)
        findings.append(
            Finding(
                rule_id="cancer-sites",
                condition="Tumour, port or radiated skin",
                finding_class=FindingClass.LOCAL,
                action="No pressure over the tumour, port or radiated skin.",
                regions=regions,
                areas=areas,
                restrictions=frozenset({T.AVOID_AREA}),
                sources=("K3", "K5", "K6"),
                evidence=tuple(f"intake: cancer site {s}" for s in ctx.inp.cancer_sites),
            )
        )
    return findings


RULES = (
    fever_infection,
    dvt_pe_signs,
    known_dvt_pe,
    dvt_history,
    bleeding_risk,
    fragile_bone,
    cancer,
)
