"""FHIR DocumentReference read and search for signed progress reports and discharge
summaries; the PDF travels as the attachment (data on a read, url always).

Clinical roles only (CLINICAL_VIEW: owner, therapist). Another practice's report is 404;
drafts are not exposed. Every access is audited.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from petrissage.audit.models import Category
from petrissage.fhir.mapping.document_reference import TYPE_TOKENS, document_reference_resource
from petrissage.fhir.resource_views import Source, Spec
from petrissage.fhir.search import SearchError
from petrissage.fhir.searchset import Param, date_of_field, reference, token
from petrissage.practice.access import scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action
from petrissage.referrals.models import ProgressReport, ReportStatus


def _signed(staff: Staff) -> QuerySet[ProgressReport]:
    return (
        scoped(staff, ProgressReport)
        .filter(status=ReportStatus.SIGNED)
        .order_by("-period_end", "-id")
    )


def _pdf_url(request: HttpRequest, report: ProgressReport) -> str:
    return request.build_absolute_uri(reverse("report_pdf", args=[report.pk]))


def _resource(report: ProgressReport, request: HttpRequest) -> dict[str, Any]:
    return document_reference_resource(report, pdf_url=_pdf_url(request, report))


def _with_pdf(report: ProgressReport, request: HttpRequest) -> dict[str, Any] | None:
    if not report.pdf:
        return None
    with report.pdf.open("rb") as handle:
        pdf = handle.read()
    return document_reference_resource(report, pdf_url=_pdf_url(request, report), pdf=pdf)


def _type(value: str, tz: ZoneInfo) -> Q:
    if value not in TYPE_TOKENS:
        raise SearchError("type", "type must be progress-report, discharge-summary or 18842-5.")
    return Q(kind=TYPE_TOKENS[value])


_patient = reference("Patient", "patient_id")

DOCUMENT_REFERENCE = Spec(
    "DocumentReference",
    Action.CLINICAL_VIEW,
    Category.CLINICAL,
    (
        Param("patient", "reference", "Patient/{id} or {id} (patient or subject is required)"),
        Param("subject", "reference", "Same as patient"),
        Param("type", "token", "progress-report | discharge-summary (or 18842-5)"),
        Param("date", "date", "When the report was signed, with prefix"),
        Param("status", "token", "current (every signed report) | superseded | entered-in-error"),
    ),
    (
        Source(
            _signed,
            {
                "patient": _patient,
                "subject": _patient,
                "type": _type,
                "date": date_of_field("signed_at", "date"),
                "status": token(
                    None, {"current": True, "superseded": None, "entered-in-error": None}, "status"
                ),
            },
            _resource,
            read_fhir=_with_pdf,
        ),
    ),
    "progress_report.fhir_search",
    "progress_report.fhir_read",
    required=("patient", "subject"),
    documentation="Signed physician progress reports and discharge summaries; the PDF "
    "is content.attachment (application/pdf: url always, data on a read). docStatus final "
    "or amended; context.related = the prescription (ServiceRequest). Needs a clinical role.",
)
