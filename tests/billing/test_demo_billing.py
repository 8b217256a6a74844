"""build_billing: payers for the demo coverage, fees, packages; with signed sessions it
leaves claims in every state, payments and self-pay invoices."""

from __future__ import annotations

from datetime import date, timedelta

from petrissage.billing.demo import build_billing
from petrissage.billing.models import (
    Claim,
    ClaimBatch,
    ClaimStatus,
    FeeScheduleEntry,
    Invoice,
    Package,
    Payer,
)
from petrissage.practice.demo.coverage import COMMERCIAL, LNI
from tests.billing.builders import actor_for, insured_patient, open_case, selfpay_patient, session
from tests.domain.x12_validation import validate_x12

TODAY = date(2025, 6, 30)


def test_setup_only_when_there_are_no_sessions(practice):
    build_billing(practice, actor_for(practice), TODAY)
    names = set(Payer.objects.values_list("name", flat=True))
    assert {p.name for p in COMMERCIAL} | {LNI} <= names
    assert FeeScheduleEntry.objects.filter(payer__isnull=True).count() == 4
    assert Package.objects.count() == 2
    assert not Claim.objects.exists()


def test_with_sessions_claims_reach_every_state(practice, therapist):
    for index in range(14):
        patient = insured_patient(practice, payer_name=COMMERCIAL[index % 3].name)
        note = session(open_case(patient, therapist), on=TODAY - timedelta(days=30 + index))
        assert note.pk
    session(open_case(insured_patient(practice), therapist), on=TODAY - timedelta(days=2))
    for index in range(3):
        session(
            open_case(selfpay_patient(practice), therapist), on=TODAY - timedelta(days=5 + index)
        )
    build_billing(practice, actor_for(practice), TODAY)
    states = set(Claim.objects.values_list("status", flat=True))
    wanted = {
        ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID, ClaimStatus.DENIED, ClaimStatus.SUBMITTED,
        ClaimStatus.REPLACED, ClaimStatus.VOIDED, ClaimStatus.READY,
    }  # fmt: skip
    assert wanted <= states, states
    assert Invoice.objects.filter(status="paid").exists()
    assert Invoice.objects.filter(status="open").exists()
    batches = list(ClaimBatch.objects.all())
    assert batches
    for batch in batches:  # every file the demo sent passes pyx12, prescriber loop included
        assert "NM1*DN*1*REYES*ANNA" in batch.content
        validation = validate_x12(batch.content)
        assert validation.ok, str(validation)
