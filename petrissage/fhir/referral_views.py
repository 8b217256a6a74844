"""FHIR ServiceRequest read and search for prescriptions (resource_views.Spec).

Clinical roles only (CLINICAL_VIEW: owner, therapist): the resource carries diagnoses and
the physician's precautions. Another practice's prescription is 404. Every access is audited.
The status is computed (in force today and visits left), so `status=` tests the mapped
resource.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from petrissage.audit.models import Category
from petrissage.fhir.mapping.service_request import service_request_resource
from petrissage.fhir.resource_views import Source, Spec
from petrissage.fhir.searchset import Param, date_of_field, reference, status_of_resource
from petrissage.practice.access import scoped
from petrissage.practice.permissions import Action
from petrissage.referrals.models import Prescription
from petrissage.referrals.selectors import practice_today, visits_used


def _resource(prescription: Prescription, request: HttpRequest) -> dict[str, Any]:
    return service_request_resource(
        prescription,
        today=practice_today(prescription.patient),
        visits_used=visits_used(prescription),
    )


_patient = reference("Patient", "patient_id")

SERVICE_REQUEST = Spec(
    "ServiceRequest",
    Action.CLINICAL_VIEW,
    Category.CLINICAL,
    (
        Param("patient", "reference", "Patient/{id} or {id} (patient or subject is required)"),
        Param("subject", "reference", "Same as patient"),
        Param(
            "status",
            "token",
            "active (in force today, visits left) | completed (expired or visits used up)",
        ),
        Param("authored", "date", "Issue date (authoredOn), with prefix"),
    ),
    (
        Source(
            lambda staff: (
                scoped(staff, Prescription)
                .select_related("provider", "patient__practice")
                .order_by("-issued_on", "-id")
            ),
            {
                "patient": _patient,
                "subject": _patient,
                "status": status_of_resource(("active", "completed")),
                "authored": date_of_field("issued_on", "authored", is_date=True),
            },
            _resource,
        ),
    ),
    "prescription.fhir_search",
    "prescription.fhir_read",
    required=("patient", "subject"),
    documentation="Physician prescriptions for massage (intent order): ICD-10-CM "
    "reasonCode, CPT orderDetail, occurrenceTiming (sessions a week, visit cap), coded "
    "bodySite, contained requester Practitioner. Needs a clinical role (therapist or owner).",
)
