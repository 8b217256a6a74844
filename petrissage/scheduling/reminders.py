"""Appointment reminders, 24 h before, by email and SMS, each sent exactly once.

A Reminder row per appointment and channel is written when the visit is booked. The
periodic `send_due_reminders` task enqueues one `send_reminder` task per due row; that
task *claims* the row with a conditional UPDATE (pending → sending) before sending, so
two workers, a retry or a double enqueue can never send it twice. Cancelled and
no-show visits are skipped.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.scheduling.models import (
    Appointment,
    AppointmentStatus,
    Reminder,
    ReminderChannel,
    ReminderStatus,
)
from petrissage.scheduling.sms import TextMessage, sms_backend

REMINDER_LEAD = timedelta(hours=24)


def reminders_schedule(*, appointment: Appointment) -> list[Reminder]:
    """One reminder per channel the patient can be reached on."""
    patient = appointment.patient
    channels = [ReminderChannel.EMAIL] if patient.email else []
    if patient.phone:
        channels.append(ReminderChannel.SMS)
    return [
        Reminder.objects.create(
            practice_id=appointment.practice_id,
            appointment=appointment,
            channel=channel,
            due_at=appointment.starts_at - REMINDER_LEAD,
        )
        for channel in channels
    ]


def reminders_reschedule(*, appointment: Appointment) -> None:
    """A moved visit: unsent reminders follow it; one already sent is not repeated."""
    Reminder.objects.filter(
        appointment=appointment, status__in=[ReminderStatus.PENDING, ReminderStatus.SKIPPED]
    ).update(status=ReminderStatus.PENDING, due_at=appointment.starts_at - REMINDER_LEAD)


def reminders_cancel(*, appointment: Appointment) -> None:
    Reminder.objects.filter(appointment=appointment, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.SKIPPED, detail=f"appointment {appointment.status}"
    )


def due_reminder_ids(now: datetime) -> list[int]:
    """Pending reminders whose time has come, for visits still ahead."""
    return list(
        Reminder.objects.filter(
            status=ReminderStatus.PENDING,
            due_at__lte=now,
            appointment__starts_at__gt=now,
        )
        .order_by("due_at", "id")
        .values_list("id", flat=True)[:500]
    )


def reminder_claim(reminder_id: int, now: datetime) -> bool:
    """Atomically take the reminder; False when another sender already did."""
    claimed = Reminder.objects.filter(pk=reminder_id, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.SENDING, claimed_at=now
    )
    return claimed == 1


def reminder_send(*, reminder_id: int, now: datetime | None = None) -> bool:
    """Send one reminder if this caller wins the claim; True when it went out."""
    now = now or timezone.now()
    if not reminder_claim(reminder_id, now):
        return False
    reminder = Reminder.objects.select_related(
        "appointment__patient", "appointment__therapist", "appointment__location", "practice"
    ).get(pk=reminder_id)
    appointment = reminder.appointment
    if appointment.status != AppointmentStatus.BOOKED or appointment.starts_at <= now:
        _finish(reminder, ReminderStatus.SKIPPED, f"appointment {appointment.status}")
        return False
    try:
        _deliver(reminder)
    except Exception as error:  # a provider failure must not crash the worker loop
        _finish(reminder, ReminderStatus.FAILED, str(error)[:300])
        return False
    reminder.sent_at = now
    _finish(reminder, ReminderStatus.SENT, "")
    audit_record(
        actor=Actor.system(reminder.practice, source="task"),
        action="appointment.reminder_sent",
        category=Category.SCHEDULING,
        patient=appointment.patient,
        detail={"appointment": appointment.pk, "channel": reminder.channel},
    )
    return True


def _finish(reminder: Reminder, status: ReminderStatus, detail: str) -> None:
    reminder.status = status
    reminder.detail = detail
    reminder.save(update_fields=["status", "detail", "sent_at"])


def reminder_text(appointment: Appointment) -> str:
    practice = appointment.patient.practice
    local = appointment.starts_at.astimezone(practice.zone)
    where = f" at {appointment.location.name}" if appointment.location else ""
    return (
        f"Reminder: {appointment.get_kind_display()} with {appointment.therapist.display_name} "
        f"on {local:%A %B %-d at %-I:%M %p}{where}. "
        f"To cancel or change, please call {practice.name} at least 24 hours ahead."
    )


def _deliver(reminder: Reminder) -> None:
    appointment = reminder.appointment
    text = reminder_text(appointment)
    if reminder.channel == ReminderChannel.EMAIL:
        send_mail(
            subject=f"Your appointment at {reminder.practice.name}",
            message=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[appointment.patient.email],
        )
    else:
        sms_backend().send(TextMessage(to=appointment.patient.phone, body=text))
