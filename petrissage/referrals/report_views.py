"""Progress report pages at /referrals/…: generate from a case, preview and edit the draft,
sign, download the PDF, send, amend; and the to-do list of due reports.

Reading a report needs CLINICAL_VIEW (owner, therapist); every write needs CLINICAL_WRITE.
Another practice's report or case is 404; a role without the right is 403 (audited).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import Case
from petrissage.practice.access import get_scoped_or_404, require, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action, allowed
from petrissage.referrals import report_services as services
from petrissage.referrals.models import ProgressReport, SendMethod
from petrissage.referrals.report_forms import (
    ReportAmendForm,
    ReportNewForm,
    ReportSendForm,
    ReportWrittenForm,
)
from petrissage.referrals.report_pdf import render_report_pdf, report_context, report_filename
from petrissage.referrals.report_selectors import due_reports, report_due_for_case


def _actor(request: StaffRequest) -> Actor:
    return Actor.for_staff(request.staff, request)


def _report(request: StaffRequest, report_id: int, action: Action) -> ProgressReport:
    report = get_scoped_or_404(request.staff, ProgressReport, report_id)
    require(request.staff, action, actor=_actor(request), patient=report.patient)
    return report


def _errors_into(form: Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _written_initial(report: ProgressReport) -> dict[str, object]:
    return {name: getattr(report, name) for name in services.WRITTEN_FIELDS}


def _send_initial(report: ProgressReport) -> dict[str, object]:
    provider = report.snapshot.get("provider") or {}
    method = SendMethod.EMAIL if provider.get("email") else SendMethod.FAX
    return {
        "method": method,
        "recipient": provider.get("name", ""),
        "address": provider.get("email") or provider.get("fax") or "",
    }


def _page(
    request: StaffRequest,
    report: ProgressReport,
    *,
    form: Form | None = None,
    send_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    can_write = allowed(request.staff.role, Action.CLINICAL_WRITE)
    context = {
        **report_context(report),
        "patient": report.patient,
        "case": report.case,
        "can_write": can_write,
        "may_sign": services.may_sign(report, request.staff),
        "may_amend": services.may_amend(report, request.staff),
        "form": form
        or (ReportWrittenForm(initial=_written_initial(report)) if not report.is_signed else None),
        "send_form": send_form
        or (ReportSendForm(initial=_send_initial(report)) if report.is_signed else None),
        "sendings": list(report.sendings.select_related("sent_by")),
    }
    return render(request, "referrals/report_detail.html", context, status=status)


@staff_required()
def report_new(request: StaffRequest, case_id: int) -> HttpResponseBase:
    case = get_scoped_or_404(request.staff, Case, case_id)
    require(request.staff, Action.CLINICAL_WRITE, actor=_actor(request), patient=case.patient)
    due = report_due_for_case(case)
    form = ReportNewForm(request.POST or None, initial={"kind": due.kind if due else "progress"})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.progress_report_create(
                case=case,
                staff=request.staff,
                actor=_actor(request),
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, "Report drafted from the case's data. Review, write, sign.")
            return redirect("report_detail", report.pk)
    context = {"case": case, "patient": case.patient, "form": form, "due": due}
    status = 400 if form.errors else 200
    return render(request, "referrals/report_new.html", context, status=status)


@staff_required()
def report_detail(request: StaffRequest, report_id: int) -> HttpResponseBase:
    """The report (preview of the PDF) with the draft's form; POST saves the written parts."""
    report = _report(request, report_id, Action.CLINICAL_VIEW)
    if request.method != "POST":
        audit_record(
            actor=_actor(request),
            action="progress_report.view",
            category=Category.CLINICAL,
            patient=report.patient,
            detail={"report": report.pk},
        )
        return _page(request, report)
    require(request.staff, Action.CLINICAL_WRITE, actor=_actor(request), patient=report.patient)
    form = ReportWrittenForm(request.POST)
    if form.is_valid():
        try:
            services.progress_report_save(
                report=report, actor=_actor(request), fields=form.written()
            )
        except ValidationError as error:
            _errors_into(form, error)
        else:
            if request.POST.get("then") == "sign":
                return _sign(request, report)
            messages.success(request, "Draft saved.")
            return redirect("report_detail", report.pk)
    report.refresh_from_db()
    return _page(request, report, form=form, status=400)


