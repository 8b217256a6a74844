"""A chiropractor of the care team who adjusts the same area on the visit's weekday shows
as a warning on the claim (the 97140 / manipulation pair needs modifier 59 and a separate
region, clinical.md §4c); it warns, it does not hold the claim."""

from __future__ import annotations

import pytest

from petrissage.audit.services import Actor
from petrissage.billing.models import Charge, Claim, ClaimStatus
from petrissage.care.team_services import care_team_member_add
from tests.billing.builders import insured_patient, prescribe, setup_billing
from tests.billing.test_signing_a_note_makes_its_charges import sign
from tests.sessions.conftest import make_case

pytestmark = pytest.mark.django_db

CHIRO = {
    "name": "Dr Ana Ruiz",
    "role": "chiropractor",
    "organisation": "Eastside Chiropractic",
    "email": "ruiz@eastside.example",
    "doing": "Lumbar adjustments",
    "areas": ["lower back"],
    "weekdays": [0, 1, 2, 3, 4, 5, 6],
}


def claim_of(note) -> Claim:
    return Claim.objects.get(pk=Charge.objects.filter(session=note).first().claim_id)


def test_a_same_day_chiropractor_is_a_claim_warning_not_a_hold(practice, therapist):
    setup_billing(practice)
    case = make_case(insured_patient(practice), therapist)
    prescribe(case)
    care_team_member_add(case=case, staff=therapist, actor=Actor.for_staff(therapist), fields=CHIRO)

    claim = claim_of(sign(case, therapist))

    assert claim.status == ClaimStatus.READY, claim.problems
    assert any("Dr Ana Ruiz" in w and "modifier 59" in w for w in claim.warnings), claim.warnings


def test_without_a_care_team_there_is_no_such_warning(practice, therapist):
    setup_billing(practice)
    case = make_case(insured_patient(practice), therapist)
    prescribe(case)

    claim = claim_of(sign(case, therapist))

    assert not any("modifier 59" in w and "also" in w for w in claim.warnings)
