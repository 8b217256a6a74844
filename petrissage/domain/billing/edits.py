"""NCCI-style pair edits, modifiers and diagnosis pointers for one day's charge lines.

clinical.md §4c [B1][B8][B14][B15]. The real NCCI PTP tables change quarterly and should be
ingested as data; this module holds only the pairs clinical.md names for massage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from petrissage.domain.billing.cpt import CHIROPRACTIC_MANIPULATION_CODES

# Modifiers that bypass a PTP edit with indicator 1 (clinical.md §4c [B8]).
BYPASS_MODIFIERS: frozenset[str] = frozenset({"59", "XE", "XS", "XP", "XU"})
MAX_MODIFIERS = 4  # CMS-1500 24D / 837P SV101-3..6 (clinical.md §4e)
MAX_CLAIM_DIAGNOSES = 12  # CMS-1500 item 21 A–L (clinical.md §4e [B20])
MAX_LINE_POINTERS = 4  # 24E / SV107 (clinical.md §4f)
HOT_COLD_PACK = "97010"


@dataclass(frozen=True)
class ChargeLine:
    """One CPT line of a day: units, modifiers and the body regions the note documents."""

    code: str
    units: int
    regions: frozenset[str] = frozenset()
    modifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class EditPair:
    """A code pair; the bypass modifier goes on ``modifier_code`` (either is accepted [B8])."""

    first: str
    second: str
    needs_separate_regions: bool
    reason: str

    @property
    def modifier_code(self) -> str:
        return self.second


@dataclass(frozen=True)
class EditWarning:
    """Something the biller must look at before the claim goes out."""

    codes: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class EditResult:
    lines: tuple[ChargeLine, ...]
    warnings: tuple[EditWarning, ...]


def _pairs() -> tuple[EditPair, ...]:
    chiro = tuple(
        EditPair(code, "97140", True, "97140 with chiropractic manipulation [B1]")
        for code in sorted(CHIROPRACTIC_MANIPULATION_CODES)
    )
    return (
        # (U) in clinical.md §4c: widely taught, not confirmed in the current table.
        EditPair("97124", "97140", True, "97124 with 97140 on the same day (§4c, U)"),
        # [B15]: 59 only for different time blocks; some payers deny regardless.
        EditPair("97530", "97140", False, "97140 with 97530 on the same day [B15]"),
        *chiro,
    )


EDIT_PAIRS: tuple[EditPair, ...] = _pairs()


def _has_bypass(line: ChargeLine) -> bool:
    return any(m in BYPASS_MODIFIERS for m in line.modifiers)


def _add_modifier(line: ChargeLine, modifier: str) -> ChargeLine | None:
    if len(line.modifiers) >= MAX_MODIFIERS:
        return None
    return replace(line, modifiers=(*line.modifiers, modifier))


def _regions_differ(a: ChargeLine, b: ChargeLine) -> bool:
    return bool(a.regions) and bool(b.regions) and not (a.regions & b.regions)


def _apply_pair(pair: EditPair, lines: dict[str, ChargeLine], modifier: str) -> EditWarning | None:
    first, second = lines[pair.first], lines[pair.second]
    codes = (pair.first, pair.second)
    if _has_bypass(first) or _has_bypass(second):
        return None
    if not pair.needs_separate_regions:
        return EditWarning(
            codes,
            f"{pair.reason}: bill modifier {modifier} only when the note shows "
            "separate time blocks; some payers deny the pair regardless.",
        )
    if not _regions_differ(first, second):
        return EditWarning(
            codes,
            f"{pair.reason}: the note must document different body regions for "
            f"{pair.first} and {pair.second} before modifier {modifier} may be added.",
        )
    updated = _add_modifier(second, modifier)
    if updated is None:
        return EditWarning(codes, f"{pair.second} already has {MAX_MODIFIERS} modifiers.")
    lines[pair.second] = updated
    return None


def apply_edits(
    lines: Sequence[ChargeLine],
    *,
    bundles_hot_cold_pack: bool,
    bypass_modifier: str = "59",
) -> EditResult:
    """Apply the §4c pair edits to one patient's lines of one day.

    A pair gets ``bypass_modifier`` (59, or XS for a payer that wants it) on its second code
    only when both lines document regions and they do not overlap; otherwise a warning.
    When the payer bundles 97010 (clinical.md §4a [B4]), that line is dropped with a warning.
    """
    if bypass_modifier not in BYPASS_MODIFIERS:
        raise ValueError(f"bypass_modifier must be one of {sorted(BYPASS_MODIFIERS)}")
    by_code = {line.code: line for line in lines}
    if len(by_code) != len(lines):
        raise ValueError("one line per code per day: merge duplicate codes first")
    warnings: list[EditWarning] = []
    for pair in EDIT_PAIRS:
        if pair.first in by_code and pair.second in by_code:
            warning = _apply_pair(pair, by_code, bypass_modifier)
            if warning:
                warnings.append(warning)
    if bundles_hot_cold_pack and HOT_COLD_PACK in by_code:
        del by_code[HOT_COLD_PACK]
        warnings.append(
            EditWarning(
                (HOT_COLD_PACK,),
                "This payer bundles hot/cold packs (97010); the line is not billed [B4].",
            )
        )
    kept = tuple(by_code[line.code] for line in lines if line.code in by_code)
    return EditResult(kept, tuple(warnings))


def normalise_icd10(code: str) -> str:
    """ICD-10-CM as claims carry it: uppercase, no dot, no spaces (CMS-1500 item 21, §4e)."""
    cleaned = code.strip().upper().replace(".", "").replace(" ", "")
    if not (3 <= len(cleaned) <= 7) or not cleaned.isascii() or not cleaned.isalnum():
        raise ValueError(f"{code!r} does not look like an ICD-10-CM code")
    return cleaned


def claim_diagnoses(case_diagnoses: Sequence[str]) -> tuple[str, ...]:
    """The claim's diagnosis list (A–L): normalised, de-duplicated, order kept, at most 12."""
    codes = tuple(dict.fromkeys(normalise_icd10(code) for code in case_diagnoses))
    if not codes:
        raise ValueError("a claim needs at least one diagnosis")
    if len(codes) > MAX_CLAIM_DIAGNOSES:
        raise ValueError(f"a claim carries at most {MAX_CLAIM_DIAGNOSES} diagnoses")
    return codes


