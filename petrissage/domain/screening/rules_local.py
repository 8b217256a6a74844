"""Area rules of clinical.md §2: fracture, surgery, injection, skin, veins, aneurysm,
inflammation, lymphedema, lymph-node dissection, implanted devices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from petrissage.domain.screening.codes import Fact
from petrissage.domain.screening.common import (
    ACUTE_WINDOW,
    FRACTURE_WINDOW,
    INJECTION_WINDOW,
    PRESSURE_LIGHT,
    PRESSURE_VERY_LIGHT,
    SURGERY_WINDOW,
    Context,
    scope,
    within,
)
from petrissage.domain.screening.model import (
    Finding,
    FindingClass,
    LymphNodeSite,
    Side,
    Technique,
)

LOCAL = FindingClass.LOCAL
T = Technique
AVOID = frozenset({T.AVOID_AREA})
NO_DEEP = frozenset({T.NO_DEEP_PRESSURE})


def _at(place: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return scope([place]) if place else ((), ())


def _fact_at(fact: Fact) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return scope([fact.area], fact.side) if fact.area else ((), ())


def _where(place: str | None) -> str:
    return f" at {place}" if place else " (site not given: ask where)"


def fractures(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K2][K3]: acute/unhealed fracture = local absolute; avoid the area,
    # clearance for adjacent work. Window: FRACTURE_WINDOW (ours, U).
    action = "Do not work on the fracture area. Get clearance before working next to it."
    findings = []
    for fx in ctx.inp.fractures:
        if fx.healed or (fx.healed is None and not within(fx.on, ctx.today, FRACTURE_WINDOW)):
            continue
        regions, areas = _at(fx.region)
        findings.append(
            Finding(
                rule_id="fracture",
                condition=f"Unhealed fracture{_where(fx.region)}",
                finding_class=LOCAL,
                action=action,
                regions=regions,
                areas=areas,
                restrictions=AVOID,
                clearance_required=True,
                sources=("K2", "K3"),
                evidence=(f"intake: fracture on {fx.on.isoformat()} {fx.description}".strip(),),
            )
        )
    for fact in ctx.recent(FRACTURE_WINDOW, "fracture"):
        regions, areas = _fact_at(fact)
        findings.append(
            Finding(
                rule_id="fracture",
                condition="Recent fracture on record" + (f" ({fact.area})" if fact.area else ""),
                finding_class=LOCAL,
                action=action,
                regions=regions,
                areas=areas,
                restrictions=AVOID,
                clearance_required=True,
                sources=("K2", "K3"),
                evidence=(fact.evidence,),
            )
        )
    return findings


def surgeries(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K3][K5]: avoid the incision until healed/cleared (commonly ~6 wk, U).
    findings = []
    for op in ctx.inp.surgeries:
        if not within(op.on, ctx.today, SURGERY_WINDOW):
            continue
        regions, areas = _at(op.region)
        findings.append(
            Finding(
                rule_id="recent-surgery",
                condition=f"Surgery on {op.on.isoformat()}{_where(op.region)}",
                finding_class=LOCAL,
                action=(
                    "Avoid the incision area until it is healed and cleared (commonly about "
                    "6 weeks). Scar work only after the wound has closed. Screen for "
                    "post-operative DVT signs (calf swelling, warmth, redness)."
                ),
                regions=regions,
                areas=areas,
                restrictions=AVOID,
                clearance_required=True,
                sources=("K3", "K5"),
                evidence=(f"intake: surgery on {op.on.isoformat()} {op.description}".strip(),),
            )
        )
    return findings


def injections(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K10]: local (U); no direct pressure at the site for ~48 h.
    findings = []
    for shot in ctx.inp.recent_injections:
        if not within(shot.on, ctx.today, INJECTION_WINDOW):
            continue
        regions, areas = _at(shot.region)
        findings.append(
            Finding(
                rule_id="corticosteroid-injection",
                condition=f"Recent {shot.description}{_where(shot.region)}",
                finding_class=LOCAL,
                action=(
                    "No direct pressure on the injection site for 48 hours. Watch for "
                    "redness, heat, swelling or fever at the site."
                ),
                regions=regions,
                areas=areas,
                restrictions=AVOID,
                sources=("K10",),
                evidence=(f"intake: injection on {shot.on.isoformat()}",),
            )
        )
    return findings


def _local_finding(
    rule_id: str,
    condition: str,
    action: str,
    places: Sequence[str],
    facts: Sequence[Fact],
    *,
    sources: tuple[str, ...],
    restrictions: frozenset[Technique],
    pressure_cap: int | None = None,
    clearance_required: bool = False,
) -> list[Finding]:
    """One finding covering intake places and coded facts, or none if both are empty."""
    if not places and not facts:
        return []
    regions, areas = scope(places)
    for fact in facts:
        r, a = _fact_at(fact)
        regions, areas = regions + r, areas + a
    evidence = tuple(f"intake: {rule_id} at {p}" for p in places)
    evidence += tuple(dict.fromkeys(f.evidence for f in facts))
    return [
        Finding(
            rule_id=rule_id,
            condition=condition,
            finding_class=LOCAL,
            action=action,
            regions=tuple(dict.fromkeys(regions)),
            areas=tuple(dict.fromkeys(areas)),
            pressure_cap=pressure_cap,
            restrictions=restrictions,
            clearance_required=clearance_required,
            sources=sources,
            evidence=evidence,
        )
    ]


def skin(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K2][K3]: open wounds, burns, skin infection, contagious rash: local.
    return _local_finding(
        "skin-lesion",
        "Open wound, burn, skin infection or rash",
        "Do not work on the affected skin. Cover it, or defer if it is infected or contagious.",
        ctx.inp.skin_lesion_regions,
        ctx.recent(ACUTE_WINDOW, "skin_lesion"),
        restrictions=AVOID | {T.CHECK_SKIN},
        sources=("K2", "K3"),
    )


def veins(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K8]: varicose veins, phlebitis: no deep pressure over the veins.
    varicose = _local_finding(
        "varicose-veins",
        "Varicose veins",
        "No deep pressure over the affected veins.",
        ctx.inp.varicose_vein_regions,
        ctx.active("varicose"),
        pressure_cap=PRESSURE_LIGHT,
        restrictions=NO_DEEP,
        sources=("K8",),
    )
    phlebitis = _local_finding(
        "phlebitis",
        "Phlebitis (inflamed vein)",
        "No deep pressure over the affected veins. If the leg is also swollen, warm or red "
        "on one side, treat it as a possible DVT and refer urgently.",
        ctx.inp.phlebitis_regions,
        ctx.active("phlebitis"),
        pressure_cap=PRESSURE_LIGHT,
        restrictions=NO_DEEP,
        sources=("K8", "K9"),
    )
    return varicose + phlebitis


def aneurysm(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K8]: local/relative; no deep abdominal work; clearance.
    facts = ctx.active("aneurysm")
    if not (ctx.inp.aneurysm or facts):
        return []
    elsewhere = [f for f in facts if f.area and f.area != "trunk"]
    evidence = ("intake: aneurysm",) if ctx.inp.aneurysm else ()
    found = _local_finding(
        "aneurysm",
        "Aneurysm",
        "No deep abdominal work (or over the aneurysm). Get clearance from the physician.",
        ["abdomen"],
        elsewhere,
        pressure_cap=PRESSURE_LIGHT,
        restrictions=NO_DEEP,
        clearance_required=True,
        sources=("K8",),
    )[0]
    coded = tuple(dict.fromkeys(f.evidence for f in facts))
    return [replace(found, evidence=evidence + coded)]


def inflammation(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K8]: acute inflammation / acute injury / RA flare: no deep work on
    # the area in the acute phase; gentle work elsewhere. Coded injuries: ACUTE_WINDOW (U).
    local = _local_finding(
        "acute-inflammation",
        "Acute inflammation, acute injury or arthritis flare",
        "No deep work on the inflamed area during the acute phase; gentle work elsewhere.",
        ctx.inp.acute_inflammation_regions,
        ctx.recent(ACUTE_WINDOW, "acute_injury"),
        pressure_cap=PRESSURE_LIGHT,
        restrictions=NO_DEEP | {T.NO_JOINT_MOBILISATION, T.NO_HEAT},
        sources=("K8",),
    )
    ra = ctx.active("rheumatoid_arthritis")
    if ra and not ctx.inp.acute_inflammation_regions:
        local.append(
            Finding(
                rule_id="rheumatoid-arthritis",
                condition="Rheumatoid arthritis",
                finding_class=FindingClass.RELATIVE,
                action=(
                    "Ask about a current flare. No deep work or joint mobilisation on hot, "
                    "swollen joints; mark flaring joints on the body chart."
                ),
                sources=("K8",),
                evidence=tuple(dict.fromkeys(f.evidence for f in ra)),
            )
        )
    return local


def lymphedema(ctx: Context) -> list[Finding]:
    # clinical.md §2 [LY1][K6]: no deep pressure; MLD only by a trained therapist.
    return _local_finding(
        "lymphedema",
        "Lymphedema or at-risk limb",
        "No deep pressure on the limb; very light pressure only. Manual lymph drainage only "
        "by a therapist trained in it.",
        ctx.inp.lymphedema_regions,
        ctx.active("lymphedema"),
        pressure_cap=PRESSURE_VERY_LIGHT,
        restrictions=NO_DEEP | {T.MLD_TRAINED_ONLY},
        sources=("LY1", "K6"),
    )


# Body quadrant drained by each node group (ours: anatomical convention, U).
_QUADRANTS: dict[LymphNodeSite, tuple[tuple[str, ...], Side]] = {
    LymphNodeSite.AXILLA_LEFT: (("shoulder", "arm", "hand", "trunk", "upper back"), "left"),
    LymphNodeSite.AXILLA_RIGHT: (("shoulder", "arm", "hand", "trunk", "upper back"), "right"),
    LymphNodeSite.GROIN_LEFT: (("hip", "thigh", "leg", "foot", "lower back"), "left"),
    LymphNodeSite.GROIN_RIGHT: (("hip", "thigh", "leg", "foot", "lower back"), "right"),
    LymphNodeSite.NECK_LEFT: (("neck", "head"), "left"),
    LymphNodeSite.NECK_RIGHT: (("neck", "head"), "right"),
}


def lymph_node_dissection(ctx: Context) -> list[Finding]:
    # clinical.md §2 [K3][K5][K6]: lighter pressure at lymph-node-dissection sites, for life.
    findings = []
    for site in ctx.inp.lymph_node_removal_sites:
        areas, side = _QUADRANTS[site]
        regions, _ = scope(areas, side)
        findings.append(
            Finding(
                rule_id="lymph-node-dissection",
                condition=f"Lymph nodes removed ({site.value})",
                finding_class=LOCAL,
                action=(
                    "Light pressure only in this quadrant, for life (lifelong lymphedema "
                    "risk). Watch for swelling."
                ),
                regions=regions,
                areas=areas,
                pressure_cap=PRESSURE_LIGHT,
                restrictions=NO_DEEP,
                sources=("K3", "K5", "K6"),
                evidence=(f"intake: lymph nodes removed, {site.value}",),
            )
        )
    return findings


def implanted_devices(ctx: Context) -> list[Finding]:
    # clinical.md §2 cancer row [K3][K5]: no pressure over ports; applied to all implanted
    # devices (ours, U).
    findings = []
    for device in ctx.inp.implanted_devices:
        regions, areas = _at(device.region)
        findings.append(
            Finding(
                rule_id="implanted-device",
                condition=f"Implanted device: {device.description}{_where(device.region)}",
                finding_class=LOCAL,
                action="No direct pressure over the device.",
                regions=regions,
                areas=areas,
                restrictions=AVOID,
                sources=("K3", "K5"),
                evidence=(f"intake: implanted device {device.description}",),
            )
        )
    return findings


RULES = (
    fractures,
    surgeries,
    injections,
    skin,
    veins,
    aneurysm,
    inflammation,
    lymphedema,
    lymph_node_dissection,
    implanted_devices,
)
