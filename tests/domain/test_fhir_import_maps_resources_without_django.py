"""The pure FHIR import core: references resolve inside a unit, values are checked, the
SNOMED CT -> ICD-10-CM table names real billable codes and its sources."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import simple_icd_10_cm as icd

from petrissage.domain.fhir_import import plan_unit, snomed_icd10_table
from petrissage.domain.fhir_import.reading import Entry, Unit, version_problem
from petrissage.domain.fhir_import.references import References
from petrissage.domain.fhir_import.values import MappingError, fhir_date, fhir_datetime
from petrissage.domain.screening.codes import snomed_table


def test_snomed_icd10_table_codes_are_real_and_sourced():
    table = snomed_icd10_table()
    assert len(table) >= 40
    for row in table.values():
        assert icd.is_valid_item(row.icd10), row.icd10
        assert icd.is_leaf(row.icd10), row.icd10
        assert row.snomed_source
        assert row.icd10_source
        assert row.verified == ("absent from test data" not in row.snomed_source)
    assert table["64859006"].icd10 == "M81.0"  # osteoporosis
    assert table["278860009"].icd10 == "M54.50"  # chronic low back pain (M54.5 retired FY2022)
    assert not table["128053003"].verified  # DVT: not in the test data


def test_snomed_codes_agree_with_the_screening_table():
    screening = snomed_table()
    for code, row in snomed_icd10_table().items():
        if code in screening:
            assert row.verified == ("unverified" not in screening[code].source), code


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2021", date(2021, 1, 1)), ("2021-02", date(2021, 2, 1)), ("2021-02-28", date(2021, 2, 28))],
)
def test_fhir_dates(text, expected):
    assert fhir_date(text, "x") == expected


@pytest.mark.parametrize("text", ["2021-02-30", "21-02-01", "2021-13", "yesterday"])
def test_impossible_dates_are_refused_naming_the_element(text):
    with pytest.raises(MappingError, match=r"Condition\.onset"):
        fhir_date(text, "Condition.onset")


def test_datetimes_need_a_zone_and_become_utc():
    moment = fhir_datetime("2020-01-05T10:00:00+02:00", "x")
    assert moment == datetime(2020, 1, 5, 8, tzinfo=UTC)
    with pytest.raises(MappingError, match="no time zone"):
        fhir_datetime("2020-01-05T10:00:00", "x")


def test_references_resolve_urn_uuid_relative_absolute_and_identifier():
    practitioner = {
        "resourceType": "Practitioner",
        "id": "dr",
        "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}],
    }
    refs = References(
        [
            Entry({"resourceType": "Patient", "id": "p1"}, "urn:uuid:p1", "f"),
            Entry(practitioner, "", "f"),
        ]
    )
    assert refs.resolve({"reference": "urn:uuid:p1"}) == "Patient/p1"
    assert refs.resolve({"reference": "Patient/p1"}) == "Patient/p1"
    assert refs.resolve({"reference": "https://ehr.example/fhir/Patient/p9/_history/2"}) == (
        "Patient/p9"
    )
    logical = {"identifier": {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}}
    assert refs.resolve(logical, "Practitioner") == "Practitioner/dr"
    assert refs.resolve({"reference": "Practitioner/dr"}, "Patient") is None


def test_version_detection():
    assert version_problem({"resourceType": "Condition", "clinicalStatus": "active"})
    assert version_problem({"resourceType": "Encounter", "class": [{}]})
    assert version_problem({"resourceType": "Condition", "clinicalStatus": {"coding": []}}) is None


def test_a_unit_is_planned_in_kind_order_with_skips_counted():
    unit = Unit(label="t")
    unit.entries = [
        Entry(
            {
                "resourceType": "Condition",
                "id": "c1",
                "subject": {"reference": "urn:uuid:p1"},
                "code": {"coding": [{"system": "http://snomed.info/sct", "code": "95417003"}]},
            },
            "",
            "f",
        ),
        Entry({"resourceType": "Claim", "id": "x"}, "", "f"),
        Entry(
            {
                "resourceType": "Patient",
                "id": "p1",
                "name": [{"family": "A", "given": ["B"]}],
                "birthDate": "1990-01-01",
            },
            "urn:uuid:p1",
            "f",
        ),
    ]
    plan = plan_unit(unit)
    assert [r.kind for r in plan.records] == ["patient", "condition"]
    assert plan.records[1].patient_key == "Patient/p1"
    assert plan.records[1].fields["icd10_code"] == "M79.7"
    assert plan.skipped["Claim"] == 1
    assert plan.records[0].digest() == plan_unit(unit).records[0].digest()
