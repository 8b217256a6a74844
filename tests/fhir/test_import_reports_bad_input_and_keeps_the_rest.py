"""Bad input is reported with the resource and reason; the rest of the file still imports,
and no half-made patient is left behind."""

from __future__ import annotations

import json

import pytest

from petrissage.domain.fhir_import import reading
from petrissage.patients.models import Patient, PatientCondition
from tests.fhir.fhir_import_helpers import condition, patient, run_import, write_bundle

pytestmark = pytest.mark.django_db


def _reasons(summary):
    return " | ".join(f"{where}: {reason}" for where, reason in summary.errors)


def test_one_malformed_resource_is_skipped_and_named(practice, tmp_path):
    bad_date = condition("c-bad", "64859006", "Osteoporosis (disorder)")
    bad_date["onsetDateTime"] = "2021-02-30"
    path = write_bundle(
        tmp_path,
        "b.json",
        [
            patient(),
            condition("c-ok", "239873007", "Osteoarthritis of knee"),
            bad_date,
            condition("c-dangling", "69896004", "Rheumatoid arthritis", subject="urn:uuid:nobody"),
            {"resourceType": "Condition", "id": "c-ok", "code": {"text": "a different one"}},
        ],
    )
    summary = run_import(practice, path)

    text = _reasons(summary)
    assert "Condition/c-bad" in text
    assert "'2021-02-30' is not a real date" in text
    assert "Condition/c-dangling" in text
    assert "dangling reference" in text
    assert "duplicate id" in text
    codes = set(PatientCondition.objects.filter(practice=practice).values_list("code", flat=True))
    assert codes == {"239873007"}


def test_a_patient_that_cannot_be_registered_takes_nothing_with_it(practice, tmp_path):
    nameless = patient(name=[{"text": "?"}])
    path = write_bundle(tmp_path, "b.json", [nameless, condition("c1", "64859006", "Osteoporosis")])

    summary = run_import(practice, path)

    assert "Patient.name" in _reasons(summary)
    assert "its patient Patient/p-1 was not imported" in _reasons(summary)
    assert not Patient.objects.filter(practice=practice).exists()
    assert not PatientCondition.objects.filter(practice=practice).exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "invalid JSON at line 1"),
        ("<Bundle xmlns='http://hl7.org/fhir'/>", "looks like XML"),
        ('{"hello": "world"}', "not a FHIR resource"),
        (
            json.dumps({"resourceType": "Condition", "clinicalStatus": "active", "id": "x"}),
            "DSTU2/STU3, not R4",
        ),
        (
            json.dumps({"resourceType": "Encounter", "id": "x", "class": [{"text": "amb"}]}),
            "FHIR R5, not R4",
        ),
    ],
)
def test_files_that_are_not_fhir_r4_json_get_a_clear_error(practice, tmp_path, content, reason):
    path = tmp_path / "input.json"
    path.write_text(content, "utf-8")

    summary = run_import(practice, path)

    assert reason in _reasons(summary)
    assert summary.total_imported == 0


def test_a_resource_over_the_size_limit_is_refused(practice, tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_RESOURCE_BYTES", 300)
    big = patient("p-2", text={"status": "generated", "div": "<div>" + "x" * 400 + "</div>"})
    lines = [json.dumps(patient()), json.dumps(big)]
    path = tmp_path / "Patient.ndjson"
    path.write_text("\n".join(lines), "utf-8")

    summary = run_import(practice, path)

    assert "Patient.ndjson line 2: resource is over 5 MB" in _reasons(summary)
    assert Patient.objects.filter(practice=practice).count() == 1


def test_a_missing_path_is_reported(practice, tmp_path):
    summary = run_import(practice, tmp_path / "nowhere.json")
    assert "no such file or folder" in _reasons(summary)
