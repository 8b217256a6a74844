"""The case page's schedule panel: {% load scheduling_case %}{% case_schedule_panel case %}.

Shows the case's upcoming and recent visits, its booked series, and the entry points to
book: "Book the plan" for the approved plan (the whole series at once) and "Book a visit"
with the case chosen, so the prescription's warnings apply."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from petrissage.clinical.models import Case, CaseStatus, PlanStatus, TreatmentPlan
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action, allowed
from petrissage.scheduling.models import Appointment, AppointmentSeries, AppointmentStatus

register = template.Library()
SHOWN = 6


def _staff(context: template.Context) -> Staff | None:
    staff = context.get("staff")
    return staff if isinstance(staff, Staff) else None


def approved_plan_of(case: Case) -> TreatmentPlan | None:
    return (
        TreatmentPlan.objects.filter(practice_id=case.practice_id, case=case)
        .filter(status=PlanStatus.APPROVED)
        .order_by("-version")
        .first()
    )


@register.inclusion_tag("scheduling/_case_schedule.html", takes_context=True)
def case_schedule_panel(context: template.Context, case: Case) -> dict[str, Any]:
    staff = _staff(context)
    if staff is None or staff.practice_id != case.practice_id:
        return {"hidden": True}
    if not allowed(staff.role, Action.SCHEDULE_VIEW):
        return {"hidden": True}
    now = timezone.now()
    visits = Appointment.objects.filter(practice_id=case.practice_id, case=case).select_related(
        "therapist"
    )
    upcoming = list(
        visits.filter(starts_at__gte=now, status=AppointmentStatus.BOOKED).order_by("starts_at")
    )
    recent = list(visits.filter(starts_at__lt=now).order_by("-starts_at")[:3])
    plan = approved_plan_of(case)
    series = list(
        AppointmentSeries.objects.filter(practice_id=case.practice_id, case=case).order_by("-id")[
            :3
        ]
    )
    return {
        "case": case,
        "upcoming": upcoming[:SHOWN],
        "more_upcoming": max(0, len(upcoming) - SHOWN),
        "recent": recent,
        "plan": plan,
        "series": series,
        "can_book": allowed(staff.role, Action.SCHEDULE_BOOK) and case.status == CaseStatus.OPEN,
        "tz": case.patient.practice.time_zone,
    }
