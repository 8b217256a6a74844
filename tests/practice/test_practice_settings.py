from __future__ import annotations

import pytest
from django.urls import reverse

from petrissage.audit.models import AuditEvent

VALID = {
    "name": "Alpha Clinic",
    "time_zone": "America/Chicago",
    "idle_timeout_minutes": 10,
    "require_mfa_for_owner_and_biller": "on",
}


def test_owner_changes_settings_and_the_change_is_audited(login, owner):
    response = login(owner).post(reverse("practice_settings"), VALID)
    assert response.status_code == 302
    owner.practice.refresh_from_db()
    assert owner.practice.time_zone == "America/Chicago"
    assert owner.practice.idle_timeout_minutes == 10
    assert owner.practice.require_mfa_for_owner_and_biller is True
    event = AuditEvent.objects.get(action="practice.settings_change")
    assert set(event.detail) == {
        "time_zone",
        "idle_timeout_minutes",
        "require_mfa_for_owner_and_biller",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"idle_timeout_minutes": 0}, "idle_timeout_minutes"),
        ({"idle_timeout_minutes": 45}, "idle_timeout_minutes"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_settings_name_the_field_and_change_nothing(login, owner, change, field):
    response = login(owner).post(reverse("practice_settings"), {**VALID, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    owner.practice.refresh_from_db()
    assert owner.practice.time_zone == "America/Los_Angeles"


@pytest.mark.parametrize("role", ["therapist", "front_desk", "biller"])
def test_only_the_owner_opens_settings(login, personas, role):
    assert login(personas[role]).post(reverse("practice_settings"), VALID).status_code == 403
