"""Progress-report test data: a case under a WA L&I-style prescription (report every 6
visits or 30 days) with signed visits, treatment lines, pain ratings and an assessment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from petrissage.clinical.models import (
    Assessment,
    AssessmentKind,
    Case,
    CaseDiagnosis,
    RegionFinding,
    SessionNote,
    TreatmentLine,
)
from petrissage.patients.models import Patient
from petrissage.practice.models import Staff
from petrissage.referrals.models import Prescription, ReferringProvider
from tests.referrals.builders import (
    VALID_NPI,
    actor_for,
    open_case,
    prescription,
    signed_note,
    today_of,
)

LOW_BACK = "lumbar-paraspinals-left"
GLUTE = "gluteals-left"


@dataclass
class CaseData:
    case: Case
    rx: Prescription
    notes: list[SessionNote]


def _lines(note: SessionNote) -> None:
    for region_code, technique, minutes in (
        (LOW_BACK, "myofascial_release", 20),
        (GLUTE, "trigger_point", 15),
    ):
        TreatmentLine.objects.create(
            practice_id=note.practice_id,
            session=note,
            region_code=region_code,
            technique=technique,
            minutes=minutes,
            pressure=3,
        )
    note.total_minutes = note.timed_minutes = 35
    note.save(update_fields=["total_minutes", "timed_minutes"])


def _assessment(case: Case, on: date, pain: int) -> None:
    assessment = Assessment.objects.create(
        practice_id=case.practice_id,
        patient=case.patient,
        therapist=case.therapist,
        kind=AssessmentKind.INITIAL,
        assessed_on=on,
    )
    RegionFinding.objects.create(
        practice_id=case.practice_id,
        patient=case.patient,
        assessment=assessment,
        region_code=LOW_BACK,
        nprs=pain,
    )


def case_with_visits(patient: Patient, therapist: Staff, visits: int = 6) -> CaseData:
    """A case opened 28 days ago, `visits` signed sessions (pain 7 falling to 3)."""
    today = today_of(patient.practice)
    case = open_case(patient, therapist, opened_on=today - timedelta(days=28))
    CaseDiagnosis.objects.create(
        practice_id=case.practice_id, case=case, code="M54.50", description="Low back pain"
    )
    existing = ReferringProvider.objects.filter(practice=patient.practice, npi=VALID_NPI).first()
    rx = prescription(
        patient,
        therapist,
        existing,
        issued_on=today - timedelta(days=27),
        report_every_visits=6,
        report_every_days=30,
        case=case,
    )
    notes = []
    for n in range(visits):
        note = signed_note(case, today - timedelta(days=26 - 4 * n))
        note.visit_number = n + 1
        note.pain_before = max(3, 7 - n)
        note.pain_after = max(2, 5 - n)
        note.home_care = "Heat 15 minutes, cat-camel stretch twice daily"
        note.save()
        _lines(note)
        notes.append(note)
    _assessment(case, today - timedelta(days=26), 7)
    _assessment(case, today - timedelta(days=2), 3)
    return CaseData(case, rx, notes)


def record_nprs(case: Case, ratings: tuple[int, ...] = (7, 5, 3)) -> None:
    """NPRS responses through the outcomes app: a baseline 26 days ago, then re-measures."""
    from petrissage.outcomes.selectors import instrument_for
    from petrissage.outcomes.services import outcome_record

    practice = case.patient.practice
    today = today_of(practice)
    instrument = instrument_for(practice, "nprs")
    assert instrument is not None
    days_ago = (26, 12, 2)
    for n, (rating, ago) in enumerate(zip(ratings, days_ago, strict=False)):
        outcome_record(
            case=case,
            instrument=instrument,
            answers={"pain": rating},
            timepoint="baseline" if n == 0 else "interim",
            actor=actor_for(practice),
            staff=case.therapist,
            collected_at=datetime.combine(
                today - timedelta(days=ago), time(10), tzinfo=practice.zone
            ),
        )
