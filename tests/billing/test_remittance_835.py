"""Importing an 835: payments and adjustments posted to the matching claims, the rest
shown as unmatched; a malformed file is refused with a message and posts nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from petrissage.billing.charge_services import charges_create_for_session
from petrissage.billing.export_services import claims_export_837p
from petrissage.billing.models import Claim, ClaimStatus, Payment, Remittance
from petrissage.billing.remittance_services import remittance_import
from petrissage.billing.selectors import patient_balance
from tests.billing.builders import actor_for, insured_patient, open_case, session, setup_billing
from tests.billing.era_builder import era_for

SAMPLES = "x12/linuxforhealth-x12/835_005010X221A1"


@pytest.fixture
def sent(practice, therapist):
    """Two submitted Premera claims of 115.50 (3 × 97124 at 38.50)."""
    setup_billing(practice)
    for _ in range(2):
        patient = insured_patient(practice)
        note = session(open_case(patient, therapist))
        charges_create_for_session(session=note, actor=actor_for(practice))
    claims_export_837p(practice=practice, actor=actor_for(practice))
    return list(Claim.objects.order_by("id"))


def importing(practice, content, filename="era.835"):
    return remittance_import(
        practice=practice, actor=actor_for(practice), content=content, filename=filename
    )


def test_payment_contractual_and_patient_share_are_posted(practice, sent):
    paid, partial = sent
    content = era_for(
        [
            (paid, "80.00", (("CO", "45", "15.50"), ("PR", "3", "20.00"))),
            (partial, "50.00", (("CO", "45", "15.50"),)),
        ]
    )
    remittance = importing(practice, content)
    assert remittance.matched_count == 2
    assert remittance.unmatched == []
    paid.refresh_from_db()
    partial.refresh_from_db()
    assert paid.status == ClaimStatus.PAID
    assert paid.payer_claim_number == "PAYER00001"
    assert (paid.insurance_paid, paid.contractual_adjustment, paid.patient_responsibility) == (
        Decimal("80.00"),
        Decimal("15.50"),
        Decimal("20.00"),
    )
    assert partial.status == ClaimStatus.PARTIALLY_PAID
    assert partial.insurance_balance == Decimal("50.00")
    balance = patient_balance(paid.patient)
    assert balance.patient_due == Decimal("20.00")
    assert balance.insurance_due == 0


def test_a_denial_is_recorded_with_its_reason_codes(practice, sent):
    claim = sent[0]
    importing(practice, era_for([(claim, "0.00", (("CO", "50", "115.50"),))], status="4"))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DENIED
    assert "CO-50" in claim.denial_reason


def test_the_same_file_twice_is_refused(practice, sent):
    content = era_for([(sent[0], "80.00", ())])
    importing(practice, content)
    with pytest.raises(ValidationError, match="imported already"):
        importing(practice, content)
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text.replace("SE*", "XX*"), "no SE segment"),
        (lambda text: text.replace("CLP*", "CLP*", 1).replace("*80.00*", "*8O.OO*", 1), "amount"),
        (lambda text: text[:400], "SE"),
        (lambda text: "Hello, this is a PDF", "not an X12 file"),
        (lambda text: text.replace("ST*835", "ST*837"), "not an 835"),
    ],
)
def test_a_malformed_835_posts_nothing(practice, sent, damage, message):
    content = damage(era_for([(sent[0], "80.00", ()), (sent[1], "80.00", ())]))
    with pytest.raises(ValidationError, match=message) as caught:
        importing(practice, content)
    assert "Nothing was posted" in str(caught.value) or "not" in str(caught.value)
    assert not Remittance.objects.exists()
    assert not Payment.objects.exists()
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.SUBMITTED}


def test_a_failure_half_way_rolls_everything_back(practice, sent, monkeypatch):
    from petrissage.billing import remittance_services

    calls = []
    original = remittance_services._post

    def flaky(claim, item, remittance):
        calls.append(claim.pk)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        original(claim, item, remittance)

    monkeypatch.setattr(remittance_services, "_post", flaky)
    with pytest.raises(RuntimeError):
        importing(practice, era_for([(sent[0], "80.00", ()), (sent[1], "80.00", ())]))
    assert not Payment.objects.exists()
    assert not Remittance.objects.exists()


def test_real_world_sample_matches_one_claim_and_lists_the_rest(practice, sent, shared_data):
    claim = sent[0]
    Claim.objects.filter(pk=claim.pk).update(account_number="5554555444", total_charge="800.00")
    content = (shared_data / SAMPLES / "managed-care.835").read_text(encoding="ascii")
    remittance = importing(practice, content, "managed-care.835")
    claim.refresh_from_db()
    assert remittance.matched_count == 1
    assert remittance.payer_name == "RUSHMORE LIFE"
    assert claim.status == ClaimStatus.PAID
    assert claim.insurance_paid == Decimal("450.00")
    assert claim.patient_responsibility == Decimal("300.00")
    assert claim.payer_claim_number == "94060555410000"
    [other] = remittance.unmatched
    assert other["account_number"] == "8765432112"
    assert "No claim" in other["reason"]


@pytest.mark.parametrize(
    "name",
    [
        "cob-contractural-adjustment.835",
        "medicare-part-a.835",
        "secondary-payment.835",
        "tertiary-payment.835",
    ],
)
def test_other_samples_read_and_show_as_unmatched(practice, sent, shared_data, name):
    content = (shared_data / SAMPLES / name).read_text(encoding="ascii")
    remittance = importing(practice, content, name)
    assert remittance.matched_count == 0
    assert remittance.unmatched
    assert not Payment.objects.exists()
