"""Audit rows are hash-chained; the verifier finds edits, deletions, insertions and reorders."""

from __future__ import annotations

import itertools
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from petrissage.audit import guard
from petrissage.audit.models import AuditEvent, Category
from petrissage.audit.services import Actor, audit_record
from petrissage.audit.verify import verify_all
from tests import factories


def _write_events(practice, n):
    actor = Actor.system(practice)
    for i in range(n):
        audit_record(actor=actor, action="test.event", category=Category.ADMIN, detail={"i": i})


def _drop_triggers():
    """Simulate a DBA with direct database access: remove the append-only guard."""
    guard.remove(connection)


def _restore_triggers():
    guard.install(connection)


def test_each_row_links_to_the_previous_row_of_its_practice(practice, other_practice):
    _write_events(practice, 3)
    _write_events(other_practice, 2)
    rows = list(AuditEvent.objects.filter(practice=practice).order_by("id"))
    for before, after in itertools.pairwise(rows):
        assert after.previous_hash == before.hash
    assert verify_all().ok


def test_the_orm_refuses_updates_and_deletes(practice):
    _write_events(practice, 1)
    event = AuditEvent.objects.filter(practice=practice).earliest("id")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_raw_updates_and_deletes():
    practice = factories.make_practice("raw-sql-clinic")
    _write_events(practice, 1)
    for statement in (
        "UPDATE audit_auditevent SET action = 'forged'",
        "DELETE FROM audit_auditevent",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(statement)
    assert AuditEvent.objects.filter(action="forged").count() == 0


TAMPERING = [
    "edit_action",
    "edit_time",
    "delete",
    "insert",
    "swap",
    "edit_detail",
    "edit_patient_id",
]


def _tamper(kind: str, rows: list[AuditEvent], rng: random.Random) -> None:
    target = rng.choice(rows[1:-1])
    with connection.cursor() as c:
        if kind == "edit_action":
            c.execute(
                "UPDATE audit_auditevent SET action = %s WHERE id = %s",
                ["patient.nothing", target.pk],
            )
        elif kind == "edit_time":
            c.execute(
                "UPDATE audit_auditevent SET username = %s WHERE id = %s", ["mallory", target.pk]
            )
        elif kind == "edit_detail":
            c.execute(
                "UPDATE audit_auditevent SET detail = %s WHERE id = %s", ['{"i": 999}', target.pk]
            )
        elif kind == "edit_patient_id":
            c.execute(
                "UPDATE audit_auditevent SET outcome = %s WHERE id = %s", ["denied", target.pk]
            )
        elif kind == "delete":
            c.execute("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
        elif kind == "insert":
            c.execute(
                "INSERT INTO audit_auditevent (occurred_at, chain, practice_id, username, action,"
                " category, outcome, source, detail, previous_hash, hash)"
                " SELECT occurred_at, chain, practice_id, 'mallory', 'patient.view', category,"
                " outcome, source, detail, hash, %s FROM audit_auditevent WHERE id = %s",
                ["f" * 64, target.pk],
            )
        elif kind == "swap":  # reorder two neighbouring rows, each keeping its own hashes
            other = rows[rows.index(target) + 1]
            update = (
                "UPDATE audit_auditevent SET detail = %s, previous_hash = %s, hash = %s"
                " WHERE id = %s"
            )
            c.execute(update, ['{"i": -1}', "x", "tmp", target.pk])
            c.execute(update, [_json(target.detail), target.previous_hash, target.hash, other.pk])
            c.execute(update, [_json(other.detail), other.previous_hash, other.hash, target.pk])


def _json(value: dict) -> str:
    import json

    return json.dumps(value)


@pytest.mark.django_db(transaction=True)
def test_fifty_random_tamperings_are_all_detected():
    """C4: random direct-database edits, deletes, inserts and reorders → 50 of 50 detected."""
    rng = random.Random(20261123)
    detected = 0
    for round_number in range(50):
        practice = factories.make_practice(f"tamper-{round_number}")
        _write_events(practice, 6)
        rows = list(AuditEvent.objects.filter(practice=practice).order_by("id"))
        assert verify_all().ok
        _drop_triggers()
        try:
            _tamper(TAMPERING[round_number % len(TAMPERING)], rows, rng)
        finally:
            _restore_triggers()
        if not verify_all().ok:
            detected += 1
        # Start the next round from a clean table: remove this round's rows.
        _drop_triggers()
        with connection.cursor() as c:
            c.execute("DELETE FROM audit_auditevent")
        _restore_triggers()
    assert detected == 50


@pytest.mark.django_db(transaction=True)
def test_verify_audit_command_exits_non_zero_at_the_first_broken_link():
    practice = factories.make_practice("cmd-clinic")
    _write_events(practice, 4)
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()
    victim = AuditEvent.objects.filter(practice=practice, action="test.event").order_by("id")[1]
    _drop_triggers()
    try:
        with connection.cursor() as c:
            c.execute("UPDATE audit_auditevent SET action = 'hidden' WHERE id = %s", [victim.pk])
    finally:
        _restore_triggers()
    with pytest.raises(CommandError, match=f"event {victim.pk}"):
        call_command("verify_audit", stdout=StringIO())
    _drop_triggers()
    with connection.cursor() as c:
        c.execute("DELETE FROM audit_auditevent")
    _restore_triggers()
