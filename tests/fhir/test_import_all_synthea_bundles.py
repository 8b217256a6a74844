"""Done-when check of issue 10: all 133 Synthea R4 bundles (and their two info bundles) and the
10-patient bulk NDJSON set import into one practice with a summary and no error."""

from __future__ import annotations

import pytest

from petrissage.patients.models import Patient
from tests.fhir.fhir_import_helpers import BULK, SYNTHEA, run_import

pytestmark = pytest.mark.django_db


def test_every_synthea_bundle_and_the_bulk_set_import_cleanly(practice, shared_data):
    summary = run_import(practice, shared_data / SYNTHEA, shared_data / BULK)

    assert summary.errors == []
    assert summary.total_read > 39_000
    assert summary.created["Patient"] == 133 + 13
    assert Patient.objects.filter(practice=practice).count() == 146
    assert summary.screened >= 140
