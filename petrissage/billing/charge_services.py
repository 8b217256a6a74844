"""Charges from a signed session note, then a claim (insured) or an invoice / package
session (self-pay). `charges_create_for_session` is idempotent: call it again and it
returns the charges it made the first time."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from petrissage.audit.services import Actor
from petrissage.billing.charge_planning import ChargePlan, PayerRules, TreatedMinutes, plan_charges
from petrissage.billing.common import audit_billing
from petrissage.billing.models import Charge, FeeScheduleEntry, Payer
from petrissage.billing.setup_services import payer_for_coverage, technique_overrides
from petrissage.clinical.models import NoteStatus, SessionNote
from petrissage.domain.billing.units import UnitRule
from petrissage.patients.models import Channel, Coverage, Patient

MAX_DIAGNOSES = 12  # CMS-1500 item 21 A–L (clinical.md §4e)


def billing_coverage(patient: Patient) -> Coverage | None:
    """The active coverage with the lowest priority number; None means self-pay."""
    coverage = patient.coverages.filter(active=True).order_by("priority", "id").first()
    if coverage is None or coverage.channel == Channel.SELF_PAY:
        return None
    return coverage


def case_diagnoses(session: SessionNote) -> list[str]:
    codes = session.case.diagnoses.order_by("position", "id").values_list("code", flat=True)
    return list(codes)[:MAX_DIAGNOSES]


def fee_table(payer: Payer | None, practice_id: int) -> dict[str, Decimal]:
    """Fees per CPT: the practice's standard fees, overlaid by the payer's schedule."""
    entries = FeeScheduleEntry.objects.filter(practice_id=practice_id)
    fees = {e.cpt: e.fee for e in entries.filter(payer__isnull=True)}
    if payer is not None:
        fees |= {e.cpt: e.fee for e in entries.filter(payer=payer)}
    return fees


def payer_rules(payer: Payer | None) -> PayerRules:
    if payer is None:
        return PayerRules(bundles_hot_cold_pack=False)
    return PayerRules(
        unit_rule=UnitRule(payer.unit_rule),
        bundles_hot_cold_pack=payer.bundles_hot_cold_pack,
        bypass_modifier=payer.bypass_modifier,
    )


def treated_minutes(session: SessionNote) -> list[TreatedMinutes]:
    return [
        TreatedMinutes(line.technique, line.region_code, line.minutes)
        for line in session.lines.all()
    ]


def _refuse_unsigned(session: SessionNote) -> None:
    if session.status != NoteStatus.SIGNED:
        raise ValidationError(
            {
                "session": f"The session of {session.session_date:%Y-%m-%d} is a "
                f"{session.get_status_display().lower()} note: charges are made only from "
                "signed notes. Ask the therapist to sign it first."
            }
        )


def _plan(session: SessionNote, payer: Payer | None) -> ChargePlan:
    return plan_charges(
        treated_minutes(session),
        rules=payer_rules(payer),
        overrides=technique_overrides(session.practice),
        diagnoses=case_diagnoses(session),
        fees=fee_table(payer, session.practice_id),
    )


def _store(session: SessionNote, payer: Payer | None, plan: ChargePlan) -> list[Charge]:
    charges = []
    for index, planned in enumerate(plan.charges):
        general = [w for w in plan.warnings if w not in planned.warnings] if index == 0 else []
        charges.append(
            Charge.objects.create(
                practice_id=session.practice_id,
                patient_id=session.patient_id,
                session=session,
                payer=payer,
                service_date=session.session_date,
                cpt=planned.cpt,
                modifiers=list(planned.modifiers),
                minutes=planned.minutes,
                units=planned.units,
                regions=list(planned.regions),
                pointers=list(planned.pointers),
                fee=planned.fee,
                amount=planned.amount,
                warnings=[*planned.warnings, *general],
            )
        )
    return charges


def charges_create_for_session(*, session: SessionNote, actor: Actor) -> list[Charge]:
    """Charges for a signed note, routed to a claim or to self-pay billing."""
    from petrissage.billing.claim_services import claim_create_for_charges
    from petrissage.billing.invoice_services import selfpay_bill_charges

    _refuse_unsigned(session)
    with transaction.atomic():
        SessionNote.objects.select_for_update().filter(pk=session.pk).exists()
        existing = list(Charge.objects.filter(practice_id=session.practice_id, session=session))
        if existing:
            return existing
        coverage = billing_coverage(session.patient)
        payer = payer_for_coverage(coverage=coverage, actor=actor) if coverage else None
        plan = _plan(session, payer)
        charges = _store(session, payer, plan)
        audit_billing(
            actor=actor,
            action="charge.create",
            patient=session.patient,
            detail={
                "session": session.pk,
                "codes": [f"{c.cpt}x{c.units}" for c in charges],
                "warnings": len(plan.warnings),
            },
        )
        if charges and coverage is not None and payer is not None:
            claim_create_for_charges(
                session=session, coverage=coverage, payer=payer, charges=charges, actor=actor
            )
        elif charges:
            selfpay_bill_charges(session=session, charges=charges, actor=actor)
    return list(Charge.objects.filter(pk__in=[c.pk for c in charges]).order_by("id"))


def sessions_without_charges(practice_id: int | None = None) -> list[SessionNote]:
    """Signed notes that have no charges yet (the create_charges command works these)."""
    notes = SessionNote.objects.filter(status=NoteStatus.SIGNED, charges__isnull=True)
    if practice_id is not None:
        notes = notes.filter(practice_id=practice_id)
    return list(notes.select_related("patient", "case", "practice").order_by("session_date", "id"))
