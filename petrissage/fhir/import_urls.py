from __future__ import annotations

from django.urls import path

from petrissage.fhir import import_views

urlpatterns = [
    path("", import_views.fhir_import_page, name="fhir_import"),
    path("export/", import_views.fhir_export_download, name="fhir_export_download"),
]
