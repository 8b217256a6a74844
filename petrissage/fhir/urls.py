"""FHIR R4 facade at /fhir/R4/ (read-only)."""

from __future__ import annotations

from django.urls import URLPattern, path

from petrissage.fhir import everything_views, questionnaire_views, scheduling_views, views
from petrissage.fhir.capability import spec_resources
from petrissage.fhir.resource_views import Spec, spec_views

app_name = "fhir"


# Every type made from a Spec (resource_views.py): search at Type, read at Type/{id}; the
# same list the CapabilityStatement describes.
def _spec_routes(spec: Spec) -> list[URLPattern]:
    search, read = spec_views(spec)
    name = spec.resource.lower()
    return [
        path(spec.resource, search, name=f"{name}_search"),
        path(f"{spec.resource}/<str:resource_id>", read, name=f"{name}_read"),
    ]


urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("Patient", views.patient_search, name="patient_search"),
    path(
        "Patient/<str:patient_id>/$everything",
        everything_views.patient_everything,
        name="patient_everything",
    ),
    path("Patient/<str:patient_id>", views.patient_read, name="patient_read"),
    path("Schedule", scheduling_views.schedule_search, name="schedule_search"),
    path("Schedule/<str:schedule_id>", scheduling_views.schedule_read, name="schedule_read"),
    path("Slot", scheduling_views.slot_search, name="slot_search"),
    path("Slot/<str:slot_id>", scheduling_views.slot_read, name="slot_read"),
    path(
        "QuestionnaireResponse",
        questionnaire_views.questionnaire_response_search,
        name="questionnaire_response_search",
    ),
    path(
        "QuestionnaireResponse/<str:response_id>",
        questionnaire_views.questionnaire_response_read,
        name="questionnaire_response_read",
    ),
    path("Questionnaire", questionnaire_views.questionnaire_search, name="questionnaire_search"),
    path(
        "Questionnaire/<str:questionnaire_id>",
        questionnaire_views.questionnaire_read,
        name="questionnaire_read",
    ),
    *[route for spec in spec_resources() for route in _spec_routes(spec)],
    path("<path:rest>", views.not_supported, name="not_supported"),
]
