"""An owner loads a licensed instrument as FHIR Questionnaire JSON; bad files are refused
with a clear message and nothing is stored."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from petrissage.outcomes.models import Instrument, OutcomeResponse
from tests.domain.test_questionnaire_loader import PHQ9_ITEMS, with_item_nine, with_scoring


def upload(client, content: bytes, licence="Clinical licence 2026"):
    file = SimpleUploadedFile("q.json", content, content_type="application/json")
    return client.post("/outcomes/instruments/", {"questionnaire": file, "licence_note": licence})


def phq9_json(shared_data):
    path = (
        shared_data / "questionnaires/fhir-r4-spec-examples/Questionnaire-phq-9-questionnaire.json"
    )
    return json.loads(path.read_text(encoding="utf-8"))


def test_phq9_example_loads_and_can_be_answered_on_a_case(shared_data, login, owner, therapist):
    from tests.factories import make_patient
    from tests.outcomes.conftest import make_case

    resource = with_scoring(with_item_nine(phq9_json(shared_data)), [*PHQ9_ITEMS, "Item9"])
    client = login(owner)
    assert upload(client, json.dumps(resource).encode()).status_code == 302
    loaded = Instrument.objects.get(practice=owner.practice)
    assert loaded.key == "phq-9-questionnaire"
    assert loaded.licence_note == "Clinical licence 2026"
    assert "phq-9-questionnaire" in client.get("/outcomes/instruments/").content.decode()

    case = make_case(make_patient(owner.practice), therapist)
    url = f"/patients/{case.patient_id}/cases/{case.pk}/outcomes/new/phq-9-questionnaire/"
    answers = dict.fromkeys([*PHQ9_ITEMS, "Item9"], "1")
    assert login(therapist).post(url, {"timepoint": "baseline", **answers}).status_code == 302
    assert OutcomeResponse.objects.get().score == 9


def test_phq9_without_a_scoring_rule_is_refused(shared_data, login, owner):
    page = upload(login(owner), json.dumps(phq9_json(shared_data)).encode())
    assert page.status_code == 400
    assert "has no Petrissage scoring rule" in page.content.decode()
    assert not Instrument.objects.filter(practice=owner.practice).exists()


def test_invalid_files_are_refused_with_a_message(login, owner):
    client = login(owner)
    assert "not valid JSON" in upload(client, b"{oops").content.decode()
    assert (
        "one FHIR R4 Questionnaire"
        in upload(client, b'{"resourceType": "Patient"}').content.decode()
    )
    bad_fhir = {"resourceType": "Questionnaire", "id": "x", "status": "active", "date": "yesterday"}
    page = upload(client, json.dumps(bad_fhir).encode())
    assert page.status_code == 400
    assert "Not a valid FHIR R4 Questionnaire: date" in page.content.decode()
    assert "Licence" in upload(client, b"{}", licence="").content.decode()
    assert not Instrument.objects.filter(practice=owner.practice).exists()


def test_a_built_in_id_cannot_be_taken_and_only_owners_load(login, owner, therapist):
    from petrissage.domain.outcomes import builtin_questionnaire

    page = upload(login(owner), json.dumps(builtin_questionnaire("nprs")).encode())
    assert "already available" in page.content.decode()
    assert upload(login(therapist), b"{}").status_code == 403
