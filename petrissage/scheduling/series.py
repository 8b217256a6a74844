"""Book the plan: an approved treatment plan's visits as one linked series.

`series_preview` lays out sessions_per_week × weeks visits at the chosen weekdays and
time (domain `series_dates`, wall-clock safe across DST) and lists every problem per
visit (domain `find_conflicts`, plus working hours and rooms) before anything is written.
`series_book` books them all in one transaction, or none: a visit with a problem stops
the series unless the user chose to skip conflicting visits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import CaseStatus, PlanStatus, TreatmentPlan
from petrissage.domain.scheduling import (
    DEFAULT_APPOINTMENT_TYPES,
    Busy,
    SchedulingError,
    find_conflicts,
    series_dates,
    wall_time_instant,
)
from petrissage.practice.models import Staff
from petrissage.scheduling import calendars
from petrissage.scheduling.booking import (
    BookingConflict,
    Visit,
    field_error,
    insert_visit,
    lock_resources,
    prepare_visit,
    raise_if_overlap,
)
from petrissage.scheduling.flags import series_warnings
from petrissage.scheduling.models import Appointment, AppointmentSeries, AppointmentStatus
from petrissage.scheduling.services import appointment_cancel


@dataclass
class ProposedVisit:
    number: int
    start: datetime
    end: datetime
    problems: list[str] = field(default_factory=list)
    visit: Visit | None = None
    warnings: list[str] = field(default_factory=list)  # past the prescription: book anyway

    @property
    def ok(self) -> bool:
        return not self.problems and self.visit is not None


class SeriesConflict(BookingConflict):
    """Some visits of the series cannot be booked; nothing was written."""

    def __init__(self, visits: list[ProposedVisit]) -> None:
        bad = [visit for visit in visits if not visit.ok]
        super().__init__(
            f"{len(bad)} of {len(visits)} visits conflict; move them or choose to skip them."
        )
        self.visits = visits


def plan_kind(plan: TreatmentPlan) -> str:
    """The treatment type matching the plan's session length (60 min if none matches)."""
    for kind in DEFAULT_APPOINTMENT_TYPES:
        if kind.code.startswith("treatment-") and kind.minutes == plan.session_minutes:
            return kind.code
    return "treatment-60"


def check_plan(plan: TreatmentPlan) -> None:
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError({"plan": "Only an approved treatment plan can be booked."})
    if plan.case.status != CaseStatus.OPEN:
        raise ValidationError({"plan": "The case is not open."})


def series_preview(
    *,
    plan: TreatmentPlan,
    therapist: Staff,
    first_day: date,
    weekdays: list[int],
    at: time,
    now: datetime | None = None,
) -> list[ProposedVisit]:
    """Every visit of the series with its problems; writes nothing."""
    check_plan(plan)
    practice, tz = plan.case.patient.practice, plan.case.patient.practice.zone
    try:
        starts = series_dates(
            wall_time_instant(first_day, time(0), tz),
            per_week=plan.sessions_per_week,
            weeks=plan.weeks,
            preferred_weekdays=weekdays,
            preferred_time=at,
            tz=tz,
        )
    except SchedulingError as error:
        raise field_error(error) from None
    length = timedelta(minutes=plan.session_minutes)
    calendar = calendars.therapist_calendars(practice, [therapist.pk], starts[0], starts[-1])
    hard_busy = [Busy(b.start, b.end, 0, b.label) for b in calendar[therapist.pk].busy]
    conflicts = find_conflicts(
        starts,
        hard_busy,
        minutes=plan.session_minutes,
        time_off=calendar[therapist.pk].exceptions,
        tz=tz,
    )
    visits = [ProposedVisit(n + 1, start, start + length) for n, start in enumerate(starts)]
    for conflict in conflicts:
        visits[conflict.index].problems.append(_friendly(conflict.reason, conflict.busy, tz))
    for proposed in visits:
        if not proposed.problems:
            _prepare(proposed, plan, therapist, now)
    days = [proposed.start.astimezone(tz).date() for proposed in visits]
    for proposed, warnings in zip(visits, series_warnings(plan.case, days), strict=True):
        proposed.warnings = warnings
    return visits


def _friendly(reason: str, busy: Busy | None, tz: object) -> str:
    if busy is None:
        return reason.capitalize()
    from zoneinfo import ZoneInfo

    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo("UTC")
    start, end = busy.start.astimezone(zone), busy.end.astimezone(zone)
    return f"Therapist already booked {start:%H:%M}–{end:%H:%M}."


def _prepare(
    proposed: ProposedVisit, plan: TreatmentPlan, therapist: Staff, now: datetime | None
) -> None:
    try:
        proposed.visit = prepare_visit(
            practice=plan.case.patient.practice,
            patient=plan.case.patient,
            therapist=therapist,
            kind_code=plan_kind(plan),
            start=proposed.start,
            minutes=plan.session_minutes,
            case=plan.case,
            now=now,
        )
    except ValidationError as error:
        proposed.problems.extend(error.messages)
    except BookingConflict as error:
        proposed.problems.append(error.reason)


@dataclass(frozen=True)
class SeriesResult:
    series: AppointmentSeries
    booked: list[Appointment]
    skipped: list[ProposedVisit]


