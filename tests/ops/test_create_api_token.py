from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from petrissage.audit.models import AuditEvent
from petrissage.practice.models import ApiToken
from petrissage.practice.services import api_token_authenticate
from tests.ops.helpers import run

pytestmark = pytest.mark.django_db


def secret_from(out: str) -> str:
    return out.strip().splitlines()[-1]


def test_the_printed_secret_authenticates_as_the_staff_member(therapist):
    out = run("create_api_token", therapist.user.username, "--label", "laptop sync")

    token = api_token_authenticate(secret_from(out))
    assert token is not None
    assert token.staff == therapist
    assert token.label == "laptop sync"


def test_only_a_digest_is_stored(therapist):
    secret = secret_from(run("create_api_token", therapist.user.username))

    assert not ApiToken.objects.filter(digest=secret).exists()
    assert secret not in str(list(ApiToken.objects.values()))


def test_writes_a_cli_audit_event_in_the_staff_practice(therapist):
    run("create_api_token", therapist.user.username)

    event = AuditEvent.objects.get(action="api_token.create")
    assert event.source == "cli"
    assert event.practice == therapist.practice


def test_an_unknown_username_is_named(db):
    with pytest.raises(CommandError, match="No staff member has the username 'ghost'"):
        run("create_api_token", "ghost")


def test_an_inactive_staff_member_gets_no_token(therapist):
    therapist.active = False
    therapist.save()

    with pytest.raises(CommandError, match="'theo-therapist' is inactive"):
        run("create_api_token", "theo-therapist")
    assert not ApiToken.objects.exists()
