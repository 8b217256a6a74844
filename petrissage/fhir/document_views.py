"""FHIR DocumentReference read and search (?patient=) for signed progress reports and
discharge summaries; the PDF travels as the attachment (data on a read, url always).

Clinical roles only (CLINICAL_VIEW: owner, therapist). Another practice's report is 404;
drafts are not exposed. Every access is audited.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import reverse

from petrissage.audit.models import Category
from petrissage.audit.services import audit_record
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.mapping.document_reference import TYPE_TOKENS, document_reference_resource
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.search import SearchError
from petrissage.fhir.searchset import searchset_response
from petrissage.practice.access import get_patient, require, scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action
from petrissage.referrals.models import ProgressReport, ReportStatus

_ALLOWED = {"patient", "subject", "type", "_count", "_format"}
MAX_RESULTS = 200


def _patient_id(query: QueryDict) -> str:
    for name in query:
        if name not in _ALLOWED:
            raise SearchError(
                name, f"Search parameter {name!r} is not supported for DocumentReference."
            )
    value = (query.get("patient") or query.get("subject") or "").removeprefix("Patient/")
    if not value:
        raise SearchError("patient", "DocumentReference searches need patient=Patient/{id}.")
    if not value.isdigit():
        raise SearchError("patient", "patient must be Patient/{id} with a numeric id.")
    wanted = query.get("type")
    if wanted is not None and wanted not in TYPE_TOKENS:
        raise SearchError("type", "type must be progress-report, discharge-summary or 18842-5.")
    return value


def _signed(staff: Staff) -> QuerySet[ProgressReport]:
    return scoped(staff, ProgressReport).filter(status=ReportStatus.SIGNED)


def _pdf_url(request: HttpRequest, report: ProgressReport) -> str:
    return request.build_absolute_uri(reverse("report_pdf", args=[report.pk]))


@fhir_endpoint()
def document_reference_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    actor = fhir_actor(staff, request)
    patient_id = _patient_id(request.GET)
    patient = get_patient(staff, patient_id, Action.CLINICAL_VIEW, actor=actor)
    found = _signed(staff).filter(patient=patient)
    wanted = request.GET.get("type")
    if wanted:
        found = found.filter(kind=TYPE_TOKENS[wanted])
    reports = list(found.order_by("-period_end", "-id")[:MAX_RESULTS])
    resources = [document_reference_resource(r, pdf_url=_pdf_url(request, r)) for r in reports]
    audit_record(
        actor=actor,
        action="progress_report.fhir_search",
        category=Category.CLINICAL,
        patient=patient,
        detail={"count": len(resources)},
    )
    return searchset_response(request, resources)


@fhir_endpoint()
def document_reference_read(request: HttpRequest, staff: Staff, document_id: str) -> HttpResponse:
    actor = fhir_actor(staff, request)
    if not document_id.isdigit():
        raise Http404
    report = _signed(staff).select_related("patient").filter(pk=int(document_id)).first()
    if report is None or not report.pdf:
        raise Http404
    require(staff, Action.CLINICAL_VIEW, actor=actor, patient=report.patient)
    with report.pdf.open("rb") as handle:
        pdf = handle.read()
    audit_record(
        actor=actor,
        action="progress_report.fhir_read",
        category=Category.CLINICAL,
        patient=report.patient,
        detail={"report": report.pk},
    )
    return fhir_response(
        document_reference_resource(report, pdf_url=_pdf_url(request, report), pdf=pdf)
    )
