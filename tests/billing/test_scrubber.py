"""The scrubber names every problem and what to fix; a clean claim is ready to send."""

from __future__ import annotations

import pytest

from petrissage.billing.charge_services import charges_create_for_session
from petrissage.billing.claim_services import claim_scrub
from petrissage.billing.models import Charge, Claim, ClaimStatus
from petrissage.billing.prescription_checks import prescription_problems
from petrissage.billing.scrubber import diagnosis_problems
from petrissage.clinical.models import NoteStatus
from petrissage.patients.models import Coverage
from tests.billing.builders import actor_for, insured_patient, open_case, session, setup_billing


def claim_for(practice, therapist, *codes, lines=None, raw=None, **coverage):
    setup_billing(practice)
    patient = insured_patient(practice, raw, **coverage)
    note = session(open_case(patient, therapist, *codes), *([lines] if lines else []))
    charges_create_for_session(session=note, actor=actor_for(practice))
    return Claim.objects.get(patient=patient)


def rescrub(claim):
    return claim_scrub(claim=claim, actor=actor_for(claim.practice))


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("M54.5", "retired in FY2022"),
        ("M54.5", "M54.50"),
        ("M54", "billable"),
        ("S13.4", "7th character"),
        ("S13.4XXA", "use D (subsequent encounter)"),
        ("Q99.99", "not"),
    ],
)
def test_diagnosis_problems_say_what_to_use(code, fragment):
    [problem] = diagnosis_problems([code])
    assert fragment in problem


def test_good_codes_pass():
    assert diagnosis_problems(["M54.50", "S13.4XXD", "M79.18"]) == []


def test_no_diagnosis_is_a_problem():
    assert "no diagnosis" in diagnosis_problems([])[0]


def test_retired_code_keeps_the_claim_in_needs_a_fix(practice, therapist):
    claim = claim_for(practice, therapist, "M54.5")
    assert claim.status == ClaimStatus.DRAFT
    assert any("M54.50" in p for p in claim.problems)


def test_fixing_the_case_and_rescrubbing_makes_it_ready(practice, therapist):
    claim = claim_for(practice, therapist, "M54.5")
    claim.case.diagnoses.update(code="M54.50")
    assert rescrub(claim) == []
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.READY


def test_missing_subscriber_data_is_named(practice, therapist):
    claim = claim_for(practice, therapist, raw={"member_id": "", "subscriber_name": ""})
    text = " ".join(claim.problems)
    assert "member id" in text
    assert "subscriber name" in text


def test_spouse_subscriber_needs_a_birth_date(practice, therapist):
    claim = claim_for(practice, therapist, relationship="01", subscriber_name="Jon Spouse")
    assert any("subscriber's birth date" in p for p in claim.problems)


def test_auto_claim_needs_accident_fields(practice, therapist):
    claim = claim_for(
        practice,
        therapist,
        "S13.4XXD",
        channel="auto",
        injury_date="2025-01-05",
        raw={"injury_date": None},
    )
    text = " ".join(claim.problems)
    assert "injury/accident date" in text
    assert "claim number" in text
    assert "accident state" in text


def test_workers_comp_needs_the_employer(practice, therapist):
    claim = claim_for(
        practice,
        therapist,
        "S13.4XXD",
        channel="workers_comp",
        claim_number="A123456",
        injury_date="2025-01-05",
    )
    assert any("employer" in p for p in claim.problems)


def test_invalid_rendering_npi_is_named(practice, therapist):
    therapist.npi = "1234567890"  # fails the Luhn check
    therapist.save()
    claim = claim_for(practice, therapist)
    assert any("Rendering NPI" in p for p in claim.problems)


def test_units_that_do_not_match_minutes_are_caught(practice, therapist):
    claim = claim_for(practice, therapist)
    Charge.objects.filter(claim=claim).update(units=4)
    assert any("the note's minutes support 3" in p for p in rescrub(claim))


def test_units_with_no_minutes_are_caught(practice, therapist):
    claim = claim_for(practice, therapist)
    Charge.objects.filter(claim=claim).update(minutes=0)
    assert any("with no minutes" in p for p in rescrub(claim))


def test_unsigned_note_is_caught(practice, therapist):
    claim = claim_for(practice, therapist)
    claim.charges.first().session.__class__.objects.update(status=NoteStatus.DRAFT)
    assert any("not signed" in p for p in rescrub(claim))


def test_missing_fee_is_named(practice, therapist):
    claim = claim_for(practice, therapist, lines=(("neuromuscular re-education", "neck", 30),))
    assert any("97112 has no fee" in p for p in claim.problems)


def test_a_covering_prescription_gives_no_prescription_problem(practice, therapist):
    assert prescription_problems(claim_for(practice, therapist)) == []


def test_coverage_fix_clears_the_problem(practice, therapist):
    claim = claim_for(practice, therapist, raw={"member_id": ""})
    Coverage.objects.filter(pk=claim.coverage_id).update(member_id="PRA1")
    claim.coverage.refresh_from_db()
    assert rescrub(claim) == []
