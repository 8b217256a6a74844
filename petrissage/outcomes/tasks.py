"""Background tasks (django-tasks) for check-ins.

With the database backend (`TASKS_BACKEND=database`, what `make run` and production use)
each check-in's send is enqueued when the session is signed, to run at its due time
(`run_after`), and `manage.py db_worker` executes it; a failed send is re-enqueued with a
back-off. With a backend that cannot defer (the immediate one, in tests and plain dev) the
periodic `manage.py schedule_checkins` (cron) sends whatever is due.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from petrissage.outcomes.checkin_services import checkins_schedule_missing
from petrissage.outcomes.delivery import checkin_send, due_delivery_ids


@task()
def send_checkin(delivery_id: int) -> bool:
    """Send one check-in if still due and not claimed by another worker; on a mail
    failure the row goes back to pending and a retry is enqueued."""
    sent = checkin_send(delivery_id=delivery_id)
    retry_at = _retry_at(delivery_id)
    if retry_at is not None:
        enqueue_send(delivery_id, retry_at)
    return sent


def _retry_at(delivery_id: int) -> datetime | None:
    from petrissage.outcomes.models import CheckInDelivery, DeliveryStatus

    row = CheckInDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).first()
    if row is None or row.attempts == 0:
        return None  # sent, skipped, gone, or never tried (its first enqueue is still waiting)
    return row.next_attempt_at


def enqueue_send(delivery_id: int, run_after: datetime) -> bool:
    """Queue the send for `run_after`. A backend that cannot defer (the immediate one)
    queues nothing: the periodic `schedule_checkins` run sends what is due."""
    if not send_checkin.get_backend().supports_defer:
        return False
    send_checkin.using(run_after=run_after).enqueue(delivery_id)
    return True


@task()
def checkins_tick() -> int:
    """Schedule check-ins for signed sessions that have none, then enqueue one send per
    due delivery; returns how many sends were enqueued. Safe to run as often as wanted:
    the claim in delivery.py makes each check-in go out at most once."""
    checkins_schedule_missing()
    due = due_delivery_ids(timezone.now())
    for delivery_id in due:
        send_checkin.enqueue(delivery_id)
    return len(due)
