"""Writes for progress reports: generate a draft from the case's data, edit the written
parts, refresh the data, sign (renders and stores the PDF), amend (the report as signed is
kept), and send to the prescriber (recorded as a disclosure in the audit trail).

Every write is keyword-only and commits with its audit event in one transaction; bad input
raises ValidationError naming the field before anything is stored.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import Case, CaseStatus
from petrissage.practice.models import Role, Staff
from petrissage.referrals.models import (
    ProgressReport,
    Recommendation,
    ReportAmendment,
    ReportKind,
    ReportSending,
    ReportStatus,
    SendMethod,
)
from petrissage.referrals.report_pdf import render_report_pdf, report_filename
from petrissage.referrals.report_selectors import default_period
from petrissage.referrals.report_snapshot import Period, build_snapshot, has_data
from petrissage.referrals.selectors import latest_prescription, practice_today

WRITTEN_FIELDS = (
    "assessment",
    "recommendation",
    "recommended_sessions_per_week",
    "recommended_weeks",
    "plan_next",
)
NO_DATA = (
    "This case has no signed visits and no outcome measures in the period, so there is "
    "nothing to report yet. Sign the session notes first."
)


def _audit(actor: Actor, action: str, report: ProgressReport, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        category=Category.CLINICAL,
        patient=report.patient,
        detail={"report": report.pk, "kind": report.kind, **detail},
    )


def _require_draft(report: ProgressReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise PermissionDenied(
            "This report is signed and locked. Use “Amend” to correct it; the signed "
            "report is kept."
        )


def _snapshot(case: Case, report_kind: str, today: date) -> tuple[Period, dict[str, Any]]:
    prescription = latest_prescription(case)
    start, end = default_period(case, prescription, today)
    if report_kind == ReportKind.DISCHARGE and prescription is not None:
        start = min(start, prescription.issued_on)  # a discharge summary covers the episode
    period = Period(start, end, prescription)
    snapshot = build_snapshot(case, period, kind=report_kind)
    if not has_data(snapshot):
        raise ValidationError({"case": NO_DATA})
    return period, snapshot


def progress_report_create(
    *, case: Case, staff: Staff, actor: Actor, kind: str, today: date | None = None
) -> ProgressReport:
    """A draft report for `case` built from its data; refused when there is no data."""
    if kind not in ReportKind.values:
        raise ValidationError({"kind": "Choose a progress report or a discharge summary."})
    if staff.practice_id != case.practice_id:
        raise PermissionDenied("The case belongs to another practice.")
    day = today or practice_today(case.patient)
    period, snapshot = _snapshot(case, kind, day)
    plan = snapshot.get("plan") or {}
    report = ProgressReport(
        practice_id=case.practice_id,
        patient_id=case.patient_id,
        case=case,
        prescription=period.prescription,
        kind=kind,
        period_start=period.start,
        period_end=period.end,
        visits_attended=snapshot["visits"]["used"],
        snapshot=snapshot,
        built_at=timezone.now(),
        recommendation=Recommendation.DISCHARGE
        if kind == ReportKind.DISCHARGE or case.status == CaseStatus.DISCHARGED
        else "",
        plan_next=str(plan.get("home_care") or ""),
        created_by=staff,
    )
    with transaction.atomic():
        report.save()
        _audit(actor, "progress_report.create", report, case=case.pk)
    return report


def progress_report_refresh(
    *, report: ProgressReport, actor: Actor, today: date | None = None
) -> ProgressReport:
    """Rebuild a draft's data from the case as it stands now (written parts kept)."""
    _require_draft(report)
    day = today or practice_today(report.patient)
    period, snapshot = _snapshot(report.case, report.kind, day)
    report.prescription = period.prescription
    report.period_start, report.period_end = period.start, period.end
    report.visits_attended = snapshot["visits"]["used"]
    report.snapshot = snapshot
    report.built_at = timezone.now()
    with transaction.atomic():
        report.save()
        _audit(actor, "progress_report.refresh", report)
    return report


