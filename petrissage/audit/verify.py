"""Checks the audit hash chains and reports the first broken link."""

from __future__ import annotations

from dataclasses import dataclass

from petrissage.audit.hashing import GENESIS_HASH, row_hash
from petrissage.audit.models import AuditEvent
from petrissage.audit.services import hashed_fields


@dataclass(frozen=True)
class BrokenLink:
    chain: int
    event_id: int
    reason: str


@dataclass(frozen=True)
class VerifyResult:
    rows_checked: int
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_chain(chain: int) -> tuple[int, BrokenLink | None]:
    expected_previous = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.filter(chain=chain).order_by("id").iterator(chunk_size=2000):
        checked += 1
        if event.previous_hash != expected_previous:
            return checked, BrokenLink(
                chain,
                event.pk,
                "previous-hash link does not match the row before it "
                "(a row was deleted, inserted or reordered)",
            )
        if row_hash(event.previous_hash, hashed_fields(event)) != event.hash:
            return checked, BrokenLink(
                chain, event.pk, "row content does not match its hash (edited)"
            )
        expected_previous = event.hash
    return checked, None


def verify_all() -> VerifyResult:
    total = 0
    chains = AuditEvent.objects.order_by().values_list("chain", flat=True).distinct()
    for chain in sorted(set(chains)):
        checked, broken = verify_chain(chain)
        total += checked
        if broken:
            return VerifyResult(total, broken)
    return VerifyResult(total, None)
