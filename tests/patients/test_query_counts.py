"""The list and the patient page run the same number of queries whatever the data size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from petrissage.audit.services import Actor
from petrissage.patients.services import coverage_save
from tests.factories import make_patient


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_patients(practice, n):
    for i in range(n):
        make_patient(practice, given_name=f"G{i}", family_name="Count")


def _add_coverages(patient, n):
    for i in range(n):
        coverage_save(
            patient=patient,
            actor=Actor.system(patient.practice),
            data={"channel": "commercial", "payer_name": f"Payer {i}", "member_id": f"M{i}"},
        )


@pytest.mark.parametrize("role", ["therapist", "front_desk"])
def test_patient_list_query_count_is_constant(login, personas, practice, role):
    client = login(personas[role])
    _add_patients(practice, 5)
    small = _queries(client, reverse("patient_list"))
    _add_patients(practice, 195)
    large = _queries(client, reverse("patient_list"))
    assert small == large


def test_patient_page_query_count_is_constant(login, front_desk, patient):
    client = login(front_desk)
    url = reverse("patient_detail", args=[patient.pk])
    _add_coverages(patient, 5)
    small = _queries(client, url)
    _add_coverages(patient, 195)
    large = _queries(client, url)
    assert small == large
    assert small <= 20
