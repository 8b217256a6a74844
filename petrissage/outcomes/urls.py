"""Outcome and check-in pages: staff ones under /patients/…/outcomes/ and /outcomes/, the
patient's links under /o/<token>/ (questionnaire) and /checkin/<token>/."""

from __future__ import annotations

from django.urls import path

from petrissage.outcomes import public_views, views

CASE = "patients/<int:patient_id>/cases/<int:case_id>/outcomes"

urlpatterns = [
    path(f"{CASE}/", views.case_outcomes, name="case_outcomes"),
    path(f"{CASE}/new/<slug:key>/", views.outcome_new, name="outcome_new"),
    path(f"{CASE}/link/", views.outcome_link, name="outcome_link"),
    path("outcomes/instruments/", views.instrument_list, name="outcome_instruments"),
    path("outcomes/alerts/", views.alert_list, name="checkin_alerts"),
    path("outcomes/settings/", views.checkin_settings, name="checkin_settings"),
    path("outcomes/check-ins/<int:check_in_id>/", views.check_in_detail, name="check_in_detail"),
    path(
        "outcomes/check-ins/<int:check_in_id>/acknowledge/",
        views.check_in_acknowledge,
        name="check_in_acknowledge",
    ),
    path("o/<str:token>/", public_views.outcome_public, name="outcome_public"),
    path("checkin/<str:token>/", public_views.checkin_public, name="checkin_public"),
]
