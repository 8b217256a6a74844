"""Demo schedule: working hours for the demo therapists and four weeks of visits around
today (past ones completed, with a few no-shows and cancellations; future ones booked),
plus a short waitlist. Sessions signed earlier in the demo get their completed visit on
their day; approved plans of open cases are booked as series ("book the plan"); other
visits of a patient with an open case are booked against it. Built through the services,
so every row has its audit event. The demo loader calls `build_schedule(practice, actor, today)`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from random import Random

from django.core.exceptions import ValidationError

from petrissage.audit.services import Actor
from petrissage.clinical.models import (
    Case,
    CaseStatus,
    NoteStatus,
    PlanStatus,
    SessionNote,
    TreatmentPlan,
)
from petrissage.domain.scheduling import wall_time_instant
from petrissage.patients.models import Patient
from petrissage.practice.models import Location, Practice, Staff
from petrissage.scheduling import calendars, services
from petrissage.scheduling.booking import BookingConflict, appointment_book, prepare_visit
from petrissage.scheduling.models import Appointment
from petrissage.scheduling.series import series_book

DEMO_SCHEDULE_SEED = 20_240_917
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
VISIT_TYPES = ("treatment-60", "treatment-60", "treatment-45", "treatment-30", "treatment-90")
SHIFTS = ((time(9), time(17)), (time(10), time(18)), (time(8), time(16)), (time(11), time(19)))


@dataclass(frozen=True)
class DemoSchedule:
    appointments: int
    cancelled: int
    no_shows: int
    waitlist: int


def _hours(
    practice: Practice, actor: Actor, therapists: list[Staff], sites: list[Location]
) -> None:
    for index, therapist in enumerate(therapists):
        opens, closes = SHIFTS[index % len(SHIFTS)]
        weekdays = [0, 1, 2, 3, 4] if index % 3 else [1, 2, 3, 4, 5]
        for weekday in weekdays:
            services.working_hours_add(
                therapist=therapist,
                actor=actor,
                location=sites[index % len(sites)],
                weekday=weekday,
                start=opens,
                end=closes,
            )
        services.break_add(therapist=therapist, actor=actor, start=time(13), end=time(13, 30))


def _book(
    patient: Patient,
    therapist: Staff,
    start: datetime,
    kind: str,
    actor: Actor,
    case: Case | None = None,
) -> Appointment | None:
    try:
        visit = prepare_visit(
            practice=patient.practice,
            patient=patient,
            therapist=therapist,
            kind_code=kind,
            start=start,
            case=case,
            now=LONG_AGO,
        )
        return appointment_book(visit=visit, actor=actor, booked_by=None)
    except (ValidationError, BookingConflict):
        return None  # outside hours or taken: the demo simply skips that visit


def _settle_past(visit: Appointment, actor: Actor, rng: Random, now: datetime) -> str:
    roll = rng.random()
    if roll < 0.06:
        services.appointment_no_show(appointment=visit, actor=actor, now=now)
        return "no_show"
    if roll < 0.12:
        services.appointment_cancel(
            appointment=visit,
            actor=actor,
            reason=rng.choice(["Patient ill", "Car trouble", "Work conflict"]),
            now=visit.starts_at - timedelta(hours=rng.choice([3, 30])),
        )
        return "cancelled"
    services.appointment_check_in(appointment=visit, actor=actor, now=visit.starts_at)
    services.appointment_complete(appointment=visit, actor=actor)
    return "completed"


def build_schedule(practice: Practice, actor: Actor, today: date) -> DemoSchedule:
    """Hours, ~4 weeks of visits centred on `today`, and a waitlist. Deterministic."""
    rng = Random(DEMO_SCHEDULE_SEED)
    therapists = list(calendars.therapists_of(practice))
    sites = list(Location.objects.filter(practice=practice).order_by("pk"))
    patients = list(Patient.objects.filter(practice=practice).order_by("pk")[:120])
    if not therapists or not sites or not patients:
        return DemoSchedule(0, 0, 0, 0)
    _hours(practice, actor, therapists, sites)
    tz, now = practice.zone, datetime.now(UTC)
    counts = {"booked": 0, "cancelled": 0, "no_show": 0, "completed": 0}
    monday = today - timedelta(days=today.weekday() + 14)
    counts["completed"] += _signed_visits(practice, actor, therapists, monday, today)
    counts["booked"] += _plan_series(practice, actor, therapists, today)
    cases = _open_cases(practice)
    for offset in range(28):
        day = monday + timedelta(days=offset)
        for index, therapist in enumerate(therapists):
            opens, _ = SHIFTS[index % len(SHIFTS)]
            for hour in rng.sample(range(0, 8), k=rng.randint(3, 6)):
                if hour == 4:  # keep the 13:00 break clear
                    continue
                start = wall_time_instant(day, time(opens.hour + hour), tz)
                patient = rng.choice(patients)
                kind = rng.choice(VISIT_TYPES)
                visit = _book(patient, therapist, start, kind, actor, cases.get(patient.pk))
                if visit is None:
                    continue
                if visit.starts_at < now:
                    counts[_settle_past(visit, actor, rng, now)] += 1
                elif rng.random() < 0.05:
                    services.appointment_cancel(
                        appointment=visit, actor=actor, reason="Rescheduling", now=now
                    )
                    counts["cancelled"] += 1
                else:
                    counts["booked"] += 1
    waiting = _waitlist(practice, actor, patients, therapists, today, rng)
    total = sum(counts.values())
    return DemoSchedule(total, counts["cancelled"], counts["no_show"], waiting)


def _open_cases(practice: Practice) -> dict[int, Case]:
    """Each patient's most recent open case: their visits are booked against it, so the
    visit page shows the prescription's visits left and expiry."""
    cases: dict[int, Case] = {}
    for case in Case.objects.filter(practice=practice, status=CaseStatus.OPEN).order_by(
        "opened_on", "pk"
    ):
        cases[case.patient_id] = case
    return cases


