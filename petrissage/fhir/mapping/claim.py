"""Billing claims as FHIR R4 Claim resources (professional, use=claim).

Status: a claim being prepared (needs a fix, ready) is `draft`; sent and settled claims
are `active`; replaced or voided claims are `cancelled`. The CPT codes carry our short
labels, not AMA descriptor text.
"""

from __future__ import annotations

from typing import Any

from petrissage.billing.models import Claim, ClaimStatus
from petrissage.domain.billing.cpt import CPT_CODES

ICD10_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT_SYSTEM = "http://www.ama-assn.org/go/cpt"
CLAIM_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/claim-type"
PRIORITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/processpriority"
ACCOUNT_SYSTEM = "https://petrissage.dev/fhir/NamingSystem/claim-account-number"
FHIR_STATUS = {
    ClaimStatus.DRAFT: "draft",
    ClaimStatus.READY: "draft",
    ClaimStatus.SUBMITTED: "active",
    ClaimStatus.PAID: "active",
    ClaimStatus.PARTIALLY_PAID: "active",
    ClaimStatus.DENIED: "active",
    ClaimStatus.REPLACED: "cancelled",
    ClaimStatus.VOIDED: "cancelled",
}


def _money(value: object) -> dict[str, Any]:
    return {"value": float(str(value)), "currency": "USD"}


def _items(claim: Claim) -> list[dict[str, Any]]:
    items = []
    for sequence, charge in enumerate(claim.charges.order_by("id"), start=1):
        code = CPT_CODES.get(charge.cpt)
        item: dict[str, Any] = {
            "sequence": sequence,
            "diagnosisSequence": list(charge.pointers) or [1],
            "productOrService": {
                "coding": [
                    {
                        "system": CPT_SYSTEM,
                        "code": charge.cpt,
                        "display": code.label if code else "",
                    }
                ]
            },
            "servicedDate": charge.service_date.isoformat(),
            "quantity": {"value": charge.units},
            "unitPrice": _money(charge.fee),
            "net": _money(charge.amount),
        }
        if charge.modifiers:
            item["modifier"] = [{"coding": [{"code": m}]} for m in charge.modifiers]
        items.append(item)
    return items


def claim_resource(claim: Claim) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Claim",
        "id": str(claim.pk),
        "identifier": [{"system": ACCOUNT_SYSTEM, "value": claim.account_number}],
        "status": FHIR_STATUS[ClaimStatus(claim.status)],
        "type": {"coding": [{"system": CLAIM_TYPE_SYSTEM, "code": "professional"}]},
        "use": "claim",
        "patient": {"reference": f"Patient/{claim.patient_id}"},
        "created": claim.created_at.isoformat(),
        "provider": {"display": claim.practice.name},
        "priority": {"coding": [{"system": PRIORITY_SYSTEM, "code": "normal"}]},
        "insurer": {"display": claim.payer.name},
        "insurance": [
            {
                "sequence": 1,
                "focal": True,
                "coverage": {"display": f"{claim.payer.name} {claim.coverage.member_id}".strip()},
            }
        ],
        "total": _money(claim.total_charge),
    }
    if claim.diagnoses:
        resource["diagnosis"] = [
            {
                "sequence": n,
                "diagnosisCodeableConcept": {"coding": [{"system": ICD10_SYSTEM, "code": code}]},
            }
            for n, code in enumerate(claim.diagnoses, start=1)
        ]
    if claim.original_id:
        resource["related"] = [{"claim": {"reference": f"Claim/{claim.original_id}"}}]
    items = _items(claim)
    if items:
        resource["item"] = items
    return resource
