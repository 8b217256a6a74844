from django.contrib import admin
from django.urls import include, path

from petrissage.api import api

urlpatterns = [
    path("", include("petrissage.practice.urls")),
    path("patients/", include("petrissage.patients.urls")),
    path("", include("petrissage.patients.intake_urls")),
    path("patients/<int:patient_id>/screening/", include("petrissage.clinical.screening_urls")),
    path("clinical/", include("petrissage.clinical.urls")),
    path("patients/<int:patient_id>/cases/", include("petrissage.clinical.case_urls")),
    path(
        "patients/<int:patient_id>/cases/<int:case_id>/sessions/",
        include("petrissage.clinical.session_urls"),
    ),
    path("referrals/", include("petrissage.referrals.urls")),
    path(
        "patients/<int:patient_id>/prescriptions/",
        include("petrissage.referrals.prescription_urls"),
    ),
    path("audit/", include("petrissage.audit.urls")),
    path("billing/", include("petrissage.billing.urls")),
    path("schedule/", include("petrissage.scheduling.urls")),
    path("book/", include("petrissage.scheduling.public_urls")),
    path("", include("petrissage.outcomes.urls")),
    path("care/", include("petrissage.care.urls")),
    path("api/v1/", api.urls),
    path("import/fhir/", include("petrissage.fhir.import_urls")),
    path("fhir/R4/", include("petrissage.fhir.urls")),
    path("admin/", admin.site.urls),
]