def _shift_start(therapists: list[Staff], therapist: Staff) -> time:
    index = next((i for i, t in enumerate(therapists) if t.pk == therapist.pk), 0)
    return SHIFTS[index % len(SHIFTS)][0]


def _signed_visits(
    practice: Practice, actor: Actor, therapists: list[Staff], first: date, today: date
) -> int:
    """A completed visit for every session signed in the window, on its day, with its
    therapist and case: the schedule and the notes (and their charges) tell one story."""
    notes = SessionNote.objects.filter(
        practice=practice, status=NoteStatus.SIGNED, session_date__gte=first, session_date__lt=today
    ).select_related("patient", "case", "therapist")
    done = 0
    for note in notes.order_by("session_date", "pk"):
        opens = _shift_start(therapists, note.therapist)
        for hour in range(opens.hour, opens.hour + 7):
            start = wall_time_instant(note.session_date, time(hour), practice.zone)
            visit = _book(note.patient, note.therapist, start, "treatment-60", actor, note.case)
            if visit is not None:
                services.appointment_check_in(appointment=visit, actor=actor, now=start)
                services.appointment_complete(appointment=visit, actor=actor)
                done += 1
                break
    return done


def _plan_series(practice: Practice, actor: Actor, therapists: list[Staff], today: date) -> int:
    """Book the plan for up to three approved plans of open cases: the series starts
    tomorrow at the therapist's second hour, skipping any visit that does not fit."""
    plans = TreatmentPlan.objects.filter(
        practice=practice, status=PlanStatus.APPROVED, case__status=CaseStatus.OPEN
    ).select_related("case__patient__practice", "case__therapist")
    booked = 0
    for plan in plans.order_by("pk")[:3]:
        therapist = plan.case.therapist
        if not any(t.pk == therapist.pk for t in therapists):
            continue
        per_week = plan.sessions_per_week
        weekdays = {1: [2], 2: [1, 3], 3: [0, 2, 4]}.get(per_week, list(range(per_week)))
        opens = _shift_start(therapists, therapist)
        try:
            result = series_book(
                plan=plan,
                actor=actor,
                booked_by=None,
                therapist=therapist,
                first_day=today + timedelta(days=1),
                weekdays=weekdays,
                at=time(opens.hour + 1),
                skip_conflicts=True,
            )
        except (ValidationError, BookingConflict):
            continue
        booked += len(result.booked)
    return booked


def _waitlist(
    practice: Practice,
    actor: Actor,
    patients: list[Patient],
    therapists: list[Staff],
    today: date,
    rng: Random,
) -> int:
    for n, patient in enumerate(rng.sample(patients, k=min(4, len(patients)))):
        services.waitlist_add(
            practice=practice,
            actor=actor,
            patient=patient,
            kind="treatment-60" if n % 2 else "treatment-45",
            earliest_day=today,
            latest_day=today + timedelta(days=10 + n),
            therapist=therapists[n % len(therapists)] if n % 2 else None,
            notes="Wants an earlier visit; any time after 3 pm" if n == 0 else "",
        )
    return min(4, len(patients))
