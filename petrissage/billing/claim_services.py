"""Claim lifecycle: draft → ready → submitted → paid / partially paid / denied, with
corrections (frequency 7 replaces, 8 voids; CMS-1500 item 22, clinical.md §4e) and
manual payment posting. Every write audits in the same transaction."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.billing.charge_services import case_diagnoses
from petrissage.billing.common import ZERO, audit_billing, billing_profile_of, money
from petrissage.billing.models import (
    Charge,
    Claim,
    ClaimAdjustment,
    ClaimStatus,
    Frequency,
    Payer,
    Payment,
    PaymentMethod,
    PaymentSource,
)
from petrissage.billing.scrubber import scrub
from petrissage.care.selectors import same_day_care_team_warnings
from petrissage.clinical.models import SessionNote
from petrissage.patients.models import Coverage

CORRECTABLE = (
    ClaimStatus.SUBMITTED,
    ClaimStatus.PARTIALLY_PAID,
    ClaimStatus.DENIED,
    ClaimStatus.PAID,
)
POSTABLE = (ClaimStatus.SUBMITTED, ClaimStatus.PARTIALLY_PAID, ClaimStatus.DENIED)
CONTRACTUAL_GROUPS = frozenset({"CO", "OA", "PI", "CR"})


def _account_number(session: SessionNote, suffix: str = "") -> str:
    chart = re.sub(r"[^A-Z0-9]", "", session.patient.chart_number.upper())
    return f"{chart}-{session.pk}{suffix}"


def _care_team_warnings(charges: list[Charge]) -> list[str]:
    """Another clinician of the care team treating on the same day (e.g. a chiropractor's
    manipulation next to 97140, clinical.md §4c [B1]): a warning, not a hold."""
    codes = [charge.cpt for charge in charges]
    sessions = {charge.session_id: charge.session for charge in charges}.values()
    return [w for session in sessions for w in same_day_care_team_warnings(session, codes)]


def refresh_scrub(claim: Claim) -> list[str]:
    """Re-check a claim; an unsent claim first takes the case's current diagnoses."""
    if claim.status in (ClaimStatus.DRAFT, ClaimStatus.READY):
        first = claim.charges.select_related("session__case").first()
        if first is not None:
            claim.diagnoses = case_diagnoses(first.session)
    problems = scrub(claim, billing_profile_of(claim.practice))
    claim.problems = problems
    charges = list(claim.charges.select_related("session"))
    claim.warnings = list(
        dict.fromkeys([*(w for c in charges for w in c.warnings), *_care_team_warnings(charges)])
    )
    claim.scrubbed_at = timezone.now()
    if claim.status in (ClaimStatus.DRAFT, ClaimStatus.READY):
        claim.status = ClaimStatus.DRAFT if problems else ClaimStatus.READY
    claim.save()
    return problems


def claim_create_for_charges(
    *,
    session: SessionNote,
    coverage: Coverage,
    payer: Payer,
    charges: list[Charge],
    actor: Actor,
) -> Claim:
    """A draft claim for one session's charges, scrubbed at once (ready when clean)."""
    with transaction.atomic():
        claim = Claim.objects.create(
            practice_id=session.practice_id,
            patient=session.patient,
            case=session.case,
            coverage=coverage,
            payer=payer,
            account_number=_account_number(session),
            service_date=session.session_date,
            diagnoses=case_diagnoses(session),
            total_charge=sum((c.amount for c in charges), ZERO),
        )
        Charge.objects.filter(pk__in=[c.pk for c in charges]).update(claim=claim)
        problems = refresh_scrub(claim)
        audit_billing(
            actor=actor,
            action="claim.create",
            patient=session.patient,
            detail={"claim": claim.pk, "total": str(claim.total_charge), "problems": len(problems)},
        )
    return claim


def claim_scrub(*, claim: Claim, actor: Actor) -> list[str]:
    """Re-check a claim after a fix: refresh diagnoses from the case, store the problems."""
    with transaction.atomic():
        problems = refresh_scrub(claim)
        audit_billing(
            actor=actor,
            action="claim.scrub",
            patient=claim.patient,
            detail={"claim": claim.pk, "problems": len(problems)},
        )
    return problems


