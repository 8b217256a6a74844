"""The 10-patient bulk NDJSON set and the HL7 R4 examples import with a summary; MSK
conditions get their ICD-10-CM code; practitioners become referring providers; an existing
patient is matched by name and birth date, not duplicated."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from petrissage.patients.models import Patient, PatientAllergy, PatientCondition
from petrissage.referrals.models import ReferringProvider
from tests import factories
from tests.fhir.fhir_import_helpers import BULK, run_import

pytestmark = pytest.mark.django_db


def test_bulk_ndjson_folder_imports_with_references_across_files(practice, shared_data):
    summary = run_import(practice, shared_data / BULK)

    assert summary.errors == []
    assert Patient.objects.filter(practice=practice).count() == summary.created["Patient"]
    assert summary.created["Patient"] >= 10
    back_pain = PatientCondition.objects.filter(practice=practice, code="278860009").first()
    assert back_pain is not None
    assert back_pain.icd10_code == "M54.50"
    assert PatientAllergy.objects.filter(practice=practice).exists()
    assert ReferringProvider.objects.filter(practice=practice).count() >= 10
    assert summary.skipped["Immunization"] > 0  # other types are counted, not failed


def test_hl7_examples_import_without_crashing_and_name_their_problems(practice, shared_data):
    summary = run_import(practice, shared_data / "fhir-examples")

    assert summary.total_read > 300
    assert summary.created["Patient"] >= 5
    assert summary.created["Condition"] >= 5
    reasons = " ".join(reason for _, reason in summary.errors)
    assert "Patient.birthDate is required" in reasons


def test_an_existing_patient_is_matched_by_name_and_birth_date(practice, shared_data):
    first = run_import(practice, shared_data / BULK)
    imported = Patient.objects.filter(practice=practice).order_by("pk").first()
    assert imported is not None
    other = factories.make_practice("beta-clinic")
    factories.make_patient(
        other,
        given_name=imported.given_name.upper(),
        family_name=imported.family_name,
        birth_date=imported.birth_date,
    )

    summary = run_import(other, shared_data / BULK)

    hows = {m.how for m in summary.matches}
    assert "name and birth date" in hows
    assert Patient.objects.filter(practice=other).count() == first.created["Patient"]


def test_the_command_prints_a_summary_table(practice, shared_data):
    out, err = StringIO(), StringIO()
    call_command(
        "import_fhir", str(shared_data / BULK), practice=practice.slug, stdout=out, stderr=err
    )
    text = out.getvalue()
    assert "resource type" in text
    assert "Condition" in text
    assert "resources read in" in text
    assert "[####" in err.getvalue()  # the progress bar
