"""The owner reads the audit log by date range, patient, user; sorted by any column (C5)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from petrissage.audit.models import AuditEvent


@pytest.fixture
def activity(login, therapist, front_desk, patient):
    login(therapist).get(reverse("patient_detail", args=[patient.pk]))
    login(front_desk).get(reverse("patient_detail", args=[patient.pk]))


def _events(response):
    return list(response.context["page"].object_list)


def test_filter_by_patient_and_user(login, owner, activity, patient):
    response = login(owner).get(
        reverse("audit_log"), {"patient": patient.pk, "user": "theo-therapist"}
    )
    events = _events(response)
    assert [e.action for e in events] == ["patient.view"]
    assert events[0].patient_id == patient.pk


def test_filter_by_date_range(login, owner, activity):
    today = timezone.localdate()
    client = login(owner)
    assert (
        len(_events(client.get(reverse("audit_log"), {"date_from": today, "date_to": today}))) > 0
    )
    tomorrow = today + timedelta(days=2)
    assert _events(client.get(reverse("audit_log"), {"date_from": tomorrow})) == []


@pytest.mark.parametrize(
    "sort", ["occurred_at", "-occurred_at", "action", "-username", "category", "outcome"]
)
def test_every_column_sorts(login, owner, activity, sort):
    response = login(owner).get(reverse("audit_log"), {"sort": sort})
    assert response.status_code == 200
    assert len(_events(response)) >= 3


def test_unknown_sort_and_bad_dates_do_not_crash(login, owner, activity):
    client = login(owner)
    assert client.get(reverse("audit_log"), {"sort": "user__password"}).status_code == 200
    response = client.get(reverse("audit_log"), {"date_from": "2026-02-30", "date_to": "x"})
    assert response.status_code == 200
    assert "date_from" in response.context["form"].errors


def test_another_practices_events_never_show(login, owner, outsider, patient):
    login(outsider).get(reverse("patient_list"))
    events = _events(login(owner).get(reverse("audit_log")))
    assert all(e.practice_id == owner.practice_id for e in events)
    assert AuditEvent.objects.exclude(practice_id=owner.practice_id).exists()


def test_admin_offers_no_way_to_change_or_delete_audit_rows(admin_client, activity):
    event = AuditEvent.objects.first()
    assert (
        admin_client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code
        == 200
    )
    response = admin_client.post(
        reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
