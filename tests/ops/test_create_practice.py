from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from petrissage.audit.models import AuditEvent
from petrissage.practice.models import Practice
from tests.ops.helpers import run

pytestmark = pytest.mark.django_db


def test_creates_the_practice_and_prints_a_summary():
    out = run("create_practice", "cedar-sage", "Cedar & Sage", "--timezone", "America/Chicago")

    practice = Practice.objects.get(slug="cedar-sage")
    assert practice.name == "Cedar & Sage"
    assert practice.time_zone == "America/Chicago"
    assert "Created practice 'cedar-sage'" in out


def test_time_zone_defaults_to_pacific():
    run("create_practice", "pacific", "Pacific Clinic")

    assert Practice.objects.get(slug="pacific").time_zone == "America/Los_Angeles"


def test_writes_a_cli_audit_event():
    run("create_practice", "audited", "Audited Clinic")

    event = AuditEvent.objects.get(action="practice.create")
    assert event.source == "cli"
    assert event.practice == Practice.objects.get(slug="audited")


def test_a_taken_slug_is_refused_by_name():
    run("create_practice", "twice", "First")

    with pytest.raises(CommandError, match="slug 'twice' already exists"):
        run("create_practice", "twice", "Second")
    assert Practice.objects.filter(slug="twice").count() == 1


def test_an_unknown_time_zone_is_refused_naming_the_option():
    with pytest.raises(CommandError, match=r"--timezone: 'Mars/Olympus' is not a known time zone"):
        run("create_practice", "mars", "Mars Clinic", "--timezone", "Mars/Olympus")
    assert not Practice.objects.filter(slug="mars").exists()


def test_a_bad_slug_is_refused_naming_the_argument():
    with pytest.raises(CommandError, match="SLUG"):
        run("create_practice", "not a slug!", "Bad Slug Clinic")
