"""Reads that turn stored hours, breaks, time off and appointments into the domain's
calendar objects, a fixed number of queries however many therapists are asked about."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from petrissage.domain.scheduling import (
    Break,
    Busy,
    RoomCalendar,
    ScheduleException,
    TherapistCalendar,
    TimeOffKind,
    WeeklyHours,
)
from petrissage.practice.models import Practice, Role, Room, Staff
from petrissage.scheduling.models import (
    ACTIVE_STATUSES,
    Appointment,
    BreakTime,
    TimeOff,
    WorkingHours,
)

LOOKAROUND = timedelta(days=1)
"""Busy blocks just outside a search window can still touch it (turnover, time zones)."""


def therapists_of(practice: Practice) -> QuerySet[Staff]:
    return Staff.objects.filter(practice=practice, role=Role.THERAPIST, active=True).order_by(
        "display_name", "id"
    )


def rooms_of(practice: Practice) -> QuerySet[Room]:
    return (
        Room.objects.filter(practice=practice, active=True)
        .select_related("location")
        .order_by("location__name", "name", "id")
    )


def active_appointments(practice: Practice) -> QuerySet[Appointment]:
    return Appointment.objects.filter(practice=practice, status__in=ACTIVE_STATUSES)


def appointments_touching(
    practice: Practice, start: datetime, end: datetime
) -> QuerySet[Appointment]:
    """Active appointments overlapping [start, end) (half-open)."""
    return active_appointments(practice).filter(starts_at__lt=end, ends_at__gt=start)


def busy_block(appointment: Appointment, *, with_turnover: bool = True) -> Busy:
    return Busy(
        appointment.starts_at,
        appointment.ends_at,
        appointment.buffer_after if with_turnover else 0,
        label=f"appointment #{appointment.pk}",
    )


def time_off_exception(item: TimeOff) -> ScheduleException:
    return ScheduleException.whole_days(
        item.first_day, item.last_day, TimeOffKind(item.kind), item.reason
    )


def therapist_calendars(
    practice: Practice,
    therapist_ids: Sequence[int],
    start: datetime,
    end: datetime,
    *,
    exclude_appointment: int | None = None,
) -> dict[int, TherapistCalendar]:
    """Calendars for these therapists around [start, end), in four queries."""
    hours: dict[int, list[WeeklyHours]] = defaultdict(list)
    for row in WorkingHours.objects.filter(practice=practice, therapist_id__in=therapist_ids):
        hours[row.therapist_id].append(
            WeeklyHours(row.weekday, row.start, row.end, row.location_id)
        )
    breaks: dict[int, list[Break]] = defaultdict(list)
    for pause in BreakTime.objects.filter(practice=practice, therapist_id__in=therapist_ids):
        breaks[pause.therapist_id].append(Break(pause.start, pause.end, pause.weekday))
    days_off: dict[int, list[ScheduleException]] = defaultdict(list)
    first, last = (start - LOOKAROUND).date(), (end + LOOKAROUND).date()
    for item in TimeOff.objects.filter(
        practice=practice,
        therapist_id__in=therapist_ids,
        first_day__lte=last,
        last_day__gte=first,
    ):
        days_off[item.therapist_id].append(time_off_exception(item))
    busy = _busy_by(
        appointments_touching(practice, start - LOOKAROUND, end + LOOKAROUND).filter(
            therapist_id__in=therapist_ids
        ),
        "therapist_id",
        exclude_appointment,
    )
    return {
        therapist_id: TherapistCalendar(
            hours=hours[therapist_id],
            breaks=breaks[therapist_id],
            exceptions=days_off[therapist_id],
            busy=busy[therapist_id],
        )
        for therapist_id in therapist_ids
    }


def room_calendars(
    practice: Practice,
    rooms: Iterable[Room],
    start: datetime,
    end: datetime,
    *,
    exclude_appointment: int | None = None,
) -> dict[int, RoomCalendar]:
    room_list = list(rooms)
    busy = _busy_by(
        appointments_touching(practice, start - LOOKAROUND, end + LOOKAROUND).filter(
            room_id__in=[room.pk for room in room_list]
        ),
        "room_id",
        exclude_appointment,
    )
    return {
        room.pk: RoomCalendar(location_id=room.location_id, busy=busy[room.pk])
        for room in room_list
    }


def _busy_by(
    appointments: QuerySet[Appointment], key: str, exclude_appointment: int | None
) -> dict[int, list[Busy]]:
    if exclude_appointment is not None:
        appointments = appointments.exclude(pk=exclude_appointment)
    busy: dict[int, list[Busy]] = defaultdict(list)
    for appointment in appointments.only("id", "starts_at", "ends_at", "buffer_after", key):
        busy[getattr(appointment, key)].append(busy_block(appointment))
    return busy


def clashing_appointments(
    practice: Practice,
    *,
    therapist_id: int,
    room_id: int | None,
    start: datetime,
    end: datetime,
    exclude: Sequence[int] = (),
) -> list[Appointment]:
    """Active appointments of this therapist (or in this room) overlapping [start, end)."""
    resource = Q(therapist_id=therapist_id)
    if room_id is not None:
        resource |= Q(room_id=room_id)
    return list(
        appointments_touching(practice, start, end)
        .filter(resource)
        .exclude(pk__in=exclude)
        .select_related("patient", "therapist", "room")
    )
