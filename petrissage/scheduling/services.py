"""Every write of scheduling apart from booking itself (booking.py, series.py): visit
status changes, the waitlist, and therapists' hours. Each writes its audit event in the
same transaction."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.patients.models import Patient
from petrissage.practice.models import Location, Practice, Staff
from petrissage.scheduling import reminders
from petrissage.scheduling.models import (
    Appointment,
    AppointmentStatus,
    BreakTime,
    TimeOff,
    WaitlistEntry,
    WaitlistStatus,
    WorkingHours,
)

LATE_CANCEL_WINDOW = timedelta(hours=24)
"""Cancelling less than this before the visit counts as a late cancellation."""

NEXT_STATUS: dict[str, set[str]] = {
    AppointmentStatus.BOOKED: {
        AppointmentStatus.ARRIVED,
        AppointmentStatus.CANCELLED,
        AppointmentStatus.NO_SHOW,
    },
    AppointmentStatus.ARRIVED: {AppointmentStatus.COMPLETED, AppointmentStatus.CANCELLED},
    AppointmentStatus.COMPLETED: set(),
    AppointmentStatus.CANCELLED: set(),
    AppointmentStatus.NO_SHOW: set(),
}


def _change_status(
    appointment: Appointment, status: AppointmentStatus, actor: Actor, **detail: object
) -> Appointment:
    if status not in NEXT_STATUS[appointment.status]:
        raise ValidationError(
            {
                "status": f"A visit that is {appointment.get_status_display().lower()} "
                f"cannot become {status.label.lower()}."
            }
        )
    appointment.status = status
    fields = ["status", "updated_at"]
    for name, value in detail.items():
        if hasattr(appointment, name):
            setattr(appointment, name, value)
            fields.append(name)
    appointment.save(update_fields=fields)
    if status in (AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW):
        reminders.reminders_cancel(appointment=appointment)
    audit_record(
        actor=actor,
        action=f"appointment.{status.value}",
        category=Category.SCHEDULING,
        patient=appointment.patient,
        detail={"appointment": appointment.pk, **{k: str(v) for k, v in detail.items()}},
    )
    return appointment


def is_late_cancel(appointment: Appointment, now: datetime) -> bool:
    return appointment.starts_at - now < LATE_CANCEL_WINDOW


def appointment_cancel(
    *, appointment: Appointment, actor: Actor, reason: str, now: datetime | None = None
) -> Appointment:
    """Cancel with a reason; under 24 h before the start it is flagged as a late cancel."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the visit is cancelled."})
    now = now or timezone.now()
    with transaction.atomic():
        return _change_status(
            appointment,
            AppointmentStatus.CANCELLED,
            actor,
            cancel_reason=reason[:300],
            cancelled_at=now,
            late_cancel=is_late_cancel(appointment, now),
        )


def appointment_no_show(
    *, appointment: Appointment, actor: Actor, now: datetime | None = None
) -> Appointment:
    now = now or timezone.now()
    if appointment.starts_at > now:
        raise ValidationError({"status": "A visit can be marked a no-show only once it began."})
    with transaction.atomic():
        return _change_status(appointment, AppointmentStatus.NO_SHOW, actor)


def appointment_check_in(
    *, appointment: Appointment, actor: Actor, now: datetime | None = None
) -> Appointment:
    with transaction.atomic():
        return _change_status(
            appointment, AppointmentStatus.ARRIVED, actor, arrived_at=now or timezone.now()
        )


def appointment_complete(*, appointment: Appointment, actor: Actor) -> Appointment:
    with transaction.atomic():
        return _change_status(appointment, AppointmentStatus.COMPLETED, actor)


