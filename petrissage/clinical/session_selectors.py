"""Reads the session-note pages share: a patient's case and notes, what changed since the
last visit, the screening as rule limits, lines to carry forward, and overdue notes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from petrissage.clinical.models import (
    Amendment,
    Case,
    CaseStatus,
    NoteStatus,
    Screening,
    ScreeningFinding,
    SessionNote,
    TreatmentLine,
)
from petrissage.domain import session_rules as rules
from petrissage.domain.session_rules import Limit, Line
from petrissage.patients.models import Patient, PatientCondition, PatientMedication
from petrissage.practice.models import Staff

OVERDUE_AFTER = timedelta(hours=24)  # unsigned notes older than this go on the to-do list


def case_of(patient: Patient, case_id: object) -> Case:
    """The patient's case with this id (404 for another patient's or practice's case)."""
    try:
        return Case.objects.select_related("therapist").get(
            practice_id=patient.practice_id, patient=patient, pk=int(str(case_id))
        )
    except (Case.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such case.") from None


def case_is_open(case: Case) -> bool:
    return case.status == CaseStatus.OPEN


def notes_of(case: Case) -> QuerySet[SessionNote]:
    return SessionNote.objects.filter(practice_id=case.practice_id, case=case).select_related(
        "therapist"
    )


def note_of(case: Case, note_id: object) -> SessionNote:
    try:
        return (
            notes_of(case)
            .select_related("case", "patient", "screening", "signed_by")
            .get(pk=int(str(note_id)))
        )
    except (SessionNote.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such session note.") from None


def lines_of(note: SessionNote) -> list[TreatmentLine]:
    return list(TreatmentLine.objects.filter(practice_id=note.practice_id, session=note))


def line_of(row: TreatmentLine) -> Line:
    return Line(row.region_code, row.technique, row.minutes, row.pressure, row.restriction_reason)


def saved_lines(note: SessionNote) -> list[Line]:
    return [line_of(row) for row in lines_of(note)]


def last_signed_note(case: Case, before: SessionNote | None = None) -> SessionNote | None:
    """The case's most recent signed note (other than `before`)."""
    notes = notes_of(case).filter(status=NoteStatus.SIGNED)
    if before is not None:
        notes = notes.exclude(pk=before.pk)
    return notes.order_by("-session_date", "-signed_at", "-id").first()


def carry_forward_lines(case: Case, into: SessionNote) -> tuple[SessionNote | None, list[Line]]:
    """The last signed note of the case and its lines, without their override reasons
    (a reason is written for the day, not copied)."""
    source = last_signed_note(case, before=into)
    if source is None:
        return None, []
    lines = [
        Line(row.region_code, row.technique, row.minutes, row.pressure) for row in lines_of(source)
    ]
    return source, lines


def last_check_in(case: Case) -> object | None:
    """The latest 24–48 h post-session check-in of the case.

    Check-ins do not exist yet: the check-ins issue will fill this in (returning the
    check-in with its answers and any alert raised). Until then the pre-session check
    shows "No check-in since the last visit"."""
    from petrissage.outcomes.selectors import last_check_in as answered  # outcomes owns it

    return answered(case)


@dataclass(frozen=True)
class ChangesSinceLastVisit:
    since: date
    since_what: str  # "the last signed visit" or "the case was opened"
    new_medications: list[PatientMedication]
    stopped_medications: list[PatientMedication]
    new_conditions: list[PatientCondition]
    resolved_conditions: list[PatientCondition]
    screenings: list[Screening]

    @property
    def anything(self) -> bool:
        return bool(
            self.new_medications
            or self.stopped_medications
            or self.new_conditions
            or self.resolved_conditions
            or self.screenings
        )


def _start_of(day: date, patient: Patient) -> datetime:
    return datetime.combine(day, time.min, tzinfo=patient.practice.zone)


def changes_since_last_visit(case: Case, note: SessionNote) -> ChangesSinceLastVisit:
    """New or stopped medications and conditions, and screening re-runs, since the start of
    the day of the case's last signed visit (or since the case was opened)."""
    patient = note.patient
    last = last_signed_note(case, before=note)
    since = last.session_date if last else case.opened_on
    cutoff = _start_of(since, patient)
    scope = {"practice_id": patient.practice_id, "patient": patient}
    medications = PatientMedication.objects.filter(**scope)
    conditions = PatientCondition.objects.filter(**scope)
    return ChangesSinceLastVisit(
        since=since,
        since_what="the last signed visit" if last else "the case was opened",
        new_medications=list(medications.filter(created_at__gte=cutoff, active=True)),
        stopped_medications=list(medications.filter(updated_at__gte=cutoff, active=False)),
        new_conditions=list(
            conditions.filter(created_at__gte=cutoff).exclude(
                clinical_status__in=("resolved", "inactive", "remission")
            )
        ),
        resolved_conditions=list(
            conditions.filter(updated_at__gte=cutoff, clinical_status__in=("resolved", "inactive"))
        ),
        screenings=list(Screening.objects.filter(**scope, computed_at__gte=cutoff)[:10]),
    )


def limit_of(finding: ScreeningFinding) -> Limit:
    return Limit(
        rule_id=finding.rule_id,
        condition=finding.condition,
        regions=tuple(str(r) for r in finding.regions or ()),
        areas=tuple(str(a) for a in finding.areas or ()),
        pressure_cap=finding.pressure_cap,
        restrictions=frozenset(str(r) for r in finding.restrictions or ()),
    )


def screening_limits(screening: Screening | None) -> list[Limit]:
    """The current screening's findings as rule limits ([] when never screened)."""
    if screening is None:
        return []
    return [limit_of(f) for f in screening.findings.all()]


def overdue_unsigned_notes(staff: Staff, now: datetime | None = None) -> QuerySet[SessionNote]:
    """This therapist's draft notes started more than 24 hours ago, oldest first."""
    cutoff = (now or timezone.now()) - OVERDUE_AFTER
    return (
        SessionNote.objects.filter(
            practice_id=staff.practice_id,
            therapist=staff,
            status=NoteStatus.DRAFT,
            created_at__lt=cutoff,
        )
        .select_related("patient", "case")
        .order_by("session_date", "id")
    )


# --- The note as text: snapshots (Amendment.original) and what the pages show ----------

# The SOAP fields of a note, with the labels the signed page uses.
NOTE_FIELD_LABELS: dict[str, str] = {
    "pain_before": "Pain before (NPRS)",
    "subjective": "Subjective",
    "objective": "Objective",
    "response": "Assessment: response",
    "pain_after": "Pain after (NPRS)",
    "plan_next": "Plan: next visit",
    "home_care": "Plan: home care",
}
NOTE_FIELDS: tuple[str, ...] = tuple(NOTE_FIELD_LABELS)


def line_json(row: TreatmentLine | Line) -> dict[str, Any]:
    return {
        "region_code": row.region_code,
        "technique": row.technique,
        "minutes": row.minutes,
        "pressure": row.pressure,
        "restriction_reason": row.restriction_reason.strip(),
    }


def note_snapshot(note: SessionNote) -> dict[str, Any]:
    """The note and its lines as JSON (Amendment.original keeps one of these)."""
    return {
        "status": note.status,
        "session_date": note.session_date.isoformat(),
        "visit_number": note.visit_number,
        "therapist": note.therapist_id,
        "signature": note.signature,
        "signed_at": note.signed_at.isoformat() if note.signed_at else None,
        **{name: getattr(note, name) for name in NOTE_FIELDS},
        "total_minutes": note.total_minutes,
        "timed_minutes": note.timed_minutes,
        "lines": [line_json(r) for r in lines_of(note)],
    }


@dataclass(frozen=True)
class ShownLine:
    region: str
    technique: str
    minutes: int
    pressure: int
    cpt: str
    timed: bool
    reason: str

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> ShownLine:
        technique = str(data["technique"])
        return cls(
            region=rules.region_label(str(data["region_code"])),
            technique=rules.technique_label(technique),
            minutes=int(data["minutes"]),
            pressure=int(data["pressure"]),
            cpt=rules.line_cpt(technique) or "",
            timed=rules.is_timed_technique(technique),
            reason=str(data.get("restriction_reason") or ""),
        )

    def __str__(self) -> str:
        return f"{self.region} · {self.technique} · {self.minutes} min · pressure {self.pressure}"


@dataclass(frozen=True)
class NoteText:
    """A note (live or snapshot) as the signed page shows it."""

    fields: list[tuple[str, Any]]  # (label, value)
    lines: list[ShownLine]
    total_minutes: int
    timed_minutes: int
    signature: str
    signed_at: str

    @classmethod
    def of(cls, snapshot: Mapping[str, Any]) -> NoteText:
        return cls(
            fields=[(NOTE_FIELD_LABELS[name], snapshot.get(name)) for name in NOTE_FIELDS],
            lines=[ShownLine.of(line) for line in snapshot.get("lines", [])],
            total_minutes=int(snapshot.get("total_minutes") or 0),
            timed_minutes=int(snapshot.get("timed_minutes") or 0),
            signature=str(snapshot.get("signature") or ""),
            signed_at=str(snapshot.get("signed_at") or ""),
        )


@dataclass(frozen=True)
class ShownChange:
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ShownAmendment:
    amendment: Amendment
    changes: list[ShownChange]


def _shown_change(name: str, change: Mapping[str, Any]) -> ShownChange:
    if name == "lines":
        before = [str(ShownLine.of(line)) for line in change.get("before", [])]
        after = [str(ShownLine.of(line)) for line in change.get("after", [])]
        return ShownChange("Treatment lines", before, after)
    label = NOTE_FIELD_LABELS.get(name, name)
    return ShownChange(label, change.get("before"), change.get("after"))


def signed_record(note: SessionNote) -> tuple[NoteText, list[ShownAmendment], NoteText]:
    """The note as signed, each amendment with its changes, and the note as it reads now."""
    amendments = list(
        Amendment.objects.filter(practice_id=note.practice_id, session=note).select_related(
            "author"
        )
    )
    current = NoteText.of(note_snapshot(note))
    signed = NoteText.of(amendments[0].original) if amendments else current
    shown = [
        ShownAmendment(a, [_shown_change(name, ch) for name, ch in (a.changes or {}).items()])
        for a in amendments
    ]
    return signed, shown, current
