"""Referring providers at /referrals/providers/; progress reports at /referrals/reports/."""

from __future__ import annotations

from django.urls import path

from petrissage.referrals import provider_views, report_views

REPORT = "reports/<int:report_id>/"

urlpatterns = [
    path("providers/", provider_views.provider_list, name="referring_provider_list"),
    path("providers/new/", provider_views.provider_edit, name="referring_provider_create"),
    path(
        "providers/<int:provider_id>/edit/",
        provider_views.provider_edit,
        name="referring_provider_edit",
    ),
    path("reports/due/", report_views.reports_due, name="reports_due"),
    path("cases/<int:case_id>/reports/new/", report_views.report_new, name="report_new"),
    path(REPORT, report_views.report_detail, name="report_detail"),
    path(f"{REPORT}refresh/", report_views.report_refresh, name="report_refresh"),
    path(f"{REPORT}sign/", report_views.report_sign, name="report_sign"),
    path(f"{REPORT}report.pdf", report_views.report_pdf, name="report_pdf"),
    path(f"{REPORT}send/", report_views.report_send, name="report_send"),
    path(f"{REPORT}amend/", report_views.report_amend, name="report_amend"),
]
