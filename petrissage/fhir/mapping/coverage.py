"""Coverage -> FHIR R4 Coverage. The channel travels as our own coding next to the
v3-ActCode policy type so an export re-imports to the same channel. With no payer named
(self-pay) the payor is the patient themselves (R4 Coverage.payor), shown as "Self-pay";
the importer reads a Patient payor back as no payer name."""

from __future__ import annotations

from typing import Any

from petrissage.patients.models import Coverage

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CHANNEL_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/coverage-channel"
PAYER_ID_SYSTEM = "https://petrissage.dev/fhir/NamingSystem/payer-id"
CLASS_SYSTEM = "http://terminology.hl7.org/CodeSystem/coverage-class"
RELATIONSHIP_SYSTEM = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"
EXTENSION_BASE = "https://petrissage.dev/fhir/StructureDefinition/coverage-"
# Auto and workers' comp details with no Coverage element of their own (837P loop 2300).
EXTENSIONS = (
    ("injury-date", "injury_date", "valueDate"),
    ("claim-number", "claim_number", "valueString"),
    ("employer", "employer_name", "valueString"),
    ("accident-state", "accident_state", "valueString"),
    ("subscriber-birth-date", "subscriber_birth_date", "valueDate"),
)
POLICY_TYPE = {"self_pay": "pay", "workers_comp": "WCBPOL", "auto": "AUTOPOL"}
RELATIONSHIP = {"18": "self", "01": "spouse", "19": "child", "G8": "other"}


def coverage_resource(coverage: Coverage) -> dict[str, Any]:
    policy = POLICY_TYPE.get(coverage.channel, "EHCPOL")
    system = (
        "http://terminology.hl7.org/CodeSystem/coverage-selfpay" if policy == "pay" else ACT_CODE
    )
    payor: dict[str, Any] = {"display": coverage.payer_name or "Self-pay"}
    if not coverage.payer_name:
        payor["reference"] = f"Patient/{coverage.patient_id}"
    if coverage.payer_identifier:
        payor["identifier"] = {"system": PAYER_ID_SYSTEM, "value": coverage.payer_identifier}
    resource: dict[str, Any] = {
        "resourceType": "Coverage",
        "id": str(coverage.pk),
        "status": "active" if coverage.active else "cancelled",
        "type": {
            "coding": [
                {"system": system, "code": policy},
                {"system": CHANNEL_SYSTEM, "code": coverage.channel},
            ],
            "text": coverage.get_channel_display(),
        },
        "beneficiary": {"reference": f"Patient/{coverage.patient_id}"},
        "relationship": {
            "coding": [
                {
                    "system": RELATIONSHIP_SYSTEM,
                    "code": RELATIONSHIP.get(coverage.relationship, "other"),
                }
            ]
        },
        "payor": [payor],
        "order": coverage.priority,
    }
    if coverage.member_id:
        resource["subscriberId"] = coverage.member_id
    if coverage.subscriber_name:
        resource["subscriber"] = {"display": coverage.subscriber_name}
    if coverage.group_number:
        resource["class"] = [
            {
                "type": {"coding": [{"system": CLASS_SYSTEM, "code": "group"}]},
                "value": coverage.group_number,
            }
        ]
    extensions = [
        {"url": f"{EXTENSION_BASE}{name}", kind: str(getattr(coverage, field).isoformat())
         if kind == "valueDate" else getattr(coverage, field)}
        for name, field, kind in EXTENSIONS
        if getattr(coverage, field)
    ]  # fmt: skip
    if extensions:
        resource["extension"] = extensions
    period = {
        key: value.isoformat()
        for key, value in (("start", coverage.valid_from), ("end", coverage.valid_to))
        if value
    }
    if period:
        resource["period"] = period
    return resource
