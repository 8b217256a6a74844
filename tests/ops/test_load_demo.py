from __future__ import annotations

from collections import Counter

import pytest
from django.core.management.base import CommandError

from petrissage.audit.models import AuditEvent
from petrissage.audit.verify import verify_all
from petrissage.domain.npi import npi_is_valid
from petrissage.patients.models import Channel, Coverage, Patient
from petrissage.practice.demo.builder import DEMO_SLUG
from petrissage.practice.models import (
    THERAPIST_TAXONOMY,
    Location,
    Practice,
    Role,
    Room,
    Staff,
)
from tests import factories
from tests.ops.helpers import run

pytestmark = pytest.mark.django_db

EXPECTED_STAFF = {
    "owner": "owner",
    "frontdesk": "front_desk",
    "biller": "biller",
    "therapist1": "therapist",
    "therapist2": "therapist",
    "therapist3": "therapist",
    "therapist4": "therapist",
}


def counts() -> dict[str, int]:
    return {
        "practices": Practice.objects.count(),
        "locations": Location.objects.count(),
        "rooms": Room.objects.count(),
        "staff": Staff.objects.count(),
        "patients": Patient.objects.count(),
        "coverages": Coverage.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def demo_output(monkeypatch):
    monkeypatch.delenv("PETRISSAGE_DEMO_PASSWORD", raising=False)
    return run("load_demo")


def test_builds_the_clinic(demo_output):
    practice = Practice.objects.get(slug=DEMO_SLUG)
    assert practice.name == "Cedar & Sage Medical Massage"
    assert practice.time_zone == "America/Los_Angeles"
    assert practice.require_mfa_for_owner_and_biller is False
    assert practice.idle_timeout_minutes == 15
    built = counts()
    assert (built["practices"], built["locations"], built["rooms"], built["staff"]) == (1, 2, 6, 7)
    assert 140 <= Patient.objects.filter(practice=practice).count() <= 160


def test_staff_have_the_demo_usernames_roles_and_password(demo_output):
    staff = Staff.objects.select_related("user")
    assert {s.user.username: s.role for s in staff} == EXPECTED_STAFF
    assert all(s.user.check_password("petrissage-demo") for s in staff)


def test_therapists_have_wa_licences_and_valid_npis(demo_output):
    for therapist in Staff.objects.filter(role="therapist"):
        assert therapist.credentials == "LMT"
        assert therapist.licence_state == "WA"
        assert therapist.licence_number.startswith("MA60")
        assert len(therapist.licence_number) == 10
        assert therapist.licence_expires is not None
        assert npi_is_valid(therapist.npi)
        assert therapist.taxonomy == THERAPIST_TAXONOMY


def test_every_coverage_channel_is_present(demo_output):
    channels = Counter(Coverage.objects.values_list("channel", flat=True))
    assert set(channels) == set(Channel.values)
    patients = Patient.objects.count()
    assert 0.35 <= channels[Channel.COMMERCIAL] / patients <= 0.55
    wc = Coverage.objects.filter(channel=Channel.WORKERS_COMP)
    assert all(c.claim_number and c.injury_date and c.employer_name for c in wc)
    auto = Coverage.objects.filter(channel=Channel.AUTO)
    assert all(c.claim_number and c.injury_date and c.accident_state == "WA" for c in auto)


def test_patients_look_real(demo_output):
    patients = list(Patient.objects.all())
    assert all(p.phone.startswith("(") and "555-01" in p.phone for p in patients)
    assert all(p.email.endswith(("@example.org", "@example.com")) for p in patients if p.email)
    assert all(p.state == "WA" and p.postal_code.startswith("98") for p in patients)
    languages = Counter(p.preferred_language for p in patients)
    assert languages.most_common(1)[0][0] == "English"
    assert len(languages) >= 3
    assert len({p.full_name for p in patients}) == len(patients)


def test_everything_is_audited_from_the_cli_and_the_chain_verifies(demo_output):
    assert verify_all().ok
    practice = Practice.objects.get(slug=DEMO_SLUG)
    events = AuditEvent.objects.filter(practice=practice)
    assert set(events.values_list("source", flat=True)) == {"cli"}
    assert events.filter(action="patient.create").count() == Patient.objects.count()
    assert events.filter(action="coverage.create").count() == Coverage.objects.count()


def test_prints_progress_and_the_logins(demo_output):
    assert "Patients [" in demo_output
    assert "150/150" in demo_output
    for username in EXPECTED_STAFF:
        assert f"{username} " in demo_output
    assert "petrissage-demo" in demo_output


def test_a_second_run_changes_nothing(demo_output):
    before = counts()

    out = run("load_demo")

    assert "already exists; nothing changed" in out
    assert counts() == before


def test_the_password_can_be_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("PETRISSAGE_DEMO_PASSWORD", "my-own-demo-secret")

    run("load_demo", "--patients", "3")

    assert Staff.objects.get(user__username="owner").user.check_password("my-own-demo-secret")


def test_a_weak_demo_password_is_refused(monkeypatch):
    monkeypatch.setenv("PETRISSAGE_DEMO_PASSWORD", "123")

    with pytest.raises(CommandError, match="PETRISSAGE_DEMO_PASSWORD is too weak"):
        run("load_demo")
    assert not Practice.objects.exists()


def test_a_clashing_username_stops_it_before_anything_is_written(practice):
    factories.make_staff(practice, Role.OWNER, "owner")
    before = counts()

    with pytest.raises(CommandError, match=r"username.*owner.*already exist"):
        run("load_demo", "--patients", "3")
    assert counts() == before
