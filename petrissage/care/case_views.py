"""Care pages of one case: the care team (with overlap warnings), reports to the team,
the maintenance choice at discharge, stress / sleep / mood beside pain, and the printable
after-care of each signed session. Thin: access-checked fetch, service call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from petrissage.audit.services import Actor
from petrissage.care import recall_services, selectors, team_services, wellbeing
from petrissage.care.aftercare_services import (
    aftercare_notice_issue,
    aftercare_sheet,
    aftercare_url,
)
from petrissage.care.common import practice_today
from petrissage.care.forms import (
    CareReportForm,
    CareTeamMemberForm,
    MaintenanceForm,
    WellbeingForm,
    apply_errors,
    signed_reports,
)
from petrissage.care.models import CareTeamMember, MaintenancePlan
from petrissage.clinical.models import Case, CaseStatus, NoteStatus, SessionNote
from petrissage.patients.models import Patient
from petrissage.practice.access import get_patient, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action, allowed


def _case(
    request: StaffRequest, patient_id: int, case_id: int, action: Action
) -> tuple[Patient, Case, Actor]:
    actor = Actor.for_staff(request.staff, request)
    patient = get_patient(request.staff, patient_id, action, actor=actor)
    case = Case.objects.filter(practice_id=patient.practice_id, patient=patient, pk=case_id).first()
    if case is None:
        raise Http404("No such case.")
    return patient, case, actor


def _to_case(case: Case) -> HttpResponse:
    return redirect("care_case", patient_id=case.patient_id, case_id=case.pk)


def _page(request: StaffRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    today = practice_today(case.practice)
    maintenance = MaintenancePlan.objects.filter(case=case).first()
    discharged = case.status == CaseStatus.DISCHARGED
    proposal = recall_services.maintenance_proposal(case) if discharged else None
    weeks = maintenance.interval_weeks if maintenance else (proposal.weeks if proposal else None)
    initial_choice = {"choice": "every" if weeks else "none", "weeks": weeks}
    context = {
        "patient": case.patient,
        "case": case,
        "members": list(selectors.care_team_of(case)),
        "overlaps": selectors.case_overlap_warnings(case, today),
        "sendings": list(selectors.sendings_of(case)[:10]),
        "report_form": forms.get("report_form") or CareReportForm(case_id=case.pk),
        "maintenance": maintenance,
        "recall": recall_services.recall_row(maintenance, today) if maintenance else None,
        "proposal": proposal,
        "maintenance_form": forms.get("maintenance_form")
        or MaintenanceForm(initial=initial_choice),
        "wellbeing_form": forms.get("wellbeing_form")
        or WellbeingForm(initial={"on": today, "context": "session"}),
        "wellbeing_chart": wellbeing.chart_svg(wellbeing.series(case.patient, case)),
        "wellbeing_items": wellbeing.ITEMS,
        "sessions": list(
            SessionNote.objects.filter(
                practice_id=case.practice_id, case=case, status=NoteStatus.SIGNED
            ).order_by("-session_date", "-id")[:20]
        ),
        "can_write": allowed(request.staff.role, Action.CLINICAL_WRITE),
    }
    return render(request, "care/case.html", context, status=status)


@staff_required()
def care_case(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    _, case, _ = _case(request, patient_id, case_id, Action.CLINICAL_VIEW)
    return _page(request, case)


def _member_form_page(
    request: StaffRequest, case: Case, form: CareTeamMemberForm, member: CareTeamMember | None
) -> HttpResponse:
    context = {"patient": case.patient, "case": case, "form": form, "member": member}
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "care/member_form.html", context, status=status)


@staff_required()
def care_member_new(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    _, case, actor = _case(request, patient_id, case_id, Action.CLINICAL_WRITE)
    form = CareTeamMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = team_services.care_team_member_add(
                case=case, staff=request.staff, actor=actor, fields=form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{member} added to the care team.")
            return _to_case(case)
    return _member_form_page(request, case, form, None)


@staff_required()
def care_member_edit(
    request: StaffRequest, patient_id: int, case_id: int, member_id: int
) -> HttpResponse:
    _, case, actor = _case(request, patient_id, case_id, Action.CLINICAL_WRITE)
    member = selectors.care_team_of(case).filter(pk=member_id).first()
    if member is None:
        raise Http404("No such care-team member.")
    if request.method != "POST":
        return _member_form_page(request, case, CareTeamMemberForm.for_member(member), member)
    form = CareTeamMemberForm(request.POST)
    if form.is_valid():
        try:
            team_services.care_team_member_update(
                member=member, actor=actor, fields=form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{member} saved.")
            return _to_case(case)
    return _member_form_page(request, case, form, member)


@staff_required()
@require_POST
def care_report(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    _, case, actor = _case(request, patient_id, case_id, Action.CLINICAL_WRITE)
    form = CareReportForm(request.POST, case_id=case.pk)
    if form.is_valid():
        members = list(form.cleaned_data["members"])
        report = next(
            (r for r in signed_reports(case.pk) if r.pk == form.cleaned_data["report"]), None
        )
        try:
            if report is not None:
                team_services.care_progress_report_send(
                    case=case, report=report, members=members, staff=request.staff, actor=actor
                )
            else:
                team_services.care_report_send(
                    case=case, members=members, staff=request.staff, actor=actor,
                    subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            names = ", ".join(m.name for m in members)
            messages.success(request, f"Sent to {names}; each sending is in the disclosure log.")
            return _to_case(case)
    return _page(request, case, status=422, report_form=form)


@staff_required()
@require_POST
def care_maintenance(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    _, case, actor = _case(request, patient_id, case_id, Action.CLINICAL_WRITE)
    form = MaintenanceForm(request.POST)
    if form.is_valid():
        try:
            plan = recall_services.maintenance_choose(
                case=case, weeks=form.chosen_weeks, staff=request.staff, actor=actor
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            text = (
                f"Maintenance every {plan.interval_weeks} weeks; "
                f"first recall {plan.next_due:%Y-%m-%d}."
                if plan.interval_weeks and plan.next_due
                else "No maintenance: the patient will not be recalled."
            )
            messages.success(request, text)
            return _to_case(case)
    return _page(request, case, status=422, maintenance_form=form)


@staff_required()
@require_POST
def care_wellbeing(request: StaffRequest, patient_id: int, case_id: int) -> HttpResponse:
    patient, case, actor = _case(request, patient_id, case_id, Action.CLINICAL_WRITE)
    form = WellbeingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            wellbeing.wellbeing_record(
                patient=patient, case=case, on=data["on"], context=data["context"],
                ratings={i.key: data.get(i.key) for i in wellbeing.ITEMS},
                staff=request.staff, actor=actor,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Ratings saved.")
            return _to_case(case)
    return _page(request, case, status=422, wellbeing_form=form)


@staff_required()
def care_aftercare_session(
    request: StaffRequest, patient_id: int, case_id: int, note_id: int
) -> HttpResponse:
    """The printable after-care for one signed session; POST makes a patient link."""
    action = Action.CLINICAL_WRITE if request.method == "POST" else Action.CLINICAL_VIEW
    _, case, actor = _case(request, patient_id, case_id, action)
    note = SessionNote.objects.filter(
        practice_id=case.practice_id, case=case, pk=note_id, status=NoteStatus.SIGNED
    ).first()
    if note is None:
        raise Http404("No such signed session.")
    link = None
    if request.method == "POST":
        _, token = aftercare_notice_issue(session=note, actor=actor)
        link = aftercare_url(token)
    sheet = aftercare_sheet(note)
    context = {
        "patient": case.patient,
        "case": case,
        "note": note,
        "items": sheet.items,
        "red_flags": sheet.red_flags,
        "practice": case.practice,
        "link": link,
        "staff_view": True,
    }
    return render(request, "care/aftercare_print.html", context)
