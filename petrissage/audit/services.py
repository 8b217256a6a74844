"""Writing audit events. Every service that touches patient data calls `audit_record`
inside its own transaction, so the change and its audit row commit together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from petrissage.audit.hashing import GENESIS_HASH, row_hash
from petrissage.audit.models import AuditEvent, Category, Outcome

if TYPE_CHECKING:
    from petrissage.patients.models import Patient
    from petrissage.practice.models import Practice, Staff, User


@dataclass(frozen=True)
class Actor:
    """Who did something, from where."""

    user: User | None
    practice: Practice | None
    source: str = "web"
    ip: str | None = None
    username: str = ""

    @classmethod
    def for_staff(
        cls, staff: Staff, request: HttpRequest | None = None, source: str = "web"
    ) -> Actor:
        return cls(
            user=staff.user,
            practice=staff.practice,
            source=source,
            ip=client_ip(request) if request is not None else None,
            username=staff.user.username,
        )

    @classmethod
    def system(cls, practice: Practice | None, source: str = "cli") -> Actor:
        return cls(user=None, practice=practice, source=source, username=f"<{source}>")


def client_ip(request: HttpRequest) -> str | None:
    """The client address. Behind the shipped nginx config REMOTE_ADDR is the proxy,
    which passes the client in X-Real-IP."""
    ip = request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")
    return str(ip) if ip else None


def _lock_chain(chain: int) -> None:
    # SQLite: the IMMEDIATE transaction already holds the database's write lock.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7_000_001, chain])


def hashed_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "occurred_at": event.occurred_at,
        "chain": event.chain,
        "practice": event.practice_id,
        "user": event.user_id,
        "username": event.username,
        "patient": event.patient_id,
        "action": event.action,
        "category": event.category,
        "outcome": event.outcome,
        "source": event.source,
        "source_ip": event.source_ip,
        "detail": event.detail,
    }


def audit_record(
    *,
    actor: Actor,
    action: str,
    category: Category,
    patient: Patient | None = None,
    outcome: Outcome = Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    practice = actor.practice
    chain = practice.pk if practice is not None else 0
    with transaction.atomic():
        _lock_chain(chain)
        previous = (
            AuditEvent.objects.filter(chain=chain)
            .order_by("-id")
            .values_list("hash", flat=True)
            .first()
        )
        event = AuditEvent(
            occurred_at=timezone.now().replace(microsecond=0),
            chain=chain,
            practice=practice,
            user=actor.user,
            username=actor.username or (actor.user.get_username() if actor.user else ""),
            patient=patient,
            action=action,
            category=category,
            outcome=outcome,
            source=actor.source,
            source_ip=actor.ip,
            detail=detail or {},
            previous_hash=previous or GENESIS_HASH,
        )
        event.hash = row_hash(event.previous_hash, hashed_fields(event))
        event.save()
    return event
