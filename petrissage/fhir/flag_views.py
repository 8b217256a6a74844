"""FHIR Flag: the patient's contraindication findings. Current findings are `active`,
those of earlier screenings `inactive`; a search without `status` lists the active ones."""

from __future__ import annotations

from petrissage.audit.models import Category
from petrissage.clinical.models import ScreeningFinding
from petrissage.fhir.mapping.flag import flag_resource
from petrissage.fhir.resource_views import Source, Spec, plain
from petrissage.fhir.searchset import Param, date_of_field, reference, token
from petrissage.practice.access import scoped
from petrissage.practice.permissions import Action

_patient = reference("Patient", "patient_id")

FLAG = Spec(
    "Flag",
    Action.CLINICAL_VIEW,
    Category.CLINICAL,
    (
        Param("patient", "reference", "Patient/{id} or {id} (patient or subject is required)"),
        Param("subject", "reference", "Same as patient"),
        Param(
            "status",
            "token",
            "active (current screening, the default) | inactive (earlier screenings)",
        ),
        Param("date", "date", "When the screening ran (period.start), with prefix"),
    ),
    (
        Source(
            lambda staff: (
                scoped(staff, ScreeningFinding)
                .select_related("screening")
                .order_by("-screening__computed_at", "id")
            ),
            {
                "patient": _patient,
                "subject": _patient,
                "status": token(
                    "screening__is_current",
                    {"active": True, "inactive": False, "entered-in-error": None},
                    "status",
                ),
                "date": date_of_field("screening__computed_at", "date"),
            },
            plain(flag_resource),
        ),
    ),
    "screening.fhir_search",
    "screening.fhir_read",
    required=("patient", "subject"),
    defaults={"status": "active"},
    documentation="Contraindication screening findings; category coding system "
    "https://petrissage.dev/fhir/CodeSystem/contraindication-class "
    "(absolute | local | relative | refer).",
)
