"""Imported vital signs drive the screening: a recent high blood-pressure panel (LOINC 85354-9
with systolic 8480-6 and diastolic 8462-4 components, as Synthea writes them) refers the
patient out with the reading named as evidence, a changed reading re-runs the screening, and
a pregnancy-status Observation (LOINC 82810-3 = SNOMED 77386006 pregnant) reaches the
pregnancy rule."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

import pytest
from django.utils import timezone

from petrissage.clinical.models import Screening
from petrissage.patients.models import Patient, VitalSign
from tests.fhir.fhir_import_helpers import patient, run_import, write_bundle

pytestmark = pytest.mark.django_db

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"


def _today(practice) -> date:
    return timezone.localdate(timezone=practice.zone)


def _moment(practice, day: date) -> str:
    return datetime.combine(day, clock(10, 30), tzinfo=practice.zone).isoformat()


def _quantity(code: str, display: str, value: float) -> dict[str, Any]:
    return {
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
        "valueQuantity": {
            "value": value,
            "unit": "mm[Hg]",
            "system": "http://unitsofmeasure.org",
            "code": "mm[Hg]",
        },
    }


def blood_pressure(rid: str, when: str, systolic: float, diastolic: float) -> dict[str, Any]:
    """A vital-signs blood-pressure panel shaped like Synthea's (diastolic listed first)."""
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "vital-signs",
                    }
                ]
            }
        ],
        "code": {
            "coding": [{"system": LOINC, "code": "85354-9", "display": "Blood pressure panel"}],
            "text": "Blood pressure panel with all children optional",
        },
        "subject": {"reference": "urn:uuid:p-1"},
        "effectiveDateTime": when,
        "component": [
            _quantity("8462-4", "Diastolic Blood Pressure", diastolic),
            _quantity("8480-6", "Systolic Blood Pressure", systolic),
        ],
    }


def pregnancy_status(rid: str, when: str, code: str, display: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "social-history",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": LOINC, "code": "82810-3", "display": "Pregnancy status"}]},
        "subject": {"reference": "urn:uuid:p-1"},
        "effectiveDateTime": when,
        "valueCodeableConcept": {"coding": [{"system": SNOMED, "code": code, "display": display}]},
    }


def _findings(practice) -> dict[str, Any]:
    screening = Screening.objects.get(practice=practice, is_current=True)
    return {f.rule_id: f for f in screening.findings.all()}


def test_a_recent_high_reading_refers_out_and_names_the_reading(practice, tmp_path):
    taken = _today(practice) - timedelta(days=30)
    path = write_bundle(
        tmp_path,
        "bp.json",
        [patient(), blood_pressure("bp-1", _moment(practice, taken), 182.4, 111.96)],
    )

    summary = run_import(practice, path)

    assert summary.errors == []
    assert summary.screened == 1
    reading = VitalSign.objects.get(practice=practice)
    assert (reading.loinc, str(reading.systolic), str(reading.diastolic)) == (
        "85354-9",
        "182.4",
        "112.0",
    )
    screening = Screening.objects.get(practice=practice, is_current=True)
    assert screening.trigger == "FHIR import"
    assert screening.blocks_treatment
    finding = _findings(practice)["hypertension-uncontrolled"]
    assert finding.finding_class == "refer"
    assert finding.clearance_required
    assert finding.evidence == (
        f"imported reading 182.4/112 mmHg on {taken.isoformat()} (at or above 180/110 mmHg)"
    )
    assert screening.inputs["blood_pressure_reading"] == (
        f"imported reading 182.4/112 mmHg on {taken.isoformat()}"
    )


