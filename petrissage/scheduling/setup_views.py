"""Working hours, breaks and time off per therapist; the waitlist; public requests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from petrissage.audit.services import Actor
from petrissage.practice.access import get_patient, get_scoped_or_404, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.models import Role, Staff
from petrissage.practice.permissions import Action
from petrissage.scheduling import calendars, services
from petrissage.scheduling.appointment_views import _messages_of
from petrissage.scheduling.booking import BookingConflict
from petrissage.scheduling.forms import BreakForm, HoursForm, TimeOffForm, WaitlistForm
from petrissage.scheduling.models import (
    BookingRequest,
    BreakTime,
    RequestStatus,
    TimeOff,
    WaitlistEntry,
    WaitlistStatus,
    WorkingHours,
)
from petrissage.scheduling.public import booking_request_confirm, booking_request_decline

SETUP_ROWS: dict[str, type[Model]] = {"hours": WorkingHours, "break": BreakTime, "off": TimeOff}


def _therapist(request: StaffRequest, therapist_id: object) -> Staff:
    therapist = get_scoped_or_404(request.staff, Staff, therapist_id)
    if therapist.role != Role.THERAPIST:
        raise Http404("No such therapist.")
    return therapist


@staff_required(Action.SCHEDULE_BOOK)
def hours(request: StaffRequest) -> HttpResponse:
    practice = request.staff.practice
    therapists = list(calendars.therapists_of(practice))
    chosen = request.GET.get("therapist") or request.POST.get("therapist")
    therapist = _therapist(request, chosen) if chosen else (therapists[0] if therapists else None)
    forms = {
        "hours": HoursForm(practice=practice),
        "break": BreakForm(),
        "off": TimeOffForm(),
    }
    if request.method == "POST" and therapist is not None:
        kind = request.POST.get("form", "")
        if kind in forms and _save_setup(request, therapist, kind, forms):
            return redirect(f"{request.path}?therapist={therapist.pk}")
    context: dict[str, Any] = {"therapists": therapists, "therapist": therapist, "forms": forms}
    if therapist is not None:
        context.update(
            week=WorkingHours.objects.filter(practice=practice, therapist=therapist)
            .select_related("location")
            .order_by("weekday", "start"),
            breaks=BreakTime.objects.filter(practice=practice, therapist=therapist),
            time_off=TimeOff.objects.filter(
                practice=practice, therapist=therapist, last_day__gte=timezone.localdate()
            ),
        )
    return render(request, "scheduling/hours.html", context)


def _save_setup(request: StaffRequest, therapist: Staff, kind: str, forms: dict[str, Any]) -> bool:
    practice = request.staff.practice
    form: Any
    if kind == "hours":
        form = HoursForm(request.POST, practice=practice)
    else:
        form = BreakForm(request.POST) if kind == "break" else TimeOffForm(request.POST)
    forms[kind] = form
    if not form.is_valid():
        return False
    actor = Actor.for_staff(request.staff, request)
    try:
        if kind == "hours":
            services.working_hours_add(therapist=therapist, actor=actor, **form.cleaned_data)
        elif kind == "break":
            services.break_add(therapist=therapist, actor=actor, **form.cleaned_data)
        else:
            services.time_off_add(therapist=therapist, actor=actor, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, _messages_of(error))
        return False
    messages.success(request, "Saved.")
    return True


@require_POST
@staff_required(Action.SCHEDULE_BOOK)
def hours_delete(request: StaffRequest, kind: str, row_id: int) -> HttpResponse:
    model = SETUP_ROWS.get(kind)
    if model is None:
        raise Http404("No such row.")
    row: Any = get_scoped_or_404(request.staff, model, row_id)
    services.setup_row_delete(
        row=row, actor=Actor.for_staff(request.staff, request), therapist=row.therapist
    )
    messages.success(request, "Removed.")
    return redirect(f"/schedule/hours/?therapist={row.therapist_id}")


@staff_required(Action.SCHEDULE_VIEW)
def waitlist(request: StaffRequest) -> HttpResponse:
    practice = request.staff.practice
    form = WaitlistForm(practice=practice)
    patient = None
    if request.GET.get("patient") or request.POST.get("patient"):
        patient = get_patient(request.staff, request.GET.get("patient") or request.POST["patient"])
    if request.method == "POST" and patient is not None:
        form = WaitlistForm(request.POST, practice=practice)
        if form.is_valid():
            try:
                services.waitlist_add(
                    practice=practice,
                    actor=Actor.for_staff(request.staff, request),
                    patient=patient,
                    **form.cleaned_data,
                )
                messages.success(request, f"{patient.full_name} is on the waitlist.")
                return redirect("waitlist")
            except ValidationError as error:
                form.add_error(None, _messages_of(error))
    entries = WaitlistEntry.objects.filter(
        practice=practice, status=WaitlistStatus.WAITING
    ).select_related("patient", "therapist")
    return render(
        request,
        "scheduling/waitlist.html",
        {"entries": entries, "form": form, "patient": patient},
    )


@require_POST
@staff_required(Action.SCHEDULE_BOOK)
def waitlist_remove(request: StaffRequest, entry_id: int) -> HttpResponse:
    entry = get_scoped_or_404(request.staff, WaitlistEntry, entry_id)
    services.waitlist_close(
        entry=entry, actor=Actor.for_staff(request.staff, request), status=WaitlistStatus.REMOVED
    )
    return redirect("waitlist")


@staff_required(Action.SCHEDULE_VIEW)
def requests_list(request: StaffRequest) -> HttpResponse:
    pending = BookingRequest.objects.filter(
        practice=request.staff.practice, status=RequestStatus.PENDING
    ).select_related("therapist")
    return render(request, "scheduling/requests.html", {"pending": pending})


@require_POST
@staff_required(Action.SCHEDULE_BOOK)
def request_decide(request: StaffRequest, request_id: int) -> HttpResponse:
    booking_request = get_scoped_or_404(request.staff, BookingRequest, request_id)
    actor = Actor.for_staff(request.staff, request)
    try:
        if request.POST.get("decision") == "confirm":
            booking_request_confirm(request=booking_request, actor=actor, staff=request.staff)
            messages.success(request, f"Confirmed and booked {booking_request.given_name}.")
        else:
            booking_request_decline(request=booking_request, actor=actor)
            messages.success(request, "Declined.")
    except BookingConflict as error:
        messages.error(request, f"Cannot confirm: {error.reason}")
    except ValidationError as error:
        messages.error(request, f"Cannot confirm: {_messages_of(error)}")
    return redirect("booking_requests")
