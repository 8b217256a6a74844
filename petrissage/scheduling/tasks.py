"""Background tasks (django-tasks). Run `send_due_reminders` every few minutes (cron:
`manage.py send_reminders`, or a periodic enqueue in the worker)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from petrissage.scheduling.reminders import due_reminder_ids, reminder_send


@task()
def send_reminder(reminder_id: int) -> bool:
    return reminder_send(reminder_id=reminder_id)


@task()
def send_due_reminders() -> int:
    """Enqueue one `send_reminder` per due reminder; returns how many were enqueued."""
    ids = due_reminder_ids(timezone.now())
    for reminder_id in ids:
        send_reminder.enqueue(reminder_id)
    return len(ids)
