"""Booking across several therapists and rooms: "any therapist", "needs a room".

A slot is offered when at least one therapist is free (by `open_slots` on that
therapist's calendar) and, when rooms are given, at least one room at the slot's
location is free for the appointment plus its turnover time.

Preference is the order of the mappings: the caller lists therapists (e.g. the patient's
own therapist first, then the least booked) and rooms (e.g. the usual room first) in the
order it prefers, and the first free one wins. The result is deterministic.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from petrissage.domain.scheduling.availability import open_slots, overlaps
from petrissage.domain.scheduling.clock import to_utc
from petrissage.domain.scheduling.model import (
    Break,
    Busy,
    LocationId,
    ScheduleException,
    Slot,
    WeeklyHours,
)
from petrissage.domain.scheduling.validation import SchedulingError

TherapistId = TypeVar("TherapistId", bound=Hashable)
RoomId = TypeVar("RoomId", bound=Hashable)


@dataclass(frozen=True)
class TherapistCalendar:
    """Everything `open_slots` needs to know about one therapist."""

    hours: Sequence[WeeklyHours]
    breaks: Sequence[Break] = ()
    exceptions: Sequence[ScheduleException] = ()
    busy: Sequence[Busy] = ()


@dataclass(frozen=True)
class RoomCalendar:
    """A treatment room: where it is, what is booked in it, when it is out of service."""

    location_id: LocationId = None
    busy: Sequence[Busy] = ()
    out_of_service: Sequence[ScheduleException] = field(default=())


@dataclass(frozen=True)
class SlotChoice(Generic[TherapistId, RoomId]):
    """One offered time with the therapist (and room, if rooms were asked for) to book."""

    slot: Slot
    therapist_id: TherapistId
    room_id: RoomId | None = None


def room_is_free(room: RoomCalendar, slot: Slot, *, buffer_after: int, tz: ZoneInfo) -> bool:
    """True when the room is at the slot's location and free for the slot plus turnover."""
    if room.location_id is not None and room.location_id != slot.location_id:
        return False
    needed_until = to_utc(slot.end) + timedelta(minutes=buffer_after)
    if any(overlaps(slot.start, needed_until, b.start, b.blocked_until) for b in room.busy):
        return False
    return not any(
        overlaps(slot.start, slot.end, *closure.blocked(tz)) for closure in room.out_of_service
    )


def first_free_room(
    rooms: Mapping[RoomId, RoomCalendar], slot: Slot, *, buffer_after: int, tz: ZoneInfo
) -> RoomId | None:
    """The first room, in the mapping's order, free for this slot; None when all are taken."""
    for room_id, room in rooms.items():
        if room_is_free(room, slot, buffer_after=buffer_after, tz=tz):
            return room_id
    return None


def first_open_slots_any(
    therapists: Mapping[TherapistId, TherapistCalendar],
    *,
    tz: ZoneInfo,
    start: datetime,
    end: datetime,
    minutes: int,
    buffer_after: int = 0,
    step_minutes: int = 15,
    not_before: datetime | None = None,
    rooms: Mapping[RoomId, RoomCalendar] | None = None,
    limit: int = 20,
) -> list[SlotChoice[TherapistId, RoomId]]:
    """The earliest `limit` start times at which any therapist (and a room) is free.

    One choice per start time: the first therapist in `therapists` order who is free,
    with the first free room when `rooms` is given. `rooms=None` means no room is
    needed; an empty mapping means one is needed and none exists, so nothing is offered.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise SchedulingError("limit", "must be a positive whole number.")
    offers: dict[datetime, list[tuple[TherapistId, Slot]]] = {}
    for therapist_id, calendar in therapists.items():
        for slot in open_slots(
            calendar.hours,
            calendar.breaks,
            calendar.exceptions,
            calendar.busy,
            tz=tz,
            start=start,
            end=end,
            minutes=minutes,
            buffer_after=buffer_after,
            step_minutes=step_minutes,
            not_before=not_before,
        ):
            offers.setdefault(to_utc(slot.start), []).append((therapist_id, slot))
    choices: list[SlotChoice[TherapistId, RoomId]] = []
    for slot_start in sorted(offers):
        choice = _first_choice(offers[slot_start], rooms, buffer_after=buffer_after, tz=tz)
        if choice is not None:
            choices.append(choice)
            if len(choices) == limit:
                break
    return choices


def _first_choice(
    free_therapists: list[tuple[TherapistId, Slot]],
    rooms: Mapping[RoomId, RoomCalendar] | None,
    *,
    buffer_after: int,
    tz: ZoneInfo,
) -> SlotChoice[TherapistId, RoomId] | None:
    for therapist_id, slot in free_therapists:
        if rooms is None:
            return SlotChoice(slot, therapist_id)
        room_id = first_free_room(rooms, slot, buffer_after=buffer_after, tz=tz)
        if room_id is not None:
            return SlotChoice(slot, therapist_id, room_id)
    return None