def line_pointers(
    claim_codes: Sequence[str], line_codes: Sequence[str] | None = None
) -> tuple[int, ...]:
    """1-based pointers (837P SV107) from a line's diagnoses into the claim's list.

    Without line_codes the line points at the first (up to) four claim diagnoses.
    """
    if line_codes is None:
        return tuple(range(1, min(len(claim_codes), MAX_LINE_POINTERS) + 1))
    position = {code: index + 1 for index, code in enumerate(claim_codes)}
    pointers = []
    for code in dict.fromkeys(normalise_icd10(c) for c in line_codes):
        if code not in position:
            raise ValueError(f"diagnosis {code} is not on the claim")
        pointers.append(position[code])
    if not 1 <= len(pointers) <= MAX_LINE_POINTERS:
        raise ValueError(f"a line points at 1 to {MAX_LINE_POINTERS} diagnoses")
    return tuple(pointers)


def pointer_letters(pointers: Sequence[int]) -> str:
    """CMS-1500 24E letters for pointers: (1, 3) → 'AC' (item 21 uses A–L, §4e)."""
    if any(not 1 <= p <= MAX_CLAIM_DIAGNOSES for p in pointers):
        raise ValueError(f"pointers run from 1 to {MAX_CLAIM_DIAGNOSES}")
    return "".join("ABCDEFGHIJKL"[p - 1] for p in pointers)
