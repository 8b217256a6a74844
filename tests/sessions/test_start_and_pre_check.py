"""Starting a session and the pre-session check: red flags re-run the screening, and a
blocking screening stops the session at the check."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.clinical import session_services as services
from petrissage.clinical.models import CaseStatus, NoteStatus, PlanStatus
from petrissage.clinical.screening_services import current_screening
from tests.sessions.conftest import (
    ALL_NO,
    NECK_MFR,
    editor_post,
    make_plan,
    make_screening,
    note_url,
    save_lines,
    start_note,
)


def test_start_numbers_visits_and_takes_the_approved_plan(case, therapist):
    make_plan(case, therapist, status=PlanStatus.DRAFT)
    approved = make_plan(case, therapist)
    first = start_note(case, therapist, appointment_minutes=60)
    second = start_note(case, therapist)
    assert (first.visit_number, second.visit_number) == (1, 2)
    assert first.plan == approved
    assert first.status == NoteStatus.DRAFT
    assert first.practice_id == case.practice_id
    assert first.patient_id == case.patient_id
    assert AuditEvent.objects.filter(action="session.start", category="clinical").count() == 2


def test_a_closed_case_cannot_start_a_session(case, therapist):
    case.status = CaseStatus.DISCHARGED
    case.save()
    with pytest.raises(ValidationError, match="discharged"):
        start_note(case, therapist, answered=False)


def test_all_no_keeps_the_current_screening_and_lets_treatment_go_on(case, therapist):
    screening = make_screening(case.patient)
    note = start_note(case, therapist)
    assert services.pre_check_done(note)
    assert note.screening == screening
    assert note.pre_check["fever_or_infection"] is False
    assert save_lines(note, therapist, NECK_MFR).total_minutes == 20


def test_a_yes_re_runs_the_screening_which_then_blocks_treatment(case, therapist):
    note = start_note(case, therapist, answered=False)
    answers = {**ALL_NO, "fever_or_infection": True}
    screening = services.session_save_pre_check(
        note=note, actor=Actor.for_staff(therapist), answers=answers
    )
    assert screening.trigger == "pre-session red flag"
    assert screening == current_screening(case.patient)
    assert screening.blocks_treatment
    assert note.pre_check["screening_rerun"] == screening.pk
    assert AuditEvent.objects.filter(action="screening.run").exists()
    with pytest.raises(ValidationError, match="blocks treatment"):
        save_lines(note, therapist, NECK_MFR)


def test_every_question_must_be_answered(note, therapist):
    with pytest.raises(ValidationError) as error:
        services.session_save_pre_check(
            note=note, actor=Actor.for_staff(therapist), answers={"fever_or_infection": False}
        )
    assert "unexplained_pain" in error.value.message_dict


def test_no_treatment_before_the_pre_check(case, therapist):
    note = start_note(case, therapist, answered=False)
    with pytest.raises(ValidationError, match="pre-session check"):
        save_lines(note, therapist, NECK_MFR)


def test_pre_check_page_shows_changes_and_no_check_in(login, case, therapist):
    from petrissage.patients import history_services

    note = start_note(case, therapist, answered=False)
    history_services.medication_add(
        patient=case.patient, actor=Actor.for_staff(therapist), name="Warfarin 5 mg"
    )
    page = login(therapist).get(note_url(note, "pre-check/")).content.decode()
    assert "No check-in since the last visit" in page
    assert "Warfarin 5 mg" in page
    assert "new medication" in page
    assert "screening re-run" in page
    assert "Fever, or an infection right now?" in page


def test_blocked_pre_check_page_links_to_the_screening_page(login, case, therapist):
    note = start_note(case, therapist, answered=False)
    client = login(therapist)
    data = {key: "no" for key in ALL_NO} | {"fever_or_infection": "yes"}
    response = client.post(note_url(note, "pre-check/"), data)
    page = response.content.decode()
    assert "Do not treat today" in page
    assert f'href="/patients/{case.patient_id}/screening/"' in page
    # the note cannot be reached past the check
    assert client.get(note_url(note)).url.endswith("pre-check/")
    refused = client.post(note_url(note), editor_post(("upper-trapezius-left", "swedish", 20, 2)))
    assert refused.status_code == 400
    assert "blocks treatment" in refused.content.decode()


def test_clear_pre_check_goes_on_to_the_note(login, case, therapist):
    note = start_note(case, therapist, answered=False)
    response = login(therapist).post(note_url(note, "pre-check/"), dict.fromkeys(ALL_NO, "no"))
    assert response.status_code == 302
    assert response.url == note_url(note)
