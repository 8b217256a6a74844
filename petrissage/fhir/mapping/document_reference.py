"""Signed progress reports -> FHIR R4 DocumentReference, the PDF as the attachment.
Validated with fhir.resources (R4B) in tests.

- type: a discharge summary is LOINC 18842-5 (confirmed in the HL7 FHIR R4 example
  Consent-consent-example-signature, shared test data); a progress report carries our own
  code with its text: LOINC 11506-3 "Progress note" could not be confirmed in a public
  artefact we hold, so it is not sent (DESIGN.md: never invent a code).
- category: US Core "clinical-note" (confirmed in the Synthea DocumentReference NDJSON).
- docStatus: final, or amended once amended; drafts are not exposed.
- author / authenticator: the signing therapist as a contained Practitioner (NPI if known).
- content.attachment: application/pdf with url (the PDF page of the report), size, title,
  creation, and on a read the data (base64) with its SHA-1 hash.
- context: the report period and the prescription (ServiceRequest) it reports on.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from petrissage.fhir.mapping.service_request import NPI_SYSTEM
from petrissage.referrals.models import ProgressReport, ReportKind
from petrissage.referrals.report_pdf import report_filename

LOINC = "http://loinc.org"
US_CORE_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category"
DOCUMENT_TYPE_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/document-type"

TYPE_TOKENS = {
    "progress-report": ReportKind.PROGRESS,
    "discharge-summary": ReportKind.DISCHARGE,
    "18842-5": ReportKind.DISCHARGE,
    f"{LOINC}|18842-5": ReportKind.DISCHARGE,
}


def document_type(kind: str) -> dict[str, Any]:
    if kind == ReportKind.DISCHARGE:
        return {
            "coding": [
                {"system": LOINC, "code": "18842-5", "display": "Discharge summary"},
                {"system": DOCUMENT_TYPE_SYSTEM, "code": "discharge-summary"},
            ],
            "text": "Discharge summary (medical massage)",
        }
    return {
        "coding": [{"system": DOCUMENT_TYPE_SYSTEM, "code": "progress-report"}],
        "text": "Physician progress report (medical massage)",
    }


def _author(report: ProgressReport) -> dict[str, Any]:
    therapist = report.snapshot.get("therapist") or {}
    practitioner: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": "author",
        "name": [{"text": report.signature or str(therapist.get("name") or "Therapist")}],
    }
    if therapist.get("npi"):
        practitioner["identifier"] = [{"system": NPI_SYSTEM, "value": therapist["npi"]}]
    return practitioner


def _custodian(report: ProgressReport) -> str:
    """The practice as the report names it; its current name when the snapshot has none (an
    empty display is not valid FHIR)."""
    named = str((report.snapshot.get("practice") or {}).get("name") or "").strip()
    return named or report.practice.name


def _attachment(report: ProgressReport, pdf_url: str, pdf: bytes | None) -> dict[str, Any]:
    attachment: dict[str, Any] = {
        "contentType": "application/pdf",
        "language": "en-US",
        "url": pdf_url,
        "title": report_filename(report),
    }
    if report.signed_at is not None:
        attachment["creation"] = report.signed_at.isoformat(timespec="seconds")
    if pdf is not None:
        attachment["data"] = base64.b64encode(pdf).decode("ascii")
        attachment["size"] = len(pdf)
        sha1 = hashlib.sha1(pdf, usedforsecurity=False).digest()  # Attachment.hash is SHA-1
        attachment["hash"] = base64.b64encode(sha1).decode("ascii")
    return attachment


def document_reference_resource(
    report: ProgressReport, *, pdf_url: str, pdf: bytes | None = None
) -> dict[str, Any]:
    """One signed report as a DocumentReference; `pdf` (the stored file) adds the data."""
    amended = report.amendments.exists()
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": str(report.pk),
        "contained": [_author(report)],
        "status": "current",
        "docStatus": "amended" if amended else "final",
        "type": document_type(report.kind),
        "category": [
            {
                "coding": [
                    {
                        "system": US_CORE_CATEGORY,
                        "code": "clinical-note",
                        "display": "Clinical Note",
                    }
                ]
            }
        ],
        "subject": {"reference": f"Patient/{report.patient_id}"},
        "author": [{"reference": "#author", "display": report.signature}],
        "authenticator": {"reference": "#author", "display": report.signature},
        "custodian": {"display": _custodian(report)},
        "description": f"{report.get_kind_display()}, {report.period_start:%Y-%m-%d} to "
        f"{report.period_end:%Y-%m-%d}",
        "content": [{"attachment": _attachment(report, pdf_url, pdf)}],
        "context": {
            "period": {
                "start": report.period_start.isoformat(),
                "end": report.period_end.isoformat(),
            }
        },
    }
    if report.signed_at is not None:
        resource["date"] = report.signed_at.isoformat(timespec="seconds")
    if report.prescription_id is not None:
        resource["context"]["related"] = [{"reference": f"ServiceRequest/{report.prescription_id}"}]
    return resource
