"""Charges come only from signed notes: CPT per technique, units by the payer's rule,
modifiers only for separate regions, fees from the payer's schedule; idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from petrissage.audit.models import AuditEvent
from petrissage.billing.charge_services import charges_create_for_session, sessions_without_charges
from petrissage.billing.models import Charge, Claim, ClaimStatus, Payer
from petrissage.billing.setup_services import payer_save, technique_override_set
from tests.billing.builders import (
    actor_for,
    insured_patient,
    open_case,
    session,
    setup_billing,
)


@pytest.fixture
def premera(practice):
    return setup_billing(practice)


@pytest.fixture
def case(practice, therapist, premera):
    return open_case(insured_patient(practice), therapist, "M54.50")


def create(note):
    return charges_create_for_session(session=note, actor=actor_for(note.practice))


def test_a_draft_note_is_refused_with_a_clear_message(case):
    note = session(case, signed=False)
    with pytest.raises(ValidationError, match="only from signed notes"):
        create(note)
    assert not Charge.objects.exists()


def test_signed_note_gives_cpt_units_fee_and_a_ready_claim(case):
    charges = create(session(case, (("Swedish massage", "lumbar-paraspinals", 40),)))
    [charge] = charges
    assert (charge.cpt, charge.units, charge.minutes) == ("97124", 3, 40)
    assert charge.fee == Decimal("38.50")
    assert charge.amount == Decimal("115.50")
    assert charge.pointers == [1]
    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.READY, claim.problems
    assert claim.total_charge == Decimal("115.50")
    assert AuditEvent.objects.filter(action="charge.create", category="billing").exists()


def test_calling_twice_returns_the_same_charges(case):
    note = session(case)
    first = create(note)
    again = create(note)
    assert [c.pk for c in first] == [c.pk for c in again]
    assert Claim.objects.count() == 1


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # CMS example (clinical.md §4b [B6]): 33 + 7 = 40 min → 3 units, 2 + 1
        ("cms_8_minute", {"97124": 2, "97140": 1}),
        # per-code midpoint: 7 minutes of 97140 bill nothing
        ("per_code_midpoint", {"97124": 2}),
    ],
)
def test_units_follow_the_payers_rule(practice, case, premera, rule, expected):
    payer_save(
        practice=practice, actor=actor_for(practice), data={"unit_rule": rule}, payer=premera
    )
    lines = (("massage", "lumbar-paraspinals", 33), ("myofascial release", "upper-trapezius", 7))
    charges = create(session(case, lines))
    assert {c.cpt: c.units for c in charges} == expected


def test_modifier_only_when_regions_differ(case):
    lines = (("massage", "lumbar-paraspinals", 30), ("myofascial release", "upper-trapezius", 15))
    by_code = {c.cpt: c for c in create(session(case, lines))}
    assert by_code["97140"].modifiers == ["59"]
    assert by_code["97124"].modifiers == []


def test_same_region_gives_a_warning_not_a_modifier(case):
    lines = (
        ("massage", "lumbar-paraspinals", 30),
        ("myofascial release", "lumbar-paraspinals", 15),
    )
    by_code = {c.cpt: c for c in create(session(case, lines))}
    assert by_code["97140"].modifiers == []
    assert any("different body regions" in w for w in by_code["97140"].warnings)


def test_payer_preferring_xs_gets_xs(practice, case, premera):
    payer_save(
        practice=practice, actor=actor_for(practice), data={"bypass_modifier": "XS"}, payer=premera
    )
    lines = (("massage", "lumbar-paraspinals", 30), ("myofascial release", "upper-trapezius", 15))
    by_code = {c.cpt: c for c in create(session(case, lines))}
    assert by_code["97140"].modifiers == ["XS"]


def test_practice_override_maps_deep_tissue_to_manual_therapy(practice, case):
    technique_override_set(
        practice=practice, actor=actor_for(practice), technique="Deep tissue", cpt="97140"
    )
    [charge] = create(session(case, (("deep tissue", "lumbar-paraspinals", 30),)))
    assert charge.cpt == "97140"
    assert charge.fee == Decimal("42.00")


def test_unknown_technique_is_a_warning_and_not_billed(case):
    charges = create(session(case, (("massage", "lumbar-paraspinals", 30), ("reiki", "head", 15))))
    assert [c.cpt for c in charges] == ["97124"]
    assert any("'reiki' has no CPT code" in w for w in charges[0].warnings)


def test_hot_pack_is_dropped_for_a_bundling_payer(case):
    charges = create(
        session(
            case, (("massage", "lumbar-paraspinals", 30), ("hot pack", "lumbar-paraspinals", 10))
        )
    )
    assert [c.cpt for c in charges] == ["97124"]


def test_unset_payer_is_created_from_the_coverage(practice, therapist):
    setup_billing(practice)
    patient = insured_patient(practice, payer_name="Regence BlueShield", payer_identifier="00932")
    create(session(open_case(patient, therapist)))
    regence = Payer.objects.get(name="Regence BlueShield")
    assert regence.payer_id == "00932"
    assert regence.unit_rule == "cms_8_minute"


def test_signed_sessions_without_charges_are_listed_for_the_command(case):
    done, waiting = session(case), session(case)
    create(done)
    assert sessions_without_charges(case.practice_id) == [waiting]
