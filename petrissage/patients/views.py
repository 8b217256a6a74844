"""Patient register pages. Thin: access-checked fetch, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.clinical.screening_services import current_screening
from petrissage.patients import selectors, services
from petrissage.patients.forms import CoverageForm, PatientForm, PatientSearchForm
from petrissage.patients.models import Coverage
from petrissage.practice.access import get_patient, get_scoped_or_404, patients_for, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action, allowed

PAGE_SIZE = 25


@staff_required(Action.PATIENT_VIEW)
def patient_list(request: StaffRequest) -> HttpResponse:
    form = PatientSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    patients = selectors.patient_list(patients_for(request.staff))
    if query:
        patients = selectors.patient_search(patients, query)
    page = Paginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "query": query, "page": page}
    template = "patients/list.html#results" if request.htmx else "patients/list.html"
    return render(request, template, context)


def _add_field_errors(form: PatientForm | CoverageForm, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@staff_required(Action.PATIENT_REGISTER)
def patient_create(request: StaffRequest) -> HttpResponse:
    form = PatientForm(request.POST if request.method == "POST" else None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = services.possible_duplicates(
            practice=request.staff.practice,
            given_name=data["given_name"],
            family_name=data["family_name"],
            birth_date=data["birth_date"],
        )
        if not duplicates or data.get("confirm_duplicate"):
            try:
                patient = services.patient_create(
                    practice=request.staff.practice,
                    actor=Actor.for_staff(request.staff, request),
                    data=data,
                )
            except ValidationError as error:
                _add_field_errors(form, error)
            else:
                messages.success(
                    request, f"{patient.full_name} registered as {patient.chart_number}."
                )
                return redirect("patient_detail", patient_id=patient.pk)
    return render(
        request, "patients/form.html", {"form": form, "duplicates": duplicates, "creating": True}
    )


@staff_required()
def patient_edit(request: StaffRequest, patient_id: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.PATIENT_REGISTER, actor=actor)
    form = PatientForm(request.POST if request.method == "POST" else None, instance=patient)
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_update(patient=patient, actor=actor, data=form.cleaned_data)
        except ValidationError as error:
            _add_field_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("patient_detail", patient_id=patient.pk)
    return render(
        request, "patients/form.html", {"form": form, "patient": patient, "creating": False}
    )


@staff_required()
def patient_detail(request: StaffRequest, patient_id: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, actor=actor)
    services.patient_chart_viewed(patient=patient, actor=actor)
    role = request.staff.role
    context = {
        "patient": patient,
        "age": selectors.age_on(patient.birth_date, timezone.localdate()),
        "coverages": list(patient.coverages.all()) if allowed(role, Action.COVERAGE_VIEW) else None,
        "show_clinical": allowed(role, Action.CLINICAL_VIEW),
        "screening": current_screening(patient) if allowed(role, Action.CLINICAL_VIEW) else None,
        "show_billing": allowed(role, Action.BILLING_VIEW),
    }
    return render(request, "patients/detail.html", context)


@staff_required()
def coverage_edit(
    request: StaffRequest, patient_id: int, coverage_id: int | None = None
) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.COVERAGE_EDIT, actor=actor)
    coverage = None
    if coverage_id is not None:
        coverage = get_scoped_or_404(request.staff, Coverage, coverage_id)
        if coverage.patient_id != patient.pk:
            coverage = get_scoped_or_404(request.staff, Coverage, -1)
    form = CoverageForm(request.POST if request.method == "POST" else None, instance=coverage)
    if request.method == "POST" and form.is_valid():
        try:
            services.coverage_save(
                patient=patient, actor=actor, data=form.cleaned_data, coverage=coverage
            )
        except ValidationError as error:
            _add_field_errors(form, error)
        else:
            messages.success(request, "Coverage saved.")
            return redirect("patient_detail", patient_id=patient.pk)
    return render(request, "patients/coverage_form.html", {"form": form, "patient": patient})
