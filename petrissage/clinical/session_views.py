"""Session-note pages: a case's sessions, the pre-session check, the SOAP editor, signing,
the signed note with its amendments, and the amendment editor.

Thin: access-checked fetch (patient → case → note), parse with session_forms, call a
session service, render. Every URL sits under /patients/<id>/cases/<id>/sessions/.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical import session_selectors as selectors
from petrissage.clinical import session_services as services
from petrissage.clinical.assessment_services import practice_today
from petrissage.clinical.models import Case, NoteStatus, SessionNote
from petrissage.clinical.screening_services import current_screening
from petrissage.clinical.session_forms import (
    RED_FLAG_QUESTIONS,
    AmendReasonForm,
    NoteEditor,
    PreCheckForm,
    StartForm,
    line_row,
    new_row_key,
    start_initial,
)
from petrissage.domain import session_rules as rules
from petrissage.patients.models import Patient
from petrissage.practice.access import get_patient, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action

EDITOR = "clinical/session_edit.html"


def _case(
    request: StaffRequest, patient_id: int, case_id: int, action: Action
) -> tuple[Patient, Case, Actor]:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, action, actor=actor)
    return patient, selectors.case_of(patient, case_id), actor


def _note(
    request: StaffRequest, patient_id: int, case_id: int, note_id: int, action: Action
) -> tuple[SessionNote, Actor]:
    _, case, actor = _case(request, patient_id, case_id, action)
    return selectors.note_of(case, note_id), actor


def _to(name: str, note: SessionNote) -> HttpResponse:
    return redirect(name, patient_id=note.patient_id, case_id=note.case_id, note_id=note.pk)


def _error_messages(request: StaffRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@staff_required()
def case_sessions(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    """The case's session notes, and the form that starts the next one."""
    action = Action.CLINICAL_WRITE if request.method == "POST" else Action.CLINICAL_VIEW
    patient, case, actor = _case(request, patient_id, case_id, action)
    plan = services.approved_plan(case)
    minutes = plan.session_minutes if plan else None
    today = practice_today(patient.practice)
    form = StartForm(request.POST or None, initial=start_initial(today, minutes))
    if request.method == "POST" and form.is_valid():
        try:
            note = services.session_start(
                case=case, therapist=request.staff, actor=actor, **form.cleaned_data
            )
        except ValidationError as error:
            _error_messages(request, error)
        else:
            return _to("session_pre_check", note)
    context = {
        "patient": patient,
        "case": case,
        "plan": plan,
        "notes": selectors.notes_of(case).order_by("-session_date", "-id"),
        "form": form,
        "case_open": selectors.case_is_open(case),
        "screening": current_screening(patient),
        "link_to_page": True,
    }
    return render(request, "clinical/session_list.html", context)


def _red_flag_words(note: SessionNote) -> list[str]:
    return [RED_FLAG_QUESTIONS.get(k, k) for k in services.red_flags_answered_yes(note)]


def _pre_check_context(note: SessionNote, form: PreCheckForm) -> dict[str, Any]:
    screening = current_screening(note.patient)
    return {
        "note": note,
        "patient": note.patient,
        "case": note.case,
        "form": form,
        "questions": RED_FLAG_QUESTIONS,
        "screening": screening,
        "blocked": services.treatment_blocked(screening),
        "check_in": selectors.last_check_in(note.case),
        "changes": selectors.changes_since_last_visit(note.case, note),
        "answered": services.pre_check_done(note),
        "red_flags": _red_flag_words(note),
    }


@staff_required()
def session_pre_check(
    request: StaffRequest, patient_id: int, case_id: int, note_id: int
) -> HttpResponse:
    note, actor = _note(request, patient_id, case_id, note_id, Action.CLINICAL_WRITE)
    if note.status == NoteStatus.SIGNED:
        return _to("session_note", note)
    initial = PreCheckForm.initial_from(note)
    form = PreCheckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.session_save_pre_check(
                note=note, actor=actor, answers=form.answers()
            )
        except ValidationError as error:
            _error_messages(request, error)
        else:
            if not services.treatment_blocked(screening):
                messages.success(request, "Pre-session check saved.")
                return _to("session_note", note)
    status = 400 if request.method == "POST" else 200
    context = _pre_check_context(note, form)
    return render(request, "clinical/session_precheck.html", context, status=status)


def _editor_context(note: SessionNote, editor: NoteEditor, **extra: Any) -> dict[str, Any]:
    lines = editor.lines() if editor.header.is_bound else []
    return {
        "note": note,
        "patient": note.patient,
        "case": note.case,
        "editor": editor,
        "screening": current_screening(note.patient),
        "link_to_page": True,
        "totals": rules.totals(lines) if lines else None,
        "last_signed": selectors.last_signed_note(note.case, before=note),
        **extra,
    }


