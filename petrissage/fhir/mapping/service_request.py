"""Prescription -> FHIR R4 ServiceRequest (intent order). Validated with fhir.resources in tests.

- category: text "Medical massage / manual therapy" with Petrissage's own code; no SNOMED CT
  concept for massage could be confirmed in a public artefact, so none is sent (DESIGN.md).
- code: text naming the ordered care; each allowed CPT code is an orderDetail coding with
  our own short label as text (AMA descriptors are not shipped).
- occurrenceTiming: sessions per week within the valid period, `count` = the visit cap;
  quantityQuantity repeats the cap in visits.
- requester: the referring provider as a contained Practitioner (name, NPI, telecom).
- reasonCode: ICD-10-CM; bodySite: SNOMED CT structure + our region code + laterality.
- extension (ours, no standard element): visits the payer authorised under the prior
  authorisation, the progress-report interval (every N visits / M days) and the case the
  order belongs to (an identifier: cases are not FHIR resources of their own here).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from petrissage.domain.billing.cpt import CPT_CODES
from petrissage.domain.regions import is_region, region
from petrissage.fhir.mapping.observation import LATERALITY_EXTENSION, REGION_SYSTEM, SNOMED
from petrissage.referrals.models import Prescription, ReferringProvider

CPT_SYSTEM = "http://www.ama-assn.org/go/cpt"
ICD10CM_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
CATEGORY_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/service-category"
PRIOR_AUTH_SYSTEM = "https://petrissage.dev/fhir/NamingSystem/prior-authorisation"
CATEGORY_TEXT = "Medical massage / manual therapy"
EXTENSION_BASE = "https://petrissage.dev/fhir/StructureDefinition/prescription-"
CASE_SYSTEM = "https://petrissage.dev/fhir/NamingSystem/case"
# (extension name, Prescription field): positive whole numbers, absent when not set.
COUNT_EXTENSIONS = (
    ("authorised-visits", "authorised_visits"),
    ("report-every-visits", "report_every_visits"),
    ("report-every-days", "report_every_days"),
)


def request_status(prescription: Prescription, today: date, visits_used: int) -> str:
    """active while in force and visits remain; completed once expired or used up."""
    limits = prescription.limits()
    if today > prescription.expires_on or visits_used >= limits.effective_cap:
        return "completed"
    return "active"


def practitioner(provider: ReferringProvider) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": "requester",
        "name": [{"text": str(provider)}],
    }
    if provider.npi:
        resource["identifier"] = [{"system": NPI_SYSTEM, "value": provider.npi}]
    telecom = [
        {"system": system, "value": value, **({"use": "work"} if system != "email" else {})}
        for system, value in (
            ("phone", provider.phone),
            ("fax", provider.fax),
            ("email", provider.email),
        )
        if value
    ]
    if telecom:
        resource["telecom"] = telecom
    return resource


def body_site(code: str) -> dict[str, Any]:
    if not is_region(code):  # a code dropped from the table since: keep its text
        return {"coding": [{"system": REGION_SYSTEM, "code": code}], "text": code}
    r = region(code)
    site: dict[str, Any] = {
        "coding": [
            {"system": SNOMED, "code": r.snomed_code, "display": r.snomed_display},
            {"system": REGION_SYSTEM, "code": r.code, "display": r.label},
        ],
        "text": r.label,
    }
    if r.laterality_code:
        laterality = {"system": SNOMED, "code": r.laterality_code, "display": r.laterality_display}
        site["extension"] = [
            {"url": LATERALITY_EXTENSION, "valueCodeableConcept": {"coding": [laterality]}}
        ]
    return site


def _order_details(prescription: Prescription) -> list[dict[str, Any]]:
    details = []
    for code in prescription.cpt_codes:
        label = CPT_CODES[code].label if code in CPT_CODES else code
        details.append({"coding": [{"system": CPT_SYSTEM, "code": code}], "text": label})
    return details


def _timing(prescription: Prescription) -> dict[str, Any]:
    return {
        "repeat": {
            "boundsPeriod": {
                "start": prescription.issued_on.isoformat(),
                "end": prescription.expires_on.isoformat(),
            },
            "count": prescription.visit_cap,
            "frequency": prescription.sessions_per_week,
            "period": 1,
            "periodUnit": "wk",
        },
        "code": {"text": f"{prescription.sessions_per_week} a week for {prescription.weeks} weeks"},
    }


def service_request_resource(
    prescription: Prescription, *, today: date, visits_used: int
) -> dict[str, Any]:
    """One prescription (select_related provider) as a ServiceRequest."""
    labels = [CPT_CODES[c].label for c in prescription.cpt_codes if c in CPT_CODES]
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": str(prescription.pk),
        "contained": [practitioner(prescription.provider)],
        "status": request_status(prescription, today, visits_used),
        "intent": "order",
        "category": [
            {
                "coding": [{"system": CATEGORY_SYSTEM, "code": "medical-massage"}],
                "text": CATEGORY_TEXT,
            }
        ],
        "code": {"text": f"{CATEGORY_TEXT}: {', '.join(labels) or 'as prescribed'}"},
        "orderDetail": _order_details(prescription),
        "quantityQuantity": {"value": prescription.visit_cap, "unit": "visits"},
        "subject": {"reference": f"Patient/{prescription.patient_id}"},
        "occurrenceTiming": _timing(prescription),
        "authoredOn": prescription.issued_on.isoformat(),
        "requester": {"reference": "#requester", "display": str(prescription.provider)},
        "reasonCode": [
            {
                "coding": [
                    {"system": ICD10CM_SYSTEM, "code": d["code"], "display": d["description"]}
                ],
                "text": d["description"] or d["code"],
            }
            for d in prescription.diagnoses
        ],
    }
    if prescription.prior_auth_number:
        resource["identifier"] = [
            {
                "type": {"text": "Prior authorisation number"},
                "system": PRIOR_AUTH_SYSTEM,
                "value": prescription.prior_auth_number,
            }
        ]
    extensions = [
        {"url": f"{EXTENSION_BASE}{name}", "valuePositiveInt": getattr(prescription, field)}
        for name, field in COUNT_EXTENSIONS
        if getattr(prescription, field)
    ]
    if prescription.case_id:
        case = {"system": CASE_SYSTEM, "value": str(prescription.case_id)}
        extensions.append({"url": f"{EXTENSION_BASE}case", "valueIdentifier": case})
    if extensions:
        resource["extension"] = extensions
    if prescription.regions:
        resource["bodySite"] = [body_site(code) for code in prescription.regions]
    if prescription.precautions:
        resource["note"] = [{"text": f"Precautions: {prescription.precautions}"}]
    return resource
