"""Claims to payers that need a prescription are held back when the order is missing,
expired, used up or does not list the CPT; the payer's yearly visit limit holds; the
prescriber goes into 837P loop 2310A and CMS-1500 item 17, the prior-auth number into
REF*G1 and item 23 — and the file still passes pyx12."""

from __future__ import annotations

from datetime import date, timedelta

from petrissage.billing.charge_services import charges_create_for_session
from petrissage.billing.claim_services import claim_scrub
from petrissage.billing.documents import cms1500_context
from petrissage.billing.export_services import claims_export_837p
from petrissage.billing.models import Claim, ClaimStatus, Payer
from petrissage.referrals.models import Prescription
from tests.billing.builders import (
    REFERRING_NPI,
    VISIT,
    actor_for,
    insured_patient,
    open_case,
    prescribe,
    session,
    setup_billing,
)
from tests.domain.x12_validation import validate_x12


def bill(practice, therapist, *, prescribed=True, on=VISIT, **rx):
    setup_billing(practice)
    patient = insured_patient(practice)
    case = open_case(patient, therapist, prescribed=False)
    if prescribed:
        prescribe(case, **rx)
    note = session(case, on=on)
    charges_create_for_session(session=note, actor=actor_for(practice))
    return Claim.objects.get(patient=patient, service_date=on)


def test_no_prescription_holds_the_claim_back_saying_what_to_do(practice, therapist):
    claim = bill(practice, therapist, prescribed=False)
    assert claim.status == ClaimStatus.DRAFT
    assert any("No prescription on file covers 2025-03-04" in p for p in claim.problems)


def test_an_expired_prescription_is_a_problem(practice, therapist):
    claim = bill(practice, therapist, issued_on=date(2024, 9, 1), expires_on=date(2025, 2, 28))
    assert any("No prescription on file covers" in p for p in claim.problems)


def test_a_cpt_not_on_the_order_is_named(practice, therapist):
    claim = bill(practice, therapist, cpt_codes=["97140"])
    assert any("CPT 97124 is not on the prescription" in p for p in claim.problems)


def test_a_visit_past_the_cap_or_prior_auth_is_named(practice, therapist):
    setup_billing(practice)
    patient = insured_patient(practice)
    case = open_case(patient, therapist, prescribed=False)
    prescribe(case, visit_cap=2, authorised_visits=1, prior_auth_number="PA-778")
    for day in (VISIT, VISIT + timedelta(days=3), VISIT + timedelta(days=7)):
        charges_create_for_session(session=session(case, on=day), actor=actor_for(practice))
    first, second, third = Claim.objects.filter(patient=patient).order_by("service_date")
    assert first.problems == []
    assert any("prior authorisation covers 1 visits" in p for p in second.problems)
    assert any("the prescription's cap is 2" in p for p in third.problems)


def test_a_payer_that_needs_no_prescription_does_not_ask(practice, therapist):
    setup_billing(practice)
    Payer.objects.filter(practice=practice).update(needs_prescription=False)
    claim = bill(practice, therapist, prescribed=False)
    assert claim.status == ClaimStatus.READY, claim.problems


def test_an_invalid_referring_npi_is_named(practice, therapist):
    claim = bill(practice, therapist)
    Prescription.objects.get(case=claim.case).provider.__class__.objects.update(npi="1234567890")
    problems = claim_scrub(claim=claim, actor=actor_for(practice))
    assert any("Referring provider NPI of Dr Anna Reyes (item 17b)" in p for p in problems)


def test_the_yearly_visit_limit_counts_this_payers_claims_in_the_year(practice, therapist):
    setup_billing(practice, visit_limit_per_year=2)
    patient = insured_patient(practice)
    case = open_case(patient, therapist)
    days = (date(2024, 12, 30), date(2025, 1, 6), date(2025, 1, 9), date(2025, 1, 13))
    for day in days:
        charges_create_for_session(session=session(case, on=day), actor=actor_for(practice))
    claims = list(Claim.objects.filter(patient=patient).order_by("service_date"))
    assert [bool(c.problems) for c in claims] == [False, False, False, True]
    assert "visit 3 of 2025" in claims[3].problems[0]
    claims[1].status = ClaimStatus.VOIDED
    claims[1].save()
    assert claim_scrub(claim=claims[3], actor=actor_for(practice)) == []


def test_prescriber_and_prior_auth_reach_the_837p_and_the_cms1500(practice, therapist):
    claim = bill(practice, therapist, prior_auth_number="PA-12345")
    assert claim.status == ClaimStatus.READY, claim.problems
    boxes = {box.item: box.value for box in cms1500_context(claim)["boxes"]}
    assert boxes["17"] == f"DN ANNA REYES   17B {REFERRING_NPI}"
    assert boxes["23"] == "PA-12345"
    result = claims_export_837p(practice=practice, actor=actor_for(practice))
    [batch] = result.batches
    assert f"NM1*DN*1*REYES*ANNA****XX*{REFERRING_NPI}~" in batch.content
    assert "REF*G1*PA-12345~" in batch.content
    validation = validate_x12(batch.content)
    assert validation.ok, str(validation)
