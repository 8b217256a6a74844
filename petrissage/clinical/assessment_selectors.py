"""Reads of assessments that pages share: one patient's assessments, the current screening's
findings, and each region's pain across assessments (the region trend)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from petrissage.clinical.body_chart import pain_band
from petrissage.clinical.models import (
    Assessment,
    AssessmentVersion,
    RegionFinding,
    Screening,
    ScreeningFinding,
)
from petrissage.domain import rom as rom_table
from petrissage.domain.regions import is_region, region
from petrissage.patients.models import Patient


def assessments_of(patient: Patient) -> QuerySet[Assessment]:
    """Newest first, with the counts the list shows."""
    return (
        Assessment.objects.filter(practice_id=patient.practice_id, patient=patient)
        .select_related("therapist")
        .prefetch_related("region_findings")
    )


def assessment_of(patient: Patient, assessment_id: object) -> Assessment:
    """One assessment of this patient (already access-checked); 404 for any other id."""
    try:
        return (
            Assessment.objects.select_related("therapist", "patient", "practice")
            .prefetch_related("region_findings", "range_of_motion", "goals")
            .get(practice_id=patient.practice_id, patient=patient, pk=int(str(assessment_id)))
        )
    except (Assessment.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such assessment.") from None


def current_screening(patient: Patient) -> Screening | None:
    return Screening.objects.filter(
        practice_id=patient.practice_id, patient=patient, is_current=True
    ).first()


def current_screening_findings(patient: Patient) -> list[ScreeningFinding]:
    """Findings of the patient's current screening; empty when there is none."""
    return list(
        ScreeningFinding.objects.filter(
            practice_id=patient.practice_id,
            patient=patient,
            screening__is_current=True,
        ).order_by("screening_id", "id")
    )


def region_label(code: str) -> str:
    return region(code).label if is_region(code) else code


@dataclass(frozen=True)
class FindingDisplay:
    """A region finding with what the page shows beside it."""

    finding: RegionFinding
    label: str
    band: str


def findings_for_display(assessment: Assessment) -> list[FindingDisplay]:
    rows = [
        FindingDisplay(f, region_label(f.region_code), pain_band(f.nprs))
        for f in assessment.region_findings.all()
    ]
    return sorted(rows, key=lambda row: row.label)


@dataclass(frozen=True)
class TrendPoint:
    assessed_on: date
    nprs: int
    assessment_id: int

    @property
    def band(self) -> str:
        return pain_band(self.nprs)


@dataclass(frozen=True)
class RegionTrend:
    code: str
    label: str
    points: tuple[TrendPoint, ...]  # oldest first

    @property
    def change(self) -> int:
        """Last score minus first; negative means less pain."""
        return self.points[-1].nprs - self.points[0].nprs

    @property
    def direction(self) -> str:
        if len(self.points) < 2 or self.change == 0:
            return "same"
        return "better" if self.change < 0 else "worse"


def region_trend(patient: Patient) -> list[RegionTrend]:
    """Per region, its NPRS in each assessment that recorded it, in date order.

    Regions are listed by label; a region recorded once has a single point.
    """
    rows = (
        RegionFinding.objects.filter(practice_id=patient.practice_id, patient=patient)
        .order_by("assessment__assessed_on", "assessment_id")
        .values_list("region_code", "nprs", "assessment__assessed_on", "assessment_id")
    )
    points: dict[str, list[TrendPoint]] = {}
    for code, nprs, assessed_on, assessment_id in rows:
        points.setdefault(code, []).append(TrendPoint(assessed_on, nprs, assessment_id))
    trends = [
        RegionTrend(code, region_label(code), tuple(series)) for code, series in points.items()
    ]
    return sorted(trends, key=lambda trend: trend.label)


@dataclass(frozen=True)
class EarlierVersion:
    """A kept version of an assessment, as the assessment page lists it."""

    row: AssessmentVersion
    regions: tuple[tuple[str, int, str], ...]  # (label, NPRS, band), by label
    rom: tuple[str, ...]
    goals: tuple[str, ...]

    @property
    def snapshot(self) -> dict[str, object]:
        snapshot = self.row.snapshot
        return snapshot if isinstance(snapshot, dict) else {}


def _rows(snapshot: dict[str, object], key: str) -> list[dict[str, object]]:
    value = snapshot.get(key)
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def _rom_text(row: dict[str, object]) -> str:
    joint, movement = str(row.get("joint")), str(row.get("movement"))
    known = rom_table.is_known(joint, movement)
    label = rom_table.reference_for(joint, movement).label if known else f"{joint} {movement}"
    side = f", {row['side']}" if row.get("side") else ""
    return f"{label}{side} {row.get('degrees')}°"


def earlier_versions(assessment: Assessment) -> list[EarlierVersion]:
    """The versions an edit replaced, newest first, each with its values as they were."""
    versions = AssessmentVersion.objects.filter(
        practice_id=assessment.practice_id, assessment=assessment
    ).select_related("recorded_by", "replaced_by")
    shown = []
    for version in versions.order_by("-version"):
        snapshot = version.snapshot if isinstance(version.snapshot, dict) else {}
        regions = sorted(
            (
                region_label(str(r["region_code"])),
                int(str(r["nprs"])),
                pain_band(int(str(r["nprs"]))),
            )
            for r in _rows(snapshot, "region_findings")
        )
        rom = tuple(_rom_text(r) for r in _rows(snapshot, "rom"))
        goals = tuple(f"{g['activity']}: {g['score']}/10" for g in _rows(snapshot, "goals"))
        shown.append(EarlierVersion(version, tuple(regions), rom, goals))
    return shown
