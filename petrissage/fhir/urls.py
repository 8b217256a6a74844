"""FHIR R4 facade at /fhir/R4/ (read-only)."""

from __future__ import annotations

from django.urls import path

from petrissage.fhir import (
    billing_views,
    careplan_views,
    document_views,
    everything_views,
    flag_views,
    history_views,
    questionnaire_views,
    referral_views,
    scheduling_views,
    session_views,
    views,
)

app_name = "fhir"

urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("Patient", views.patient_search, name="patient_search"),
    path("Patient/<str:patient_id>", views.patient_read, name="patient_read"),
    path("Flag", flag_views.flag_search, name="flag_search"),
    path("Flag/<str:flag_id>", flag_views.flag_read, name="flag_read"),
    path("Observation", views.observation_search, name="observation_search"),
    path("Observation/<str:observation_id>", views.observation_read, name="observation_read"),
    path("Appointment", scheduling_views.appointment_search, name="appointment_search"),
    path(
        "Appointment/<str:appointment_id>",
        scheduling_views.appointment_read,
        name="appointment_read",
    ),
    path("Schedule", scheduling_views.schedule_search, name="schedule_search"),
    path("Schedule/<str:schedule_id>", scheduling_views.schedule_read, name="schedule_read"),
    path("Slot", scheduling_views.slot_search, name="slot_search"),
    path("Slot/<str:slot_id>", scheduling_views.slot_read, name="slot_read"),
    path("Claim", billing_views.claim_search, name="claim_search"),
    path("Claim/<str:claim_id>", billing_views.claim_read, name="claim_read"),
    path("ServiceRequest", referral_views.service_request_search, name="service_request_search"),
    path(
        "ServiceRequest/<str:request_id>",
        referral_views.service_request_read,
        name="service_request_read",
    ),
    path("Encounter", session_views.encounter_search, name="encounter_search"),
    path("Encounter/<str:encounter_id>", session_views.encounter_read, name="encounter_read"),
    path("Procedure", session_views.procedure_search, name="procedure_search"),
    path("Procedure/<str:procedure_id>", session_views.procedure_read, name="procedure_read"),
    path("CarePlan", careplan_views.care_plan_search, name="care_plan_search"),
    path("CarePlan/<str:care_plan_id>", careplan_views.care_plan_read, name="care_plan_read"),
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
    path(
        "DocumentReference",
        document_views.document_reference_search,
        name="document_reference_search",
    ),
    path(
        "DocumentReference/<str:document_id>",
        document_views.document_reference_read,
        name="document_reference_read",
    ),
    path(
        "Patient/<str:patient_id>/$everything",
        everything_views.patient_everything,
        name="patient_everything",
    ),
    # Patient history and referrers (issue 10): Condition, MedicationStatement,
    # AllergyIntolerance, Coverage, Practitioner.
    *[
        route
        for name, search, read in (
            ("Condition", history_views.condition_search, history_views.condition_read),
            (
                "MedicationStatement",
                history_views.medication_statement_search,
                history_views.medication_statement_read,
            ),
            ("AllergyIntolerance", history_views.allergy_search, history_views.allergy_read),
            ("Coverage", history_views.coverage_search, history_views.coverage_read),
            ("Practitioner", history_views.practitioner_search, history_views.practitioner_read),
        )
        for route in (
            path(name, search, name=f"{name.lower()}_search"),
            path(f"{name}/<str:pk>", read, name=f"{name.lower()}_read"),
        )
    ],
    path("<path:rest>", views.not_supported, name="not_supported"),
]
