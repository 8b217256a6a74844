"""Background task (django-tasks) for maintenance recalls: once a day, every practice's due
and overdue recalls get their reminder (each due date at most once; see recall_services)."""

from __future__ import annotations

from django_tasks import task

from petrissage.audit.services import Actor
from petrissage.care.recall_services import recall_reminders_send
from petrissage.practice.models import Practice


@task()
def recalls_tick() -> int:
    """Send the recall reminders that are due in every practice; returns how many went."""
    sent = 0
    for practice in Practice.objects.all():
        sent += recall_reminders_send(practice=practice, actor=Actor.system(practice, "task"))
    return sent
