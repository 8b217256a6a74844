"""Import an 835 remittance: match each claim payment to a claim by its account number
(CLP01 = our CLM01), post payments and adjustments, and keep what did not match.

The file is parsed completely before anything is written, and the posting is one
transaction: a malformed file or a failure half-way leaves no payment behind.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from petrissage.audit.services import Actor
from petrissage.billing.claim_services import POSTABLE, apply_claim_payment
from petrissage.billing.common import audit_billing
from petrissage.billing.era import ClaimPayment, Remittance835, RemittanceFormatError, parse_835
from petrissage.billing.models import (
    Claim,
    ClaimAdjustment,
    ClaimStatus,
    Payment,
    PaymentMethod,
    PaymentSource,
    Remittance,
)
from petrissage.practice.models import Practice, Staff

MAX_FILE_BYTES = 5_000_000


def read_upload(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError({"file": "The file is larger than 5 MB; is it really an 835?"})
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        raise ValidationError(
            {"file": "The file has characters an X12 835 cannot contain (it must be plain ASCII)."}
        ) from None


def _parse(content: str) -> Remittance835:
    try:
        return parse_835(content)
    except RemittanceFormatError as error:
        message = f"Could not read the 835: {error} Nothing was posted."
        raise ValidationError({"file": message}) from error


def _unmatched(item: ClaimPayment, reason: str) -> dict[str, str]:
    return {
        "account_number": item.account_number,
        "patient": item.patient_name,
        "charge": str(item.charge),
        "paid": str(item.paid),
        "reason": reason,
    }


def _why_not(claim: Claim | None, item: ClaimPayment) -> str | None:
    if claim is None:
        return "No claim of this practice has this account number."
    if item.status_code == "22":
        return "A reversal of an earlier payment: post it by hand after checking the claim."
    if claim.status not in POSTABLE:
        return f"The claim is {claim.get_status_display().lower()}; nothing was posted to it."
    return None


def _post(claim: Claim, item: ClaimPayment, remittance: Remittance) -> None:
    if item.paid:
        Payment.objects.create(
            practice_id=claim.practice_id,
            patient_id=claim.patient_id,
            claim=claim,
            remittance=remittance,
            source=PaymentSource.INSURER,
            method=PaymentMethod.ERA,
            amount=item.paid,
            received_on=remittance.paid_on or remittance.imported_at.date(),
            reference=remittance.trace_number[:80],
        )
    for adjustment in item.adjustments:
        ClaimAdjustment.objects.create(
            practice_id=claim.practice_id,
            claim=claim,
            remittance=remittance,
            group_code=adjustment.group[:2],
            reason_code=adjustment.reason[:5],
            amount=adjustment.amount,
        )
    claim.payer_claim_number = item.payer_claim_number[:50]
    apply_claim_payment(
        claim,
        paid=item.paid,
        adjustments=[(a.group, a.reason, a.amount) for a in item.adjustments],
        patient_responsibility=item.patient_responsibility,
        denied=item.denied,
    )
    if claim.status == ClaimStatus.DENIED:
        codes = ", ".join(f"{a.group}-{a.reason}" for a in item.adjustments) or "no reason codes"
        claim.denial_reason = f"Denied by the payer ({codes})"[:200]
        claim.save()


def remittance_import(
    *,
    practice: Practice,
    actor: Actor,
    content: str,
    filename: str,
    staff: Staff | None = None,
) -> Remittance:
    """Parse, then post the whole 835 in one transaction; refuse a file imported before."""
    parsed = _parse(content)
    duplicate = Remittance.objects.filter(practice=practice, trace_number=parsed.trace_number)
    if parsed.trace_number and duplicate.exists():
        raise ValidationError(
            {"file": f"This 835 (trace {parsed.trace_number}) was imported already; "
             "nothing was posted twice."}
        )  # fmt: skip
    with transaction.atomic():
        remittance = Remittance.objects.create(
            practice=practice,
            filename=filename[:200],
            trace_number=parsed.trace_number[:50],
            payer_name=parsed.payer_name[:120],
            payment_total=parsed.payment_total,
            paid_on=parsed.paid_on,
            content=content,
            imported_by=staff,
        )
        claims = Claim.objects.select_for_update().filter(
            practice=practice, account_number__in=[c.account_number for c in parsed.claims]
        )
        by_number = {claim.account_number: claim for claim in claims}
        unmatched, posted, total = [], 0, Decimal("0.00")
        for item in parsed.claims:
            claim = by_number.get(item.account_number)
            reason = _why_not(claim, item)
            if reason is not None or claim is None:
                unmatched.append(_unmatched(item, reason or ""))
                continue
            _post(claim, item, remittance)
            posted += 1
            total += item.paid
        remittance.matched_count = posted
        remittance.unmatched = unmatched
        remittance.save()
        audit_billing(
            actor=actor,
            action="remittance.import",
            detail={
                "remittance": remittance.pk,
                "trace": parsed.trace_number,
                "posted": posted,
                "paid": str(total),
                "unmatched": len(unmatched),
            },
        )
    return remittance
