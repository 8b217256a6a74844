"""Case pages: open a case, the case page (diagnoses, plan, sessions, progress,
prescription), edit it, and move it open → on hold → discharged.

Thin: access-checked fetch (patient → case), parse with case_forms, call a case service,
render. Every URL sits under /patients/<id>/cases/.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical import case_selectors as selectors
from petrissage.clinical import case_services as services
from petrissage.clinical.assessment_services import practice_today
from petrissage.clinical.case_forms import CaseForm, StatusForm
from petrissage.clinical.models import Case, CaseStatus
from petrissage.clinical.screening_services import current_screening
from petrissage.clinical.session_selectors import case_of, notes_of
from petrissage.patients.models import Patient
from petrissage.practice.access import get_patient, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action

RECENT_SESSIONS = 8


def case_for_request(
    request: StaffRequest, patient_id: int, case_id: int, action: Action
) -> tuple[Patient, Case, Actor]:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, action, actor=actor)
    return patient, case_of(patient, case_id), actor


def _to_case(case: Case) -> HttpResponse:
    return redirect("case_detail", patient_id=case.patient_id, case_id=case.pk)


def _field_errors(form: Form, error: ValidationError) -> None:
    """Put a service's {field: message} errors on the form (unknown fields: non-field)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = name if name in form.fields else None
        if name == "diagnoses":
            field = "diagnosis_1" if "diagnosis_1" in form.fields else None
        for item in errors:
            form.add_error(field, item.messages[0] if item.messages else str(item))


def _form_page(
    request: StaffRequest, patient: Patient, form: CaseForm, case: Case | None, status: int
) -> HttpResponse:
    context = {"patient": patient, "case": case, "form": form}
    return render(request, "clinical/case_form.html", context, status=status)


@staff_required()
def case_new(request: StaffRequest, patient_id: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.CLINICAL_WRITE, actor=actor)
    initial = {
        "opened_on": practice_today(patient.practice),
        "therapist": request.staff.pk if request.staff.is_therapist else None,
    }
    data = request.POST if request.method == "POST" else None
    form = CaseForm(data, initial=initial, practice_id=patient.practice_id)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                patient=patient,
                actor=actor,
                therapist=form.cleaned_data["therapist"],
                title=form.cleaned_data["title"],
                opened_on=form.cleaned_data["opened_on"],
                diagnoses=form.codes(),
                condition_key=form.cleaned_data["condition_key"],
            )
        except ValidationError as error:
            _field_errors(form, error)
        else:
            messages.success(request, f"Case “{case.title}” opened.")
            return _to_case(case)
    return _form_page(request, patient, form, None, 400 if form.is_bound else 200)


@staff_required()
def case_edit(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    patient, case, actor = case_for_request(request, patient_id, case_id, Action.CLINICAL_WRITE)
    if case.status == CaseStatus.DISCHARGED:
        messages.error(request, "A discharged case is kept as it was; reopen it to edit.")
        return _to_case(case)
    data = request.POST if request.method == "POST" else None
    form = CaseForm(
        data, initial=CaseForm.initial_for(case), practice_id=patient.practice_id, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                case=case,
                actor=actor,
                therapist=form.cleaned_data["therapist"],
                title=form.cleaned_data["title"],
                diagnoses=form.codes(),
                condition_key=form.cleaned_data["condition_key"],
            )
        except ValidationError as error:
            _field_errors(form, error)
        else:
            messages.success(request, "Case saved.")
            return _to_case(case)
    return _form_page(request, patient, form, case, 400 if form.is_bound else 200)


def detail_context(request: StaffRequest, patient: Patient, case: Case) -> dict[str, Any]:
    plan = selectors.approved_plan(case)
    today = practice_today(patient.practice)
    allowed = services.next_statuses(case)
    context: dict[str, Any] = {
        "patient": patient,
        "case": case,
        "diagnoses": selectors.diagnoses_of(case),
        "plan": plan,
        "draft": selectors.draft_plan(case),
        "versions": list(selectors.plans_of(case)),
        "progress": selectors.progress_of(case, plan),
        "rx": selectors.prescription_of(case),
        "sessions": list(notes_of(case).order_by("-session_date", "-id")[:RECENT_SESSIONS]),
        "screening": current_screening(patient),
        "link_to_page": True,
        "status_form": StatusForm(allowed=allowed, initial={"on": today}),
    }
    context["documentation"] = selectors.documentation_checklist(
        case, plan, context["progress"], context["rx"], today
    )
    return context


@staff_required()
def case_detail(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    patient, case, actor = case_for_request(request, patient_id, case_id, Action.CLINICAL_VIEW)
    audit_record(
        actor=actor,
        action="case.view",
        category=Category.CLINICAL,
        patient=patient,
        detail={"case": case.pk},
    )
    return render(request, "clinical/case_detail.html", detail_context(request, patient, case))


@require_POST
@staff_required()
def case_status(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    patient, case, actor = case_for_request(request, patient_id, case_id, Action.CLINICAL_WRITE)
    form = StatusForm(request.POST, allowed=services.next_statuses(case))
    if form.is_valid():
        try:
            services.case_set_status(case=case, actor=actor, **form.cleaned_data)
        except ValidationError as error:
            _field_errors(form, error)
        else:
            messages.success(request, f"The case is now {case.get_status_display().lower()}.")
            return _to_case(case)
    context = detail_context(request, patient, case)
    context["status_form"] = form
    return render(request, "clinical/case_detail.html", context, status=400)
