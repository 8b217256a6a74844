"""Two imports of the same bundle into one practice at the same moment (two owners, or a
double-clicked upload): both finish without an error, the patient and each history row
exist once, and every source resource is remembered once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from petrissage.fhir.importing.summary import ImportSummary
from petrissage.fhir.models import ImportedResource
from petrissage.patients.models import Patient, PatientCondition
from tests.fhir.fhir_import_helpers import condition, patient, run_import, write_bundle


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_bundle_at_once_write_each_record_once(practice, owner, tmp_path):
    resources = [patient()] + [
        condition(f"c-{n}", "239873007", "Osteoarthritis of knee") for n in range(40)
    ]
    path = write_bundle(tmp_path, "same.json", resources)
    barrier = threading.Barrier(2)
    summaries: list[ImportSummary] = []
    failures: list[BaseException] = []

    def importer() -> None:
        barrier.wait()
        try:
            summaries.append(run_import(practice, path))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=importer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert [s.errors for s in summaries] == [[], []]
    assert Patient.objects.filter(practice=practice).count() == 1
    assert PatientCondition.objects.filter(practice=practice).count() == 40
    links = ImportedResource.objects.filter(practice=practice)
    assert links.count() == 41
    assert sorted(s.total_imported for s in summaries) == [0, 41]
