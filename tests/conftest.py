"""Shared fixtures: two practices and a persona per role, plus an outsider of practice B.

Like healthchecks' alice/bob/charlie: every access test can check that a user of
another practice sees nothing of this one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db.backends.base.operations import BaseDatabaseOperations

from petrissage.audit import guard
from petrissage.practice.models import Role
from tests import factories

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_audit_guard():
    """Transactional tests empty every table between tests; the append-only triggers on
    the audit table would refuse that, so the flush lifts them for its own statements."""
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with guard.suspended(self.connection):
            return original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    yield
    BaseDatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; tests that check hashing set it back themselves."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data (third-party test data) is not beside this checkout")
    return SHARED_DATA


@pytest.fixture
def practice(db):
    return factories.make_practice("alpha-clinic")


@pytest.fixture
def other_practice(db):
    return factories.make_practice("beta-clinic", time_zone="America/New_York")


@pytest.fixture
def owner(practice):
    return factories.make_staff(practice, Role.OWNER, "olivia-owner")


@pytest.fixture
def therapist(practice):
    return factories.make_staff(practice, Role.THERAPIST, "theo-therapist")


@pytest.fixture
def front_desk(practice):
    return factories.make_staff(practice, Role.FRONT_DESK, "fran-frontdesk")


@pytest.fixture
def biller(practice):
    return factories.make_staff(practice, Role.BILLER, "bill-biller")


@pytest.fixture
def outsider(other_practice):
    """A therapist of another practice: must see nothing of `practice`."""
    return factories.make_staff(other_practice, Role.THERAPIST, "otto-outsider")


@pytest.fixture
def personas(owner, therapist, front_desk, biller):
    return {"owner": owner, "therapist": therapist, "front_desk": front_desk, "biller": biller}


@pytest.fixture
def patient(practice):
    return factories.make_patient(practice, given_name="Maria", family_name="Lopez")


@pytest.fixture
def login(client):
    def _login(staff):
        client.force_login(staff.user)
        return client

    return _login