def _written_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(WRITTEN_FIELDS))
    if unknown:
        raise ValidationError({name: "Not a written part of a report." for name in unknown})
    values = dict(fields)
    problems = {}
    if values.get("recommendation") not in (None, "", *Recommendation.values):
        problems["recommendation"] = "Choose continue, modify, discharge or refer."
    per_week = values.get("recommended_sessions_per_week")
    if per_week is not None and not 1 <= int(per_week) <= 7:
        problems["recommended_sessions_per_week"] = "Recommend 1 to 7 sessions a week."
    weeks = values.get("recommended_weeks")
    if weeks is not None and not 1 <= int(weeks) <= 52:
        problems["recommended_weeks"] = "Recommend 1 to 52 weeks."
    if problems:
        raise ValidationError(problems)
    for name in ("assessment", "plan_next"):
        if name in values:
            values[name] = str(values[name] or "").strip()
    return values


def progress_report_save(
    *, report: ProgressReport, actor: Actor, fields: Mapping[str, Any]
) -> ProgressReport:
    """Save the therapist's written parts of a draft."""
    _require_draft(report)
    values = _written_values(fields)
    with transaction.atomic():
        for name, value in values.items():
            setattr(report, name, value)
        report.save()
        _audit(actor, "progress_report.save", report, fields=sorted(values))
    return report


def _sign_problems(report: ProgressReport) -> dict[str, str]:
    problems = {}
    if not report.assessment.strip():
        problems["assessment"] = "Write your assessment before signing."
    if not report.recommendation:
        problems["recommendation"] = "Choose a recommendation before signing."
    if report.recommendation == Recommendation.CONTINUE and not (
        report.recommended_sessions_per_week and report.recommended_weeks
    ):
        problems["recommended_sessions_per_week"] = (
            "Give the frequency (sessions a week and weeks) you recommend for continued care."
        )
    return problems


def may_sign(report: ProgressReport, staff: Staff) -> bool:
    """The case's therapist or the report's author (a therapist) signs."""
    return staff.pk in (report.case.therapist_id, report.created_by_id) and staff.role in (
        Role.THERAPIST,
        Role.OWNER,
    )


def _store_pdf(report: ProgressReport) -> None:
    pdf = render_report_pdf(report)
    report.pdf.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    report.pdf_sha256 = hashlib.sha256(pdf).hexdigest()


def progress_report_sign(*, report: ProgressReport, staff: Staff, actor: Actor) -> ProgressReport:
    """Lock the report with the therapist's signature and store its PDF."""
    _require_draft(report)
    if not may_sign(report, staff):
        raise PermissionDenied("Only the case's therapist or the report's author can sign it.")
    problems = _sign_problems(report)
    if problems:
        raise ValidationError(problems)
    report.status = ReportStatus.SIGNED
    report.signed_by = staff
    report.signed_at = timezone.now()
    report.signature = staff.signature
    _store_pdf(report)
    with transaction.atomic():
        report.save()
        _audit(actor, "progress_report.sign", report, pdf_sha256=report.pdf_sha256)
    return report


def written_snapshot(report: ProgressReport) -> dict[str, Any]:
    return {name: getattr(report, name) for name in WRITTEN_FIELDS} | {
        "signature": report.signature,
        "signed_at": report.signed_at.isoformat() if report.signed_at else None,
    }


def may_amend(report: ProgressReport, staff: Staff) -> bool:
    return staff.pk == report.signed_by_id or staff.role == Role.OWNER


def progress_report_amend(
    *,
    report: ProgressReport,
    author: Staff,
    actor: Actor,
    reason: str,
    fields: Mapping[str, Any],
) -> ReportAmendment:
    """Change a signed report's written parts. The report as signed (text and PDF) stays
    in the amendment; a new PDF marked as amended replaces the current one."""
    if report.status != ReportStatus.SIGNED:
        raise ValidationError({"report": "Only a signed report is amended; edit the draft."})
    if not may_amend(report, author):
        raise PermissionDenied("Only the therapist who signed it or an owner can amend it.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the signed report is being amended."})
    values = _written_values(fields)
    original = written_snapshot(report)
    changes = {
        name: {"before": original[name], "after": value}
        for name, value in values.items()
        if original[name] != value
    }
    if not changes:
        raise ValidationError({"__all__": "Nothing was changed, so there is nothing to amend."})
    amendment = ReportAmendment(
        practice_id=report.practice_id,
        report=report,
        author=author,
        reason=reason.strip(),
        changes=changes,
        original=original,
        original_pdf=report.pdf.name,
        original_pdf_sha256=report.pdf_sha256,
    )
    for name, value in values.items():
        setattr(report, name, value)
    with transaction.atomic():
        amendment.save()
        _store_pdf(report)  # the amendment is saved first so the new PDF lists it
        report.save()
        _audit(
            actor, "progress_report.amend", report, amendment=amendment.pk, fields=sorted(changes)
        )
    return amendment


