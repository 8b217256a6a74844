"""Demo billing data for the demo clinic, built through the billing services.

`build_billing_setup` (an early demo step, before sessions are signed) sets up the billing
profile, payers matching the demo coverage (petrissage.practice.demo.coverage), fee
schedules and packages. `build_billing(practice, actor, today)` (after the schedule) makes
charges for any signed note still without them (signing makes them already), sends the
clean claims and walks them through every state: paid, partially paid, denied,
corrected, voided; self-pay invoices are partly paid. Payer ids of auto insurers and
L&I are demo values only.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from random import Random

from petrissage.audit.services import Actor
from petrissage.billing.charge_services import charges_create_for_session, sessions_without_charges
from petrissage.billing.claim_services import claim_payment_post, claim_resubmit, claim_void
from petrissage.billing.export_services import claims_export_837p
from petrissage.billing.invoice_services import invoice_payment_collect
from petrissage.billing.models import Claim, ClaimStatus, Invoice, InvoiceStatus, Payer
from petrissage.billing.setup_services import (
    billing_profile_save,
    fee_set,
    package_create,
    payer_save,
)
from petrissage.domain.npi import NPI_PREFIX, luhn_check_digit
from petrissage.practice.demo.coverage import COMMERCIAL, LNI, MEDICARE_ADVANTAGE
from petrissage.practice.demo.places import AUTO_INSURERS
from petrissage.practice.models import Practice

DEMO_SEED = 1500
STANDARD_FEES = {"97124": "38.00", "97140": "42.00", "97112": "40.00", "97010": "15.00"}


def _group_npi() -> str:
    base = "124531959"  # an organisation NPI starts with 2 or 1; Luhn digit computed
    return base + str(luhn_check_digit(NPI_PREFIX + base))


def _profile(practice: Practice, actor: Actor) -> None:
    billing_profile_save(
        practice=practice,
        actor=actor,
        data={
            "billing_name": practice.name,
            "npi": _group_npi(),
            "tax_id": "91-7654321",
            "address_line": "1420 E Pine St Suite 210",
            "city": "Seattle",
            "state": "WA",
            "postal_code": "98122",
            "phone": "206-555-0142",
            "submitter_id": "CEDARSAGE01",
            "submitter_contact": "Priya Raman",
            "receiver_name": "Demo Clearinghouse",
            "receiver_id": "DEMOCLEAR",
        },
    )


def _payers(practice: Practice, actor: Actor, rng: Random) -> list[Payer]:
    specs: list[dict[str, object]] = [
        {"name": p.name, "payer_id": p.payer_id, "filing_indicator": "CI"} for p in COMMERCIAL
    ]
    specs += [
        {"name": p.name, "payer_id": p.payer_id, "filing_indicator": "16"}
        for p in MEDICARE_ADVANTAGE
    ]
    specs.append(
        {
            "name": LNI,
            "payer_id": "WALNI",
            "filing_indicator": "WC",
            "unit_rule": "per_code_midpoint",
        }
    )
    specs += [
        {"name": name, "payer_id": f"AUTO{index:02d}", "filing_indicator": "AM"}
        for index, name in enumerate(AUTO_INSURERS, start=1)
    ]
    payers = []
    for spec in specs:
        extra: dict[str, object] = (
            {"visit_limit_per_year": 16} if spec["name"] == "Regence BlueShield" else {}
        )
        if spec["name"] == "Premera Blue Cross":
            extra["bypass_modifier"] = "XS"
        payer = payer_save(practice=practice, actor=actor, data={**spec, **extra})
        for cpt, fee in STANDARD_FEES.items():
            scale = Decimal(rng.choice(("0.85", "0.90", "0.95", "1.00", "1.05")))
            fee_set(
                practice=practice,
                actor=actor,
                cpt=cpt,
                fee=(Decimal(fee) * scale).quantize(Decimal("0.01")),
                payer=payer,
            )
        payers.append(payer)
    return payers


def _charges(practice: Practice, actor: Actor) -> int:
    made = 0
    for note in sessions_without_charges(practice.pk):
        made += len(charges_create_for_session(session=note, actor=actor))
    return made


# What the payer does with each settled claim, in turn: paid, denied (left for the biller),
# partly paid, paid, denied then corrected and resubmitted, paid.
OUTCOMES = ("paid", "denied", "partial", "paid", "resubmitted", "paid")
SETTLE_AFTER_DAYS = 14  # younger claims stay submitted, waiting for the payer


def _settle(practice: Practice, actor: Actor, today: date, rng: Random) -> None:
    """Walk the submitted claims through payment, denial, correction and void."""
    sent = list(Claim.objects.filter(practice=practice, status=ClaimStatus.SUBMITTED))
    rng.shuffle(sent)
    old = [c for c in sent if (today - c.service_date).days >= SETTLE_AFTER_DAYS]
    for index, claim in enumerate(old):
        outcome = OUTCOMES[index % len(OUTCOMES)]
        total = claim.total_charge
        if outcome == "paid":
            allowed = (total * Decimal("0.80")).quantize(Decimal("0.01"))
            share = Decimal("20.00") if total > 40 else Decimal("0.00")
            claim_payment_post(claim=claim, actor=actor, paid=allowed - share,
                               contractual=total - allowed, patient_responsibility=share,
                               received_on=today, reference=f"EOB{claim.pk:05d}")  # fmt: skip
        elif outcome == "partial":
            claim_payment_post(claim=claim, actor=actor, paid=(total / 2).quantize(Decimal("0.01")),
                               received_on=today, reference=f"EOB{claim.pk:05d}")  # fmt: skip
        else:
            claim_payment_post(claim=claim, actor=actor, paid="0", received_on=today,
                               denial_reason="CO-16: claim lacks information")  # fmt: skip
            if outcome == "resubmitted":
                claim_resubmit(
                    claim=claim, actor=actor, original_claim_number=f"DEMO{claim.pk:08d}"
                )
    voidable = Claim.objects.filter(practice=practice, status=ClaimStatus.PAID).first()
    if voidable is not None:
        claim_void(claim=voidable, actor=actor, original_claim_number=f"DEMO{voidable.pk:08d}")


def _collect(practice: Practice, actor: Actor, today: date) -> None:
    invoices = Invoice.objects.filter(practice=practice, status=InvoiceStatus.OPEN).order_by("id")
    for index, invoice in enumerate(invoices):
        if index % 3 == 2:
            continue  # left open: shows in the aging report
        amount = invoice.total if index % 3 == 0 else (invoice.total / 2).quantize(Decimal("0.01"))
        invoice_payment_collect(
            invoice=invoice, actor=actor, amount=amount, method="card", received_on=today
        )


def build_billing_setup(practice: Practice, actor: Actor, today: date) -> None:
    """Billing profile, standard fees, payers with fee schedules, packages. Runs before the
    demo signs sessions, so signing makes charges with real fees (as in a live practice,
    where billing is set up before the first visit). Safe to call twice."""
    if Payer.objects.filter(practice=practice).exists():
        return
    _profile(practice, actor)
    for cpt, fee in STANDARD_FEES.items():
        fee_set(practice=practice, actor=actor, cpt=cpt, fee=fee)
    _payers(practice, actor, Random(DEMO_SEED))
    package_create(
        practice=practice, actor=actor, name="5-session series", sessions=5, price="175.00"
    )
    package_create(
        practice=practice, actor=actor, name="10-session series", sessions=10, price="330.00"
    )


def build_billing(practice: Practice, actor: Actor, today: date) -> None:
    """All demo billing rows; call inside the demo loader's transaction. Charges of notes
    signed earlier in the demo already exist (signing makes them); any signed note still
    without charges gets them here. Then claims are sent and settled."""
    rng = Random(DEMO_SEED)
    build_billing_setup(practice, actor, today)
    _charges(practice, actor)
    if (
        Claim.objects.filter(practice=practice).exists()
        or Invoice.objects.filter(practice=practice).exists()
    ):
        claims_export_837p(practice=practice, actor=actor, now=None, usage="T")
        _settle(practice, actor, today, rng)
        _collect(practice, actor, today)
