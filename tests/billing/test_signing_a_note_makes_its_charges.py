"""Signing a session note makes its charges in the same transaction (8-minute rule units,
modifier 59 for separate regions) and routes them to a claim or an invoice; the demo's
billing step or the create_charges command never doubles them; a billing failure never
undoes the signature."""

from __future__ import annotations

from decimal import Decimal

import pytest

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.billing.charge_services import charges_create_for_session, sessions_without_charges
from petrissage.billing.models import Charge, Claim, ClaimStatus, Invoice
from petrissage.clinical import session_services
from petrissage.clinical.models import NoteStatus
from tests.billing.builders import insured_patient, prescribe, selfpay_patient, setup_billing
from tests.sessions.conftest import BACK_SWEDISH, NECK_MFR, make_case, save_lines, start_note

pytestmark = pytest.mark.django_db


def sign(case, therapist):
    note = start_note(case, therapist)
    save_lines(note, therapist, NECK_MFR, BACK_SWEDISH, response="Less guarding", pain_after=3)
    return session_services.session_sign(
        note=note, staff=therapist, actor=Actor.for_staff(therapist)
    )


def test_signing_an_insured_visit_makes_charges_and_a_ready_claim(practice, therapist):
    setup_billing(practice)
    case = make_case(insured_patient(practice), therapist)
    prescribe(case)
    note = sign(case, therapist)
    charges = {c.cpt: c for c in Charge.objects.filter(session=note)}
    # 20 min myofascial release (97140) + 25 min Swedish (97124) = 45 timed minutes → 3
    # units; one whole block each, the third to 97124 with 10 leftover minutes (§4b).
    assert {cpt: c.units for cpt, c in charges.items()} == {"97124": 2, "97140": 1}
    assert charges["97140"].modifiers == ["59"]  # separate regions documented (§4c)
    assert charges["97124"].amount == Decimal("77.00")  # Premera's 38.50 × 2
    claim = Claim.objects.get(pk=charges["97124"].claim_id)
    assert charges["97140"].claim_id == claim.pk
    assert claim.status == ClaimStatus.READY, claim.problems
    actions = list(AuditEvent.objects.filter(practice=practice).values_list("action", flat=True))
    assert actions.index("session.sign") < actions.index("charge.create")


def test_signing_a_self_pay_visit_makes_an_invoice(practice, therapist):
    setup_billing(practice)
    note = sign(make_case(selfpay_patient(practice), therapist), therapist)
    assert Charge.objects.filter(session=note).count() == 2
    assert Invoice.objects.filter(patient=note.patient).count() == 1


def test_billing_again_after_signing_never_doubles_the_charges(practice, therapist):
    setup_billing(practice)
    note = sign(make_case(selfpay_patient(practice), therapist), therapist)
    before = list(Charge.objects.filter(session=note).values_list("pk", flat=True))
    again = charges_create_for_session(session=note, actor=Actor.system(practice))
    assert sorted(c.pk for c in again) == sorted(before)
    assert note not in sessions_without_charges(practice.pk)
    assert Invoice.objects.filter(patient=note.patient).count() == 1


def test_a_billing_failure_keeps_the_signature_and_leaves_the_note_for_later(
    practice, therapist, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("fee table unreachable")

    monkeypatch.setattr("petrissage.billing.charge_services.charges_create_for_session", broken)
    note = sign(make_case(selfpay_patient(practice), therapist), therapist)
    note.refresh_from_db()
    assert note.status == NoteStatus.SIGNED
    assert not Charge.objects.filter(session=note).exists()
    assert note in sessions_without_charges(practice.pk)