@dataclass(frozen=True)
class SendRequest:
    method: str
    recipient: str
    address: str
    message: str = ""


def _send_problems(request: SendRequest) -> dict[str, str]:
    problems = {}
    if request.method not in SendMethod.values:
        problems["method"] = "Choose e-mail, fax or print."
    if not request.recipient.strip():
        problems["recipient"] = "Name the recipient."
    address = request.address.strip()
    if request.method == SendMethod.EMAIL:
        try:
            validate_email(address)
        except ValidationError:
            problems["address"] = "Enter the recipient's e-mail address."
    elif request.method == SendMethod.FAX:
        digits = "".join(ch for ch in address if ch.isdigit())
        if not 10 <= len(digits) <= 15:
            problems["address"] = "Enter the fax number the report was sent to (10–15 digits)."
    return problems


def _email(report: ProgressReport, request: SendRequest, staff: Staff) -> None:
    snapshot = report.snapshot
    patient = snapshot["patient"]["name"]
    # No patient name in the subject line: it travels outside the encrypted body more often.
    practice = snapshot["practice"]["name"]
    subject = f"{report.get_kind_display()} from {practice} ({report.period_end:%Y-%m-%d})"
    body = request.message.strip() or (
        f"Dear {request.recipient.strip()},\n\nPlease find attached the "
        f"{report.get_kind_display().lower()} for {patient}, born "
        f"{snapshot['patient']['birth_date']}.\n\n{staff.signature}\n"
        f"{snapshot['practice']['name']}"
    )
    mail = EmailMessage(subject=subject, body=body, to=[request.address.strip()])
    with report.pdf.open("rb") as handle:
        mail.attach(report_filename(report), handle.read(), "application/pdf")
    mail.send(fail_silently=False)


def progress_report_send(
    *, report: ProgressReport, staff: Staff, actor: Actor, request: SendRequest
) -> ReportSending:
    """Send (e-mail with the PDF attached) or record as faxed/printed; a disclosure of the
    report's content to the recipient, recorded in the audit trail (category EXPORT)."""
    if report.status != ReportStatus.SIGNED or not report.pdf:
        raise ValidationError({"report": "Sign the report before sending it."})
    problems = _send_problems(request)
    if problems:
        raise ValidationError(problems)
    if request.method == SendMethod.EMAIL:
        try:
            _email(report, request, staff)
        except OSError as error:
            raise ValidationError(
                {"address": f"The e-mail could not be sent ({error}); nothing was recorded."}
            ) from error
    sending = ReportSending(
        practice_id=report.practice_id,
        report=report,
        method=request.method,
        recipient=request.recipient.strip(),
        address=request.address.strip(),
        pdf_sha256=report.pdf_sha256,
        sent_by=staff,
        sent_at=timezone.now(),
    )
    with transaction.atomic():
        sending.save()
        audit_record(
            actor=actor,
            action="progress_report.disclose",
            category=Category.EXPORT,
            patient=report.patient,
            detail={
                "report": report.pk,
                "kind": report.kind,
                "method": sending.method,
                "recipient": sending.recipient,
                "address": sending.address,
                "date": sending.sent_at.isoformat(timespec="seconds"),
                "content": {
                    "document": report_filename(report),
                    "period": [report.period_start.isoformat(), report.period_end.isoformat()],
                    "pdf_sha256": report.pdf_sha256,
                },
            },
        )
    return sending
