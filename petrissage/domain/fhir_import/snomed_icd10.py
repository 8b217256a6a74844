"""SNOMED CT -> ICD-10-CM for the conditions a massage practice meets (data/snomed_icd10.csv,
each row with its source and a verified/unverified status)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "data" / "snomed_icd10.csv"


@dataclass(frozen=True)
class IcdMapping:
    snomed: str
    snomed_display: str
    icd10: str
    icd10_display: str
    group: str
    snomed_source: str
    icd10_source: str
    verified: bool


@cache
def snomed_icd10_table() -> dict[str, IcdMapping]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {
            row["snomed"]: IcdMapping(
                snomed=row["snomed"],
                snomed_display=row["snomed_display"],
                icd10=row["icd10"],
                icd10_display=row["icd10_display"],
                group=row["group"],
                snomed_source=row["snomed_source"],
                icd10_source=row["icd10_source"],
                verified=row["status"] == "verified",
            )
            for row in rows
        }


def icd10_for_snomed(code: str) -> IcdMapping | None:
    return snomed_icd10_table().get(code)
