"""From a session's treatment lines to charge lines: technique → CPT, units by the payer's
rule, NCCI edits, diagnosis pointers and fees. Pure: takes plain values, no database.

Uses the domain core (petrissage.domain.billing): cpt, units, edits (clinical.md §4a–4c).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from petrissage.domain.billing.cpt import CPT_CODES, technique_to_cpt
from petrissage.domain.billing.edits import ChargeLine, apply_edits, line_pointers
from petrissage.domain.billing.units import TimedMinutes, UnitRule, compute_units


@dataclass(frozen=True)
class TreatedMinutes:
    """One treatment line of the note: technique, body region, minutes."""

    technique: str
    region: str
    minutes: int


@dataclass(frozen=True)
class PayerRules:
    unit_rule: UnitRule = UnitRule.CMS_8_MINUTE
    bundles_hot_cold_pack: bool = True
    bypass_modifier: str = "59"


@dataclass(frozen=True)
class PlannedCharge:
    cpt: str
    minutes: int
    units: int
    regions: tuple[str, ...]
    modifiers: tuple[str, ...]
    pointers: tuple[int, ...]
    fee: Decimal
    warnings: tuple[str, ...] = ()

    @property
    def amount(self) -> Decimal:
        return self.fee * self.units


@dataclass
class ChargePlan:
    charges: list[PlannedCharge] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _by_code(
    lines: Sequence[TreatedMinutes], overrides: Mapping[str, str], plan: ChargePlan
) -> dict[str, tuple[int, set[str]]]:
    grouped: dict[str, tuple[int, set[str]]] = {}
    for line in lines:
        code = technique_to_cpt(line.technique, overrides)
        if code is None or code not in CPT_CODES:
            plan.warnings.append(
                f"Technique {line.technique!r} has no CPT code: add a technique → CPT "
                "override in billing settings; its minutes are not billed."
            )
            continue
        minutes, regions = grouped.get(code, (0, set()))
        grouped[code] = (minutes + line.minutes, regions | {line.region})
    return grouped


def plan_charges(
    lines: Sequence[TreatedMinutes],
    *,
    rules: PayerRules,
    overrides: Mapping[str, str],
    diagnoses: Sequence[str],
    fees: Mapping[str, Decimal],
) -> ChargePlan:
    """Charge lines for one session; every line dropped or doubtful leaves a warning."""
    plan = ChargePlan()
    grouped = _by_code(lines, overrides, plan)
    units = compute_units(
        rules.unit_rule, [TimedMinutes(code, minutes) for code, (minutes, _) in grouped.items()]
    )
    edit_lines = [
        ChargeLine(code, units[code], frozenset(regions)) for code, (_, regions) in grouped.items()
    ]
    edited = apply_edits(
        edit_lines,
        bundles_hot_cold_pack=rules.bundles_hot_cold_pack,
        bypass_modifier=rules.bypass_modifier,
    )
    by_code_warnings: dict[str, list[str]] = {}
    for warning in edited.warnings:
        for code in warning.codes:
            by_code_warnings.setdefault(code, []).append(warning.message)
        plan.warnings.append(warning.message)
    pointers = line_pointers(diagnoses) if diagnoses else ()
    for line in edited.lines:
        minutes = grouped[line.code][0]
        if line.units == 0:
            plan.warnings.append(
                f"{line.code}: {minutes} minutes bill no unit under the payer's rule "
                "(fewer than 8 minutes); the line is not billed."
            )
            continue
        plan.charges.append(
            PlannedCharge(
                cpt=line.code,
                minutes=minutes,
                units=line.units,
                regions=tuple(sorted(line.regions)),
                modifiers=line.modifiers,
                pointers=pointers,
                fee=fees.get(line.code, Decimal("0.00")),
                warnings=tuple(dict.fromkeys(by_code_warnings.get(line.code, []))),
            )
        )
    return plan


def expected_units(
    lines: Sequence[TreatedMinutes], *, rule: UnitRule, overrides: Mapping[str, str]
) -> dict[str, int]:
    """Units per code the note's minutes support (the scrubber compares charges to this)."""
    plan = ChargePlan()
    grouped = _by_code(lines, overrides, plan)
    return compute_units(
        rule, [TimedMinutes(code, minutes) for code, (minutes, _) in grouped.items()]
    )
