"""The calendar (day and week, per therapist or location) and the patient page's panel."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.clinical.models import PlanStatus, TreatmentPlan
from petrissage.practice.access import get_patient, get_scoped_or_404, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.models import Location, Role, Staff
from petrissage.practice.permissions import Action, allowed
from petrissage.scheduling import calendars, selectors
from petrissage.scheduling.models import BookingRequest, RequestStatus, WorkingHours


def _day(value: str | None, fallback: date) -> date:
    try:
        return date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


def _therapist(request: StaffRequest) -> Staff | None:
    value = request.GET.get("therapist")
    if value == "all":
        return None
    if value:
        staff = get_scoped_or_404(request.staff, Staff, value)
        return staff if staff.role == Role.THERAPIST else None
    if request.staff.role == Role.THERAPIST and not request.GET.get("location"):
        return request.staff
    return None


def _week(day: date, practice_id: int) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    sunday_hours = WorkingHours.objects.filter(practice_id=practice_id, weekday=6).exists()
    return [monday + timedelta(days=n) for n in range(7 if sunday_hours else 6)]


@staff_required(Action.SCHEDULE_VIEW)
def calendar(request: StaffRequest) -> HttpResponse:
    practice = request.staff.practice
    today = timezone.now().astimezone(practice.zone).date()
    day = _day(request.GET.get("date"), today)
    mode = "day" if request.GET.get("view") == "day" else "week"
    therapist = _therapist(request)
    location_id = request.GET.get("location")
    location = get_scoped_or_404(request.staff, Location, location_id) if location_id else None
    days = [day] if mode == "day" else _week(day, practice.pk)
    grid = selectors.schedule_grid(
        practice,
        days=days,
        therapist=therapist,
        location=location,
        by_therapist=mode == "day",
        today=today,
    )
    step = timedelta(days=1 if mode == "day" else 7)
    context: dict[str, Any] = {
        "grid": grid,
        "mode": mode,
        "day": day,
        "days": days,
        "today": today,
        "previous": day - step,
        "next": day + step,
        "therapist": therapist,
        "location": location,
        "therapists": calendars.therapists_of(practice),
        "locations": Location.objects.filter(practice=practice).order_by("name"),
        "can_book": allowed(request.staff.role, Action.SCHEDULE_BOOK),
        "pending_requests": BookingRequest.objects.filter(
            practice=practice, status=RequestStatus.PENDING
        ).count(),
        "tz_name": practice.time_zone,
    }
    return render(request, "scheduling/calendar.html", context)


@staff_required(Action.SCHEDULE_VIEW)
def patient_panel(request: StaffRequest, patient_id: int) -> HttpResponse:
    """Upcoming and past visits on the patient's page (loaded by htmx)."""
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.SCHEDULE_VIEW, actor=actor)
    plans = TreatmentPlan.objects.filter(
        practice_id=patient.practice_id, case__patient=patient, status=PlanStatus.APPROVED
    ).select_related("case")
    return render(
        request,
        "scheduling/_patient_appointments.html",
        {
            "patient": patient,
            **selectors.patient_appointments(patient, timezone.now()),
            "plans": plans,
            "can_book": allowed(request.staff.role, Action.SCHEDULE_BOOK),
            "tz": patient.practice.zone,
        },
    )
