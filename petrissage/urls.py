from django.contrib import admin
from django.urls import include, path

from petrissage.api import api

urlpatterns = [
    path("", include("petrissage.practice.urls")),
    path("patients/", include("petrissage.patients.urls")),
    path("patients/<int:patient_id>/screening/", include("petrissage.clinical.screening_urls")),
    path("audit/", include("petrissage.audit.urls")),
    path("api/v1/", api.urls),
    path("fhir/R4/", include("petrissage.fhir.urls")),
    path("admin/", admin.site.urls),
]
