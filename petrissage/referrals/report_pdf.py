"""A progress report as HTML (the page's preview) and as PDF (WeasyPrint), both from the
same body template and the report's snapshot, so the preview is what the physician gets."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from petrissage.billing.pdf import render_pdf
from petrissage.referrals.models import ProgressReport, ReportKind


def report_context(report: ProgressReport) -> dict[str, Any]:
    """Template context; dates of signing and amendments in the practice's time zone."""
    snapshot = report.snapshot
    zone = report.practice.zone
    signed_on = timezone.localtime(report.signed_at, zone).date() if report.signed_at else None
    return {
        "signed_on": signed_on,
        "zone": zone.key,
        "report": report,
        "snap": snapshot,
        "is_discharge": report.kind == ReportKind.DISCHARGE,
        "recommendation_label": report.get_recommendation_display()
        if report.recommendation
        else "",
        "amendments": list(report.amendments.select_related("author"))
        if report.pk is not None
        else [],
    }


def report_filename(report: ProgressReport) -> str:
    kind = "discharge-summary" if report.kind == ReportKind.DISCHARGE else "progress-report"
    return f"{kind}-{report.pk}-{report.period_end:%Y%m%d}.pdf"


def render_report_pdf(report: ProgressReport) -> bytes:
    """The report as PDF; a draft carries a DRAFT mark."""
    return render_pdf("referrals/pdf/progress_report.html", report_context(report))