def _render_editor(
    request: StaffRequest, note: SessionNote, editor: NoteEditor, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(request, EDITOR, _editor_context(note, editor, **extra), status=status)


def _parsed(note: SessionNote, editor: NoteEditor) -> bool:
    """Parse the posted editor and check its lines against the current screening."""
    if not editor.is_valid():
        return False
    limits = selectors.screening_limits(current_screening(note.patient))
    ok = editor.apply_problems(
        rules.line_problems(editor.lines(), limits, note.appointment_minutes)
    )
    editor.mark_overrides(limits)
    return ok


def _save_draft(request: StaffRequest, note: SessionNote, actor: Actor) -> HttpResponse:
    services.require_draft(note)
    editor = NoteEditor.from_post(request.POST)
    if _parsed(note, editor):
        try:
            services.session_save(
                note=note, actor=actor, fields=editor.fields(), lines=editor.lines()
            )
        except ValidationError as error:
            editor.add_service_errors(error)
        else:
            messages.success(request, "Draft saved. Sign it when the note is complete.")
            return _to("session_note", note)
    return _render_editor(request, note, editor, status=400)


@staff_required()
def session_note(
    request: StaffRequest, patient_id: int, case_id: int, note_id: int
) -> HttpResponse:
    action = Action.CLINICAL_WRITE if request.method == "POST" else Action.CLINICAL_VIEW
    note, actor = _note(request, patient_id, case_id, note_id, action)
    if request.method == "POST":
        return _save_draft(request, note, actor)
    if note.status == NoteStatus.SIGNED:
        return _signed_page(request, note, actor)
    if not services.pre_check_done(note) or services.treatment_blocked(
        current_screening(note.patient)
    ):
        return _to("session_pre_check", note)
    carry = request.GET.get("carry") == "1"
    source, lines = selectors.carry_forward_lines(note.case, note) if carry else (None, [])
    if carry and source is not None:
        messages.info(
            request,
            f"Copied {len(lines)} line{'s' if len(lines) != 1 else ''} from visit "
            f"{source.visit_number} ({source.session_date:%Y-%m-%d}). Check them and save.",
        )
    else:
        lines = selectors.saved_lines(note)
    editor = NoteEditor.from_note(note, lines)
    return _render_editor(request, note, editor, saved_totals=not carry)


def _signed_page(request: StaffRequest, note: SessionNote, actor: Actor) -> HttpResponse:
    audit_record(
        actor=actor,
        action="session.view",
        category=Category.CLINICAL,
        patient=note.patient,
        detail={"session": note.pk},
    )
    signed, amendments, current = selectors.signed_record(note)
    context = {
        "note": note,
        "patient": note.patient,
        "case": note.case,
        "signed": signed,
        "amendments": amendments,
        "current": current,
        "red_flags": _red_flag_words(note),
        "can_amend": services.may_amend(note, request.staff),
    }
    return render(request, "clinical/session_signed.html", context)


@require_POST
@staff_required()
def session_sign(
    request: StaffRequest, patient_id: int, case_id: int, note_id: int
) -> HttpResponse:
    note, actor = _note(request, patient_id, case_id, note_id, Action.CLINICAL_WRITE)
    try:
        services.session_sign(note=note, staff=request.staff, actor=actor)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, f"Signed by {note.signature}. The note is now locked.")
    return _to("session_note", note)


@staff_required()
def session_amend(
    request: StaffRequest, patient_id: int, case_id: int, note_id: int
) -> HttpResponse:
    note, actor = _note(request, patient_id, case_id, note_id, Action.CLINICAL_WRITE)
    if note.status != NoteStatus.SIGNED:
        return _to("session_note", note)
    if not services.may_amend(note, request.staff):
        raise PermissionDenied("Only the note's therapist or a practice owner can amend it.")
    if request.method != "POST":
        editor = NoteEditor.from_note(note, selectors.saved_lines(note))
        return _render_editor(request, note, editor, amend_form=AmendReasonForm())
    editor = NoteEditor.from_post(request.POST)
    reason = AmendReasonForm(request.POST)
    if _parsed(note, editor) and reason.is_valid():
        try:
            services.session_amend(
                note=note,
                author=request.staff,
                actor=actor,
                reason=reason.cleaned_data["reason"],
                fields=editor.fields(),
                lines=editor.lines(),
            )
        except ValidationError as error:
            editor.add_service_errors(error)
        else:
            messages.success(request, "Amendment saved. The signed text is kept above it.")
            return _to("session_note", note)
    return _render_editor(request, note, editor, status=400, amend_form=reason)


@require_GET
@staff_required()
def session_line_row(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    """One blank line row (htmx "Add line")."""
    _case(request, patient_id, case_id, Action.CLINICAL_WRITE)
    context = {"row": line_row(new_row_key(), pressure=3)}
    return render(request, f"{EDITOR}#line-row", context)
