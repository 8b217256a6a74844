"""Session notes (SOAP): start, pre-session check, save a draft, sign, amend.

Every write is keyword-only, scoped to the note's practice, and records its audit event
(category CLINICAL) in the same transaction. A signed note changes only by amendment,
which keeps a JSON snapshot of the note as it stood.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.billing.signing import charges_after_signing
from petrissage.clinical import session_selectors as selectors
from petrissage.clinical.models import (
    Amendment,
    Case,
    NoteStatus,
    PlanStatus,
    Screening,
    SessionNote,
    TreatmentLine,
    TreatmentPlan,
)
from petrissage.clinical.screening_services import (
    PRE_SESSION_RED_FLAGS,
    current_screening,
    screening_rerun,
)
from petrissage.domain import session_rules as rules
from petrissage.outcomes.signing import checkin_after_signing
from petrissage.practice.models import Role, Staff

# The SOAP fields a draft save or an amendment may change.
NOTE_FIELDS = selectors.NOTE_FIELDS
PAIN_FIELDS = ("pain_before", "pain_after")
RERUN_TRIGGER = "pre-session red flag"


def _audit(actor: Actor, action: str, note: SessionNote, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        category=Category.CLINICAL,
        patient=note.patient,
        detail={"session": note.pk, **detail},
    )


def approved_plan(case: Case) -> TreatmentPlan | None:
    return (
        TreatmentPlan.objects.filter(
            practice_id=case.practice_id, case=case, status=PlanStatus.APPROVED
        )
        .order_by("-version")
        .first()
    )


def session_start(
    *,
    case: Case,
    therapist: Staff,
    actor: Actor,
    session_date: date,
    appointment_minutes: int | None = None,
) -> SessionNote:
    """A new draft note for the case's next visit."""
    if therapist.practice_id != case.practice_id:
        raise PermissionDenied("The therapist is not a member of this case's practice.")
    if not selectors.case_is_open(case):
        raise ValidationError(
            {"case": f"The case is {case.get_status_display().lower()}; reopen it to treat."}
        )
    if appointment_minutes is not None and not 1 <= appointment_minutes <= 480:
        raise ValidationError({"appointment_minutes": "Give the appointment length, 1–480."})
    with transaction.atomic():
        visits = selectors.notes_of(case).count()
        note = SessionNote.objects.create(
            practice_id=case.practice_id,
            patient_id=case.patient_id,
            case=case,
            plan=approved_plan(case),
            therapist=therapist,
            session_date=session_date,
            visit_number=visits + 1,
            appointment_minutes=appointment_minutes,
        )
        _audit(actor, "session.start", note, case=case.pk, visit=note.visit_number)
    return note


def pre_check_done(note: SessionNote) -> bool:
    return isinstance(note.pre_check, dict) and "answered_at" in note.pre_check


def red_flags_answered_yes(note: SessionNote) -> list[str]:
    answers = note.pre_check if isinstance(note.pre_check, dict) else {}
    return [key for key in PRE_SESSION_RED_FLAGS if answers.get(key) is True]


def treatment_blocked(screening: Screening | None) -> bool:
    return screening is not None and screening.blocks_treatment


def require_draft(note: SessionNote) -> None:
    if note.status != NoteStatus.DRAFT:
        raise PermissionDenied(
            "This note is signed and locked. Use “Amend” to correct it; the signed text is kept."
        )


def session_save_pre_check(
    *, note: SessionNote, actor: Actor, answers: Mapping[str, bool]
) -> Screening | None:
    """Store today's red-flag answers. Any "yes" re-runs the screening first thing, so a
    new contraindication is known before treatment. Returns the screening now in force."""
    require_draft(note)
    missing = [key for key in PRE_SESSION_RED_FLAGS if key not in answers]
    if missing:
        raise ValidationError({key: "Answer yes or no." for key in missing})
    flags = {key: bool(answers[key]) for key in PRE_SESSION_RED_FLAGS}
    with transaction.atomic():
        note.pre_check = {**flags, "answered_at": timezone.now().isoformat()}
        note.save(update_fields=["pre_check", "updated_at"])
        screening = current_screening(note.patient)
        if any(flags.values()):
            screening = screening_rerun(patient=note.patient, actor=actor, trigger=RERUN_TRIGGER)
            note.pre_check["screening_rerun"] = screening.pk
        note.screening = screening
        note.save(update_fields=["pre_check", "screening", "updated_at"])
        yes = red_flags_answered_yes(note)
        _audit(actor, "session.pre_check", note, red_flags=yes, rerun=bool(yes))
    return screening


def _require_can_treat(note: SessionNote) -> Screening | None:
    if not pre_check_done(note):
        raise ValidationError({"pre_check": "Answer the pre-session check first."})
    screening = current_screening(note.patient)
    if treatment_blocked(screening):
        raise ValidationError(
            {
                "pre_check": "The current screening blocks treatment: record the physician's "
                "clearance on the screening page before treating."
            }
        )
    return screening


def _line_errors(problems: Sequence[rules.Problem]) -> ValidationError:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        key = f"lines[{problem.line}].{problem.field}" if problem.line else problem.field
        errors.setdefault(key, []).append(problem.text)
    return ValidationError(errors)


def _check_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(NOTE_FIELDS))
    if unknown:
        raise ValidationError({name: "Not a field of a session note." for name in unknown})
    for name in PAIN_FIELDS:
        value = fields.get(name)
        if value is not None and not (isinstance(value, int) and 0 <= value <= 10):
            raise ValidationError({name: "Pain is a whole number from 0 to 10."})
    return dict(fields)


