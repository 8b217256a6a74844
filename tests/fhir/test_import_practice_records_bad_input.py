"""Petrissage records (Basic + petrissage-record) that are wrong in one way each: every one is
reported against its resource, naming what is wrong, and the good record beside them is
still imported. A Basic resource from another system is counted and skipped."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from petrissage.care.models import WellbeingRating
from petrissage.clinical.models import Clearance
from petrissage.domain.fhir_import.archive import RECORD_EXTENSION, RECORD_SYSTEM
from petrissage.patients.models import Patient
from petrissage.practice.models import Role
from tests import factories
from tests.fhir.fhir_import_helpers import patient, run_import, write_bundle

pytestmark = pytest.mark.django_db


def _basic(rid: str, payload: Any, subject: str | None = "Patient/1") -> dict[str, Any]:
    value = payload if isinstance(payload, str) else json.dumps(payload)
    resource: dict[str, Any] = {
        "resourceType": "Basic",
        "id": rid,
        "code": {"coding": [{"system": RECORD_SYSTEM, "code": "care.wellbeingrating"}]},
        "extension": [{"url": RECORD_EXTENSION, "valueString": value}],
    }
    if subject:
        resource["subject"] = {"reference": subject}
    return resource


def _rating(**fields: Any) -> dict[str, Any]:
    values = {"context": "session", "on": "2026-03-02", "stress": 7, "sleep": 4, "mood": 5}
    values["created_at"] = "2026-03-02T17:45:12.123456+00:00"
    values.update(fields)
    refs = {"patient": {"model": "patients.patient", "id": 1}, "case": None, "session": None}
    refs["recorded_by"] = {"staff": {"npi": "", "name": "Nobody Known"}}
    return {"model": "care.wellbeingrating", "id": 1, "fields": values, "refs": refs, "files": {}}


def test_each_bad_record_is_reported_and_the_good_one_still_imports(practice, owner, tmp_path):
    factories.make_staff(practice, Role.THERAPIST, "therapist-a")
    clearance = {
        "model": "clinical.clearance",
        "id": 4,
        "fields": {"rule_id": "dvt", "condition": "DVT", "cleared_by": "Dr A", "cleared_on": "2026-01-02",
                   "scope": "light", "document_name": "c.pdf", "recorded_at": "2026-01-02T10:00:00+00:00",
                   "revoked_at": None},
        "refs": {"patient": {"model": "patients.patient", "id": 1},
                 "recorded_by": {"staff": {"npi": "", "name": ""}}},
        "files": {"document": {"name": "c.pdf", "data": "not base64!"}},
    }  # fmt: skip
    resources = [
        patient("1"),
        _basic("good", _rating()),
        _basic("no-such-model", {**_rating(), "model": "clinical.nosuch"}),
        _basic("unknown-field", _rating(colour="blue")),
        _basic("bad-date", _rating(on="2021-02-30")),
        _basic("out-of-range", _rating(stress=42)),
        _basic("missing-case", {**_rating(), "refs": {**_rating()["refs"], "case": {"model": "clinical.case", "id": 999}}}),
        _basic("wrong-kind", {**_rating(), "refs": {**_rating()["refs"], "case": {"model": "billing.claim", "id": 1}}}),
        _basic("not-json", "{nope"),
        _basic("bad-file", clearance),
        _basic("dangling", _rating(), subject="Patient/not-here"),
        {"resourceType": "Basic", "id": "theirs", "code": {"text": "something of theirs"}},
    ]  # fmt: skip
    summary = run_import(practice, write_bundle(tmp_path, "records.json", resources))

    reasons = {where.split(" ")[0]: why for where, why in summary.errors}
    assert "not imported" in reasons["Basic/no-such-model"]
    assert "colour" in reasons["Basic/unknown-field"]
    assert reasons["Basic/bad-date"].startswith("on:")
    assert reasons["Basic/out-of-range"].startswith("stress:")
    assert "case: clinical.case 999 was not imported" in reasons["Basic/missing-case"]
    assert "expected a clinical.case" in reasons["Basic/wrong-kind"]
    assert "not JSON" in reasons["Basic/not-json"]
    assert "document: is not base64" in reasons["Basic/bad-file"]
    assert "Patient/not-here" in reasons["Basic/dangling"]
    assert len(summary.errors) == 9
    assert summary.skipped["Basic"] == 1  # someone else's Basic: not ours

    rating = WellbeingRating.objects.get(practice=practice)
    assert (rating.stress, rating.sleep, rating.mood, str(rating.on)) == (7, 4, 5, "2026-03-02")
    assert rating.created_at.isoformat() == "2026-03-02T17:45:12.123456+00:00"
    assert rating.recorded_by is not None  # no such person: recorded under the first owner
    assert rating.recorded_by.role == Role.OWNER
    assert not Clearance.objects.filter(practice=practice).exists()


def test_an_export_is_not_imported_back_into_the_practice_it_came_from(
    practice, owner, patient, tmp_path
):
    out = tmp_path / "export"
    call_command("export_fhir", practice=practice.slug, out=str(out), stdout=StringIO())
    before = Patient.objects.filter(practice=practice).count()

    summary = run_import(practice, out)

    assert len(summary.errors) == 1
    assert "made from this very practice" in summary.errors[0][1]
    assert summary.total_imported == 0
    assert Patient.objects.filter(practice=practice).count() == before
    elsewhere = factories.make_practice("elsewhere")
    factories.make_staff(elsewhere, Role.OWNER, "elsewhere-owner")
    assert run_import(elsewhere, out).errors == []
    assert Patient.objects.filter(practice=elsewhere).count() == before
