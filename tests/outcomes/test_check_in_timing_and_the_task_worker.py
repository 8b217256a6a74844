"""When check-ins go out: the owner's 12–72 h setting, the database task backend deferring
the send to the due time (what `manage.py db_worker` runs), and the periodic sweep."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from petrissage.clinical.models import NoteStatus, SessionNote
from petrissage.outcomes.models import CheckIn, OutcomeSettings
from tests.outcomes.conftest import sign_session

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_owner_sets_the_delay_within_12_to_72_hours(login, owner, therapist, case):
    client = login(owner)
    page = client.post(
        "/outcomes/settings/", {"enabled": "on", "delay_hours": "8", "link_hours": "72"}
    )
    assert page.status_code == 400
    assert "between 12 and 72 hours" in page.content.decode()
    client.post("/outcomes/settings/", {"enabled": "on", "delay_hours": "48", "link_hours": "96"})
    assert OutcomeSettings.objects.get().checkin_delay_hours == 48
    note = sign_session(case, therapist)
    assert CheckIn.objects.get(session=note).due_at == note.signed_at + timedelta(hours=48)
    assert login(therapist).get("/outcomes/settings/").status_code == 403


@override_settings(TASKS=DATABASE)
def test_database_backend_queues_the_send_for_the_due_time(
    case, therapist, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = sign_session(case, therapist)
    queued = DBTaskResult.objects.get()
    check_in = CheckIn.objects.get(session=note)
    assert queued.task_path == "petrissage.outcomes.tasks.send_checkin"
    assert queued.run_after == check_in.due_at
    assert queued.args_kwargs["args"] == [check_in.deliveries.get().pk]


def test_sweep_schedules_check_ins_for_signed_sessions_without_one(case, therapist):
    with mock.patch("petrissage.clinical.session_services.checkin_after_signing"):
        note = sign_session(case, therapist)  # as if signed while the hook was missing
    assert not CheckIn.objects.exists()
    call_command("schedule_checkins", stdout=StringIO())
    assert CheckIn.objects.filter(session=note).count() == 1
    assert SessionNote.objects.filter(status=NoteStatus.SIGNED, check_in__isnull=True).count() == 0