def _check_lines(
    note: SessionNote, lines: Sequence[rules.Line], screening: Screening | None
) -> list[rules.Limit]:
    limits = selectors.screening_limits(screening)
    problems = rules.line_problems(lines, limits, note.appointment_minutes)
    if problems:
        raise _line_errors(problems)
    return limits


def _line_key(region: str, technique: str, pressure: int, reason: str) -> tuple[str, str, int, str]:
    return (region, technique, pressure, reason.strip())


def _replace_lines(
    note: SessionNote, lines: Sequence[rules.Line], limits: Sequence[rules.Limit], actor: Actor
) -> None:
    """Swap the note's lines for `lines`, store the totals, audit new overrides."""
    old = selectors.lines_of(note)
    before = {_line_key(r.region_code, r.technique, r.pressure, r.restriction_reason) for r in old}
    TreatmentLine.objects.filter(practice_id=note.practice_id, session=note).delete()
    TreatmentLine.objects.bulk_create(
        TreatmentLine(
            practice_id=note.practice_id,
            session=note,
            region_code=line.region_code,
            technique=line.technique,
            minutes=line.minutes,
            pressure=line.pressure,
            restriction_reason=line.restriction_reason.strip(),
        )
        for line in lines
    )
    totals = rules.totals(lines)
    note.total_minutes, note.timed_minutes = totals.total_minutes, totals.timed_minutes
    for line, breach in rules.restriction_overrides(lines, limits):
        key = _line_key(line.region_code, line.technique, line.pressure, line.restriction_reason)
        if key in before:
            continue  # the same override, already audited when it was first saved
        _audit(
            actor,
            "session.restriction_override",
            note,
            line=breach.line,
            rule=breach.rule_id,
            breach=breach.message[:200],
            region=line.region_code,
            technique=line.technique,
            pressure=line.pressure,
            reason=line.restriction_reason.strip()[:500],
        )


def session_save(
    *,
    note: SessionNote,
    actor: Actor,
    fields: Mapping[str, Any],
    lines: Sequence[rules.Line],
) -> SessionNote:
    """Save the draft: SOAP fields and the complete list of lines (replacing the old ones).
    Refused whole, nothing half-saved, when a field or a line is wrong."""
    require_draft(note)
    screening = _require_can_treat(note)
    values = _check_fields(fields)
    limits = _check_lines(note, lines, screening)
    with transaction.atomic():
        for name, value in values.items():
            setattr(note, name, value)
        note.screening = screening
        _replace_lines(note, lines, limits, actor)
        note.save()
        _audit(actor, "session.save", note, lines=len(lines), minutes=note.total_minutes)
    return note


def session_sign(
    *, note: SessionNote, staff: Staff, actor: Actor, now: datetime | None = None
) -> SessionNote:
    """Lock the note with the therapist's signature. Only the note's own therapist signs.
    `now` (default: the current time) is for the demo clinic's back-dated visits."""
    require_draft(note)
    if staff.pk != note.therapist_id:
        raise PermissionDenied(
            f"Only {note.therapist.display_name}, whose session this was, can sign this note."
        )
    screening = _require_can_treat(note)
    lines = selectors.saved_lines(note)
    if not lines:
        raise ValidationError({"lines": "Record at least one treatment line before signing."})
    _check_lines(note, lines, screening)
    with transaction.atomic():
        note.status = NoteStatus.SIGNED
        note.signed_at = now or timezone.now()
        note.signed_by = staff
        note.signature = staff.signature
        note.save()
        _audit(actor, "session.sign", note, signature=note.signature)
        charges_after_signing(note=note, actor=actor)  # billing: charges in this transaction
        checkin_after_signing(note=note, actor=actor)  # outcomes: the post-session check-in
    return note


def _changes(
    original: Mapping[str, Any], fields: Mapping[str, Any], lines: Sequence[rules.Line] | None
) -> dict[str, dict[str, Any]]:
    changes = {
        name: {"before": original[name], "after": value}
        for name, value in fields.items()
        if original[name] != value
    }
    if lines is not None:
        after = [selectors.line_json(line) for line in lines]
        if after != original["lines"]:
            changes["lines"] = {"before": original["lines"], "after": after}
    return changes


def may_amend(note: SessionNote, staff: Staff) -> bool:
    return staff.pk == note.therapist_id or staff.role == Role.OWNER


def session_amend(
    *,
    note: SessionNote,
    author: Staff,
    actor: Actor,
    reason: str,
    fields: Mapping[str, Any],
    lines: Sequence[rules.Line] | None = None,
) -> Amendment:
    """Change a signed note. The note as it stood is kept in the amendment, with the reason,
    the author and the {field: {before, after}} changes."""
    if note.status != NoteStatus.SIGNED:
        raise ValidationError({"note": "Only a signed note is amended; edit the draft instead."})
    if not may_amend(note, author):
        raise PermissionDenied("Only the note's therapist or a practice owner can amend it.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the signed note is being amended."})
    if lines is not None and not lines:
        raise ValidationError({"lines": "A signed note keeps at least one treatment line."})
    values = _check_fields(fields)
    original = selectors.note_snapshot(note)
    changes = _changes(original, values, lines)
    if not changes:
        raise ValidationError({"__all__": "Nothing was changed, so there is nothing to amend."})
    limits = _check_lines(note, lines, current_screening(note.patient)) if lines else []
    with transaction.atomic():
        for name, value in values.items():
            setattr(note, name, value)
        if lines is not None and "lines" in changes:
            _replace_lines(note, lines, limits, actor)
        note.save()
        amendment = Amendment.objects.create(
            practice_id=note.practice_id,
            session=note,
            author=author,
            reason=reason.strip(),
            changes=changes,
            original=original,
        )
        _audit(actor, "session.amend", note, amendment=amendment.pk, fields=sorted(changes))
    return amendment
