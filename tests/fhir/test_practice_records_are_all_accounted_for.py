"""Every model that belongs to a practice is carried by export_fhir (as a Petrissage record,
or inside a standard resource) or is named as not carried with the reason: a new model that
nobody added to petrissage/fhir/archive/specs.py fails here instead of being silently left
behind when a clinic moves."""

from __future__ import annotations

from petrissage.domain.fhir_import.archive import basic_id
from petrissage.fhir.archive.rows import relations
from petrissage.fhir.archive.specs import DEDICATED, NOT_CARRIED, candidate_keys, row_specs
from tests.fhir.practice_contents import practice_models


def test_every_practice_model_is_carried_or_named_as_not_carried():
    carried = {spec.label for spec in row_specs()}
    inside_standard = {label for label, key in DEDICATED.items() if not key}
    every = {model._meta.label_lower for model in practice_models()}
    unaccounted = every - carried - inside_standard - set(NOT_CARRIED)
    assert unaccounted == set(), "add these to petrissage/fhir/archive/specs.py"
    assert carried & set(NOT_CARRIED) == set()
    assert all(reason.strip() for reason in NOT_CARRIED.values())


def test_what_a_standard_importer_writes_is_completed_by_a_record():
    completed = {spec.label for spec in row_specs() if spec.completes}
    assert completed == {label for label, key in DEDICATED.items() if key}


def test_records_come_after_everything_they_reference():
    specs = row_specs()
    labels = {spec.label for spec in specs}
    last_of = {spec.label: n for n, spec in enumerate(specs)}
    for n, spec in enumerate(specs):
        for field in relations(spec.model):
            target = field.related_model._meta.label_lower
            if target in labels and target != spec.label:
                assert last_of[target] < n, f"{spec.label}.{field.name} comes before {target}"


def test_a_reference_is_looked_up_where_its_importer_remembered_it():
    assert candidate_keys("clinical.sessionnote", 7) == [
        "Encounter/7",
        f"Basic/{basic_id('clinical.sessionnote', 7)}",
    ]
    assert candidate_keys("patients.vitalsign", 3)[0] == "Observation/vital-3"
    assert candidate_keys("scheduling.appointment", 9) == ["Basic/scheduling-appointment-9"]
