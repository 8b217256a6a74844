"""One visit: book it from open slots, look at it, check in, cancel, no-show, move (also
by drag-and-drop from the week view, which posts here and gets JSON back)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from petrissage.audit.services import Actor
from petrissage.clinical.models import Case, CaseStatus
from petrissage.domain.scheduling import wall_time_instant
from petrissage.practice.access import get_patient, get_scoped_or_404, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.models import Room, Staff
from petrissage.practice.permissions import Action, allowed
from petrissage.scheduling import services
from petrissage.scheduling.availability import open_slots_search
from petrissage.scheduling.booking import (
    BookingConflict,
    appointment_book,
    appointment_move,
    prepare_visit,
)
from petrissage.scheduling.flags import (
    appointment_warnings,
    patients_with_urgent_check_in,
    prescription_in_view,
    prescription_status,
    screening_of,
    visit_warnings,
)
from petrissage.scheduling.forms import CancelForm, MoveForm, SlotSearchForm
from petrissage.scheduling.models import Appointment, AppointmentStatus, WaitlistEntry


def _actor(request: StaffRequest) -> Actor:
    return Actor.for_staff(request.staff, request)


def _appointment(request: StaffRequest, appointment_id: int) -> Appointment:
    return get_scoped_or_404(request.staff, Appointment, appointment_id)


def _messages_of(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(
            f"{name.replace('_', ' ').capitalize()}: {text}"
            for name, texts in error.message_dict.items()
            for text in texts
        )
    return " ".join(error.messages)


@staff_required(Action.SCHEDULE_VIEW)
def appointment_detail(request: StaffRequest, appointment_id: int) -> HttpResponse:
    appointment = _appointment(request, appointment_id)
    screening = screening_of(appointment.patient)
    now = timezone.now()
    freed = appointment.status == AppointmentStatus.CANCELLED and appointment.starts_at > now
    context: dict[str, Any] = {
        "appointment": appointment,
        "screening_blocked": bool(screening and screening.blocks_treatment),
        "screening": screening,
        "check_in_alert": bool(
            patients_with_urgent_check_in(appointment.practice_id, [appointment.patient_id])
        ),
        "prescription_warning": prescription_status(appointment.case),
        "prescription": prescription_in_view(appointment.case),
        "visit_warnings": appointment_warnings(appointment),
        "can_book": allowed(request.staff.role, Action.SCHEDULE_BOOK),
        "waitlist": list(services.waitlist_matches(appointment)) if freed else [],
        "cancel_form": CancelForm(),
        "move_form": MoveForm(
            initial={
                "day": appointment.starts_at.astimezone(appointment.practice.zone).date(),
                "time": appointment.starts_at.astimezone(appointment.practice.zone).time(),
            }
        ),
    }
    return render(request, "scheduling/appointment_detail.html", context)


@require_POST
@staff_required(Action.SCHEDULE_BOOK)
def appointment_status(request: StaffRequest, appointment_id: int) -> HttpResponse:
    appointment = _appointment(request, appointment_id)
    action = request.POST.get("action", "")
    changes = {
        "check_in": services.appointment_check_in,
        "complete": services.appointment_complete,
        "no_show": services.appointment_no_show,
    }
    change = changes.get(action)
    try:
        if change is None:
            raise ValidationError({"action": "Unknown action."})
        change(appointment=appointment, actor=_actor(request))
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect("appointment_detail", appointment.pk)
    if action == "check_in":
        rx_warning = prescription_status(appointment.case)
        if rx_warning:
            messages.warning(request, f"Checked in. {rx_warning}")
        screening = screening_of(appointment.patient)
        if screening and screening.blocks_treatment:
            messages.warning(
                request,
                f"{appointment.patient.full_name} is checked in, but the screening blocks "
                "treatment until a physician clears it. Tell the therapist before the visit.",
            )
            return redirect("appointment_detail", appointment.pk)
        if rx_warning:
            return redirect("appointment_detail", appointment.pk)
    messages.success(request, f"{appointment.get_status_display()}.")
    return redirect("appointment_detail", appointment.pk)


@require_POST
@staff_required(Action.SCHEDULE_BOOK)
def appointment_cancel(request: StaffRequest, appointment_id: int) -> HttpResponse:
    appointment = _appointment(request, appointment_id)
    form = CancelForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        services.appointment_cancel(
            appointment=appointment, actor=_actor(request), reason=form.cleaned_data["reason"]
        )
    except ValidationError:
        messages.error(request, "Reason: say why the visit is cancelled.")
        return redirect("appointment_detail", appointment.pk)
    late = " (late cancellation: less than 24 hours' notice)" if appointment.late_cancel else ""
    messages.success(request, f"Cancelled{late}.")
    return redirect("appointment_detail", appointment.pk)


@require_POST
@staff_required(Action.SCHEDULE_BOOK)
def appointment_move_view(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """Form post (redirects) or drag-and-drop fetch (JSON: 200, 409 or 422)."""
    appointment = _appointment(request, appointment_id)
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({k: v[0] for k, v in form.errors.items()})
        therapist = None
        if form.cleaned_data.get("therapist"):
            therapist = get_scoped_or_404(request.staff, Staff, form.cleaned_data["therapist"])
        appointment_move(
            appointment=appointment,
            actor=_actor(request),
            start=form.start(appointment.practice),
            therapist=therapist,
        )
    except (ValidationError, BookingConflict) as error:
        status = 409 if isinstance(error, BookingConflict) else 422
        text = error.reason if isinstance(error, BookingConflict) else _messages_of(error)
        if wants_json:
            return JsonResponse({"ok": False, "detail": text}, status=status)
        messages.error(request, f"Not moved. {text}")
        return redirect("appointment_detail", appointment.pk)
    local = appointment.starts_at.astimezone(appointment.practice.zone)
    text = f"Moved to {local:%a %b %-d, %H:%M} with {appointment.therapist.display_name}."
    if wants_json:
        return JsonResponse({"ok": True, "detail": text})
    messages.success(request, text)
    return redirect("appointment_detail", appointment.pk)


@staff_required(Action.SCHEDULE_BOOK)
def book(request: StaffRequest) -> HttpResponse:
    """Pick a visit type and therapist, see open slots, click one to book it."""
    staff = request.staff
    patient = get_patient(staff, request.GET.get("patient") or request.POST.get("patient"))
    if request.method == "POST":
        return _book_slot(request, patient.pk)
    form = SlotSearchForm(request.GET if "kind" in request.GET else None, practice=staff.practice)
    slots: list[Any] = []
    if form.is_bound and form.is_valid():
        tz = staff.practice.zone
        start = wall_time_instant(form.cleaned_data["from_day"], time(0), tz)
        try:
            slots = open_slots_search(
                practice=staff.practice,
                start=start,
                end=start + timedelta(days=14),
                kind_code=form.cleaned_data["kind"],
                therapist=form.cleaned_data["therapist"],
                limit=40,
            )
        except ValidationError as error:
            form.add_error(None, _messages_of(error))
    names = {t.pk: t.display_name for t in form.fields["therapist"].queryset}  # type: ignore[attr-defined]
    rooms = {r.pk: r.name for r in Room.objects.filter(practice=staff.practice)}
    open_cases = Case.objects.filter(practice=staff.practice, patient=patient)
    cases = list(open_cases.filter(status=CaseStatus.OPEN))
    case = _chosen_case(request.GET.get("case"), cases)
    tz = staff.practice.zone
    days = sorted({choice.slot.start.astimezone(tz).date() for choice in slots})
    context = {
        "patient": patient,
        "form": form,
        "slots": slots,
        "names": names,
        "rooms": rooms,
        "cases": cases,
        "case": case,
        "prescription": prescription_in_view(case),
        "day_warnings": {day: visit_warnings(case, day) for day in days},
    }
    return render(request, "scheduling/book.html", context)


def _chosen_case(raw: str | None, cases: list[Case]) -> Case | None:
    """The case the visit is for: the one asked for, else the patient's only open case.
    An empty choice ("no case", e.g. a wellness visit) stays None."""
    if raw == "":
        return None
    if raw is None:
        return cases[0] if len(cases) == 1 else None
    return next((c for c in cases if str(c.pk) == raw), None)


def _book_slot(request: StaffRequest, patient_id: int) -> HttpResponse:
    staff = request.staff
    tz = staff.practice.zone
    patient = get_patient(staff, patient_id, Action.SCHEDULE_BOOK)
    try:
        therapist = get_scoped_or_404(staff, Staff, request.POST.get("therapist"))
        room_id = request.POST.get("room")
        case_id = request.POST.get("case")
        visit = prepare_visit(
            practice=staff.practice,
            patient=patient,
            therapist=therapist,
            kind_code=request.POST.get("kind", ""),
            start=_parse_start(request.POST.get("start", "")),
            room=get_scoped_or_404(staff, Room, room_id) if room_id else None,
            case=get_scoped_or_404(staff, Case, case_id) if case_id else None,
        )
        appointment = appointment_book(visit=visit, actor=_actor(request), booked_by=staff)
    except (ValidationError, BookingConflict) as error:
        text = error.reason if isinstance(error, BookingConflict) else _messages_of(error)
        messages.error(request, f"Not booked. {text}")
        return redirect(f"{request.path}?patient={patient.pk}")
    _close_waitlist(request, appointment)
    warnings = visit_warnings(appointment.case, appointment.starts_at.astimezone(tz).date())
    if warnings:
        messages.warning(request, f"Booked, but past the prescription: {' '.join(warnings)}")
    else:
        messages.success(request, "Booked.")
    return redirect("appointment_detail", appointment.pk)


def _parse_start(value: str) -> datetime:
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            {"start": "is not a date and time (YYYY-MM-DDTHH:MM±HH:MM)."}
        ) from None
    if timezone.is_naive(start):
        raise ValidationError({"start": "needs a time zone offset."})
    return start


def _close_waitlist(request: StaffRequest, appointment: Appointment) -> None:
    entry_id = request.POST.get("waitlist")
    if entry_id:
        entry = get_scoped_or_404(request.staff, WaitlistEntry, entry_id)
        if entry.patient_id == appointment.patient_id:
            from petrissage.scheduling.models import WaitlistStatus

            services.waitlist_close(
                entry=entry, actor=_actor(request), status=WaitlistStatus.BOOKED
            )
