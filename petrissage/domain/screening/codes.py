"""Code families for screening, loaded from the CSV tables in petrissage/domain/data.

A *family* ("fracture", "anticoagulant", ...) is what the rules ask about. Conditions are
matched by SNOMED CT code, by ICD-10-CM prefix or range, and finally by display text, so
descendant concepts that are not listed are still recognised. Medications are matched by
RxNorm code, then by generic or brand name in free text ("Eliquis 5 mg").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from petrissage.domain.screening.model import (
    ICD10CM,
    SNOMED,
    CodedCondition,
    Medication,
    Side,
    normalise_system,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class CodeRow:
    key: str  # SNOMED code, ICD-10-CM prefix ("I824") or range ("C00-C96"), RxNorm code, name
    display: str
    families: frozenset[str]
    area: str
    source: str


@dataclass(frozen=True)
class Match:
    families: frozenset[str]
    area: str  # "" when not known
    how: str  # how it was recognised, for the finding's evidence


def _read(name: str) -> list[dict[str, str]]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines))


def _families(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split(";") if part.strip())


@cache
def snomed_table() -> dict[str, CodeRow]:
    return {
        r["code"]: CodeRow(
            r["code"], r["display"], _families(r["families"]), r["area"], r["source"]
        )
        for r in _read("screening_snomed.csv")
    }


def _icd_key(code: str) -> str:
    return code.replace(".", "").strip().upper()


@cache
def icd10_table() -> tuple[CodeRow, ...]:
    return tuple(
        CodeRow(
            "-".join(_icd_key(p) for p in r["prefix"].split("-")),
            r["display"],
            _families(r["families"]),
            r["area"],
            r["source"],
        )
        for r in _read("screening_icd10.csv")
    )


@cache
def rxnorm_table() -> dict[str, CodeRow]:
    return {
        r["code"]: CodeRow(r["code"], r["display"], _families(r["family"]), "", r["source"])
        for r in _read("screening_rxnorm.csv")
    }


@cache
def drug_names() -> tuple[tuple[re.Pattern[str], CodeRow], ...]:
    rows = _read("screening_drug_names.csv")
    return tuple(
        (
            re.compile(rf"\b{re.escape(r['name'])}\b", re.IGNORECASE),
            CodeRow(r["name"], r["name"], _families(r["family"]), "", r["source"]),
        )
        for r in rows
    )


@cache
def display_patterns() -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    return tuple(
        (re.compile(r["pattern"], re.IGNORECASE), _families(r["families"]))
        for r in _read("screening_display_patterns.csv")
    )


# Display words -> body area, most specific first ("forearm" before "arm").
_AREA_WORDS: tuple[tuple[str, str], ...] = (
    (r"ankle|foot|toe|heel|plantar|calcane|metatars", "foot"),
    (r"wrist|hand|finger|thumb|carpal", "hand"),
    (r"forearm|elbow|radius|ulna|humer|upper arm|\barm\b", "arm"),
    (r"clavic|shoulder|rotator cuff|scapula", "shoulder"),
    (r"femoral neck|neck of femur|\bhip\b|pelvi", "hip"),
    (r"femur|thigh", "thigh"),
    (r"knee|tibia|fibula|patell|\bleg\b|calf|shin|lower extremity", "leg"),
    (r"lumbar|lower back|sacr|coccy", "lower back"),
    (r"thoracic spine|thoracic vertebra|upper back", "upper back"),
    (r"\brib|sternum|chest|thora|breast|abdom|aort", "trunk"),
    (r"cervical|\bneck\b|whiplash", "neck"),
    (r"skull|face|facial|head|jaw|mandib|scalp", "head"),
)


def area_from_text(text: str) -> str:
    for pattern, area in _AREA_WORDS:
        if re.search(pattern, text, re.IGNORECASE):
            return area
    return ""


def side_from_text(text: str) -> Side | None:
    lowered = text.lower()
    left, right = re.search(r"\bleft\b", lowered), re.search(r"\bright\b", lowered)
    if left and not right:
        return "left"
    if right and not left:
        return "right"
    return None


def _icd_matches(code: str) -> Iterator[tuple[int, CodeRow]]:
    key = _icd_key(code)
    category = key[:3]
    for row in icd10_table():
        if "-" in row.key:
            start, end = row.key.split("-")
            if start <= category <= end:
                yield 3, row
        elif key.startswith(row.key):
            yield len(row.key), row


def _match_icd10(code: str) -> Match | None:
    matches = sorted(_icd_matches(code), key=lambda m: m[0], reverse=True)
    if not matches:
        return None
    families = frozenset().union(*(row.families for _, row in matches))
    key = _icd_key(code)
    if "fracture" in families and len(key) >= 7 and key[6] == "S":
        families -= {"fracture"}  # 7th character S = sequela: healed [C4]
    area = next((row.area for _, row in matches if row.area), "")
    shown = ", ".join(row.key for _, row in matches)
    return Match(families, area, f"ICD-10-CM {code} (family {shown})") if families else None


def _match_display(display: str) -> Match | None:
    families: set[str] = set()
    for pattern, fams in display_patterns():
        if pattern.search(display):
            if "-" in fams:
                return None
            families |= fams
    if not families:
        return None
    return Match(frozenset(families), area_from_text(display), f"display text {display!r}")


def match_condition(cond: CodedCondition) -> Match | None:
    """The screening families of a coded condition, or None."""
    system = normalise_system(cond.system)
    label = f"{cond.code} {cond.display}".strip()
    if system == SNOMED and cond.code in snomed_table():
        row = snomed_table()[cond.code]
        area = row.area or area_from_text(cond.display)
        return Match(row.families, area, f"SNOMED CT {label}")
    if system == ICD10CM:
        found = _match_icd10(cond.code)
        if found is not None:
            return Match(found.families, found.area or area_from_text(cond.display), found.how)
    if cond.display:
        found = _match_display(cond.display)
        if found is not None:
            return Match(found.families, found.area, f"{found.how} (code {cond.code})")
    return None


def match_medication(med: Medication) -> Match | None:
    """The screening family of a medication by RxNorm code, then by name."""
    if med.rxnorm and med.rxnorm in rxnorm_table():
        row = rxnorm_table()[med.rxnorm]
        return Match(row.families, "", f"RxNorm {med.rxnorm} {row.display}")
    for pattern, row in drug_names():
        if pattern.search(med.name):
            return Match(row.families, "", f"medication {med.name!r} (name match: {row.key})")
    return None


@dataclass(frozen=True)
class Fact:
    """One coded condition or medication, reduced to what the rules need."""

    family: str
    active: bool
    onset: date | None
    area: str
    side: Side | None
    evidence: str


def coded_facts(
    conditions: tuple[CodedCondition, ...], medications: tuple[Medication, ...], today: date
) -> tuple[Fact, ...]:
    facts: list[Fact] = []
    for cond in conditions:
        found = match_condition(cond)
        if found is None:
            continue
        active = cond.is_active(today)
        status = "active" if active else "not active"
        onset = f", onset {cond.onset.isoformat()}" if cond.onset else ""
        evidence = f"condition {found.how} ({status}{onset})"
        side = side_from_text(cond.display)
        for family in sorted(found.families):
            facts.append(Fact(family, active, cond.onset, found.area, side, evidence))
    for med in medications:
        found = match_medication(med)
        if found is None:
            continue
        evidence = f"{found.how} ({'active' if med.active else 'stopped'})"
        for family in sorted(found.families):
            facts.append(Fact(family, med.active, None, "", None, evidence))
    return tuple(facts)
