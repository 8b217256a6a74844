from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.management.base import CommandError

from petrissage.audit.models import AuditEvent
from petrissage.practice.models import THERAPIST_TAXONOMY, Role, Staff, User
from tests.ops.helpers import run

pytestmark = pytest.mark.django_db

STRONG = "lavender-effleurage-42"


def create(practice, username="theo", role="therapist", *extra):
    return run("create_staff", "--practice", practice.slug, "--role", role, username, *extra)


def test_prints_a_generated_password_that_logs_in(practice, monkeypatch):
    monkeypatch.delenv("PETRISSAGE_PASSWORD", raising=False)

    out = create(
        practice, "fran", "front_desk", "--name", "Fran Desk", "--email", "fran@example.org"
    )

    password = re.search(r"Password: (\S+)", out).group(1)
    user = User.objects.get(username="fran")
    assert user.check_password(password)
    assert user.email == "fran@example.org"
    assert user.staff.role == Role.FRONT_DESK
    assert user.staff.display_name == "Fran Desk"
    assert user.staff.practice == practice


def test_uses_the_password_from_the_environment(practice, monkeypatch):
    monkeypatch.setenv("PETRISSAGE_PASSWORD", STRONG)

    out = create(practice, "bill", "biller")

    assert User.objects.get(username="bill").check_password(STRONG)
    assert STRONG not in out
    assert "PETRISSAGE_PASSWORD" in out


def test_records_therapist_credentials(practice):
    create(
        practice,
        "theo",
        "therapist",
        "--name",
        "Theo Hands",
        "--licence-number",
        "MA60123456",
        "--licence-state",
        "wa",
        "--licence-expires",
        "2027-06-30",
        "--npi",
        "1234567893",
    )

    staff = Staff.objects.get(user__username="theo")
    assert staff.signature == "Theo Hands, LMT"
    assert (staff.licence_number, staff.licence_state) == ("MA60123456", "WA")
    assert staff.licence_expires == date(2027, 6, 30)
    assert staff.npi == "1234567893"
    assert staff.taxonomy == THERAPIST_TAXONOMY


def test_accepts_role_spelt_with_a_hyphen(practice):
    create(practice, "desk", "front-desk")

    assert Staff.objects.get(user__username="desk").role == Role.FRONT_DESK


def test_writes_a_cli_audit_event(practice):
    create(practice, "olga", "owner")

    event = AuditEvent.objects.get(action="staff.create")
    assert event.source == "cli"
    assert event.detail == {"username": "olga", "role": "owner"}


def test_an_unknown_practice_is_named(db):
    with pytest.raises(CommandError, match="Unknown practice 'nowhere'"):
        run("create_staff", "--practice", "nowhere", "--role", "owner", "olga")


def test_a_bad_role_is_named_with_the_choices(practice):
    with pytest.raises(CommandError, match=r"Unknown role 'nurse'; choose one of owner, therapist"):
        create(practice, "nora", "nurse")
    assert not User.objects.filter(username="nora").exists()


def test_an_invalid_npi_is_named(practice):
    with pytest.raises(CommandError, match=r"Invalid NPI '1234567890': .*check digit"):
        create(practice, "theo", "therapist", "--npi", "1234567890")
    assert not User.objects.filter(username="theo").exists()


def test_a_taken_username_is_named(practice, owner):
    with pytest.raises(CommandError, match="username 'olivia-owner' is taken"):
        create(practice, "olivia-owner", "biller")


def test_a_weak_password_from_the_environment_is_refused(practice, monkeypatch):
    monkeypatch.setenv("PETRISSAGE_PASSWORD", "short")

    with pytest.raises(CommandError, match=r"PETRISSAGE_PASSWORD is too weak: .*too short"):
        create(practice, "theo", "therapist")
    assert not User.objects.filter(username="theo").exists()


def test_a_bad_expiry_date_is_named(practice):
    with pytest.raises(CommandError, match="--licence-expires: 'soon' is not a date"):
        create(practice, "theo", "therapist", "--licence-expires", "soon")


def test_a_field_the_model_rejects_is_named_by_its_option(practice):
    with pytest.raises(CommandError, match="--licence-state"):
        create(practice, "theo", "therapist", "--licence-state", "WAS")
    assert not User.objects.filter(username="theo").exists()
