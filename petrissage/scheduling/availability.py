"""Open-slot search over stored calendars, through the domain's `first_open_slots_any`:
one therapist or any, a room or any free one, a visit type or length, a date range, in
the practice's time zone; never a slot in the past."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from petrissage.domain.scheduling import SchedulingError, SlotChoice, first_open_slots_any
from petrissage.domain.scheduling.validation import check_search_window
from petrissage.practice.models import Practice, Room, Staff
from petrissage.scheduling import calendars
from petrissage.scheduling.booking import field_error, resolve_kind

MAX_RESULTS = 200


def open_slots_search(
    *,
    practice: Practice,
    start: datetime,
    end: datetime,
    kind_code: str = "treatment-60",
    minutes: int | None = None,
    therapist: Staff | None = None,
    room: Room | None = None,
    limit: int = 50,
    step_minutes: int = 15,
    now: datetime | None = None,
) -> list[SlotChoice[int, int]]:
    """The earliest open slots, one per start time, sorted; empty when none."""
    kind, length = resolve_kind(kind_code, minutes)
    try:
        check_search_window(start, end)
    except SchedulingError as error:
        raise field_error(error) from None
    if therapist is not None and therapist.practice_id != practice.pk:
        raise ValidationError({"therapist": "No such therapist in this practice."})
    if room is not None and room.practice_id != practice.pk:
        raise ValidationError({"room": "No such room in this practice."})
    therapist_ids = (
        [therapist.pk]
        if therapist is not None
        else list(calendars.therapists_of(practice).values_list("pk", flat=True))
    )
    rooms = [room] if room is not None else list(calendars.rooms_of(practice))
    return first_open_slots_any(
        calendars.therapist_calendars(practice, therapist_ids, start, end),
        tz=practice.zone,
        start=start,
        end=end,
        minutes=length,
        buffer_after=kind.buffer_after,
        not_before=now or timezone.now(),
        rooms=calendars.room_calendars(practice, rooms, start, end) if rooms else None,
        limit=max(1, min(limit, MAX_RESULTS)),
        step_minutes=step_minutes,
    )


def default_window(practice: Practice, days: int = 14) -> tuple[datetime, datetime]:
    """From now to the end of the day `days` days ahead, in the practice's zone."""
    now = timezone.now().astimezone(practice.zone)
    last = (now + timedelta(days=days)).replace(hour=23, minute=59, second=0, microsecond=0)
    return now.replace(second=0, microsecond=0), last
