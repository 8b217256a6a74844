"""What an import did, for the terminal table, the upload page and the audit trail."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from petrissage.practice.models import Staff


@dataclass
class PatientMatch:
    source: str  # "Patient/<id>"
    how: str  # identifier | name and birth date | new
    chart_number: str
    name: str


@dataclass
class ImportSummary:
    units: int = 0
    read: Counter[str] = field(default_factory=Counter)
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)
    matches: list[PatientMatch] = field(default_factory=list)
    # "source name (NPI …) -> staff name (npi | name | first owner/therapist)", counted
    staff_matches: Counter[str] = field(default_factory=Counter)
    # (practice, npi, name) -> (staff, how): each person is looked up once per import
    staff_found: dict[tuple[int, str, str], tuple[Staff, str]] = field(
        default_factory=dict, repr=False
    )
    # Petrissage records (Basic petrissage-record rows) written, by what they are
    records: Counter[str] = field(default_factory=Counter)
    screened: int = 0
    seconds: float = 0.0

    @property
    def total_read(self) -> int:
        return sum(self.read.values())

    @property
    def total_imported(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def error(self, where: str, reason: str) -> None:
        self.errors.append((where, reason))

    def rows(self) -> list[tuple[str, int, int, int, int, int]]:
        """(type, read, created, updated, unchanged, skipped), one per resource type."""
        kinds = sorted(set(self.read) | set(self.created) | set(self.updated))
        return [
            (
                kind,
                self.read[kind],
                self.created[kind],
                self.updated[kind],
                self.unchanged[kind],
                self.skipped[kind],
            )
            for kind in kinds
        ]

    def staff_rows(self) -> list[tuple[str, int]]:
        """(match, records) for the terminal report and the upload page: who the imported
        cases, plans and notes were recorded under, most records first."""
        return sorted(self.staff_matches.items(), key=lambda item: (-item[1], item[0]))

    def record_rows(self) -> list[tuple[str, int]]:
        """(what, how many) of the Petrissage records written, alphabetically."""
        return sorted(self.records.items())

    def as_detail(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "read": self.total_read,
            "created": sum(self.created.values()),
            "updated": sum(self.updated.values()),
            "unchanged": sum(self.unchanged.values()),
            "skipped": sum(self.skipped.values()),
            "errors": len(self.errors),
            "patients_matched": Counter(m.how for m in self.matches),
            "staff_matched": dict(self.staff_matches),
            "records": dict(self.records),
        }

    def table(self) -> str:
        header = ("resource type", "read", "created", "updated", "unchanged", "skipped")
        body = [tuple(str(v) for v in row) for row in self.rows()]
        totals = ("total", *(str(sum(int(r[i]) for r in body)) for i in range(1, 6)))
        widths = [max(len(r[i]) for r in [header, *body, totals]) for i in range(6)]
        fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{widths[i]}}}" for i in range(6))
        rule = "-" * (sum(widths) + 10)
        lines = [fmt.format(*header), rule, *(fmt.format(*r) for r in body), rule]
        lines.append(fmt.format(*totals))
        return "\n".join(lines)