def _correction(claim: Claim, frequency: Frequency, original_number: str, actor: Actor) -> Claim:
    if claim.status not in CORRECTABLE or claim.frequency == Frequency.VOID:
        raise ValidationError(
            {"claim": f"A {claim.get_status_display().lower()} claim cannot be corrected."}
        )
    number = (original_number or claim.payer_claim_number).strip()
    if not number:
        raise ValidationError(
            {
                "original_claim_number": "Enter the payer's claim number of the original claim "
                "(from the remittance or the payer portal): a corrected or void claim carries it."
            }
        )
    suffix = "R" if frequency == Frequency.REPLACEMENT else "V"
    count = claim.corrections.count() + 1
    with transaction.atomic():
        claim.payer_claim_number = number
        claim.status = (
            ClaimStatus.REPLACED if frequency == Frequency.REPLACEMENT else ClaimStatus.VOIDED
        )
        claim.closed_at = timezone.now()
        claim.save()
        new = Claim.objects.create(
            practice_id=claim.practice_id,
            patient=claim.patient,
            case=claim.case,
            coverage=claim.coverage,
            payer=claim.payer,
            frequency=frequency,
            original=claim,
            account_number=f"{claim.account_number}{suffix}{count}"[:38],
            service_date=claim.service_date,
            diagnoses=claim.diagnoses,
            total_charge=claim.total_charge,
        )
        claim.charges.update(claim=new)
        refresh_scrub(new)
        audit_billing(
            actor=actor,
            action="claim.replace" if frequency == Frequency.REPLACEMENT else "claim.void",
            patient=claim.patient,
            detail={"claim": claim.pk, "correction": new.pk, "original_number": number},
        )
    return new


def claim_resubmit(*, claim: Claim, actor: Actor, original_claim_number: str = "") -> Claim:
    """A replacement claim (frequency 7) rebuilt from today's data, carrying REF*F8."""
    return _correction(claim, Frequency.REPLACEMENT, original_claim_number, actor)


def claim_void(*, claim: Claim, actor: Actor, original_claim_number: str = "") -> Claim:
    """A void claim (frequency 8) of the original, carrying REF*F8."""
    return _correction(claim, Frequency.VOID, original_claim_number, actor)


def status_after_payment(claim: Claim, *, denied: bool) -> str:
    if denied:
        return ClaimStatus.DENIED
    if claim.insurance_balance <= 0:
        return ClaimStatus.PAID
    return ClaimStatus.PARTIALLY_PAID


def apply_claim_payment(
    claim: Claim,
    *,
    paid: Decimal,
    adjustments: list[tuple[str, str, Decimal]],
    patient_responsibility: Decimal | None = None,
    denied: bool = False,
) -> None:
    """Add a payer's payment and adjustments (group, reason, amount) to claim; no audit.

    A denial's adjustments are recorded but not written off: the charge stays open in the
    work queue and the aging report until it is corrected or written off by hand.
    """
    contractual = sum((a for g, _, a in adjustments if g in CONTRACTUAL_GROUPS), ZERO)
    if denied:
        contractual = ZERO
    patient_share = sum((a for g, _, a in adjustments if g == "PR"), ZERO)
    if patient_responsibility is not None and not patient_share:
        patient_share = patient_responsibility
    claim.insurance_paid += paid
    claim.contractual_adjustment += contractual
    claim.patient_responsibility += patient_share
    nothing_paid = paid == 0 and patient_share == 0
    claim.status = status_after_payment(claim, denied=denied or nothing_paid)
    if claim.status != ClaimStatus.DENIED:
        claim.denial_reason = ""
    claim.closed_at = timezone.now() if claim.status == ClaimStatus.PAID else None
    claim.save()


def claim_payment_post(
    *,
    claim: Claim,
    actor: Actor,
    paid: object,
    contractual: object = "0",
    patient_responsibility: object = "0",
    received_on: date,
    reference: str = "",
    denial_reason: str = "",
) -> Payment | None:
    """Post a payer's payment by hand (an EOB on paper); a denial when nothing is paid."""
    if claim.status not in POSTABLE:
        raise ValidationError(
            {"claim": f"Payments post to sent claims; this one is {claim.get_status_display()}."}
        )
    amount = money(paid, "paid")
    write_off = money(contractual, "contractual")
    patient_share = money(patient_responsibility, "patient_responsibility")
    if amount + write_off + patient_share > claim.insurance_balance:
        raise ValidationError(
            {"paid": f"Paid, adjustment and patient share add up to more than the claim's "
             f"open balance of {claim.insurance_balance}."}
        )  # fmt: skip
    adjustments = [("CO", "45", write_off)] if write_off else []
    adjustments += [("PR", "1", patient_share)] if patient_share else []
    with transaction.atomic():
        payment = None
        if amount:
            payment = Payment.objects.create(
                practice_id=claim.practice_id,
                patient=claim.patient,
                claim=claim,
                source=PaymentSource.INSURER,
                method=PaymentMethod.CHECK,
                amount=amount,
                received_on=received_on,
                reference=reference[:80],
            )
        for group, reason, value in adjustments:
            ClaimAdjustment.objects.create(
                practice_id=claim.practice_id,
                claim=claim,
                group_code=group,
                reason_code=reason,
                amount=value,
            )
        apply_claim_payment(claim, paid=amount, adjustments=adjustments)
        if claim.status == ClaimStatus.DENIED:
            claim.denial_reason = denial_reason[:200] or "Denied (posted by hand)"
            claim.save()
        audit_billing(
            actor=actor,
            action="claim.payment_post",
            patient=claim.patient,
            detail={"claim": claim.pk, "paid": str(amount), "status": claim.status},
        )
    return payment
