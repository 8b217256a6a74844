"""Billing setup page: profile, payers, fee schedules, packages (owner and biller)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from petrissage.audit.services import Actor
from petrissage.billing import setup_services
from petrissage.billing.common import billing_profile_of
from petrissage.billing.forms import BillingProfileForm, FeeForm, PayerForm, apply_errors
from petrissage.billing.models import FeeScheduleEntry, Package, Payer
from petrissage.practice.access import require, scoped, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action


def _context(request: StaffRequest, **forms: Any) -> dict[str, Any]:
    staff = request.staff
    practice_id = staff.practice_id
    return {
        "payers": list(scoped(staff, Payer)),
        "fees": list(scoped(staff, FeeScheduleEntry).select_related("payer")),
        "packages": list(scoped(staff, Package)),
        "profile_form": forms.get("profile_form")
        or BillingProfileForm(instance=billing_profile_of(staff.practice)),
        "payer_form": forms.get("payer_form") or PayerForm(),
        "fee_form": forms.get("fee_form") or FeeForm(practice_id=practice_id),
    }


def _save(request: StaffRequest) -> dict[str, Any] | None:
    """Run the posted form's service; the forms with errors, or None on success."""
    actor = Actor.for_staff(request.staff, request)
    practice = request.staff.practice
    which = request.POST.get("form")
    if which == "fee":
        fee_form = FeeForm(request.POST, practice_id=practice.pk)
        if fee_form.is_valid():
            try:
                setup_services.fee_set(practice=practice, actor=actor, **fee_form.cleaned_data)
                return None
            except ValidationError as error:
                apply_errors(fee_form, error)
        return {"fee_form": fee_form}
    if which == "payer":
        payer_form = PayerForm(request.POST)
        if payer_form.is_valid():
            try:
                setup_services.payer_save(
                    practice=practice, actor=actor, data=payer_form.cleaned_data
                )
                return None
            except ValidationError as error:
                apply_errors(payer_form, error)
        return {"payer_form": payer_form}
    profile_form = BillingProfileForm(request.POST, instance=billing_profile_of(practice))
    if profile_form.is_valid():
        try:
            setup_services.billing_profile_save(
                practice=practice, actor=actor, data=profile_form.cleaned_data
            )
            return None
        except ValidationError as error:
            apply_errors(profile_form, error)
    return {"profile_form": profile_form}


@staff_required(Action.BILLING_VIEW)
def billing_setup(request: StaffRequest) -> HttpResponse:
    if request.method == "POST":
        require(request.staff, Action.BILLING_WRITE, actor=Actor.for_staff(request.staff, request))
        failed = _save(request)
        if failed is None:
            messages.success(request, "Saved.")
            return redirect("billing_setup")
        return render(request, "billing/setup.html", _context(request, **failed), status=422)
    return render(request, "billing/setup.html", _context(request))
