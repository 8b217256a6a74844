"""Practice-wide care pages: the owner's after-care texts, the front desk's recall list,
membership plans, a patient's memberships, and the patient's own after-care link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from petrissage.audit.services import Actor
from petrissage.care import aftercare_services, membership_services, recall_services
from petrissage.care.common import practice_today
from petrissage.care.forms import (
    AftercareTextForm,
    DayForm,
    MembershipPlanForm,
    MembershipStartForm,
    apply_errors,
)
from petrissage.care.models import MaintenancePlan, Membership, MembershipPlan
from petrissage.domain.aftercare import DEFAULT_TEXTS
from petrissage.domain.recall import RecallState
from petrissage.practice.access import get_patient, get_scoped_or_404, require, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action, allowed

# --- After-care texts (owner) -------------------------------------------------------------


@staff_required(Action.PRACTICE_SETTINGS)
def aftercare_texts(request: StaffRequest) -> HttpResponse:
    own = aftercare_services.aftercare_overrides(request.staff.practice_id)
    rows = [
        {"entry": e, "text": own.get(e.key, e.text), "edited": e.key in own}
        for e in DEFAULT_TEXTS.values()
    ]
    return render(request, "care/aftercare_texts.html", {"rows": rows})


@staff_required(Action.PRACTICE_SETTINGS)
def aftercare_text_edit(request: StaffRequest, key: str) -> HttpResponse:
    entry = DEFAULT_TEXTS.get(key)
    if entry is None:
        raise Http404("No such after-care text.")
    actor = Actor.for_staff(request.staff, request)
    practice = request.staff.practice
    if request.method == "POST" and "reset" in request.POST:
        aftercare_services.aftercare_text_reset(practice=practice, key=key, actor=actor)
        messages.success(request, f"“{entry.label}” is back to the shipped text.")
        return redirect("aftercare_texts")
    current = aftercare_services.aftercare_overrides(practice.pk).get(key, entry.text)
    form = AftercareTextForm(request.POST or None, initial={"text": current})
    if request.method == "POST" and form.is_valid():
        try:
            aftercare_services.aftercare_text_save(
                practice=practice, key=key, text=form.cleaned_data["text"],
                staff=request.staff, actor=actor,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{entry.label}” saved.")
            return redirect("aftercare_texts")
    status = 422 if form.is_bound and form.errors else 200
    context = {"entry": entry, "form": form}
    return render(request, "care/aftercare_text_form.html", context, status=status)


def aftercare_public(request: HttpRequest, token: str) -> HttpResponse:
    """The patient's after-care, from the link in their check-in email (no sign-in)."""
    notice = aftercare_services.aftercare_resolve(token)
    items = [i for i in notice.items if not i.get("red_flag")]
    red_flags = next((i for i in notice.items if i.get("red_flag")), None)
    context = {
        "practice": notice.practice,
        "patient": notice.patient,
        "note": notice.session,
        "items": items,
        "red_flags": red_flags,
        "staff_view": False,
    }
    return render(request, "care/aftercare_print.html", context)


# --- Recall list (front desk) ---------------------------------------------------------------


@staff_required(Action.SCHEDULE_VIEW)
def recall_list(request: StaffRequest) -> HttpResponse:
    today = practice_today(request.staff.practice)
    rows = recall_services.recall_list(request.staff.practice, today)
    show = request.GET.get("show", "open")
    if show == "open":
        shown = [r for r in rows if r.state in (RecallState.DUE, RecallState.OVERDUE)]
    elif show in RecallState.__members__.values():
        shown = [r for r in rows if r.state == show]
    else:
        shown = rows
    counts = {state.value: sum(r.state == state for r in rows) for state in RecallState}
    context = {
        "rows": shown,
        "show": show,
        "counts": counts,
        "today": today,
        "can_book": allowed(request.staff.role, Action.SCHEDULE_BOOK),
    }
    return render(request, "care/recalls.html", context)


@staff_required(Action.SCHEDULE_BOOK)
@require_POST
def recall_send(request: StaffRequest) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    sent = recall_services.recall_reminders_send(practice=request.staff.practice, actor=actor)
    messages.success(request, f"{sent} reminder{'s' if sent != 1 else ''} sent.")
    return redirect("recall_list")


