"""Session notes as FHIR Encounter and treatment lines as Procedure, validated by
fhir.resources; practice-scoped, clinical roles only, unsupported parameters refused."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.procedure import Procedure

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.clinical import session_services as services
from petrissage.domain.session_rules import Line
from tests.factories import make_token
from tests.sessions.conftest import make_case, save_lines, start_note

CPT = "http://www.ama-assn.org/go/cpt"
SNOMED = "http://snomed.info/sct"


def _get(client, url, staff):
    return client.get(url, headers={"Authorization": f"Bearer {make_token(staff)}"})


@pytest.fixture
def sessions(patient, therapist):
    case = make_case(patient, therapist)
    signed = start_note(case, therapist)
    save_lines(
        signed,
        therapist,
        Line("upper-trapezius-left", "myofascial_release", 20, 3),
        Line("lumbar-paraspinals-right", "hot_cold_pack", 10, 0),
    )
    services.session_sign(note=signed, staff=therapist, actor=Actor.for_staff(therapist))
    draft = start_note(case, therapist)
    save_lines(draft, therapist, Line("calf-left", "stretching", 5, 1))
    return signed, draft


def test_encounters_validate_with_status_class_and_diagnoses(client, therapist, sessions, patient):
    signed, draft = sessions
    response = _get(client, f"/fhir/R4/Encounter?patient=Patient/{patient.pk}", therapist)
    assert response.status_code == 200
    bundle = Bundle.model_validate(response.json())
    encounters = {
        e.resource.id: Encounter.model_validate(e.resource.model_dump()) for e in bundle.entry
    }
    assert set(encounters) == {str(signed.pk), str(draft.pk)}
    finished = encounters[str(signed.pk)]
    assert finished.status == "finished"
    assert encounters[str(draft.pk)].status == "in-progress"
    assert finished.class_fhir.code == "AMB"
    assert finished.class_fhir.system == "http://terminology.hl7.org/CodeSystem/v3-ActCode"
    assert finished.subject.reference == f"Patient/{patient.pk}"
    assert finished.participant[0].individual.reference == f"Practitioner/{therapist.pk}"
    assert str(finished.period.start) == signed.session_date.isoformat()
    coding = finished.reasonCode[0].coding[0]
    assert (coding.system, coding.code) == ("http://hl7.org/fhir/sid/icd-10-cm", "M54.2")


def test_procedures_carry_cpt_body_site_laterality_and_minutes(client, therapist, sessions):
    signed, _ = sessions
    response = _get(client, f"/fhir/R4/Procedure?encounter=Encounter/{signed.pk}", therapist)
    bundle = Bundle.model_validate(response.json())
    procedures = [Procedure.model_validate(e.resource.model_dump()) for e in bundle.entry]
    assert len(procedures) == 2
    mfr = next(p for p in procedures if p.code.text == "Myofascial release")
    assert mfr.status == "completed"
    assert (mfr.code.coding[0].system, mfr.code.coding[0].code) == (CPT, "97140")
    assert mfr.encounter.reference == f"Encounter/{signed.pk}"
    assert str(mfr.performedDateTime) == signed.session_date.isoformat()
    site, side = mfr.bodySite[0].coding
    assert site.system == SNOMED
    assert site.code == "31764008"
    assert (side.code, side.display) == ("7771000", "Left")
    assert "20 min" in mfr.note[0].text
    assert "pressure 3/5" in mfr.note[0].text
    pack = next(p for p in procedures if p.code.text == "Hot / cold pack")
    assert pack.code.coding[0].code == "97010"
    assert pack.bodySite[0].coding[1].code == "24028007"


def test_technique_without_a_cpt_code_is_text_only(client, therapist, sessions, patient):
    _, draft = sessions
    line = draft.lines.get()
    response = _get(client, f"/fhir/R4/Procedure/{line.pk}", therapist)
    procedure = Procedure.model_validate(response.json())
    assert procedure.code.text == "Stretching"
    assert not procedure.code.coding


def test_read_one_encounter_and_search_procedures_by_patient(client, therapist, sessions, patient):
    signed, _ = sessions
    Encounter.model_validate(_get(client, f"/fhir/R4/Encounter/{signed.pk}", therapist).json())
    response = _get(client, f"/fhir/R4/Procedure?patient={patient.pk}", therapist)
    assert Bundle.model_validate(response.json()).total == 3
    assert AuditEvent.objects.filter(action="session.fhir_read").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/fhir/R4/Encounter?patient={p}&status=done",
        "/fhir/R4/Encounter",
        "/fhir/R4/Procedure?code:text=massage&patient={p}",
        "/fhir/R4/Procedure",
        "/fhir/R4/Encounter?patient=Patient/abc",
    ],
)
def test_unsupported_or_missing_params_are_a_400_outcome(client, therapist, patient, url):
    response = _get(client, url.format(p=patient.pk), therapist)
    assert response.status_code == 400
    OperationOutcome.model_validate(response.json())


def test_other_practice_reads_404_and_finds_nothing(client, outsider, sessions, patient):
    signed, _ = sessions
    line = signed.lines.first()
    for url in (f"/fhir/R4/Encounter/{signed.pk}", f"/fhir/R4/Procedure/{line.pk}"):
        response = _get(client, url, outsider)
        assert response.status_code == 404, url
        OperationOutcome.model_validate(response.json())
    for url in (
        f"/fhir/R4/Encounter?patient={patient.pk}",
        f"/fhir/R4/Procedure?encounter={signed.pk}",
    ):
        response = _get(client, url, outsider)
        assert response.status_code == 200, url
        assert Bundle.model_validate(response.json()).total == 0


@pytest.mark.parametrize("role", ["front_desk", "biller"])
def test_non_clinical_roles_get_what_a_missing_id_gets(client, personas, sessions, role):
    signed, _ = sessions
    response = _get(client, f"/fhir/R4/Encounter/{signed.pk}", personas[role])
    assert response.status_code == 404
    missing = _get(client, "/fhir/R4/Encounter/999999", personas["therapist"])
    assert response.json() == missing.json()


def test_capability_statement_lists_encounter_and_procedure(client):
    types = {r["type"] for r in client.get("/fhir/R4/metadata").json()["rest"][0]["resource"]}
    assert {"Encounter", "Procedure"} <= types
