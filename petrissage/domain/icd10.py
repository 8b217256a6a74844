"""ICD-10-CM diagnosis checks against the real code set (simple-icd-10-cm).

check_diagnosis("m5450").code == "M54.50"; .ok is True when the code can go on a claim:
it exists in the code set, is a billable leaf, is not retired and has its 7th character.

Sources (clinical.md §6): retired M54.5 [C2], M79.1 split [C3], 7th characters [C4]. The code
set is the one shipped with simple-icd-10-cm (April 1, 2026 tabular list in version 1.5.0).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import simple_icd_10_cm as cm

CODE_SET = "ICD-10-CM (simple-icd-10-cm, April 2026 tabular list)"
MAX_SUGGESTIONS = 12
_RETIRED_CSV = Path(__file__).parent / "data" / "icd10_retired.csv"

# A letter, a digit, a digit or letter, then optionally a dot and 1-4 letters/digits.
_SHAPE = re.compile(r"[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?")
_ALLOWED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.")
_SEVEN_CHR_INJURY = (
    "needs the 7th character: A initial, D subsequent, S sequela; "
    "massage rehab visits normally use D [C4]"
)

# Notes on codes that are valid but need care on a massage claim (clinical.md §1b).
_NOTES: dict[str, str] = {
    "M54.51": (
        "Vertebrogenic low back pain is for endplate-origin pain, normally an imaging-based "
        "physician diagnosis (clinical.md §1b, U); M54.50 or M54.59 is usual."
    ),
    "R29.3": "Payer acceptance of R29.3 is uncertain (clinical.md §1b, U).",
    "Z73.3": "Z73.3 is rarely payable (clinical.md §1b, U).",
}


@dataclass(frozen=True)
class Suggestion:
    code: str
    description: str


@dataclass(frozen=True)
class DiagnosisCheck:
    entered: str
    code: str  # normalised: upper case, dot after the 3rd character
    valid: bool  # exists in the code set (a heading or a leaf)
    billable: bool  # a leaf code
    description: str
    problem: str | None = None  # one sentence, None when the code is usable
    suggestions: tuple[Suggestion, ...] = ()
    retired: bool = False
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class RetiredCode:
    code: str
    retired_fy: str
    replacements: tuple[str, ...]
    source: str


@cache
def retired_codes() -> dict[str, RetiredCode]:
    """The retired-code table (petrissage/domain/data/icd10_retired.csv)."""
    with _RETIRED_CSV.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {
            row["code"]: RetiredCode(
                row["code"], row["retired_fy"], tuple(row["replacements"].split()), row["source"]
            )
            for row in rows
        }


def normalise(code: str) -> str:
    """Upper case, surrounding blanks removed, dot after the 3rd character."""
    compact = code.strip().upper().replace(".", "")
    return f"{compact[:3]}.{compact[3:]}" if len(compact) > 3 else compact


def in_code_set(code: str) -> bool:
    """A category, subcategory or code of the tabular list (not a chapter or block)."""
    return bool(_SHAPE.fullmatch(code)) and cm.is_valid_item(code)


def describe(code: str) -> str:
    return str(cm.get_description(code)) if in_code_set(code) else ""


def billable_under(code: str) -> tuple[str, ...]:
    """The leaf codes under a heading (the code itself if it is a leaf)."""
    if cm.is_leaf(code):
        return (code,)
    return tuple(c for c in cm.get_descendants(code) if cm.is_leaf(c))


def check_diagnosis(code: str) -> DiagnosisCheck:
    """Check one entered ICD-10-CM code; never raises for bad input."""
    entered = code
    garbage = _garbage_problem(code)
    if garbage is not None:
        return DiagnosisCheck(entered, code.strip().upper(), False, False, "", garbage)
    norm = normalise(code)
    if norm in retired_codes():
        return _retired(entered, norm, retired_codes()[norm])
    if not in_code_set(norm):
        return _unknown(entered, norm)
    if not cm.is_leaf(norm):
        return _heading(entered, norm)
    return _leaf(entered, norm)


def _shown(text: str) -> str:
    return repr(text if len(text) <= 24 else text[:21] + "...")


def _garbage_problem(code: str) -> str | None:
    text = code.strip().upper()
    if not text:
        return "No diagnosis code was entered."
    bad = sorted({ch for ch in text if ch not in _ALLOWED})
    if bad:
        listed = " ".join(repr(ch) for ch in bad[:5])
        return (
            f"{_shown(code.strip())} is not an ICD-10-CM code: only letters, digits and one "
            f"dot are allowed (found {listed}); enter one code per field."
        )
    if not _SHAPE.fullmatch(text):
        return (
            f"{_shown(code.strip())} is not shaped like an ICD-10-CM code: a letter, a digit, "
            "a digit or letter, then optionally a dot and up to 4 more (e.g. M54.50)."
        )
    return None


def _suggest(codes: tuple[str, ...]) -> tuple[Suggestion, ...]:
    return tuple(Suggestion(c, describe(c)) for c in codes[:MAX_SUGGESTIONS] if in_code_set(c))


def _seven_chr_def(code: str) -> dict[str, str]:
    return dict(cm.get_seven_chr_def(code, search_in_ancestors=True))


def _needs_seventh(code: str, defs: dict[str, str]) -> str:
    if code[0] in "ST" and set(defs) == {"A", "D", "S"}:
        return f"{code} {_SEVEN_CHR_INJURY}."
    options = ", ".join(f"{k} {v}" for k, v in defs.items())
    return f"{code} needs a 7th character ({options})."


def _retired(entered: str, norm: str, row: RetiredCode) -> DiagnosisCheck:
    known = in_code_set(norm)
    replacements = billable_under(norm) if known else row.replacements
    listed = ", ".join(replacements)
    return DiagnosisCheck(
        entered,
        norm,
        valid=known,
        billable=False,
        description=describe(norm),
        problem=(
            f"{norm} is no longer billable: it was retired in {row.retired_fy} "
            f"({row.source}); use one of {listed}."
        ),
        suggestions=_suggest(replacements),
        retired=True,
    )


def _seventh_candidates(norm: str) -> tuple[str, ...]:
    """S16.1, S16.1XX or S16.1XXZ -> the codes that exist with a 7th character."""
    compact = norm.replace(".", "")
    base = compact[:6] if len(compact) >= 7 else compact.ljust(6, "X")
    found = (normalise(base + ch) for ch in "ADGKPS")
    return tuple(c for c in found if in_code_set(c) and cm.is_leaf(c))


def _nearest_heading(norm: str) -> str | None:
    compact = norm.replace(".", "")
    for end in range(len(compact) - 1, 2, -1):
        candidate = normalise(compact[:end])
        if in_code_set(candidate):
            return candidate
    category = compact[:3]
    return category if in_code_set(category) else None


def _unknown(entered: str, norm: str) -> DiagnosisCheck:
    seventh = _seventh_candidates(norm)
    if seventh:
        problem = _needs_seventh(norm, _seven_chr_def(seventh[0]))
        return DiagnosisCheck(entered, norm, False, False, "", problem, _suggest(seventh))
    heading = _nearest_heading(norm)
    problem = f"{norm} is not a code in {CODE_SET}."
    if heading is None:
        return DiagnosisCheck(entered, norm, False, False, "", problem)
    problem = f"{norm} is not a code in {CODE_SET}; the nearest existing code is {heading}."
    suggestions = _suggest(billable_under(heading))
    return DiagnosisCheck(entered, norm, False, False, "", problem, suggestions)


def _heading(entered: str, norm: str) -> DiagnosisCheck:
    defs = _seven_chr_def(norm)
    leaves = billable_under(norm)
    if defs and all(len(c.replace(".", "")) == 7 for c in cm.get_children(norm)):
        problem = _needs_seventh(norm, defs)
    else:
        problem = (
            f"{norm} ({describe(norm)}) is a heading, not a billable code; "
            "choose a more specific code."
        )
        if defs:
            problem += f" The code chosen also {_SEVEN_CHR_INJURY.split(': ', 1)[0]}."
    return DiagnosisCheck(entered, norm, True, False, describe(norm), problem, _suggest(leaves))


def _leaf(entered: str, norm: str) -> DiagnosisCheck:
    note = _NOTES.get(norm)
    compact = norm.replace(".", "")
    if norm[0] in "ST" and len(compact) == 7 and compact[-1] == "A":
        note = (
            "7th character A is for active treatment; rehab-phase massage visits are "
            "normally coded D (subsequent encounter) [C4]."
        )
    return DiagnosisCheck(entered, norm, True, True, describe(norm), None, note=note)
