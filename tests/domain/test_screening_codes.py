"""Coded conditions and medications are recognised by family, not by a few exact codes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from petrissage.domain.screening import (
    ICD10CM,
    SNOMED,
    CodedCondition,
    Medication,
    ScreeningInput,
    match_condition,
    match_medication,
    screen,
)
from petrissage.domain.screening.codes import (
    icd10_table,
    rxnorm_table,
    snomed_table,
)

TODAY = date(2026, 11, 20)


def _rules(*conditions, meds=()):
    result = screen(ScreeningInput(today=TODAY, conditions=conditions, medications=meds))
    return {f.rule_id for f in result.findings}


@pytest.mark.parametrize(
    ("system", "code", "display", "family"),
    [
        (SNOMED, "16114001", "Fracture of ankle", "fracture"),
        (SNOMED, "123456789", "Fracture of shaft of left tibia", "fracture"),  # not listed
        (SNOMED, "64859006", "Osteoporosis (disorder)", "osteoporosis"),
        (SNOMED, "254837009", "Malignant neoplasm of breast (disorder)", "cancer"),
        (SNOMED, "999999", "Adenocarcinoma of pancreas", "cancer"),  # display fallback
        (SNOMED, "72892002", "Normal pregnancy", "pregnancy"),
        (SNOMED, "198992004", "Antepartum eclampsia", "pregnancy_high_risk"),
        (SNOMED, "128053003", "Deep venous thrombosis", "dvt"),
        (
            SNOMED,
            "368581000119106",
            "Neuropathy due to type 2 diabetes mellitus",
            "diabetic_neuropathy",
        ),
        (SNOMED, "69896004", "Rheumatoid arthritis", "rheumatoid_arthritis"),
        ("ICD-10-CM", "I82.401", "", "dvt"),
        (ICD10CM, "I26.99", "", "pe"),
        (ICD10CM, "C50.911", "", "cancer"),
        (ICD10CM, "C79.51", "", "bone_metastasis"),
        (ICD10CM, "M81.0", "", "osteoporosis"),
        (ICD10CM, "S52.501A", "", "fracture"),
        (ICD10CM, "O14.03", "", "pregnancy_high_risk"),
        (ICD10CM, "Z33.1", "", "pregnancy"),
        (ICD10CM, "E11.42", "", "diabetic_neuropathy"),
        (ICD10CM, "I16.1", "", "hypertension_uncontrolled"),
        (ICD10CM, "I71.4", "", "aneurysm"),
        (ICD10CM, "D69.6", "", "bleeding_disorder"),
        (ICD10CM, "I89.0", "", "lymphedema"),
        (ICD10CM, "M05.79", "", "rheumatoid_arthritis"),
    ],
)
def test_condition_families(system, code, display, family):
    found = match_condition(CodedCondition(system, code, display))
    assert found is not None
    assert family in found.families


@pytest.mark.parametrize(
    ("system", "code", "display"),
    [
        (ICD10CM, "D12.6", ""),  # benign neoplasm of colon: not cancer
        (ICD10CM, "S52.501S", ""),  # fracture sequela: healed
        (SNOMED, "1", "Benign neoplasm of skin"),
        (SNOMED, "68496003", "Polyp of colon"),
    ],
)
def test_non_matches(system, code, display):
    assert match_condition(CodedCondition(system, code, display)) is None


@pytest.mark.parametrize(
    ("med", "family"),
    [
        (Medication("Eliquis 5 mg"), "anticoagulant"),
        (Medication(rxnorm="1364430"), "anticoagulant"),
        (Medication("Warfarin Sodium 5 MG Oral Tablet", rxnorm="855332"), "anticoagulant"),
        (Medication("xarelto"), "anticoagulant"),
        (Medication("LOVENOX 40 mg/0.4 mL"), "anticoagulant"),
        (Medication(rxnorm="309362"), "antiplatelet"),
        (Medication("Brilinta 90mg"), "antiplatelet"),
        (Medication(rxnorm="1804799"), "thrombolytic"),
    ],
)
def test_medication_families(med, family):
    found = match_medication(med)
    assert found is not None
    assert family in found.families


def test_unrelated_medication_is_ignored():
    assert match_medication(Medication("lisinopril 10 MG Oral Tablet", rxnorm="314076")) is None


def test_display_fallback_finds_an_unlisted_fracture_and_its_side():
    cond = CodedCondition(
        SNOMED, "424711000", "Fracture of left wrist", onset=TODAY - timedelta(weeks=2)
    )
    result = screen(ScreeningInput(today=TODAY, conditions=(cond,)))
    (finding,) = [f for f in result.findings if f.rule_id == "fracture"]
    assert finding.regions == ("wrist-left", "hand-left")


def test_resolved_fracture_does_not_fire():
    cond = CodedCondition(
        SNOMED, "65966004", "Fracture of forearm",
        clinical_status="resolved", onset=date(2020, 1, 1), abatement=date(2020, 3, 1),
    )  # fmt: skip
    assert "fracture" not in _rules(cond)


def test_old_active_fracture_record_does_not_fire():
    cond = CodedCondition(SNOMED, "65966004", "Fracture of forearm", onset=date(2024, 1, 1))
    assert "fracture" not in _rules(cond)


def test_resolved_dvt_fires_as_history_with_clearance():
    cond = CodedCondition(
        ICD10CM, "I82.401", "DVT left leg", clinical_status="resolved",
        onset=date(2025, 1, 1), abatement=date(2025, 4, 1),
    )  # fmt: skip
    result = screen(ScreeningInput(today=TODAY, conditions=(cond,)))
    (finding,) = result.findings
    assert finding.rule_id == "dvt-history"
    assert finding.clearance_required
    assert "calf-left" in finding.regions


def test_active_dvt_on_record_is_absolute():
    cond = CodedCondition(SNOMED, "128053003", "Deep venous thrombosis", onset=TODAY)
    assert _rules(cond) == {"dvt-known"}


def test_resolved_cancer_is_history_and_active_cancer_is_current():
    past = CodedCondition(SNOMED, "254837009", "Malignant neoplasm of breast", "resolved")
    now = CodedCondition(SNOMED, "363406005", "Malignant tumor of colon")
    assert _rules(past) == {"cancer-history"}
    assert _rules(now) == {"cancer-active"}


def test_pathological_osteoporotic_fracture_needs_clearance():
    cond = CodedCondition(
        SNOMED, "443165006", "Pathological fracture due to osteoporosis", onset=TODAY
    )
    result = screen(ScreeningInput(today=TODAY, conditions=(cond,)))
    osteo = next(f for f in result.findings if f.rule_id == "osteoporosis")
    assert osteo.clearance_required
    assert {"osteoporosis", "fracture"} <= {f.rule_id for f in result.findings}


def test_stale_infection_record_does_not_block():
    old = CodedCondition(SNOMED, "195662009", "Acute viral pharyngitis", onset=date(2019, 5, 1))
    recent = CodedCondition(SNOMED, "840539006", "COVID-19", onset=TODAY - timedelta(days=3))
    assert "fever-infection" not in _rules(old)
    assert "fever-infection" in _rules(recent)


def test_code_tables_name_a_source_for_every_row():
    rows = [*snomed_table().values(), *icd10_table(), *rxnorm_table().values()]
    assert rows
    assert all(row.source.strip() for row in rows)
    assert all(row.families for row in rows)


def test_icd10_prefixes_are_real_codes():
    icd = pytest.importorskip("simple_icd_10_cm")
    for row in icd10_table():
        for part in row.key.split("-"):
            dotted = part if len(part) <= 3 else f"{part[:3]}.{part[3:]}"
            assert icd.is_valid_item(dotted), part


def test_stale_coded_pregnancy_and_miscarriage_do_not_fire():
    stale = CodedCondition(SNOMED, "79586000", "Tubal pregnancy", onset=date(1990, 12, 15))
    miscarriage = CodedCondition(SNOMED, "19169002", "Miscarriage in first trimester", onset=TODAY)
    current = CodedCondition(
        SNOMED, "72892002", "Normal pregnancy", onset=TODAY - timedelta(weeks=20)
    )
    assert _rules(stale) == set()
    assert _rules(miscarriage) == set()
    assert _rules(current) == {"pregnancy"}
