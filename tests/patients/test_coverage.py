"""Insurance coverage records: channels, and the fields each channel needs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from petrissage.audit.models import AuditEvent
from petrissage.patients.models import Coverage


def test_front_desk_records_a_commercial_coverage(login, front_desk, patient):
    response = login(front_desk).post(
        reverse("coverage_create", args=[patient.pk]),
        {
            "channel": "commercial",
            "payer_name": "Premera Blue Cross",
            "payer_identifier": "00430",
            "member_id": "XYZ123456",
            "group_number": "G-100",
            "subscriber_name": "Maria Lopez",
            "relationship": "18",
            "priority": 1,
            "active": "on",
        },
    )
    assert response.status_code == 302
    coverage = Coverage.objects.get()
    assert (coverage.practice_id, coverage.patient_id) == (patient.practice_id, patient.pk)
    assert AuditEvent.objects.filter(
        action="coverage.create", patient=patient, category="coverage"
    ).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"channel": "commercial", "payer_name": "", "member_id": "1"}, "payer_name"),
        ({"channel": "commercial", "payer_name": "Aetna", "member_id": ""}, "member_id"),
        ({"channel": "auto", "payer_name": "GEICO", "member_id": "C1"}, "injury_date"),
        ({"channel": "workers_comp", "payer_name": "WA L&I", "member_id": "W1"}, "injury_date"),
        ({"channel": "self_pay", "valid_from": "2026-05-01", "valid_to": "2026-01-01"}, "valid_to"),
        ({"channel": "bitcoin"}, "channel"),
    ],
)
def test_each_channel_asks_for_what_it_needs(login, biller, patient, data, field):
    response = login(biller).post(
        reverse("coverage_create", args=[patient.pk]), {"relationship": "18", "priority": 1, **data}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Coverage.objects.count() == 0


def test_therapists_cannot_edit_coverage(login, therapist, patient):
    response = login(therapist).post(
        reverse("coverage_create", args=[patient.pk]), {"channel": "self_pay"}
    )
    assert response.status_code == 403
    assert Coverage.objects.count() == 0
