"""How a screening result constrains the techniques of a plan (clinical.md §2)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from petrissage.domain.plans.model import TechniqueLine
from petrissage.domain.plans.techniques import PlanTechnique, allowed, clamp, starting_pressure
from petrissage.domain.regions import region
from petrissage.domain.screening.engine import ScreeningResult
from petrissage.domain.screening.model import Finding, FindingClass
from petrissage.domain.screening.model import Technique as Restriction
from petrissage.domain.session_rules import technique_label


@dataclass
class Constrained:
    lines: list[TechniqueLine] = field(default_factory=list)
    modifications: list[str] = field(default_factory=list)


def _label(code: str) -> str:
    return region(code).label


def blocked_reasons(screening: ScreeningResult) -> tuple[str, ...]:
    """One sentence per absolute or refer-out finding without clearance."""
    return tuple(
        f"Treatment blocked until clearance: {f.condition} — {f.action}"
        for f in screening.findings
        if f.blocks_treatment
    )


def _avoiding(screening: ScreeningResult, code: str) -> list[Finding]:
    return [
        f
        for f in screening.findings
        if Restriction.AVOID_AREA in f.restrictions and f.applies_to(code)
    ]


def _cap_reason(screening: ScreeningResult, code: str, cap: int) -> str:
    names = [
        f.condition for f in screening.findings if f.pressure_cap == cap and f.applies_to(code)
    ]
    return ", ".join(dict.fromkeys(names))


def apply_screening(
    plan: Sequence[tuple[str, tuple[PlanTechnique, ...]]], screening: ScreeningResult | None
) -> Constrained:
    """Techniques per region after the screening: regions to avoid are left out, techniques
    above a region's pressure cap or barred by a restriction are removed, pressures clamped."""
    out = Constrained()
    removed: dict[tuple[str, str], list[str]] = {}
    for code, techniques in plan:
        if screening is not None and code in screening.avoided_regions:
            reasons = "; ".join(f"{f.condition} — {f.action}" for f in _avoiding(screening, code))
            out.modifications.append(f"Left out {_label(code)} ({code}): {reasons}")
            continue
        cap = screening.pressure_cap_for(code) if screening else None
        limits = screening.restrictions_for(code) if screening else frozenset()
        kept = [t for t in techniques if allowed(t, cap, limits)]
        for t in techniques:
            if t not in kept:
                removed.setdefault(
                    (technique_label(t.value), _why(screening, code, cap)), []
                ).append(code)
        out.lines.extend(TechniqueLine(code, t, clamp(starting_pressure(t), cap)) for t in kept)
        if not kept and techniques:
            out.modifications.append(f"No planned technique fits {_label(code)} ({code}).")
    out.modifications.extend(
        f"Removed {tech} at {', '.join(codes)}: {why}" for (tech, why), codes in removed.items()
    )
    out.modifications.extend(_capped(screening, [line.region for line in out.lines]))
    out.modifications.extend(finding_actions(screening, {line.region for line in out.lines}))
    return out


def _why(screening: ScreeningResult | None, code: str, cap: int | None) -> str:
    if screening is None:
        return "not allowed"
    if cap is not None:
        return f"pressure cap {cap} ({_cap_reason(screening, code, cap)})"
    names = [f.condition for f in screening.findings if f.applies_to(code) and f.restrictions]
    return f"restricted ({', '.join(dict.fromkeys(names))})"


def _capped(screening: ScreeningResult | None, codes: Iterable[str]) -> list[str]:
    if screening is None:
        return []
    by_cap: dict[int, list[str]] = {}
    for code in dict.fromkeys(codes):
        cap = screening.pressure_cap_for(code)
        if cap is not None:
            by_cap.setdefault(cap, []).append(code)
    return [
        f"Pressure capped at {cap} (Walton 0-5) for {', '.join(codes)} [K6]"
        for cap, codes in sorted(by_cap.items())
    ]


def finding_actions(screening: ScreeningResult | None, planned: set[str]) -> list[str]:
    """The action text of relative findings, and of local ones that modify a planned region."""
    if screening is None:
        return []
    texts = []
    for f in screening.findings:
        if f.blocks_treatment or (Restriction.AVOID_AREA in f.restrictions and not f.whole_body):
            continue
        touches = f.whole_body or any(code in planned for code in f.regions)
        if f.finding_class in (FindingClass.RELATIVE, FindingClass.LOCAL) and touches:
            texts.append(f"{f.condition}: {f.action}")
    return list(dict.fromkeys(texts))


def line_problems(
    lines: Sequence[TechniqueLine], screening: ScreeningResult | None
) -> list[tuple[int, str]]:
    """(1-based line number, problem) for each edited plan line the screening forbids: a
    region to avoid, a technique above the region's pressure cap or barred by a restriction,
    or a pressure above the cap (clinical.md §2; Walton scale [K6])."""
    if screening is None:
        return []
    found: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        code = line.region
        if code in screening.avoided_regions:
            reasons = "; ".join(f.condition for f in _avoiding(screening, code))
            found.append((number, f"{_label(code)} is to be avoided ({reasons})."))
            continue
        cap = screening.pressure_cap_for(code)
        if not allowed(line.technique, cap, screening.restrictions_for(code)):
            found.append(
                (
                    number,
                    f"{technique_label(line.technique.value)} is not allowed at {_label(code)}: "
                    f"{_why(screening, code, cap)}.",
                )
            )
        elif cap is not None and line.pressure > cap:
            found.append(
                (
                    number,
                    f"Pressure {line.pressure} is above the cap of {cap} at {_label(code)} "
                    f"({_cap_reason(screening, code, cap)}).",
                )
            )
    return found
