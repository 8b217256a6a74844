"""Book the plan (preview conflicts, then commit), and a series' page (move or cancel the
remaining visits together)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from petrissage.audit.services import Actor
from petrissage.clinical.models import TreatmentPlan
from petrissage.practice.access import get_patient, get_scoped_or_404, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action, allowed
from petrissage.scheduling.appointment_views import _messages_of
from petrissage.scheduling.booking import BookingConflict
from petrissage.scheduling.flags import prescription_in_view
from petrissage.scheduling.forms import CancelForm, SeriesForm, SeriesMoveForm
from petrissage.scheduling.models import AppointmentSeries
from petrissage.scheduling.series import (
    SeriesConflict,
    plan_kind,
    series_book,
    series_cancel,
    series_move,
    series_preview,
)


@staff_required(Action.SCHEDULE_BOOK)
def plan_book(request: StaffRequest, plan_id: int) -> HttpResponse:
    plan = get_scoped_or_404(request.staff, TreatmentPlan, plan_id)
    patient = get_patient(request.staff, plan.case.patient_id, Action.SCHEDULE_BOOK)
    data = request.POST if request.method == "POST" else None
    form = SeriesForm(
        data,
        practice=request.staff.practice,
        per_week=plan.sessions_per_week,
        initial={"therapist": plan.case.therapist_id},
    )
    visits = None
    if form.is_bound and form.is_valid():
        arguments = {
            "plan": plan,
            "therapist": form.cleaned_data["therapist"],
            "first_day": form.cleaned_data["first_day"],
            "weekdays": form.cleaned_data["weekdays"],
            "at": form.cleaned_data["at"],
        }
        try:
            if request.POST.get("commit") == "1":
                result = series_book(
                    **arguments,
                    actor=Actor.for_staff(request.staff, request),
                    booked_by=request.staff,
                    skip_conflicts=form.cleaned_data["skip_conflicts"],
                )
                skipped = f", {len(result.skipped)} skipped" if result.skipped else ""
                messages.success(request, f"Booked {len(result.booked)} visits{skipped}.")
                return redirect("series_detail", result.series.pk)
            visits = series_preview(**arguments)
        except SeriesConflict as error:
            visits = error.visits
            messages.error(request, f"Nothing was booked. {error.reason}")
        except BookingConflict as error:
            messages.error(request, f"Nothing was booked. {error.reason}")
        except ValidationError as error:
            form.add_error(None, _messages_of(error))
    context = {
        "plan": plan,
        "patient": patient,
        "form": form,
        "visits": visits,
        "conflicts": sum(1 for v in visits or [] if not v.ok),
        "rx_warned": sum(1 for v in visits or [] if v.warnings),
        "prescription": prescription_in_view(plan.case),
        "kind": plan_kind(plan),
    }
    return render(request, "scheduling/plan_book.html", context)


@staff_required(Action.SCHEDULE_VIEW)
def series_detail(request: StaffRequest, series_id: int) -> HttpResponse:
    series = get_scoped_or_404(request.staff, AppointmentSeries, series_id)
    visits = series.appointments.select_related("therapist", "room").order_by("starts_at")
    context = {
        "series": series,
        "visits": visits,
        "now": timezone.now(),
        "move_form": SeriesMoveForm(),
        "cancel_form": CancelForm(),
        "can_book": allowed(request.staff.role, Action.SCHEDULE_BOOK),
    }
    return render(request, "scheduling/series_detail.html", context)


@require_POST
@staff_required(Action.SCHEDULE_BOOK)
def series_change(request: StaffRequest, series_id: int) -> HttpResponse:
    series = get_scoped_or_404(request.staff, AppointmentSeries, series_id)
    actor = Actor.for_staff(request.staff, request)
    try:
        if request.POST.get("action") == "cancel":
            form = CancelForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"reason": "Say why the visits are cancelled."})
            done = series_cancel(series=series, actor=actor, reason=form.cleaned_data["reason"])
            messages.success(request, f"Cancelled {len(done)} remaining visits.")
        else:
            move = SeriesMoveForm(request.POST)
            if not move.is_valid():
                raise ValidationError({k: v[0] for k, v in move.errors.items()})
            moved = series_move(
                series=series,
                actor=actor,
                shift_days=move.cleaned_data["shift_days"] or 0,
                at=move.cleaned_data["at"],
            )
            messages.success(request, f"Moved {len(moved)} remaining visits.")
    except BookingConflict as error:
        messages.error(request, f"Nothing changed. {error.reason}")
    except ValidationError as error:
        messages.error(request, f"Nothing changed. {_messages_of(error)}")
    return redirect("series_detail", series.pk)
