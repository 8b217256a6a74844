"""Treatment-plan pages of a case: propose, edit and approve a draft, view any version,
revise the approved plan into a new version. URLs under /patients/<id>/cases/<id>/plan/."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from petrissage.audit.services import Actor
from petrissage.clinical import case_selectors, plan_selectors
from petrissage.clinical import plan_services as services
from petrissage.clinical.case_views import case_for_request
from petrissage.clinical.models import Case, PlanStatus, TreatmentPlan
from petrissage.clinical.plan_forms import (
    PlanForm,
    ProposeForm,
    TechniqueFormSet,
    plan_edit_of,
    technique_initial,
)
from petrissage.domain.plans import CONDITIONS
from petrissage.domain.session_rules import region_label, technique_label
from petrissage.practice.access import staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action


def _to_plan(name: str, plan: TreatmentPlan) -> HttpResponse:
    return redirect(name, patient_id=plan.case.patient_id, case_id=plan.case_id, plan_id=plan.pk)


def _add_errors(form: Form, rows: Any, error: ValidationError) -> None:
    """Service errors onto the form; techniques[n] errors onto technique row n."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        texts = [m for e in errors for m in e.messages]
        if name.startswith("techniques[") and rows is not None:
            index = int(name[len("techniques[") :].split("]")[0]) - 1
            filled = [r for r in rows.forms if r.cleaned_data.get("region")]
            target = filled[index] if 0 <= index < len(filled) else None
            for text in texts:
                if target is not None:
                    target.add_error(None, text)
                else:
                    form.add_error(None, text)
            continue
        field = name if name in form.fields else None
        for text in texts:
            form.add_error(field, text)


def _inputs_context(case: Case) -> dict[str, Any]:
    inputs = plan_selectors.plan_inputs(case)
    return {
        "inputs": inputs,
        "affected": [region_label(c) for c in inputs.affected_regions],
        "limits": plan_selectors.prescription_limits(case),
        "rx": case_selectors.prescription_of(case),
        "screening": inputs.screening,
        "condition": CONDITIONS.get(case.condition_key),
    }


@staff_required()
def plan_propose(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    action = Action.CLINICAL_WRITE if request.method == "POST" else Action.CLINICAL_VIEW
    patient, case, actor = case_for_request(request, patient_id, case_id, action)
    context = _inputs_context(case)
    inputs = context["inputs"]
    initial = {
        "pain_nprs": inputs.pain_nprs,
        "function_limitation": inputs.function_limitation or "",
        "goals": "\n".join(inputs.goals),
    }
    form = ProposeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_propose(
                case=case,
                actor=actor,
                staff=request.staff,
                severity=plan_selectors.severity_of(
                    data["pain_nprs"], data["function_limitation"], data["symptom_weeks"]
                ),
                goals=form.goal_list(),
                session_minutes=data["session_minutes"],
            )
        except ValidationError as error:
            _add_errors(form, None, error)
        else:
            messages.success(request, f"Plan v{plan.version} proposed. Review, edit and approve.")
            return _to_plan("plan_edit", plan)
    context.update({"patient": patient, "case": case, "form": form, "link_to_page": True})
    status = 400 if form.is_bound else 200
    return render(request, "clinical/plan_propose.html", context, status=status)


def _plan_context(case: Case, plan: TreatmentPlan) -> dict[str, Any]:
    rows = plan_selectors.technique_rows(plan)
    return {
        "patient": case.patient,
        "case": case,
        "plan": plan,
        "lines": [(region_label(r.region_code), technique_label(r.technique), r) for r in rows],
        "exceeding": services.exceeding_warnings(plan),
        "other_warnings": [
            w for w in plan.warnings or [] if not str(w).startswith(services.EXCEEDS)
        ],
        "progress": case_selectors.progress_of(case, plan),
        "versions": list(case_selectors.plans_of(case)),
    }


@staff_required()
def plan_detail(request: StaffRequest, patient_id: int, case_id: int, plan_id: int) -> HttpResponse:
    _, case, _ = case_for_request(request, patient_id, case_id, Action.CLINICAL_VIEW)
    plan = case_selectors.plan_of(case, plan_id)
    return render(request, "clinical/plan_detail.html", _plan_context(case, plan))


@staff_required()
def plan_edit(request: StaffRequest, patient_id: int, case_id: int, plan_id: int) -> HttpResponse:
    _, case, actor = case_for_request(request, patient_id, case_id, Action.CLINICAL_WRITE)
    plan = case_selectors.plan_of(case, plan_id)
    if plan.status != PlanStatus.DRAFT:
        return _to_plan("plan_detail", plan)
    if request.method == "POST":
        form = PlanForm(request.POST)
        rows = TechniqueFormSet(request.POST, prefix="t")
        if form.is_valid() and rows.is_valid():
            done = _save_or_approve(request, actor, plan, form, rows)
            if done is not None:
                return done
        status = 400
    else:
        form = PlanForm(initial=PlanForm.initial_for(plan))
        rows = TechniqueFormSet(initial=technique_initial(plan), prefix="t")
        status = 200
    context = {**_plan_context(case, plan), **_inputs_context(case), "form": form, "rows": rows}
    context["link_to_page"] = True
    return render(request, "clinical/plan_edit.html", context, status=status)


def _save_or_approve(
    request: StaffRequest, actor: Actor, plan: TreatmentPlan, form: PlanForm, rows: Any
) -> HttpResponse | None:
    try:
        services.plan_save(plan=plan, actor=actor, edit=plan_edit_of(form, rows))
        if request.POST.get("approve"):
            services.plan_approve(
                plan=plan,
                actor=actor,
                staff=request.staff,
                acknowledged=bool(form.cleaned_data.get("acknowledge")),
            )
    except ValidationError as error:
        _add_errors(form, rows, error)
        plan.refresh_from_db()
        return None
    if plan.status == PlanStatus.APPROVED:
        messages.success(request, f"Plan v{plan.version} approved.")
        return redirect("case_detail", patient_id=plan.case.patient_id, case_id=plan.case_id)
    messages.success(request, f"Draft v{plan.version} saved.")
    return _to_plan("plan_edit", plan)


@require_POST
@staff_required()
def plan_revise(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    _, case, actor = case_for_request(request, patient_id, case_id, Action.CLINICAL_WRITE)
    try:
        plan = services.plan_revise(case=case, actor=actor, staff=request.staff)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("case_detail", patient_id=case.patient_id, case_id=case.pk)
    messages.info(request, f"Draft v{plan.version} made from the approved plan; edit and approve.")
    return _to_plan("plan_edit", plan)
