"""Assessment pages: the editor with its clickable body chart, the saved view, and the
htmx pieces (a new finding / ROM / goal row, the patient page's assessment panel).

Thin: access-checked fetch, parse with assessment_forms, call a service, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from petrissage.audit.services import Actor
from petrissage.clinical import assessment_selectors as selectors
from petrissage.clinical.assessment_forms import (
    AssessmentEditor,
    finding_row,
    goal_row,
    new_row_key,
    region_choices,
    rom_row,
)
from petrissage.clinical.assessment_services import (
    assessment_create,
    assessment_update,
    assessment_viewed,
    practice_today,
)
from petrissage.clinical.body_chart import (
    build_body_chart,
    restricted_labels,
    restricted_region_codes,
)
from petrissage.clinical.models import Assessment, AssessmentKind
from petrissage.domain import rom as rom_table
from petrissage.domain.regions import is_region
from petrissage.patients.models import Patient
from petrissage.practice.access import get_patient, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action, allowed

FORM = "clinical/assessment_form.html"


def _patient(request: StaffRequest, patient_id: int, action: Action) -> tuple[Patient, Actor]:
    actor = Actor.for_staff(request.staff, request)
    return get_patient(request.staff, patient_id, action, actor=actor), actor


def _screening_context(patient: Patient) -> dict[str, Any]:
    """The current screening for the banner (the lead's _screening_banner.html) and the
    regions it restricts, for the chart."""
    findings = selectors.current_screening_findings(patient)
    return {
        "screening": selectors.current_screening(patient),
        "link_to_page": True,
        "restricted": restricted_region_codes(findings),
        "restriction_reasons": restricted_labels(findings),
    }


def _render_editor(
    request: StaffRequest,
    patient: Patient,
    editor: AssessmentEditor,
    assessment: Assessment | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _screening_context(patient)
    context.update(
        patient=patient,
        assessment=assessment,
        editor=editor,
        region_groups=region_choices(),
        max_goals=5,
        chart=build_body_chart(
            pain=editor.pain_by_region(), restricted=context["restricted"], interactive=True
        ),
    )
    return render(request, FORM, context, status=status)


def _save(
    request: StaffRequest,
    patient: Patient,
    actor: Actor,
    assessment: Assessment | None,
) -> HttpResponse:
    editor = AssessmentEditor.from_post(request.POST)
    if editor.is_valid():
        try:
            if assessment is None:
                assessment = assessment_create(
                    patient=patient, therapist=request.staff, actor=actor, **editor.payload()
                )
            else:
                assessment = assessment_update(
                    assessment=assessment, staff=request.staff, actor=actor, **editor.payload()
                )
        except ValidationError as error:
            editor.add_service_errors(error)
        else:
            messages.success(request, f"{assessment.get_kind_display()} saved.")
            return redirect("assessment_detail", patient_id=patient.pk, assessment_id=assessment.pk)
    return _render_editor(request, patient, editor, assessment, status=400)


@staff_required()
def assessment_new(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient, actor = _patient(request, patient_id, Action.CLINICAL_WRITE)
    if request.method == "POST":
        return _save(request, patient, actor, None)
    has_earlier = selectors.assessments_of(patient).exists()
    kind = AssessmentKind.REASSESSMENT if has_earlier else AssessmentKind.INITIAL
    editor = AssessmentEditor.blank(kind=kind, today=practice_today(patient.practice))
    return _render_editor(request, patient, editor)


@staff_required()
def assessment_edit(request: StaffRequest, patient_id: int, assessment_id: int) -> HttpResponse:
    patient, actor = _patient(request, patient_id, Action.CLINICAL_WRITE)
    assessment = selectors.assessment_of(patient, assessment_id)
    if request.method == "POST":
        return _save(request, patient, actor, assessment)
    return _render_editor(
        request, patient, AssessmentEditor.from_assessment(assessment), assessment
    )


def _rom_rows(assessment: Assessment) -> list[dict[str, Any]]:
    rows = []
    for r in assessment.range_of_motion.all():
        known = rom_table.is_known(r.joint, r.movement)
        ref = rom_table.reference_for(r.joint, r.movement) if known else None
        reference = r.reference_degrees or (ref.degrees if ref else None)
        rows.append(
            {
                "label": ref.label if ref else f"{r.joint} {r.movement}",
                "side": r.side,
                "degrees": r.degrees,
                "reference": reference,
                "uncertain": bool(ref and ref.uncertain),
                "percent": rom_table.percent_of_reference(r.degrees, reference)
                if reference
                else None,
                "below": bool(reference and rom_table.is_below_reference(r.degrees, reference)),
            }
        )
    return rows


@require_GET
@staff_required()
def assessment_detail(request: StaffRequest, patient_id: int, assessment_id: int) -> HttpResponse:
    patient, actor = _patient(request, patient_id, Action.CLINICAL_VIEW)
    assessment = selectors.assessment_of(patient, assessment_id)
    assessment_viewed(assessment=assessment, actor=actor)
    findings = selectors.findings_for_display(assessment)
    context = _screening_context(patient)
    context.update(
        patient=patient,
        assessment=assessment,
        findings_rows=findings,
        rom_rows=_rom_rows(assessment),
        goals=list(assessment.goals.all()),
        earlier_versions=selectors.earlier_versions(assessment),
        can_edit=allowed(request.staff.role, Action.CLINICAL_WRITE),
        chart=build_body_chart(
            pain={row.finding.region_code: row.finding.nprs for row in findings},
            restricted=context["restricted"],
        ),
    )
    return render(request, "clinical/assessment_detail.html", context)


@require_GET
@staff_required()
def finding_row_new(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient, _ = _patient(request, patient_id, Action.CLINICAL_WRITE)
    code = request.GET.get("region", "")
    if not is_region(code):
        return HttpResponseBadRequest("Unknown body region.")
    restricted = restricted_region_codes(selectors.current_screening_findings(patient))
    context = {"row": finding_row(code), "patient": patient, "restricted": restricted}
    return render(request, f"{FORM}#finding-row", context)


@require_GET
@staff_required()
def rom_row_new(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient, _ = _patient(request, patient_id, Action.CLINICAL_WRITE)
    return render(request, f"{FORM}#rom-row", {"row": rom_row(new_row_key()), "patient": patient})


@require_GET
@staff_required()
def goal_row_new(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient, _ = _patient(request, patient_id, Action.CLINICAL_WRITE)
    context = {"row": goal_row(new_row_key()), "patient": patient}
    return render(request, f"{FORM}#goal-row", context)


@require_GET
@staff_required()
def assessment_panel(request: StaffRequest, patient_id: int) -> HttpResponse:
    """The patient page's "Assessments and body chart" section (loaded by htmx)."""
    patient, _ = _patient(request, patient_id, Action.CLINICAL_VIEW)
    context = {
        "patient": patient,
        "assessments": list(selectors.assessments_of(patient)),
        "trends": selectors.region_trend(patient),
        "can_write": allowed(request.staff.role, Action.CLINICAL_WRITE),
    }
    return render(request, "clinical/assessment_panel.html", context)