def _sign(request: StaffRequest, report: ProgressReport) -> HttpResponseBase:
    try:
        services.progress_report_sign(report=report, staff=request.staff, actor=_actor(request))
    except ValidationError as error:
        report.refresh_from_db()
        form = ReportWrittenForm(_written_initial(report))
        form.is_valid()
        _errors_into(form, error)
        return _page(request, report, form=form, status=400)
    messages.success(request, "Report signed. It is locked; send it to the prescriber below.")
    return redirect("report_detail", report.pk)


@require_POST
@staff_required()
def report_sign(request: StaffRequest, report_id: int) -> HttpResponseBase:
    report = _report(request, report_id, Action.CLINICAL_WRITE)
    return _sign(request, report)


@require_POST
@staff_required()
def report_refresh(request: StaffRequest, report_id: int) -> HttpResponseBase:
    report = _report(request, report_id, Action.CLINICAL_WRITE)
    try:
        services.progress_report_refresh(report=report, actor=_actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    else:
        messages.success(request, "The report's data was rebuilt from the case.")
    return redirect("report_detail", report.pk)


@staff_required()
def report_pdf(request: StaffRequest, report_id: int) -> HttpResponseBase:
    """The signed PDF as stored; a draft is rendered on the fly with a DRAFT mark."""
    report = _report(request, report_id, Action.CLINICAL_VIEW)
    audit_record(
        actor=_actor(request),
        action="progress_report.pdf_view",
        category=Category.CLINICAL,
        patient=report.patient,
        detail={"report": report.pk, "signed": report.is_signed},
    )
    if report.is_signed and report.pdf:
        with report.pdf.open("rb") as handle:
            content = handle.read()
    else:
        content = render_report_pdf(report)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report_filename(report)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@staff_required()
def report_send(request: StaffRequest, report_id: int) -> HttpResponseBase:
    report = _report(request, report_id, Action.CLINICAL_WRITE)
    form = ReportSendForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        send = services.SendRequest(data["method"], data["recipient"], data["address"])
        try:
            sending = services.progress_report_send(
                report=report, staff=request.staff, actor=_actor(request), request=send
            )
        except ValidationError as error:
            _errors_into(form, error)
        else:
            done = "E-mailed" if sending.method == SendMethod.EMAIL else "Recorded as sent"
            messages.success(request, f"{done} to {sending.recipient}; the disclosure is logged.")
            return redirect("report_detail", report.pk)
    return _page(request, report, send_form=form, status=400)


@staff_required()
def report_amend(request: StaffRequest, report_id: int) -> HttpResponseBase:
    report = _report(request, report_id, Action.CLINICAL_WRITE)
    if not services.may_amend(report, request.staff):
        raise PermissionDenied("Only the therapist who signed it or an owner can amend it.")
    form = ReportAmendForm(request.POST or None, initial=_written_initial(report))
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_report_amend(
                report=report,
                author=request.staff,
                actor=_actor(request),
                reason=form.cleaned_data["reason"],
                fields=form.written(),
            )
        except ValidationError as error:
            _errors_into(form, error)
            report.refresh_from_db()
        else:
            messages.success(request, "Amendment saved; the report as first signed is kept.")
            return redirect("report_detail", report.pk)
    context = {"report": report, "patient": report.patient, "case": report.case, "form": form}
    return render(
        request, "referrals/report_amend.html", context, status=400 if form.errors else 200
    )


@staff_required(Action.CLINICAL_VIEW)
def reports_due(request: StaffRequest) -> HttpResponse:
    """The therapist's to-do: reports due to prescribers (owners see every therapist's)."""
    return render(request, "referrals/reports_due.html", {"due": due_reports(request.staff)})
