"""Saving lines (restrictions, reasons, bad input, totals), signing and amending."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.clinical import session_services as services
from petrissage.clinical.models import Amendment, NoteStatus, TreatmentLine
from petrissage.domain.session_rules import Line
from petrissage.practice.models import Role
from tests import factories
from tests.sessions.conftest import (
    BACK_SWEDISH,
    NECK_MFR,
    PACK,
    make_screening,
    save_lines,
    start_note,
)

DEEP_NECK = Line("upper-trapezius-left", "deep_tissue", 15, 4)


def test_totals_are_stored_timed_and_untimed(note, therapist):
    save_lines(note, therapist, NECK_MFR, BACK_SWEDISH, PACK, subjective="Stiff after work")
    note.refresh_from_db()
    assert (note.total_minutes, note.timed_minutes) == (55, 45)
    assert note.subjective == "Stiff after work"
    assert TreatmentLine.objects.filter(session=note, practice_id=note.practice_id).count() == 3


def test_saving_replaces_the_lines(note, therapist):
    save_lines(note, therapist, NECK_MFR, BACK_SWEDISH)
    save_lines(note, therapist, PACK)
    assert list(note.lines.values_list("technique", flat=True)) == ["hot_cold_pack"]


def test_restricted_line_refused_without_reason(case, therapist):
    make_screening(case.patient, {"restrictions": ["no_deep_pressure"], "condition": "Warfarin"})
    note = start_note(case, therapist)
    with pytest.raises(ValidationError) as error:
        save_lines(note, therapist, NECK_MFR, DEEP_NECK)
    assert "lines[2].technique" in error.value.message_dict
    assert "Warfarin" in str(error.value)
    assert not note.lines.exists()  # nothing half-saved


def test_restricted_line_with_reason_is_saved_and_audited_once(case, therapist):
    make_screening(case.patient, {"restrictions": ["no_deep_pressure"], "rule_id": "anticoagulant"})
    note = start_note(case, therapist)
    reasoned = dataclasses.replace(
        DEEP_NECK, restriction_reason="INR stable; physician agreed to firm work"
    )
    save_lines(note, therapist, reasoned)
    save_lines(note, therapist, reasoned, pain_before=5)  # same override: not audited again
    events = AuditEvent.objects.filter(action="session.restriction_override")
    assert events.count() == 1
    detail = events.get().detail
    assert detail["rule"] == "anticoagulant"
    assert detail["reason"].startswith("INR stable")
    assert note.lines.get().restriction_reason.startswith("INR stable")


@pytest.mark.parametrize(
    ("bad", "key"),
    [
        (Line("upper-trapezius-left", "swedish", 0, 2), "lines[1].minutes"),
        (Line("upper-trapezius-left", "swedish", -3, 2), "lines[1].minutes"),
        (Line("upper-trapezius-left", "swedish", 241, 2), "lines[1].minutes"),
        (Line("upper-trapezius-left", "reiki", 10, 2), "lines[1].technique"),
        (Line("nowhere", "swedish", 10, 2), "lines[1].region"),
        (Line("upper-trapezius-left", "swedish", 10, 6), "lines[1].pressure"),
    ],
)
def test_bad_lines_are_refused_naming_line_and_field(note, therapist, bad, key):
    with pytest.raises(ValidationError) as error:
        save_lines(note, therapist, bad)
    assert key in error.value.message_dict


def test_lines_longer_than_the_appointment_are_refused(case, therapist):
    note = start_note(case, therapist, appointment_minutes=30)
    with pytest.raises(ValidationError, match="30-minute appointment"):
        save_lines(note, therapist, NECK_MFR, BACK_SWEDISH)


def test_sign_locks_the_note_with_the_signature(signed_note, therapist):
    assert signed_note.status == NoteStatus.SIGNED
    assert signed_note.signed_by == therapist
    assert signed_note.signed_at is not None
    assert signed_note.signature == therapist.signature
    with pytest.raises(PermissionDenied, match="signed and locked"):
        save_lines(signed_note, therapist, PACK)


def test_only_the_notes_own_therapist_signs(note, therapist, practice):
    save_lines(note, therapist, NECK_MFR)
    colleague = factories.make_staff(practice, Role.THERAPIST, "cora-colleague")
    with pytest.raises(PermissionDenied, match="Theo Therapist"):
        services.session_sign(note=note, staff=colleague, actor=Actor.for_staff(colleague))


def test_a_note_without_lines_is_not_signed(note, therapist):
    with pytest.raises(ValidationError, match="at least one treatment line"):
        services.session_sign(note=note, staff=therapist, actor=Actor.for_staff(therapist))


def test_amendment_keeps_the_original_and_applies_the_change(signed_note, therapist):
    amendment = services.session_amend(
        note=signed_note,
        author=therapist,
        actor=Actor.for_staff(therapist),
        reason="Typo in the response",
        fields={"response": "Less guarding in the left upper trapezius"},
        lines=[NECK_MFR, Line("lumbar-paraspinals-right", "swedish", 30, 2)],
    )
    signed_note.refresh_from_db()
    assert signed_note.response == "Less guarding in the left upper trapezius"
    assert signed_note.total_minutes == 50
    assert signed_note.status == NoteStatus.SIGNED
    assert amendment.original["response"] == "Less guarding"
    assert [line["minutes"] for line in amendment.original["lines"]] == [20, 25]
    assert amendment.original["signature"] == therapist.signature
    assert amendment.changes["response"] == {
        "before": "Less guarding",
        "after": "Less guarding in the left upper trapezius",
    }
    assert amendment.changes["lines"]["after"][1]["minutes"] == 30
    assert AuditEvent.objects.filter(action="session.amend").exists()


def test_amendment_needs_a_reason_and_a_change(signed_note, therapist):
    actor = Actor.for_staff(therapist)
    with pytest.raises(ValidationError, match="why"):
        services.session_amend(
            note=signed_note, author=therapist, actor=actor, reason=" ", fields={"response": "x"}
        )
    with pytest.raises(ValidationError, match="Nothing was changed"):
        services.session_amend(
            note=signed_note,
            author=therapist,
            actor=actor,
            reason="check",
            fields={"response": "Less guarding"},
        )
    assert not Amendment.objects.exists()
