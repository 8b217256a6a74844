"""Importing a real Synthea patient: identifiers kept, both codings on conditions, and the
screening sees imported warfarin and osteoporosis. A second import changes nothing."""

from __future__ import annotations

import json
import shutil

import pytest

from petrissage.audit.models import AuditEvent
from petrissage.clinical.models import Screening
from petrissage.fhir.models import ImportedResource
from petrissage.patients.models import (
    PastEncounter,
    PastProcedure,
    Patient,
    PatientCondition,
    PatientMedication,
    VitalSign,
)
from tests.fhir.fhir_import_helpers import SYNTHEA, WARFARIN_OSTEOPOROSIS, run_import

pytestmark = pytest.mark.django_db

SYNTHEA_ID = "https://github.com/synthetichealth/synthea"


def _counts(practice):
    models = (Patient, PatientCondition, PatientMedication, PastEncounter, PastProcedure, VitalSign)
    return {m.__name__: m.objects.filter(practice=practice).count() for m in models}


def test_warfarin_and_osteoporosis_reach_the_screening(practice, shared_data):
    summary = run_import(practice, shared_data / SYNTHEA / WARFARIN_OSTEOPOROSIS)

    assert summary.errors == []
    assert [m.how for m in summary.matches] == ["new"]
    patient = Patient.objects.get(practice=practice)
    assert (patient.given_name, patient.family_name) == ("Adán", "Portillo")
    assert str(patient.birth_date) == "1937-02-13"
    assert patient.identifiers.filter(
        system=SYNTHEA_ID, value="22bbe238-220e-495c-8abc-0ce3aa28a605"
    ).exists()
    assert not patient.identifiers.filter(system="http://hl7.org/fhir/sid/us-ssn").exists()

    osteoporosis = PatientCondition.objects.get(patient=patient, code="64859006")
    assert (osteoporosis.system, osteoporosis.icd10_code) == ("http://snomed.info/sct", "M81.0")
    assert osteoporosis.source == "import"
    assert PatientMedication.objects.filter(patient=patient, rxnorm="855332", active=True).exists()
    assert VitalSign.objects.filter(patient=patient, systolic__isnull=False).exists()

    screening = Screening.objects.get(patient=patient, is_current=True)
    rules = set(screening.findings.values_list("rule_id", flat=True))
    assert {"bleeding-risk", "osteoporosis"} <= rules
    assert AuditEvent.objects.filter(patient_id=patient.pk, action="fhir.import").exists()


def test_a_second_import_changes_nothing(practice, shared_data):
    path = shared_data / SYNTHEA / WARFARIN_OSTEOPOROSIS
    first = run_import(practice, path)
    before = _counts(practice)
    screenings = Screening.objects.filter(practice=practice).count()

    second = run_import(practice, path)

    assert second.total_imported == 0
    assert sum(second.unchanged.values()) == first.total_imported
    assert _counts(practice) == before
    assert Screening.objects.filter(practice=practice).count() == screenings


def test_a_changed_resource_updates_its_record(practice, shared_data, tmp_path):
    source = shared_data / SYNTHEA / WARFARIN_OSTEOPOROSIS
    run_import(practice, source)
    bundle = json.loads(source.read_text("utf-8"))
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "MedicationRequest" and "855332" in json.dumps(resource):
            resource["status"] = "stopped"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(bundle), "utf-8")
    before = _counts(practice)

    summary = run_import(practice, changed)

    assert summary.updated["MedicationRequest"] >= 1
    assert _counts(practice) == before
    assert not PatientMedication.objects.filter(practice=practice, rxnorm="855332", active=True)
    screening = Screening.objects.get(practice=practice, is_current=True)
    assert "bleeding-risk" not in set(screening.findings.values_list("rule_id", flat=True))


def test_the_same_patient_in_another_file_is_matched_by_identifier(practice, shared_data, tmp_path):
    copy = tmp_path / "again.json"
    shutil.copy(shared_data / SYNTHEA / WARFARIN_OSTEOPOROSIS, copy)
    run_import(practice, copy)
    ImportedResource.objects.filter(practice=practice, resource_type="Patient").delete()

    summary = run_import(practice, copy)

    assert [m.how for m in summary.matches] == ["identifier"]
    assert Patient.objects.filter(practice=practice).count() == 1
