"""The session pages: editor errors, carry forward, sign and amend through the web, roles,
other practices, and the to-do list of unsigned notes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from petrissage.clinical.models import Amendment, NoteStatus, SessionNote
from petrissage.clinical.session_selectors import overdue_unsigned_notes
from petrissage.practice.models import Role
from tests import factories
from tests.sessions.conftest import (
    ALL_NO,
    editor_post,
    make_screening,
    note_url,
    start_note,
)

TRAP = "upper-trapezius-left"


def test_start_form_opens_the_pre_check(login, case, therapist):
    url = f"/patients/{case.patient_id}/cases/{case.pk}/sessions/"
    client = login(therapist)
    assert "Start session" in client.get(url).content.decode()
    response = client.post(url, {"session_date": "2025-03-04", "appointment_minutes": "60"})
    note = SessionNote.objects.get(case=case)
    assert response.url == note_url(note, "pre-check/")
    assert note.appointment_minutes == 60
    assert str(note.session_date) == "2025-03-04"


def test_editor_saves_lines_and_shows_totals(login, note, therapist):
    client = login(therapist)
    data = editor_post((TRAP, "myofascial_release", 20, 3), ("calf-left", "hot_cold_pack", 10, 0))
    data["pain_before"] = "6"
    assert client.post(note_url(note), data).status_code == 302
    page = client.get(note_url(note)).content.decode()
    assert "total 30 min · timed 20 min" in page
    note.refresh_from_db()
    assert note.pain_before == 6
    assert note.lines.count() == 2


def test_editor_names_the_bad_line_and_field_and_keeps_the_input(login, note, therapist):
    data = editor_post(
        (TRAP, "swedish", 20, 2), (TRAP, "swedish", 0, 2), ("calf-left", "reiki", 5, 9)
    )
    response = login(therapist).post(note_url(note), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 2, minutes: must be at least 1 (got 0)." in page
    assert "Line 3, technique:" in page
    assert "Line 3, pressure:" in page
    assert "Nothing was saved" in page
    assert 'value="reiki"' not in page
    assert not note.lines.exists()


def test_editor_refuses_a_restricted_line_until_a_reason_is_written(login, case, therapist):
    make_screening(
        case.patient,
        {"regions": ["calf-left"], "restrictions": ["avoid_area"], "condition": "Varicose veins"},
    )
    note = start_note(case, therapist)
    client = login(therapist)
    refused = client.post(note_url(note), editor_post(("calf-left", "swedish", 10, 2)))
    assert refused.status_code == 400
    assert (
        "Line 1, region: Calf (gastrocnemius / soleus), left is to be avoided (Varicose veins)"
        in refused.content.decode()
    )
    accepted = client.post(
        note_url(note), editor_post(("calf-left", "swedish", 10, 1, "Vein surgery healed; cleared"))
    )
    assert accepted.status_code == 302
    assert note.lines.get().restriction_reason == "Vein surgery healed; cleared"


def test_blank_rows_are_ignored(login, note, therapist):
    data = editor_post((TRAP, "swedish", 20, 2), ("", "", "", 3))
    assert login(therapist).post(note_url(note), data).status_code == 302
    assert note.lines.count() == 1


def test_add_line_returns_one_row(login, case, therapist):
    url = f"/patients/{case.patient_id}/cases/{case.pk}/sessions/rows/line/"
    page = login(therapist).get(url, headers={"HX-Request": "true"}).content.decode()
    assert page.count('name="line"') == 1
    assert "Technique" in page


def test_carry_forward_copies_the_last_signed_lines(login, signed_note, case, therapist):
    new = start_note(case, therapist)
    page = login(therapist).get(note_url(new) + "?carry=1").content.decode()
    assert "Copied 2 lines from visit 1" in page
    assert page.count('name="line"') == 2
    assert 'value="20"' in page
    assert 'value="25"' in page
    assert not new.lines.exists()  # copied into the form, saved only when the therapist saves


def test_sign_and_amend_through_the_pages(login, note, therapist):
    client = login(therapist)
    client.post(note_url(note), editor_post((TRAP, "swedish", 20, 2), response="Eased"))
    assert client.post(note_url(note, "sign/")).status_code == 302
    note.refresh_from_db()
    assert note.status == NoteStatus.SIGNED
    locked = client.post(note_url(note), editor_post((TRAP, "swedish", 30, 2)))
    assert locked.status_code == 403
    assert "signed and locked" in locked.content.decode()
    no_reason = client.post(
        note_url(note, "amend/"), editor_post((TRAP, "swedish", 20, 2), response="Eased a lot")
    )
    assert no_reason.status_code == 400
    assert "Say why" in no_reason.content.decode()
    data = editor_post((TRAP, "swedish", 20, 2), response="Eased a lot") | {"reason": "Clarified"}
    assert client.post(note_url(note, "amend/"), data).status_code == 302
    page = client.get(note_url(note)).content.decode()
    assert "The note as signed" in page
    assert "Eased a lot" in page
    assert "Clarified" in page
    assert Amendment.objects.get().original["response"] == "Eased"


def test_another_therapist_cannot_sign(login, note, therapist, practice):
    colleague = factories.make_staff(practice, Role.THERAPIST, "cora-colleague")
    login(therapist).post(note_url(note), editor_post((TRAP, "swedish", 20, 2)))
    response = login(colleague).post(note_url(note, "sign/"))
    assert response.status_code == 403
    assert "Only Theo Therapist" in response.content.decode()


def _requests(note):
    """Every session URL with the methods it answers."""
    base = f"/patients/{note.patient_id}/cases/{note.case_id}/sessions/"
    both = ("get", "post")
    return [
        (base, both),
        (base + "rows/line/", ("get",)),
        (note_url(note), both),
        (note_url(note, "pre-check/"), both),
        (note_url(note, "sign/"), ("post",)),
        (note_url(note, "amend/"), both),
    ]


@pytest.mark.parametrize("role", ["front_desk", "biller"])
def test_front_desk_and_biller_are_refused(login, personas, note, role):
    client = login(personas[role])
    for url, methods in _requests(note):
        for method in methods:
            response = getattr(client, method)(url, dict.fromkeys(ALL_NO, "no"))
            assert response.status_code == 403, (method, url)


def test_outsider_gets_404_everywhere(login, outsider, note):
    client = login(outsider)
    for url, methods in _requests(note):
        for method in methods:
            assert getattr(client, method)(url, {}).status_code == 404, (method, url)


def test_a_case_of_another_patient_is_404(login, note, therapist, practice):
    other = factories.make_patient(practice)
    url = f"/patients/{other.pk}/cases/{note.case_id}/sessions/{note.pk}/"
    assert login(therapist).get(url).status_code == 404


def test_unsigned_notes_over_24_hours_are_on_the_to_do_list(login, case, therapist, signed_note):
    fresh = start_note(case, therapist)
    stale = start_note(case, therapist)
    SessionNote.objects.filter(pk__in=[stale.pk, signed_note.pk]).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert list(overdue_unsigned_notes(therapist)) == [stale]
    page = login(therapist).get("/").content.decode()
    assert "To do: sign your notes" in page
    assert note_url(stale) in page
    assert note_url(fresh) not in page
