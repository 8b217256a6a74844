"""FHIR Claim read and search at /fhir/R4/Claim. Billing roles only (owner, biller,
front desk); another practice's claim, or any claim for another role, is 404. Every
access is audited."""

from __future__ import annotations

from petrissage.audit.models import Category
from petrissage.billing.models import Claim
from petrissage.fhir.mapping.claim import FHIR_STATUS, claim_resource
from petrissage.fhir.resource_views import Source, Spec, plain
from petrissage.fhir.searchset import Param, date_of_field, reference, token
from petrissage.practice.access import scoped
from petrissage.practice.permissions import Action

# FHIR status -> the stored statuses that map to it (mapping.claim.FHIR_STATUS).
STATUSES: dict[str, object] = {
    code: [str(stored) for stored, fhir in FHIR_STATUS.items() if fhir == code] or None
    for code in ("draft", "active", "cancelled", "entered-in-error")
}

CLAIM = Spec(
    "Claim",
    Action.BILLING_VIEW,
    Category.BILLING,
    (
        Param("patient", "reference", "The patient: 123 or Patient/123"),
        Param("status", "token", "draft | active | cancelled"),
        Param("created", "date", "When the claim was created, with prefix"),
    ),
    (
        Source(
            lambda staff: (
                scoped(staff, Claim)
                .select_related("payer", "coverage", "practice")
                .order_by("-service_date", "-id")
            ),
            {
                "patient": reference("Patient", "patient_id"),
                "status": token("status__in", STATUSES, "status"),
                "created": date_of_field("created_at", "created"),
            },
            plain(claim_resource),
        ),
    ),
    "claim.fhir_search",
    "claim.fhir_read",
    documentation="Professional insurance claims (CMS-1500 / 837P) with ICD-10-CM "
    "diagnoses and CPT lines. Needs a billing role (owner, biller, front desk).",
)
