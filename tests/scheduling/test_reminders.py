"""Reminders go out 24 h before, once per channel, never for a cancelled visit."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from petrissage.audit.services import Actor
from petrissage.practice.models import Role
from petrissage.scheduling import services
from petrissage.scheduling.models import Reminder, ReminderStatus
from petrissage.scheduling.reminders import due_reminder_ids, reminder_send
from petrissage.scheduling.sms import LoggingSmsBackend
from petrissage.scheduling.tasks import send_due_reminders, send_reminder
from tests import factories
from tests.scheduling.helpers import add_location, book, give_hours, local, next_weekday


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    LoggingSmsBackend.outbox.clear()


@pytest.fixture
def visit(patient, working_therapist, practice):
    return book(patient, working_therapist, local(practice, next_weekday(2), 10))


@pytest.mark.django_db
def test_booking_schedules_one_reminder_per_channel_24_hours_ahead(visit):
    reminders = Reminder.objects.filter(appointment=visit)
    assert {r.channel for r in reminders} == {"email", "sms"}
    assert all(r.due_at == visit.starts_at - timedelta(hours=24) for r in reminders)


@pytest.mark.django_db
def test_each_reminder_is_sent_exactly_once(visit):
    now = visit.starts_at - timedelta(hours=23)
    ids = due_reminder_ids(now)
    assert len(ids) == 2
    for reminder_id in ids * 3:
        reminder_send(reminder_id=reminder_id, now=now)
    assert len(mail.outbox) == 1
    assert "Treatment, 60 min" in mail.outbox[0].body
    assert len(LoggingSmsBackend.outbox) == 1
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}
    assert due_reminder_ids(now) == []


@pytest.mark.django_db
def test_nothing_is_due_before_the_24_hours(visit):
    assert due_reminder_ids(visit.starts_at - timedelta(hours=25)) == []


@pytest.mark.django_db
def test_a_cancelled_visit_gets_no_reminder(visit, practice):
    services.appointment_cancel(appointment=visit, actor=Actor.system(practice), reason="ill")
    assert due_reminder_ids(visit.starts_at - timedelta(hours=1)) == []
    assert reminder_send(reminder_id=Reminder.objects.first().pk) is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_background_task_sends_due_reminders(visit, monkeypatch):
    monkeypatch.setattr(
        "petrissage.scheduling.tasks.timezone.now", lambda: visit.starts_at - timedelta(hours=2)
    )
    monkeypatch.setattr(
        "petrissage.scheduling.reminders.timezone.now", lambda: visit.starts_at - timedelta(hours=2)
    )
    result = send_due_reminders.enqueue()
    assert result.return_value == 2
    assert len(mail.outbox) == 1
    assert send_reminder.enqueue(Reminder.objects.first().pk).return_value is False
    call_command("send_reminders")
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_reminder_send_it_once():
    practice = factories.make_practice("remind-clinic")
    location = add_location(practice)
    therapist = factories.make_staff(practice, Role.THERAPIST, "rem-therapist")
    give_hours(therapist, location)
    patient = factories.make_patient(practice, phone="")
    visit = book(patient, therapist, local(practice, next_weekday(1), 9))
    reminder = Reminder.objects.get(appointment=visit)
    now = visit.starts_at - timedelta(hours=3)
    barrier = threading.Barrier(8)
    results: list[bool] = []

    def worker():
        barrier.wait()
        results.append(reminder_send(reminder_id=reminder.pk, now=now))
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    assert len(mail.outbox) == 1
