"""Other clinicians treating the same patient: who overlaps the regions we treat, and who
may treat on the same day as a session we bill. Pure Python.

Region overlap is by body *area* (petrissage.domain.regions.AREAS): a chiropractor adjusting
the lower back overlaps our work on the lumbar paraspinals. Same-day overlap matters for
billing: 97140 billed the same day as chiropractic manipulation (98940–98942) needs modifier
59 and a separate region documented (clinical.md §4c [B1]).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from petrissage.domain.regions import AREAS, is_region, region

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MANIPULATING_ROLES = frozenset({"chiropractor", "physical_therapist", "osteopath"})


@dataclass(frozen=True)
class Colleague:
    """A care-team member as the overlap checks need them."""

    name: str
    role_label: str
    role: str
    areas: frozenset[str]
    started_on: date | None = None
    ended_on: date | None = None
    weekdays: frozenset[int] = frozenset()  # 0 = Monday; the days they usually treat
    visit_dates: frozenset[date] = frozenset()

    def active_on(self, day: date) -> bool:
        if self.started_on is not None and day < self.started_on:
            return False
        return self.ended_on is None or day <= self.ended_on

    def treats_on(self, day: date) -> bool:
        return self.active_on(day) and (day in self.visit_dates or day.weekday() in self.weekdays)


def areas_of(region_codes: Iterable[str]) -> frozenset[str]:
    """The coarse areas of region codes (unknown codes, or bare area names, kept as given)."""
    found = set()
    for code in region_codes:
        if is_region(code):
            found.add(region(code).area)
        elif code in AREAS:
            found.add(code)
    return frozenset(found)


def region_overlaps(
    colleagues: Iterable[Colleague], our_region_codes: Iterable[str], today: date
) -> list[str]:
    """Warnings for the case page: another clinician is treating an area we treat."""
    ours = areas_of(our_region_codes)
    warnings = []
    for colleague in colleagues:
        shared = sorted(colleague.areas & ours, key=AREAS.index)
        if shared and colleague.active_on(today):
            warnings.append(
                f"{colleague.role_label} {colleague.name} is also treating the "
                f"{', '.join(shared)}: agree who does what, and document separate regions."
            )
    return warnings


def same_day_overlaps(
    colleagues: Iterable[Colleague],
    session_day: date,
    session_region_codes: Iterable[str],
    cpt_codes: Iterable[str] = (),
) -> list[str]:
    """Warnings for billing: a co-treating clinician usually treats on the session's day."""
    ours = areas_of(session_region_codes)
    codes = set(cpt_codes)
    warnings = []
    for colleague in colleagues:
        if not colleague.treats_on(session_day):
            continue
        shared = sorted(colleague.areas & ours, key=AREAS.index)
        where = f" the {', '.join(shared)}" if shared else " this patient"
        text = (
            f"{colleague.role_label} {colleague.name} also treats{where} on "
            f"{session_day:%A} {session_day.isoformat()}"
        )
        if colleague.role in MANIPULATING_ROLES and "97140" in codes:
            text += (
                ": 97140 on the same day as their manipulation needs modifier 59 and a "
                "separate region documented"
            )
        warnings.append(text + ".")
    return warnings
