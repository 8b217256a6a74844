"""Corrections (7 replace, 8 void) carry the original claim number; manual posting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from petrissage.billing.charge_services import charges_create_for_session
from petrissage.billing.claim_services import claim_payment_post, claim_resubmit, claim_void
from petrissage.billing.export_services import claims_export_837p
from petrissage.billing.models import Claim, ClaimStatus, Frequency
from tests.billing.builders import actor_for, insured_patient, open_case, session, setup_billing
from tests.domain.x12_validation import validate_x12


@pytest.fixture
def claim(practice, therapist):
    setup_billing(practice)
    note = session(open_case(insured_patient(practice), therapist))
    charges_create_for_session(session=note, actor=actor_for(practice))
    claims_export_837p(practice=practice, actor=actor_for(practice))
    return Claim.objects.get()


def post(claim, **amounts):
    return claim_payment_post(
        claim=claim, actor=actor_for(claim.practice), received_on=date(2025, 3, 20), **amounts
    )


def test_manual_payment_in_full(claim):
    post(claim, paid="100.00", contractual="15.50")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert claim.insurance_balance == 0


def test_manual_partial_payment_then_the_rest(claim):
    post(claim, paid="60.00")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PARTIALLY_PAID
    assert claim.insurance_balance == Decimal("55.50")
    post(claim, paid="55.50")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID


def test_nothing_paid_is_a_denial_with_the_reason(claim):
    post(claim, paid="0", denial_reason="Not a covered benefit")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DENIED
    assert claim.denial_reason == "Not a covered benefit"


@pytest.mark.parametrize(
    ("amounts", "field"),
    [
        ({"paid": "-5"}, "paid"),
        ({"paid": "500.00"}, "paid"),
        ({"paid": "1.005"}, "paid"),
        ({"paid": "ten"}, "paid"),
    ],
)
def test_bad_amounts_are_refused_by_name(claim, amounts, field):
    with pytest.raises(ValidationError) as caught:
        post(claim, **amounts)
    assert field in caught.value.message_dict
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert not claim.payments.exists()


def test_a_draft_cannot_take_a_payment(practice, therapist):
    setup_billing(practice)
    note = session(open_case(insured_patient(practice), therapist))
    charges_create_for_session(session=note, actor=actor_for(practice))
    with pytest.raises(ValidationError, match="sent claims"):
        post(Claim.objects.get(), paid="10")


def test_resubmission_needs_the_payers_claim_number(claim):
    with pytest.raises(ValidationError, match="payer's claim number"):
        claim_resubmit(claim=claim, actor=actor_for(claim.practice))


def test_resubmission_is_frequency_7_with_ref_f8_and_valid(claim, practice):
    post(claim, paid="0", denial_reason="Wrong member id")
    new = claim_resubmit(
        claim=claim, actor=actor_for(practice), original_claim_number="PAYER-998877"
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REPLACED
    assert new.frequency == Frequency.REPLACEMENT
    assert new.status == ClaimStatus.READY
    assert new.original == claim
    [batch] = claims_export_837p(practice=practice, actor=actor_for(practice)).batches
    assert "11:B:7" in batch.content
    assert "REF*F8*PAYER-998877" in batch.content
    assert validate_x12(batch.content).ok


def test_void_is_frequency_8(claim, practice):
    claim.payer_claim_number = "PAYER-1"
    claim.save()
    new = claim_void(claim=claim, actor=actor_for(practice))
    [batch] = claims_export_837p(practice=practice, actor=actor_for(practice)).batches
    assert "11:B:8" in batch.content
    assert "REF*F8*PAYER-1" in batch.content
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VOIDED
    assert new.frequency == Frequency.VOID
    assert validate_x12(batch.content).ok
