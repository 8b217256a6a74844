"""Intake pages: the staff form and read-only versions, the "send intake link" page, and
the patient's own form behind a single-use link. Thin: fetch with access checks, call a
service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from petrissage.audit.services import Actor, client_ip
from petrissage.domain.intake import CONSENT_TEXT
from petrissage.patients import intake_services as services
from petrissage.patients.intake_forms import (
    SIGNATURE,
    answer_summary,
    answers_from_post,
    bind_sections,
    blank_row,
    error_labels,
    region_groups,
    split_errors,
)
from petrissage.patients.models import Intake, IntakeLink, IntakeStatus, Patient
from petrissage.practice.access import get_patient, get_scoped_or_404, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action

# --- shared -------------------------------------------------------------------------------


def _form_context(
    intake: Intake,
    answers: dict[str, Any],
    errors: dict[str, str],
    *,
    for_patient: bool,
    urls: dict[str, Any],
    signature: str = "",
) -> dict[str, Any]:
    return {
        "intake": intake,
        "sections": bind_sections(answers, errors, for_patient=for_patient),
        "error_list": error_labels(errors),
        "error_split": split_errors(error_labels(errors)),
        "signature_error": errors.get(SIGNATURE, ""),
        "signature": signature,
        "consent_text": CONSENT_TEXT,
        "region_groups": region_groups(),
        "for_patient": for_patient,
        "today": timezone.localdate(timezone=intake.practice.zone).isoformat(),
        "saved_at": timezone.localtime(intake.updated_at, intake.practice.zone),
        **urls,
    }


def _saved_fragment(request: HttpRequest, intake: Intake, errors: dict[str, str]) -> HttpResponse:
    context = {
        "saved_at": intake.updated_at,
        "zone": intake.practice.zone,
        "error_list": error_labels(errors),
    }
    return render(request, "patients/intake_saved.html", context)


def _locked_fragment() -> HttpResponse:
    return HttpResponse(
        '<span class="badge warn">Already sent in: reload the page.</span>', status=409
    )


def _row(
    request: HttpRequest, group: str, index: int, urls: dict[str, Any], *, for_patient: bool
) -> HttpResponse:
    """One more empty row of a list, and the "add another" button moved on by one."""
    row = blank_row(group, index, for_patient=for_patient)
    if row is None:
        raise Http404("No such list.")
    context = {"row": row, "group": group, "next": index + 1, "oob": True, **urls}
    context["region_groups"] = region_groups()
    return render(request, "patients/intake_row.html", context)


# --- staff --------------------------------------------------------------------------------


def _staff_intake(
    request: StaffRequest, patient_id: int, intake_id: int, action: Action
) -> tuple[Actor, Patient, Intake]:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, action, actor=actor)
    intake = get_scoped_or_404(request.staff, Intake, intake_id)
    if intake.patient_id != patient.pk:
        raise Http404("No such intake.")
    return actor, patient, intake


def _staff_urls(patient: Patient, intake: Intake) -> dict[str, Any]:
    return {
        "autosave_url": reverse("intake_autosave", args=[patient.pk, intake.pk]),
        "row_url_name": "intake_row",
        "row_owner": patient.pk,
    }


@require_POST
@staff_required()
def intake_start(request: StaffRequest, patient_id: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.CLINICAL_WRITE, actor=actor)
    intake = services.intake_start(patient=patient, actor=actor, staff=request.staff)
    return redirect("intake_edit", patient_id=patient.pk, intake_id=intake.pk)


@staff_required()
def intake_edit(request: StaffRequest, patient_id: int, intake_id: int) -> HttpResponse:
    actor, patient, intake = _staff_intake(request, patient_id, intake_id, Action.CLINICAL_WRITE)
    if intake.status != IntakeStatus.DRAFT:
        return redirect("intake_detail", patient_id=patient.pk, intake_id=intake.pk)
    answers: dict[str, Any] = intake.answers
    errors: dict[str, str] = {}
    signature = ""
    if request.method == "POST":
        answers = answers_from_post(request.POST)
        signature = request.POST.get(SIGNATURE, "")
        try:
            if "submit" in request.POST:
                services.intake_submit(
                    intake=intake, actor=actor, answers=answers, consent_signature=signature
                )
                messages.success(request, f"Intake v{intake.version} submitted.")
                return redirect("intake_detail", patient_id=patient.pk, intake_id=intake.pk)
            errors = services.intake_save_draft(intake=intake, actor=actor, answers=answers)
        except services.IntakeIncomplete as problem:
            errors = problem.errors
        except services.IntakeLocked:
            return redirect("intake_detail", patient_id=patient.pk, intake_id=intake.pk)
        if not errors:
            messages.success(request, "Draft saved.")
            return redirect("intake_edit", patient_id=patient.pk, intake_id=intake.pk)
    urls = _staff_urls(patient, intake)
    context = _form_context(
        intake, answers, errors, for_patient=False, urls=urls, signature=signature
    )
    context["patient"] = patient
    return render(request, "patients/intake_form.html", context)


@require_POST
@staff_required()
def intake_autosave(request: StaffRequest, patient_id: int, intake_id: int) -> HttpResponse:
    actor, _, intake = _staff_intake(request, patient_id, intake_id, Action.CLINICAL_WRITE)
    try:
        errors = services.intake_save_draft(
            intake=intake, actor=actor, answers=answers_from_post(request.POST)
        )
    except services.IntakeLocked:
        return _locked_fragment()
    return _saved_fragment(request, intake, errors)


@require_GET
@staff_required()
def intake_row(request: StaffRequest, patient_id: int, group: str, index: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.CLINICAL_WRITE, actor=actor)
    urls = {"row_url_name": "intake_row", "row_owner": patient.pk}
    return _row(request, group, index, urls, for_patient=False)


@staff_required()
def intake_detail(request: StaffRequest, patient_id: int, intake_id: int) -> HttpResponse:
    actor, patient, intake = _staff_intake(request, patient_id, intake_id, Action.CLINICAL_VIEW)
    services.intake_view_recorded(intake=intake, actor=actor)
    versions = Intake.objects.filter(practice_id=patient.practice_id, patient=patient).only(
        "pk", "version", "status", "submitted_at"
    )
    summary = answer_summary(intake.answers)
    context = {
        "patient": patient,
        "intake": intake,
        "summary": summary,
        "flagged": [line for _, lines in summary for line in lines if line.flagged],
        "versions": versions,
        "zone": patient.practice.zone,
    }
    return render(request, "patients/intake_detail.html", context)


@staff_required()
def intake_link_send(request: StaffRequest, patient_id: int) -> HttpResponse:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, Action.PATIENT_REGISTER, actor=actor)
    context: dict[str, Any] = {"patient": patient, "hours": services.LINK_HOURS_DEFAULT}
    if request.method == "POST":
        link, token = services.intake_link_create(patient=patient, actor=actor, staff=request.staff)
        url = request.build_absolute_uri(reverse("intake_public", args=[token]))
        emailed = services.intake_link_email(link=link, url=url, actor=actor)
        context.update(
            {"link": link, "url": url, "emailed": emailed, "zone": patient.practice.zone}
        )
    return render(request, "patients/intake_link.html", context)


# --- the patient's link -------------------------------------------------------------------


def _gone(request: HttpRequest, problem: services.IntakeLinkError) -> HttpResponse:
    context = {"message": problem.message, "status": problem.status}
    return render(request, "portal/intake_gone.html", context, status=problem.status)


def _link_or_page(request: HttpRequest, token: str) -> IntakeLink | HttpResponse:
    try:
        return services.intake_link_resolve(token)
    except services.IntakeLinkError as problem:
        return _gone(request, problem)


def _public_urls(token: str) -> dict[str, Any]:
    return {
        "autosave_url": reverse("intake_public_autosave", args=[token]),
        "row_url_name": "intake_public_row",
        "row_owner": token,
    }


def intake_public(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_page(request, token)
    if isinstance(link, HttpResponse):
        return link
    actor = services.patient_actor(link, client_ip(request))
    intake = services.intake_link_open(link=link, actor=actor)
    answers: dict[str, Any] = intake.answers
    errors: dict[str, str] = {}
    signature = ""
    if request.method == "POST":
        answers = answers_from_post(request.POST)
        signature = request.POST.get(SIGNATURE, "")
        try:
            if "submit" in request.POST:
                services.intake_submit(
                    intake=intake,
                    actor=actor,
                    answers=answers,
                    consent_signature=signature,
                    link=link,
                )
                return redirect("intake_public_thanks")
            errors = services.intake_save_draft(intake=intake, actor=actor, answers=answers)
        except services.IntakeIncomplete as problem:
            errors = problem.errors
        except services.IntakeLocked:
            return _gone(request, services.IntakeLinkUsed())
        if not errors:
            return redirect(f"{reverse('intake_public', args=[token])}?saved=1")
    urls = _public_urls(token)
    context = _form_context(
        intake, answers, errors, for_patient=True, urls=urls, signature=signature
    )
    context.update({"first_name": link.patient.given_name, "practice_name": link.practice.name})
    context["just_saved"] = request.GET.get("saved") == "1" and not errors
    return render(request, "portal/intake_form.html", context)


@require_POST
def intake_public_autosave(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_page(request, token)
    if isinstance(link, HttpResponse):
        return link
    actor = services.patient_actor(link, client_ip(request))
    intake = services.intake_link_open(link=link, actor=actor)
    try:
        errors = services.intake_save_draft(
            intake=intake, actor=actor, answers=answers_from_post(request.POST)
        )
    except services.IntakeLocked:
        return _locked_fragment()
    return _saved_fragment(request, intake, errors)


@require_GET
def intake_public_row(request: HttpRequest, token: str, group: str, index: int) -> HttpResponse:
    link = _link_or_page(request, token)
    if isinstance(link, HttpResponse):
        return link
    urls = {"row_url_name": "intake_public_row", "row_owner": token}
    return _row(request, group, index, urls, for_patient=True)


@require_GET
def intake_public_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/intake_thanks.html")
