"""Prescription pages under a patient: the patient-page panel, entry and correction, the
detail page and the scanned original.

Roles (petrissage.practice.permissions, unchanged):
- PATIENT_VIEW (everyone, biller included): the panel and the detail page's order data.
- PATIENT_REGISTER (owner, therapist, front desk): enter and correct prescriptions, see the
  physician's precautions and download the scanned original.
- CLINICAL_VIEW (owner, therapist): link a prescription to a case; see renewal requests.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.domain.billing.cpt import CPT_CODES
from petrissage.domain.regions import is_region, region
from petrissage.patients.models import Patient
from petrissage.practice.access import get_patient, get_scoped_or_404, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action, allowed
from petrissage.referrals.forms import PrescriptionForm, prescription_initial
from petrissage.referrals.models import Prescription
from petrissage.referrals.selectors import prescriptions_for_patient, status_of
from petrissage.referrals.services import prescription_create, prescription_update

ENTER = Action.PATIENT_REGISTER
UPLOAD_AGAIN = "Nothing was saved, so choose the scanned original again."


def prescription_of(
    request: StaffRequest, patient_id: int, prescription_id: int, action: Action
) -> tuple[Patient, Prescription]:
    """The patient (checked for `action`) and one of their prescriptions, else 404."""
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, action, actor=actor)
    prescription = get_scoped_or_404(request.staff, Prescription, prescription_id)
    if prescription.patient_id != patient.pk:
        raise Http404("No such prescription.")
    return patient, prescription


def _audit_view(request: StaffRequest, patient: Patient, action: str, **detail: object) -> None:
    audit_record(
        actor=Actor.for_staff(request.staff, request),
        action=action,
        category=Category.CLINICAL,
        patient=patient,
        detail=dict(detail),
    )


def _can(request: StaffRequest, action: Action) -> bool:
    return allowed(request.staff.role, action)


@staff_required()
def prescription_panel(request: StaffRequest, patient_id: int) -> HttpResponse:
    """The patient page's Prescriptions section (loaded by htmx)."""
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.PATIENT_VIEW, actor=actor)
    views = prescriptions_for_patient(patient)
    _audit_view(request, patient, "prescription.list_view", count=len(views))
    context = {
        "patient": patient,
        "views": views,
        "can_enter": _can(request, ENTER),
        "can_renew": _can(request, Action.CLINICAL_WRITE),
    }
    return render(request, "referrals/_patient_panel.html", context)


def _form(request: StaffRequest, patient: Patient, **kwargs: object) -> PrescriptionForm:
    return PrescriptionForm(
        request.POST or None,
        request.FILES or None,
        practice=request.staff.practice,
        patient=patient,
        show_cases=_can(request, Action.CLINICAL_VIEW),
        **kwargs,
    )


def _add_errors(form: PrescriptionForm, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _render_form(
    request: StaffRequest,
    patient: Patient,
    form: PrescriptionForm,
    prescription: Prescription | None = None,
) -> HttpResponse:
    lost_upload = request.method == "POST" and bool(request.FILES) and bool(form.errors)
    context = {
        "patient": patient,
        "form": form,
        "prescription": prescription,
        "lost_upload": UPLOAD_AGAIN if lost_upload else "",
    }
    return render(request, "referrals/prescription_form.html", context)


@staff_required()
def prescription_new(request: StaffRequest, patient_id: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, ENTER, actor=actor)
    form = _form(request, patient)
    if request.method == "POST" and form.is_valid():
        try:
            prescription = prescription_create(
                patient=patient,
                staff=request.staff,
                actor=actor,
                data=form.to_input(),
                document=form.cleaned_data.get("document"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Prescription recorded.")
            return redirect("prescription_detail", patient.pk, prescription.pk)
    return _render_form(request, patient, form)


@staff_required()
def prescription_edit(request: StaffRequest, patient_id: int, prescription_id: int) -> HttpResponse:
    patient, prescription = prescription_of(request, patient_id, prescription_id, ENTER)
    form = _form(request, patient, initial=prescription_initial(prescription))
    if request.method == "POST" and form.is_valid():
        try:
            prescription_update(
                prescription=prescription,
                actor=Actor.for_staff(request.staff, request),
                data=form.to_input(),
                document=form.cleaned_data.get("document"),
            )
        except ValidationError as error:
            _add_errors(form, error)
            prescription.refresh_from_db()
        else:
            messages.success(request, "Prescription updated.")
            return redirect("prescription_detail", patient.pk, prescription.pk)
    return _render_form(request, patient, form, prescription)


def _region_labels(codes: list[str]) -> list[str]:
    return [region(code).label if is_region(code) else code for code in codes]


@staff_required()
def prescription_detail(
    request: StaffRequest, patient_id: int, prescription_id: int
) -> HttpResponse:
    patient, prescription = prescription_of(
        request, patient_id, prescription_id, Action.PATIENT_VIEW
    )
    _audit_view(request, patient, "prescription.view", prescription=prescription.pk)
    can_enter = _can(request, ENTER)
    context = {
        "patient": patient,
        "prescription": prescription,
        "status": status_of(prescription),
        "regions": _region_labels(prescription.regions),
        "cpt": [
            (code, CPT_CODES[code].label if code in CPT_CODES else "")
            for code in prescription.cpt_codes
        ],
        "can_enter": can_enter,
        "show_clinical_parts": can_enter,
        "can_renew": _can(request, Action.CLINICAL_WRITE),
        "renewals": list(prescription.renewal_requests.all())
        if _can(request, Action.CLINICAL_VIEW)
        else [],
    }
    return render(request, "referrals/prescription_detail.html", context)


@staff_required()
def prescription_document(
    request: StaffRequest, patient_id: int, prescription_id: int
) -> HttpResponseBase:
    """The scanned original, always as a download, never sniffed into HTML by a browser."""
    patient, prescription = prescription_of(request, patient_id, prescription_id, ENTER)
    if not prescription.document:
        raise Http404("No scanned original.")
    _audit_view(request, patient, "prescription.document_view", prescription=prescription.pk)
    response = FileResponse(
        prescription.document.open("rb"),
        as_attachment=True,
        filename=prescription.document_name or "prescription",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
