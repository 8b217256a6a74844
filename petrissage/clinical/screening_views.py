"""The screening page: current findings, clearances, coded history, and past screenings."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.clearance_services import clearance_record
from petrissage.clinical.models import Clearance, Screening
from petrissage.clinical.screening_forms import ClearanceForm, ConditionForm, MedicationForm
from petrissage.clinical.screening_services import current_screening, screening_rerun
from petrissage.patients import history_services
from petrissage.patients.models import PatientMedication
from petrissage.practice.access import get_patient, get_scoped_or_404, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action


def _form_error(form: forms.Form) -> ValidationError:
    return ValidationError({name: list(problems) for name, problems in form.errors.items()})


def _errors_to_messages(request: StaffRequest, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        label = field.replace("_", " ").capitalize() if field != "__all__" else "Screening"
        messages.error(request, f"{label}: {' '.join(problems)}")


@staff_required()
def screening_page(request: StaffRequest, patient_id: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.CLINICAL_VIEW, actor=actor)
    audit_record(actor=actor, action="screening.view", category=Category.CLINICAL, patient=patient)
    context = {
        "patient": patient,
        "screening": current_screening(patient),
        "history": Screening.objects.filter(practice_id=patient.practice_id, patient=patient)[:20],
        "clearances": Clearance.objects.filter(practice_id=patient.practice_id, patient=patient),
        "medications": patient.medications.all(),
        "conditions": patient.conditions.all(),
        "clearance_form": ClearanceForm(),
        "medication_form": MedicationForm(),
        "condition_form": ConditionForm(),
    }
    return render(request, "clinical/screening.html", context)


@require_POST
@staff_required()
def screening_run(request: StaffRequest, patient_id: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.CLINICAL_WRITE, actor=actor)
    try:
        screening_rerun(patient=patient, actor=actor, trigger="re-run by staff")
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, "Screening re-run.")
    return redirect("screening_page", patient_id=patient.pk)


@require_POST
@staff_required()
def clearance_add(request: StaffRequest, patient_id: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.CLINICAL_WRITE, actor=actor)
    form = ClearanceForm(request.POST, request.FILES)
    if not form.is_valid():
        _errors_to_messages(request, _form_error(form))
        return redirect("screening_page", patient_id=patient.pk)
    try:
        clearance_record(patient=patient, staff=request.staff, actor=actor, **form.cleaned_data)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, "Clearance recorded; the screening was re-run.")
    return redirect("screening_page", patient_id=patient.pk)


@staff_required()
def clearance_document(
    request: StaffRequest, patient_id: int, clearance_id: int
) -> HttpResponseBase:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.CLINICAL_VIEW, actor=actor)
    clearance = get_scoped_or_404(request.staff, Clearance, clearance_id)
    if clearance.patient_id != patient.pk or not clearance.document:
        raise Http404("No such document.")
    audit_record(
        actor=actor,
        action="clearance.document_view",
        category=Category.CLINICAL,
        patient=patient,
        detail={"clearance": clearance.pk},
    )
    response = FileResponse(
        clearance.document.open("rb"),
        as_attachment=True,
        filename=clearance.document_name or "clearance",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _add_history(
    request: StaffRequest,
    patient_id: int,
    form_class: type[forms.Form],
    add: Callable[..., object],
    done: str,
) -> HttpResponse:
    """Shared by the add-medication and add-condition forms: parse, call the service, report."""
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.CLINICAL_WRITE, actor=actor)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise _form_error(form)
        add(patient=patient, actor=actor, **form.cleaned_data)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, f"{done}; the screening was re-run.")
    return redirect("screening_page", patient_id=patient.pk)


@require_POST
@staff_required()
def medication_add(request: StaffRequest, patient_id: int) -> HttpResponse:
    return _add_history(
        request, patient_id, MedicationForm, history_services.medication_add, "Medication added"
    )


@require_POST
@staff_required()
def condition_add(request: StaffRequest, patient_id: int) -> HttpResponse:
    return _add_history(
        request, patient_id, ConditionForm, history_services.condition_add, "Condition added"
    )


@require_POST
@staff_required()
def medication_stop(request: StaffRequest, patient_id: int, medication_id: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.CLINICAL_WRITE, actor=actor)
    medication = get_scoped_or_404(request.staff, PatientMedication, medication_id)
    if medication.patient_id != patient.pk:
        raise Http404("No such medication.")
    history_services.medication_stop(medication=medication, actor=actor)
    messages.success(request, f"{medication.name} marked as stopped; the screening was re-run.")
    return redirect("screening_page", patient_id=patient.pk)
