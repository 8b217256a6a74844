"""Signed progress reports as FHIR DocumentReference with the PDF attached, validated
with fhir.resources (R4B); search by patient; drafts and other practices stay hidden."""

from __future__ import annotations

import base64
import hashlib

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.operationoutcome import OperationOutcome

from petrissage.referrals import report_services as services
from tests.factories import make_patient, make_token
from tests.referrals.builders import actor_for
from tests.referrals.report_builders import case_with_visits

pytestmark = pytest.mark.django_db
WRITTEN = {"assessment": "Better.", "recommendation": "discharge", "plan_next": ""}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _get(client, url, staff):
    return client.get(url, headers={"Authorization": f"Bearer {make_token(staff)}"})


def _report(patient, therapist, *, sign=True, kind="progress"):
    data = case_with_visits(patient, therapist, visits=3)
    actor = actor_for(patient.practice)
    report = services.progress_report_create(
        case=data.case, staff=therapist, actor=actor, kind=kind
    )
    services.progress_report_save(report=report, actor=actor, fields=WRITTEN)
    if sign:
        services.progress_report_sign(report=report, staff=therapist, actor=actor)
    return report


def test_read_validates_and_carries_the_pdf(client, therapist, patient):
    report = _report(patient, therapist)
    response = _get(client, f"/fhir/R4/DocumentReference/{report.pk}", therapist)
    assert response.status_code == 200
    raw = response.json()
    document = DocumentReference.model_validate(raw)
    assert (document.status, document.docStatus) == ("current", "final")
    assert document.subject.reference == f"Patient/{patient.pk}"
    assert document.type.text == "Physician progress report (medical massage)"
    assert document.context.related[0].reference == f"ServiceRequest/{report.prescription_id}"
    attachment = document.content[0].attachment
    assert attachment.contentType == "application/pdf"
    assert str(attachment.url).endswith(f"/referrals/reports/{report.pk}/report.pdf")
    pdf = base64.b64decode(raw["content"][0]["attachment"]["data"])
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == report.pdf_sha256
    assert raw["content"][0]["attachment"]["hash"] == base64.b64encode(
        hashlib.sha1(pdf).digest()
    ).decode("ascii")
    assert attachment.size == len(pdf)
    assert document.author[0].reference == "#author"


def test_discharge_summary_is_loinc_18842_5(client, therapist, patient):
    report = _report(patient, therapist, kind="discharge")
    document = DocumentReference.model_validate(
        _get(client, f"/fhir/R4/DocumentReference/{report.pk}", therapist).json()
    )
    assert next((c.system, c.code) for c in document.type.coding) == (
        "http://loinc.org",
        "18842-5",
    )


def test_search_by_patient_lists_signed_reports_only(client, therapist, patient):
    signed = _report(patient, therapist)
    _report(patient, therapist, sign=False)
    response = _get(client, f"/fhir/R4/DocumentReference?patient=Patient/{patient.pk}", therapist)
    bundle = Bundle.model_validate(response.json())
    assert bundle.total == 1
    raw = response.json()["entry"][0]["resource"]
    assert bundle.entry[0].resource.id == str(signed.pk)
    assert "data" not in raw["content"][0]["attachment"]  # the url is enough in a search
    other = make_patient(patient.practice)
    empty = _get(client, f"/fhir/R4/DocumentReference?patient={other.pk}", therapist).json()
    assert empty["total"] == 0


def test_drafts_other_practices_and_front_desk_are_refused(
    client, therapist, patient, outsider, front_desk
):
    draft = _report(patient, therapist, sign=False)
    assert _get(client, f"/fhir/R4/DocumentReference/{draft.pk}", therapist).status_code == 404
    signed = _report(patient, therapist)
    assert _get(client, f"/fhir/R4/DocumentReference/{signed.pk}", outsider).status_code == 404
    assert _get(client, f"/fhir/R4/DocumentReference/{signed.pk}", front_desk).status_code == 404


@pytest.mark.parametrize(
    "query", ["", "?patient=abc", "?patient=1&author=x", "?patient=1&type=letter"]
)
def test_bad_searches_are_an_operation_outcome(client, therapist, query):
    response = _get(client, f"/fhir/R4/DocumentReference{query}", therapist)
    assert response.status_code == 400
    OperationOutcome.model_validate(response.json())


def test_capability_statement_lists_document_reference(client):
    statement = CapabilityStatement.model_validate(client.get("/fhir/R4/metadata").json())
    types = {r.type for r in statement.rest[0].resource}
    assert "DocumentReference" in types