@staff_required(Action.SCHEDULE_BOOK)
@require_POST
def recall_decide(request: StaffRequest, plan_id: int, decision: str) -> HttpResponse:
    plan = get_scoped_or_404(request.staff, MaintenancePlan, plan_id)
    actor = Actor.for_staff(request.staff, request)
    try:
        if decision == "decline":
            today = practice_today(request.staff.practice)
            reason = request.POST.get("reason", "")
            recall_services.recall_decline(plan=plan, reason=reason, actor=actor, today=today)
            messages.success(request, f"{plan.patient.full_name} declined maintenance visits.")
        elif decision == "resume":
            recall_services.recall_resume(plan=plan, actor=actor)
            messages.success(request, f"Recalls for {plan.patient.full_name} are back on.")
        else:
            raise Http404("No such recall decision.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("recall_list")


# --- Memberships ----------------------------------------------------------------------------


@staff_required(Action.BILLING_VIEW)
def membership_plans(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    can_edit = allowed(staff.role, Action.BILLING_WRITE)
    plan_id = request.GET.get("plan") or request.POST.get("plan_id")
    plan = get_scoped_or_404(staff, MembershipPlan, plan_id) if plan_id else None
    form = MembershipPlanForm(request.POST or None, instance=plan)
    status = 200
    if request.method == "POST":
        require(staff, Action.BILLING_WRITE, actor=Actor.for_staff(staff, request))
        try:
            membership_services.membership_plan_save(
                practice=staff.practice, actor=Actor.for_staff(staff, request), plan=plan,
                name=request.POST.get("name", ""),
                monthly_fee=request.POST.get("monthly_fee", ""),
                visits_per_month=request.POST.get("visits_per_month", ""),
                carry_over_max=request.POST.get("carry_over_max", "0") or "0",
                active=request.POST.get("active") == "on",
            )  # fmt: skip
        except ValidationError as error:
            form.is_valid()
            apply_errors(form, error)
            status = 422
        else:
            messages.success(request, "Membership plan saved.")
            return redirect("membership_plans")
    context = {
        "plans": MembershipPlan.objects.filter(practice=staff.practice),
        "form": form,
        "editing": plan,
        "can_edit": can_edit,
        "members": Membership.objects.filter(practice=staff.practice, ended_on__isnull=True)
        .select_related("patient", "plan")
        .order_by("patient__family_name"),
    }
    return render(request, "care/membership_plans.html", context, status=status)


@staff_required()
def patient_memberships(request: StaffRequest, patient_id: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.BILLING_VIEW, actor=actor)
    today = practice_today(patient.practice)
    form = MembershipStartForm(
        request.POST or None, practice_id=patient.practice_id, initial={"started_on": today}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                membership_services.membership_start(
                    patient=patient, plan=form.cleaned_data["plan"],
                    started_on=form.cleaned_data["started_on"], actor=actor,
                )  # fmt: skip
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Membership started; the first month is invoiced.")
                return redirect("patient_memberships", patient_id=patient.pk)
        status = 422
    memberships = Membership.objects.filter(
        practice_id=patient.practice_id, patient=patient
    ).select_related("plan")
    context = {
        "patient": patient,
        "form": form,
        "memberships": [
            (m, list(m.periods.select_related("invoice").order_by("-month")[:6]))
            for m in memberships
        ],
        "today": today,
    }
    return render(request, "care/patient_memberships.html", context, status=status)


@staff_required()
@require_POST
def membership_action(request: StaffRequest, membership_id: int, action: str) -> HttpResponse:
    """Bill a month, record a visit, or end the membership (front desk and billers)."""
    membership = get_scoped_or_404(request.staff, Membership, membership_id)
    actor = Actor.for_staff(request.staff, request)
    require(request.staff, Action.BILLING_VIEW, actor=actor, patient=membership.patient)
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a date (day).")
        return redirect("patient_memberships", patient_id=membership.patient_id)
    day = form.cleaned_data["day"]
    try:
        if action == "bill":
            period = membership_services.membership_bill_month(
                membership=membership, month=day, actor=actor
            )
            messages.success(request, f"{period.month:%B %Y} billed on {period.invoice.number}.")
        elif action == "visit":
            membership_services.membership_visit_use(
                membership=membership, used_on=day, staff=request.staff, actor=actor
            )
            messages.success(request, f"Visit on {day:%Y-%m-%d} drawn from the membership.")
        elif action == "end":
            membership_services.membership_end(membership=membership, ended_on=day, actor=actor)
            messages.success(request, f"Membership ends on {day:%Y-%m-%d}.")
        else:
            raise Http404("No such membership action.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("patient_memberships", patient_id=membership.patient_id)
