"""Renewal requests: drafted from a prescription when 80 % of its visits are used or 14 days
remain, edited by the therapist, printed as a PDF letter to the prescriber.
Drafting and editing need CLINICAL_WRITE (the letter carries a progress summary);
reading the letter needs CLINICAL_VIEW."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.billing.pdf import render_pdf
from petrissage.practice.access import get_scoped_or_404, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action
from petrissage.referrals.forms import RenewalRequestForm
from petrissage.referrals.letters import letter_context, renewal_draft
from petrissage.referrals.models import Prescription, RenewalRequest
from petrissage.referrals.selectors import status_of
from petrissage.referrals.services import renewal_request_create, renewal_request_update
from petrissage.referrals.views import prescription_of


def _renewal_of(
    request: StaffRequest, patient_id: int, prescription_id: int, renewal_id: int, action: Action
) -> tuple[Prescription, RenewalRequest]:
    _, prescription = prescription_of(request, patient_id, prescription_id, action)
    renewal = get_scoped_or_404(request.staff, RenewalRequest, renewal_id)
    if renewal.prescription_id != prescription.pk:
        raise Http404("No such renewal request.")
    return prescription, renewal


def _apply_errors(form: RenewalRequestForm, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@staff_required()
def renewal_new(request: StaffRequest, patient_id: int, prescription_id: int) -> HttpResponse:
    patient, prescription = prescription_of(
        request, patient_id, prescription_id, Action.CLINICAL_WRITE
    )
    status = status_of(prescription)
    form = RenewalRequestForm(request.POST or None, initial=renewal_draft(prescription, status))
    if request.method == "POST" and form.is_valid():
        try:
            renewal = renewal_request_create(
                prescription=prescription,
                staff=request.staff,
                actor=Actor.for_staff(request.staff, request),
                visits_used=status.visits_used,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Renewal request saved; print the letter to send it.")
            return redirect("renewal_edit", patient.pk, prescription.pk, renewal.pk)
    context = {"patient": patient, "prescription": prescription, "status": status, "form": form}
    return render(request, "referrals/renewal_form.html", context)


@staff_required()
def renewal_edit(
    request: StaffRequest, patient_id: int, prescription_id: int, renewal_id: int
) -> HttpResponse:
    prescription, renewal = _renewal_of(
        request, patient_id, prescription_id, renewal_id, Action.CLINICAL_WRITE
    )
    initial = {
        "progress_summary": renewal.progress_summary,
        "requested_sessions_per_week": renewal.requested_sessions_per_week,
        "requested_weeks": renewal.requested_weeks,
        "requested_visits": renewal.requested_visits,
    }
    form = RenewalRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            renewal_request_update(
                renewal=renewal,
                actor=Actor.for_staff(request.staff, request),
                data=form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Renewal request updated.")
            return redirect("renewal_edit", patient_id, prescription.pk, renewal.pk)
    context = {
        "patient": prescription.patient,
        "prescription": prescription,
        "status": status_of(prescription),
        "form": form,
        "renewal": renewal,
    }
    return render(request, "referrals/renewal_form.html", context)


@staff_required()
def renewal_letter(
    request: StaffRequest, patient_id: int, prescription_id: int, renewal_id: int
) -> HttpResponse:
    """The letter to the prescriber as a PDF."""
    _, renewal = _renewal_of(request, patient_id, prescription_id, renewal_id, Action.CLINICAL_VIEW)
    audit_record(
        actor=Actor.for_staff(request.staff, request),
        action="renewal_request.letter_view",
        category=Category.CLINICAL,
        patient=renewal.patient,
        detail={"renewal_request": renewal.pk},
    )
    pdf = render_pdf("referrals/pdf/renewal_letter.html", letter_context(renewal))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="renewal-request-{renewal.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
