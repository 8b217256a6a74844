"""Reads the schedule pages share: the day and week grids and a patient's visits.

A grid costs a fixed number of queries whatever the number of therapists or visits:
therapists, working hours, time off, appointments (with patient, therapist and room
joined) and the screening flags of the patients on it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from petrissage.domain.scheduling import wall_time_instant
from petrissage.patients.models import Patient
from petrissage.practice.models import Location, Practice, Staff
from petrissage.scheduling import calendars
from petrissage.scheduling.flags import (
    patients_blocked_by_screening,
    patients_with_urgent_check_in,
)
from petrissage.scheduling.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentStatus,
    TimeOff,
    WorkingHours,
)

PX_PER_MINUTE = 1.2
DEFAULT_OPEN, DEFAULT_CLOSE = 8, 18
SHOWN_STATUSES = (*ACTIVE_STATUSES, AppointmentStatus.NO_SHOW)
PALETTE = ("#2f6b55", "#3b5ea8", "#8a4fa3", "#b0621c", "#a8334a", "#1f7d8c", "#5c6b2f")


@dataclass
class Block:
    appointment: Appointment
    top: float
    height: float
    lane: int = 0
    lanes: int = 1
    screening_blocked: bool = False
    check_in_alert: bool = False
    color: str = PALETTE[0]

    @property
    def left(self) -> float:
        return 100 * self.lane / self.lanes

    @property
    def width(self) -> float:
        return 100 / self.lanes


@dataclass
class Shade:
    top: float
    height: float
    label: str = ""


@dataclass
class Column:
    key: str
    title: str
    subtitle: str
    day: date
    therapist: Staff | None = None
    blocks: list[Block] = field(default_factory=list)
    open_hours: list[Shade] = field(default_factory=list)
    time_off: list[Shade] = field(default_factory=list)
    is_today: bool = False


@dataclass
class Grid:
    columns: list[Column]
    first_hour: int
    last_hour: int
    therapists: list[Staff]

    @property
    def height(self) -> float:
        return (self.last_hour - self.first_hour) * 60 * PX_PER_MINUTE

    @property
    def hours(self) -> list[tuple[str, float]]:
        return [
            (f"{hour:02d}:00", (hour - self.first_hour) * 60 * PX_PER_MINUTE)
            for hour in range(self.first_hour, self.last_hour)
        ]

    @property
    def px_per_minute(self) -> float:
        return PX_PER_MINUTE


def _minutes(moment: datetime, practice: Practice) -> int:
    local = moment.astimezone(practice.zone)
    return local.hour * 60 + local.minute


def _span(hours: list[WorkingHours]) -> tuple[int, int]:
    if not hours:
        return DEFAULT_OPEN, DEFAULT_CLOSE
    first = min(row.start for row in hours).hour
    last = max(row.end for row in hours)
    return min(first, DEFAULT_OPEN), max(last.hour + (1 if last.minute else 0), DEFAULT_CLOSE)


def _assign_lanes(blocks: list[Block]) -> None:
    """Side by side when visits overlap (different therapists in one column)."""
    blocks.sort(key=lambda b: (b.top, -b.height))
    cluster: list[Block] = []
    cluster_end = -1.0
    for block in [*blocks, None]:
        if block is None or block.top >= cluster_end:
            lanes_end: list[float] = []
            for member in cluster:
                free = next((i for i, end in enumerate(lanes_end) if end <= member.top), None)
                if free is None:
                    lanes_end.append(member.top + member.height)
                    member.lane = len(lanes_end) - 1
                else:
                    lanes_end[free] = member.top + member.height
                    member.lane = free
            for member in cluster:
                member.lanes = max(1, len(lanes_end))
            cluster, cluster_end = [], -1.0
        if block is not None:
            cluster.append(block)
            cluster_end = max(cluster_end, block.top + block.height)


def schedule_grid(
    practice: Practice,
    *,
    days: list[date],
    therapist: Staff | None = None,
    location: Location | None = None,
    by_therapist: bool = False,
    today: date | None = None,
) -> Grid:
    """Columns per day (week view) or per therapist on one day (day view)."""
    tz = practice.zone
    therapists = list(calendars.therapists_of(practice))
    colors = {t.pk: PALETTE[i % len(PALETTE)] for i, t in enumerate(therapists)}
    if therapist is not None:
        therapists = [t for t in therapists if t.pk == therapist.pk]
    hours_rows = list(WorkingHours.objects.filter(practice=practice))
    if location is not None:
        hours_rows = [row for row in hours_rows if row.location_id == location.pk]
        working = {row.therapist_id for row in hours_rows}
        therapists = [t for t in therapists if t.pk in working]
    ids = [t.pk for t in therapists]
    first_hour, last_hour = _span(hours_rows)
    start = wall_time_instant(days[0], time(0), tz)
    end = wall_time_instant(days[-1] + timedelta(days=1), time(0), tz)
    visits = list(
        Appointment.objects.filter(
            practice=practice,
            therapist_id__in=ids,
            status__in=SHOWN_STATUSES,
            starts_at__lt=end,
            ends_at__gt=start,
        ).select_related("patient", "therapist", "room")
    )
    flagged = patients_blocked_by_screening(practice.pk, {v.patient_id for v in visits})
    alerted = patients_with_urgent_check_in(practice.pk, {v.patient_id for v in visits})
    off = list(
        TimeOff.objects.filter(
            practice=practice, therapist_id__in=ids, first_day__lte=days[-1], last_day__gte=days[0]
        )
    )
    columns = _columns(days, therapists, by_therapist, today)
    index = {column.key: column for column in columns}
    origin = first_hour * 60
    for visit in visits:
        local_day = visit.starts_at.astimezone(tz).date()
        key = f"{local_day}:{visit.therapist_id}" if by_therapist else str(local_day)
        if key not in index:
            continue
        top = (_minutes(visit.starts_at, practice) - origin) * PX_PER_MINUTE
        index[key].blocks.append(
            Block(
                visit,
                top,
                max(visit.minutes * PX_PER_MINUTE, 18),
                screening_blocked=visit.patient_id in flagged,
                check_in_alert=visit.patient_id in alerted,
                color=colors.get(visit.therapist_id, PALETTE[0]),
            )
        )
    _shade(columns, hours_rows, off, origin, last_hour, therapist)
    for column in columns:
        _assign_lanes(column.blocks)
    return Grid(columns, first_hour, last_hour, therapists)


def _columns(
    days: list[date], therapists: list[Staff], by_therapist: bool, today: date | None
) -> list[Column]:
    if by_therapist:
        day = days[0]
        return [
            Column(f"{day}:{t.pk}", t.display_name, t.credentials, day, t, is_today=day == today)
            for t in therapists
        ]
    return [
        Column(str(day), f"{day:%a}", f"{day:%b} {day.day}", day, is_today=day == today)
        for day in days
    ]


def _shade(
    columns: list[Column],
    hours_rows: list[WorkingHours],
    off: list[TimeOff],
    origin: int,
    last_hour: int,
    therapist: Staff | None,
) -> None:
    """White open hours on a grey background; time off as a labelled band."""
    by_therapist: dict[int, list[WorkingHours]] = defaultdict(list)
    for row in hours_rows:
        by_therapist[row.therapist_id].append(row)
    for column in columns:
        who = column.therapist or therapist
        rows = by_therapist[who.pk] if who else hours_rows
        for row in rows:
            if row.weekday == column.day.weekday():
                top = (row.start.hour * 60 + row.start.minute - origin) * PX_PER_MINUTE
                bottom = (row.end.hour * 60 + row.end.minute - origin) * PX_PER_MINUTE
                column.open_hours.append(Shade(top, bottom - top))
        for item in off:
            if (
                who
                and item.therapist_id == who.pk
                and item.first_day <= column.day <= item.last_day
            ):
                label = item.get_kind_display() + (f": {item.reason}" if item.reason else "")
                column.time_off.append(Shade(0, (last_hour * 60 - origin) * PX_PER_MINUTE, label))


def patient_appointments(patient: Patient, now: datetime) -> dict[str, QuerySet[Appointment]]:
    visits = Appointment.objects.filter(
        practice_id=patient.practice_id, patient=patient
    ).select_related("therapist", "room", "location")
    return {
        "upcoming": visits.filter(ends_at__gt=now).order_by("starts_at")[:50],
        "past": visits.filter(ends_at__lte=now).order_by("-starts_at")[:50],
    }
