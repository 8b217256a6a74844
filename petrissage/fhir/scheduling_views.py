"""FHIR Appointment, Schedule and Slot: read and search, practice-scoped, audited.

A Schedule is one therapist's calendar; Slots are computed from it (open times for a
visit type), so a Slot id encodes therapist, start and type and reading one tells
whether it is still free."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.domain.scheduling import Slot, appointment_type
from petrissage.domain.scheduling.validation import SchedulingError
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.mapping.appointment import (
    STATUS_FROM_FHIR,
    appointment_resource,
    date_filter,
    parse_date_bound,
    parse_slot_id,
    reference_id,
    schedule_resource,
    slot_resource,
)
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.resource_views import Source, Spec, plain
from petrissage.fhir.search import SearchError
from petrissage.fhir.searchset import Param, check_params, reference, searchset_response
from petrissage.practice.access import get_scoped_or_404, require, scoped
from petrissage.practice.models import Role, Staff
from petrissage.practice.permissions import Action
from petrissage.scheduling import calendars
from petrissage.scheduling.availability import open_slots_search
from petrissage.scheduling.models import Appointment, WorkingHours

SLOT_PARAMS = {"schedule", "start", "service-type", "_count", "_format"}


def _status(value: str, tz: ZoneInfo) -> Q:
    status = STATUS_FROM_FHIR.get(value)
    if status is None:
        raise SearchError(
            "status", "status must be booked, arrived, fulfilled, cancelled or noshow."
        )
    return Q(status=status)


def _date(value: str, tz: ZoneInfo) -> Q:
    return date_filter([value], tz)


_therapist_ref = reference("Practitioner", "therapist_id")

APPOINTMENT = Spec(
    "Appointment",
    Action.SCHEDULE_VIEW,
    Category.SCHEDULING,
    (
        Param("patient", "reference", "Patient/{id}"),
        Param("practitioner", "reference", "Practitioner/{id} (the therapist)"),
        Param("actor", "reference", "Same as practitioner"),
        Param("date", "date", "Start date or date-time with prefix eq, ge, gt, le, lt; repeatable"),
        Param("status", "token", "booked | arrived | fulfilled | cancelled | noshow"),
    ),
    (
        Source(
            lambda staff: (
                scoped(staff, Appointment)
                .select_related("patient", "therapist", "room")
                .order_by("starts_at", "id")
            ),
            {
                "patient": reference("Patient", "patient_id"),
                "practitioner": _therapist_ref,
                "actor": _therapist_ref,
                "date": _date,
                "status": _status,
            },
            plain(appointment_resource),
        ),
    ),
    "appointment.fhir_search",
    "appointment.fhir_read",
    documentation="Visits; serviceType from https://petrissage.dev/fhir/CodeSystem/"
    "appointment-type.",
)


def _hours_summary(therapist: Staff) -> str:
    rows = WorkingHours.objects.filter(practice_id=therapist.practice_id, therapist=therapist)
    return "; ".join(
        f"{row.get_weekday_display()} {row.start:%H:%M}-{row.end:%H:%M}" for row in rows
    )


@fhir_endpoint()
def schedule_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    require(staff, Action.SCHEDULE_VIEW, actor=fhir_actor(staff, request))
    check_params(request.GET, {"actor", "_count", "_format"}, "Schedule")
    therapists = calendars.therapists_of(staff.practice)
    if request.GET.get("actor"):
        therapists = therapists.filter(
            pk=reference_id("actor", request.GET["actor"], "Practitioner")
        )
    resources = [schedule_resource(t, _hours_summary(t)) for t in therapists]
    return searchset_response(request, resources, len(resources))


def _therapist(staff: Staff, therapist_id: object) -> Staff:
    therapist = get_scoped_or_404(staff, Staff, therapist_id)
    if therapist.role != Role.THERAPIST:
        raise Http404
    return therapist


@fhir_endpoint()
def schedule_read(request: HttpRequest, staff: Staff, schedule_id: str) -> HttpResponse:
    require(staff, Action.SCHEDULE_VIEW, actor=fhir_actor(staff, request))
    therapist = _therapist(staff, schedule_id)
    return fhir_response(schedule_resource(therapist, _hours_summary(therapist)))


def _kind(code: str) -> tuple[str, str]:
    try:
        kind = appointment_type(code)
    except SchedulingError:
        raise SearchError("service-type", f"Unknown appointment type {code!r}.") from None
    return kind.code, kind.label


@fhir_endpoint()
def slot_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    require(staff, Action.SCHEDULE_VIEW, actor=fhir_actor(staff, request))
    count = check_params(request.GET, SLOT_PARAMS, "Slot")
    if not request.GET.get("schedule"):
        raise SearchError("schedule", "Slot searches need schedule=Schedule/{id}.")
    therapist = _therapist(staff, reference_id("schedule", request.GET["schedule"], "Schedule"))
    code, label = _kind(request.GET.get("service-type", "treatment-60"))
    tz = staff.practice.zone
    start, end = timezone.now(), timezone.now() + timedelta(days=7)
    for value in request.GET.getlist("start"):
        prefix, moment = parse_date_bound("start", value, tz)
        if prefix in ("ge", "gt", "eq"):
            start = moment
        if prefix in ("lt", "le") or prefix == "eq":
            end = moment if prefix != "eq" else moment + timedelta(days=1)
    if end <= start or end - start > timedelta(days=62):
        raise SearchError("start", "The start range must be positive and at most 62 days.")
    choices = open_slots_search(
        practice=staff.practice,
        start=start,
        end=end,
        kind_code=code,
        therapist=therapist,
        limit=count,
    )
    resources = [slot_resource(therapist.pk, c.slot, code, label, free=True) for c in choices]
    return searchset_response(request, resources, len(resources))


@fhir_endpoint()
def slot_read(request: HttpRequest, staff: Staff, slot_id: str) -> HttpResponse:
    require(staff, Action.SCHEDULE_VIEW, actor=fhir_actor(staff, request))
    therapist_id, start, code = parse_slot_id(slot_id)
    therapist = _therapist(staff, therapist_id)
    code, label = _kind(code)
    offered = open_slots_search(
        practice=staff.practice,
        start=start,
        end=start + timedelta(minutes=5),
        kind_code=code,
        therapist=therapist,
        limit=1,
    )
    free = bool(offered) and offered[0].slot.start == start
    minutes = appointment_type(code).minutes
    slot = Slot(start.astimezone(staff.practice.zone), start + timedelta(minutes=minutes))
    return fhir_response(slot_resource(therapist.pk, slot, code, label, free=free))