def waitlist_matches(appointment: Appointment) -> QuerySet[WaitlistEntry]:
    """Waiting patients a freed slot suits: same or any therapist, day in their window,
    a visit type that fits in the freed time."""
    from petrissage.domain.scheduling import appointment_type

    tz = appointment.practice.zone
    day = appointment.starts_at.astimezone(tz).date()
    fits = [
        code
        for code, _ in WaitlistEntry._meta.get_field("kind").choices or []
        if appointment_type(str(code)).minutes <= appointment.minutes
    ]
    return (
        WaitlistEntry.objects.filter(
            practice_id=appointment.practice_id,
            status=WaitlistStatus.WAITING,
            earliest_day__lte=day,
            latest_day__gte=day,
            kind__in=fits,
        )
        .filter(Q(therapist__isnull=True) | Q(therapist_id=appointment.therapist_id))
        .exclude(patient_id=appointment.patient_id)
        .select_related("patient", "therapist")
    )


def waitlist_add(
    *,
    practice: Practice,
    actor: Actor,
    patient: Patient,
    kind: str,
    earliest_day: date,
    latest_day: date,
    therapist: Staff | None = None,
    notes: str = "",
) -> WaitlistEntry:
    if latest_day < earliest_day:
        raise ValidationError({"latest_day": "must not be before the earliest day."})
    entry = WaitlistEntry(
        practice=practice,
        patient=patient,
        therapist=therapist,
        kind=kind,
        earliest_day=earliest_day,
        latest_day=latest_day,
        notes=notes,
    )
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        audit_record(
            actor=actor,
            action="waitlist.add",
            category=Category.SCHEDULING,
            patient=patient,
            detail={"entry": entry.pk},
        )
    return entry


def waitlist_close(*, entry: WaitlistEntry, actor: Actor, status: WaitlistStatus) -> None:
    with transaction.atomic():
        entry.status = status
        entry.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=f"waitlist.{status.value}",
            category=Category.SCHEDULING,
            patient=entry.patient,
            detail={"entry": entry.pk},
        )


def working_hours_add(
    *,
    therapist: Staff,
    actor: Actor,
    location: Location,
    weekday: int,
    start: time,
    end: time,
) -> WorkingHours:
    if location.practice_id != therapist.practice_id:
        raise ValidationError({"location": "No such location in this practice."})
    hours = WorkingHours(
        practice_id=therapist.practice_id,
        therapist=therapist,
        location=location,
        weekday=weekday,
        start=start,
        end=end,
    )
    if end <= start:
        raise ValidationError({"end": "must be after the start."})
    hours.full_clean()
    with transaction.atomic():
        hours.save()
        _audit_setup(actor, "hours.add", therapist, hours=str(hours))
    return hours


def break_add(
    *, therapist: Staff, actor: Actor, start: time, end: time, weekday: int | None = None
) -> BreakTime:
    if end <= start:
        raise ValidationError({"end": "must be after the start."})
    pause = BreakTime(
        practice_id=therapist.practice_id,
        therapist=therapist,
        weekday=weekday,
        start=start,
        end=end,
    )
    with transaction.atomic():
        pause.save()
        _audit_setup(actor, "break.add", therapist, hours=str(pause))
    return pause


def time_off_add(
    *,
    therapist: Staff,
    actor: Actor,
    kind: str,
    first_day: date,
    last_day: date,
    reason: str = "",
) -> TimeOff:
    if last_day < first_day:
        raise ValidationError({"last_day": "must not be before the first day."})
    item = TimeOff(
        practice_id=therapist.practice_id,
        therapist=therapist,
        kind=kind,
        reason=reason,
        first_day=first_day,
        last_day=last_day,
    )
    item.full_clean()
    with transaction.atomic():
        item.save()
        _audit_setup(actor, "time_off.add", therapist, days=f"{first_day}..{last_day}")
    return item


def setup_row_delete(
    *, row: WorkingHours | BreakTime | TimeOff, actor: Actor, therapist: Staff
) -> None:
    with transaction.atomic():
        description = str(row)
        row.delete()
        _audit_setup(actor, f"{row._meta.model_name}.delete", therapist, row=description)


def _audit_setup(actor: Actor, action: str, therapist: Staff, **detail: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        category=Category.SCHEDULING,
        detail={"therapist": therapist.pk, **detail},
    )