def test_only_the_newest_reading_counts(practice, tmp_path):
    today = _today(practice)
    path = write_bundle(
        tmp_path,
        "bp.json",
        [
            patient(),
            blood_pressure("bp-old", _moment(practice, today - timedelta(days=200)), 186, 114),
            blood_pressure("bp-new", _moment(practice, today - timedelta(days=20)), 150, 95),
        ],
    )

    run_import(practice, path)

    findings = _findings(practice)
    assert "hypertension-uncontrolled" not in findings
    raised = findings["hypertension-controlled"]
    assert raised.condition == "High blood pressure (raised reading)"
    assert raised.evidence.startswith("imported reading 150/95 mmHg on ")


def test_a_reading_older_than_a_year_does_not_count(practice, tmp_path):
    taken = _today(practice) - timedelta(days=400)
    path = write_bundle(
        tmp_path, "bp.json", [patient(), blood_pressure("bp-1", _moment(practice, taken), 190, 120)]
    )

    summary = run_import(practice, path)

    assert summary.screened == 1
    assert VitalSign.objects.filter(practice=practice).count() == 1
    assert _findings(practice) == {}


def test_a_changed_reading_reruns_the_screening(practice, tmp_path):
    when = _moment(practice, _today(practice) - timedelta(days=10))
    high = write_bundle(tmp_path, "high.json", [patient(), blood_pressure("bp-1", when, 184, 104)])
    run_import(practice, high)
    assert "hypertension-uncontrolled" in _findings(practice)
    first = Screening.objects.get(practice=practice, is_current=True)

    corrected = write_bundle(
        tmp_path, "corrected.json", [patient(), blood_pressure("bp-1", when, 128, 82)]
    )
    summary = run_import(practice, corrected)

    assert summary.updated["Observation"] == 1
    assert summary.screened == 1
    assert VitalSign.objects.filter(practice=practice).count() == 1
    current = Screening.objects.get(practice=practice, is_current=True)
    assert current.pk != first.pk
    assert _findings(practice) == {}


def test_an_imported_pregnancy_status_reaches_the_pregnancy_rule(practice, tmp_path):
    seen = _today(practice) - timedelta(days=14)
    path = write_bundle(
        tmp_path,
        "pregnant.json",
        [patient(), pregnancy_status("preg-1", _moment(practice, seen), "77386006", "Pregnant")],
    )

    summary = run_import(practice, path)

    assert summary.errors == []
    assert summary.screened == 1
    pregnant = Patient.objects.get(practice=practice)
    finding = _findings(practice)["pregnancy"]
    assert finding.finding_class == "relative"
    assert "side_lying_positioning" in finding.restrictions  # weeks unknown: positioning
    assert "77386006" in finding.evidence
    assert "pregnancy status" in finding.evidence.lower()
    assert f"onset {seen.isoformat()}" in finding.evidence
    assert finding.patient_id == pregnant.pk


def test_a_not_pregnant_status_gives_no_pregnancy_finding(practice, tmp_path):
    seen = _moment(practice, _today(practice) - timedelta(days=14))
    path = write_bundle(
        tmp_path,
        "not-pregnant.json",
        [patient(), pregnancy_status("preg-1", seen, "60001007", "Not pregnant")],
    )

    run_import(practice, path)

    assert VitalSign.objects.get(practice=practice).value_code == "60001007"
    assert "pregnancy" not in _findings(practice)


def test_an_impossible_reading_is_refused_at_import_and_the_rest_imports(practice, tmp_path):
    today = _today(practice)
    path = write_bundle(
        tmp_path,
        "bp.json",
        [
            patient(),
            blood_pressure("bp-typo", _moment(practice, today - timedelta(days=3)), 1450, 90),
            blood_pressure("bp-ok", _moment(practice, today - timedelta(days=9)), 150, 95),
        ],
    )

    summary = run_import(practice, path)

    assert [where.split(" ")[0] for where, _ in summary.errors] == ["Observation/bp-typo"]
    assert "systolic 1450.0 mmHg is not a plausible blood pressure" in summary.errors[0][1]
    assert VitalSign.objects.filter(practice=practice).count() == 1
    assert "hypertension-controlled" in _findings(practice)
