"""FHIR R4 facade at /fhir/R4/ (read-only)."""

from __future__ import annotations

from django.urls import path

from petrissage.fhir import flag_views, views

app_name = "fhir"

urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("Patient", views.patient_search, name="patient_search"),
    path("Patient/<str:patient_id>", views.patient_read, name="patient_read"),
    path("Flag", flag_views.flag_search, name="flag_search"),
    path("Flag/<str:flag_id>", flag_views.flag_read, name="flag_read"),
    path("<path:rest>", views.not_supported, name="not_supported"),
]