def series_book(
    *,
    plan: TreatmentPlan,
    actor: Actor,
    booked_by: Staff | None,
    therapist: Staff,
    first_day: date,
    weekdays: list[int],
    at: time,
    skip_conflicts: bool = False,
    now: datetime | None = None,
) -> SeriesResult:
    """Book the whole series, or nothing (raises SeriesConflict listing every visit)."""
    visits = series_preview(
        plan=plan, therapist=therapist, first_day=first_day, weekdays=weekdays, at=at, now=now
    )
    if any(not visit.ok for visit in visits) and not skip_conflicts:
        raise SeriesConflict(visits)
    if not any(visit.ok for visit in visits):
        raise SeriesConflict(visits)
    try:
        with transaction.atomic():
            return _book_series(plan, actor, booked_by, therapist, visits, skip_conflicts)
    except (IntegrityError, OperationalError) as error:
        raise_if_overlap(error)
        raise


def _book_series(
    plan: TreatmentPlan,
    actor: Actor,
    booked_by: Staff | None,
    therapist: Staff,
    visits: list[ProposedVisit],
    skip_conflicts: bool,
) -> SeriesResult:
    ready = [visit for visit in visits if visit.ok and visit.visit is not None]
    room_ids = sorted({v.visit.room.pk for v in ready if v.visit and v.visit.room})
    lock_resources([therapist.pk], room_ids)
    series = AppointmentSeries.objects.create(
        practice_id=plan.practice_id,
        patient=plan.case.patient,
        case=plan.case,
        plan=plan,
        therapist=therapist,
        kind=plan_kind(plan),
        planned_visits=len(visits),
        created_by=booked_by or therapist,
    )
    booked: list[Appointment] = []
    skipped = [visit for visit in visits if not visit.ok]
    for proposed in ready:
        assert proposed.visit is not None
        visit = Visit(**{**proposed.visit.__dict__, "series": series})
        try:
            with transaction.atomic():
                booked.append(insert_visit(visit, booked_by=booked_by))
        except (BookingConflict, IntegrityError) as error:
            if not skip_conflicts:
                raise
            proposed.problems.append(getattr(error, "reason", "Taken a moment ago."))
            skipped.append(proposed)
    series.skipped_visits = len(skipped)
    series.save(update_fields=["skipped_visits"])
    audit_record(
        actor=actor,
        action="series.book",
        category=Category.SCHEDULING,
        patient=plan.case.patient,
        detail={
            "series": series.pk,
            "plan": plan.pk,
            "booked": [a.pk for a in booked],
            "skipped": [v.number for v in skipped],
        },
    )
    return SeriesResult(series, booked, skipped)


def upcoming_visits(series: AppointmentSeries, now: datetime) -> list[Appointment]:
    return list(
        series.appointments.filter(status=AppointmentStatus.BOOKED, starts_at__gt=now)
        .select_related("patient", "therapist", "room", "practice")
        .order_by("starts_at")
    )


def series_cancel(
    *, series: AppointmentSeries, actor: Actor, reason: str, now: datetime | None = None
) -> list[Appointment]:
    """Cancel every visit of the series still ahead, all together."""
    now = now or timezone.now()
    with transaction.atomic():
        return [
            appointment_cancel(appointment=visit, actor=actor, reason=reason, now=now)
            for visit in upcoming_visits(series, now)
        ]


def series_move(
    *,
    series: AppointmentSeries,
    actor: Actor,
    shift_days: int = 0,
    at: time | None = None,
    now: datetime | None = None,
) -> list[Appointment]:
    """Move every visit still ahead by whole days and/or to a new local time; all or none."""
    now = now or timezone.now()
    visits = upcoming_visits(series, now)
    if not visits:
        raise ValidationError({"series": "No visits of this series are still ahead."})
    if shift_days == 0 and at is None:
        raise ValidationError({"shift_days": "Give a number of days or a new time."})
    tz = series.practice.zone
    ids = [visit.pk for visit in visits]
    moves: list[tuple[Appointment, Visit]] = []
    for visit in visits:
        local = visit.starts_at.astimezone(tz)
        start = wall_time_instant(local.date() + timedelta(days=shift_days), at or local.time(), tz)
        prepared = prepare_visit(
            practice=series.practice,
            patient=visit.patient,
            therapist=visit.therapist,
            kind_code=visit.kind,
            start=start,
            minutes=visit.minutes,
            room=visit.room,
            now=now,
            exclude_appointment=visit.pk,
        )
        moves.append((visit, prepared))
    later_first = moves[0][1].start > moves[0][0].starts_at
    moves.sort(key=lambda move: move[0].starts_at, reverse=later_first)
    return _apply_series_move(series, actor, moves, ids)


def _apply_series_move(
    series: AppointmentSeries,
    actor: Actor,
    moves: list[tuple[Appointment, Visit]],
    ids: list[int],
) -> list[Appointment]:
    from petrissage.scheduling.booking import recheck
    from petrissage.scheduling.reminders import reminders_reschedule

    try:
        with transaction.atomic():
            lock_resources([series.therapist_id], [])
            for appointment, visit in moves:
                recheck(visit, exclude=ids)
                appointment.starts_at, appointment.ends_at = visit.start, visit.end
                appointment.save(update_fields=["starts_at", "ends_at", "updated_at"])
                reminders_reschedule(appointment=appointment)
            audit_record(
                actor=actor,
                action="series.move",
                category=Category.SCHEDULING,
                patient=series.patient,
                detail={"series": series.pk, "moved": ids},
            )
    except (IntegrityError, OperationalError) as error:
        raise_if_overlap(error)
        raise
    return [appointment for appointment, _ in moves]
