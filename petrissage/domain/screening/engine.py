"""Run every screening rule over one ScreeningInput."""

from __future__ import annotations

from dataclasses import dataclass, replace

from petrissage.domain.regions import all_regions
from petrissage.domain.screening import rules_care, rules_local, rules_systemic
from petrissage.domain.screening.codes import coded_facts
from petrissage.domain.screening.common import Context, Rule
from petrissage.domain.screening.model import Finding, ScreeningInput, Technique

# Bump whenever a rule, window, cap or code table changes; stored with each screening.
RULES_VERSION = "2026.11.2"

RULES: tuple[Rule, ...] = rules_systemic.RULES + rules_care.RULES + rules_local.RULES


@dataclass(frozen=True)
class ScreeningResult:
    findings: tuple[Finding, ...]
    rules_version: str

    @property
    def blocks_treatment(self) -> bool:
        """Any absolute or refer-out finding that has not been cleared."""
        return any(f.blocks_treatment for f in self.findings)

    @property
    def urgent(self) -> bool:
        return any(f.urgent for f in self.findings)

    @property
    def pressure_cap(self) -> int | None:
        """Lowest pressure cap of any finding (whole-body or local), or None."""
        caps = [f.pressure_cap for f in self.findings if f.pressure_cap is not None]
        return min(caps) if caps else None

    def pressure_cap_for(self, region_code: str) -> int | None:
        """Lowest cap of the findings that apply to one region."""
        caps = [
            f.pressure_cap
            for f in self.findings
            if f.pressure_cap is not None and f.applies_to(region_code)
        ]
        return min(caps) if caps else None

    def restrictions_for(self, region_code: str) -> frozenset[Technique]:
        found: set[Technique] = set()
        for f in self.findings:
            if f.applies_to(region_code):
                found |= f.restrictions
        return frozenset(found)

    @property
    def restricted_regions(self) -> dict[str, tuple[Finding, ...]]:
        """Region code -> the local findings that restrict it (whole-body ones excluded)."""
        table: dict[str, list[Finding]] = {}
        for f in self.findings:
            for code in f.regions:
                if f.restrictions or f.pressure_cap is not None:
                    table.setdefault(code, []).append(f)
        return {code: tuple(fs) for code, fs in table.items()}

    @property
    def avoided_regions(self) -> frozenset[str]:
        """Regions not to be worked on at all; every region if a whole-body finding says so."""
        avoid = [f for f in self.findings if Technique.AVOID_AREA in f.restrictions]
        if any(f.whole_body for f in avoid):
            return frozenset(r.code for r in all_regions())
        return frozenset(code for f in avoid for code in f.regions)

    @property
    def clearances_needed(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.clearance_required and not f.cleared)


def screen(inp: ScreeningInput) -> ScreeningResult:
    """Screen one patient. Raises ValueError (naming the field) for impossible input."""
    ctx = Context(inp, coded_facts(inp.conditions, inp.medications, inp.today))
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(ctx))
    cleared = inp.clearances_received
    marked = tuple(
        replace(f, cleared=True) if f.clearance_required and f.rule_id in cleared else f
        for f in findings
    )
    return ScreeningResult(marked, RULES_VERSION)
