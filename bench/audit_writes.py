"""Cost of the hash-chained audit trail.

Figure: audit events written per second through `audit_record` (chain lock, read of the
previous hash, SHA-256, insert), each in its own transaction as services do.
Baseline: the same rows inserted with a plain ORM `save()` in their own transactions
(no chain lookup, no hashing), measured in the same run on the same SQLite file.
"""

from __future__ import annotations

import time

N = 2000


def main() -> None:
    from bench.django_setup import setup_temporary_database

    setup_temporary_database()
    from django.db import transaction
    from django.utils import timezone

    from petrissage.audit.models import AuditEvent, Category
    from petrissage.audit.services import Actor, audit_record
    from petrissage.practice.services import practice_create

    practice = practice_create(slug="bench", name="Bench", time_zone="UTC")
    actor = Actor.system(practice)

    started = time.perf_counter()
    for i in range(N):
        with transaction.atomic():
            AuditEvent(
                occurred_at=timezone.now(),
                chain=-1,
                action="bench.plain",
                category=Category.ADMIN,
                detail={"i": i},
                previous_hash="x",
                hash=f"plain-{i}",
            ).save()
    baseline = N / (time.perf_counter() - started)

    started = time.perf_counter()
    for i in range(N):
        audit_record(actor=actor, action="bench.chained", category=Category.ADMIN, detail={"i": i})
    chained = N / (time.perf_counter() - started)

    print(
        f"audit_writes: {chained:,.0f} chained events/s; baseline plain inserts {baseline:,.0f}/s; "
        f"ratio {chained / baseline:.2f}"
    )
