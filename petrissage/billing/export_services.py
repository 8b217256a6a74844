"""Write 837P files: every claim that passes the scrubber, one interchange per payer.

Control numbers come from the practice's counter (BillingProfile.last_control_number),
so ISA13 never repeats for a sender. The whole export is one transaction: either every
batch is stored and its claims marked submitted, or nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.billing.claim_services import refresh_scrub
from petrissage.billing.common import ZERO, audit_billing, billing_profile_of, next_number
from petrissage.billing.models import BillingProfile, Claim, ClaimBatch, ClaimStatus, Payer
from petrissage.billing.x12_build import domain_claim
from petrissage.domain.billing.x12_837p import Receiver, Submitter, write_interchange
from petrissage.practice.models import Practice, Staff

EXPORTABLE = (ClaimStatus.DRAFT, ClaimStatus.READY)


@dataclass
class ExportResult:
    batches: list[ClaimBatch] = field(default_factory=list)
    held_back: list[Claim] = field(default_factory=list)

    @property
    def claim_count(self) -> int:
        return sum(batch.claim_count for batch in self.batches)


def _parties(profile: BillingProfile) -> tuple[Submitter, Receiver]:
    submitter = Submitter(
        profile.billing_name, profile.submitter_id, profile.submitter_contact, profile.phone
    )
    return submitter, Receiver(profile.receiver_name, profile.receiver_id)


def _write_batch(
    practice: Practice,
    payer: Payer,
    claims: list[Claim],
    *,
    profile: BillingProfile,
    created_at: datetime,
    staff: Staff | None,
    usage: str,
) -> ClaimBatch:
    control = next_number(practice, "last_control_number")
    domain = [domain_claim(c, list(c.charges.order_by("id")), profile) for c in claims]
    submitter, receiver = _parties(profile)
    content = write_interchange(
        submitter, receiver, domain, control, created_at, usage=usage, newline=True
    )
    batch = ClaimBatch.objects.create(
        practice=practice,
        payer=payer,
        control_number=control,
        filename=f"837P-{practice.slug}-{control:09d}-{payer.payer_id or payer.pk}.x12",
        content=content,
        claim_count=len(claims),
        total=sum((c.total_charge for c in claims), ZERO),
        created_by=staff,
    )
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(
        status=ClaimStatus.SUBMITTED, batch=batch, submitted_at=created_at
    )
    return batch


def claims_export_837p(
    *,
    practice: Practice,
    actor: Actor,
    staff: Staff | None = None,
    now: datetime | None = None,
    usage: str = "P",
) -> ExportResult:
    """Scrub every draft and ready claim; write the clean ones, one file per payer."""
    created_at = timezone.localtime(now or timezone.now(), practice.zone)
    result = ExportResult()
    with transaction.atomic():
        profile = billing_profile_of(practice)
        candidates = (
            Claim.objects.filter(practice=practice, status__in=EXPORTABLE)
            .select_related("payer", "coverage", "patient", "original", "practice")
            .order_by("payer__name", "service_date", "id")
        )
        by_payer: dict[Payer, list[Claim]] = {}
        for claim in candidates:
            if refresh_scrub(claim):
                result.held_back.append(claim)
            else:
                by_payer.setdefault(claim.payer, []).append(claim)
        for payer, claims in by_payer.items():
            result.batches.append(
                _write_batch(
                    practice,
                    payer,
                    claims,
                    profile=profile,
                    created_at=created_at,
                    staff=staff,
                    usage=usage,
                )
            )
        audit_billing(
            actor=actor,
            action="claims.export_837p",
            detail={
                "batches": [b.control_number for b in result.batches],
                "claims": result.claim_count,
                "held_back": len(result.held_back),
            },
        )
    return result
