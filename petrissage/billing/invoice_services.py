"""Self-pay billing: invoices for sessions, prepaid packages (N sessions for a price;
each signed session draws one down) and patient payments at the desk."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from petrissage.audit.services import Actor
from petrissage.billing.common import ZERO, audit_billing, money, next_number
from petrissage.billing.models import (
    Charge,
    Claim,
    Invoice,
    InvoiceStatus,
    Package,
    PackagePurchase,
    PackageUse,
    Payment,
    PaymentMethod,
    PaymentSource,
)
from petrissage.clinical.models import SessionNote
from petrissage.patients.models import Patient

DESK_METHODS = (PaymentMethod.CARD, PaymentMethod.CASH, PaymentMethod.CHECK)


def _new_invoice(patient: Patient, issued_on: date, total: Decimal) -> Invoice:
    number = next_number(patient.practice, "last_invoice_number")
    return Invoice.objects.create(
        practice_id=patient.practice_id,
        patient=patient,
        number=f"INV-{number:06d}",
        issued_on=issued_on,
        total=total,
        status=InvoiceStatus.OPEN if total > 0 else InvoiceStatus.PAID,
    )


def _open_package(patient: Patient) -> PackagePurchase | None:
    purchases = PackagePurchase.objects.select_for_update().filter(
        practice_id=patient.practice_id, patient=patient
    )
    return next((p for p in purchases if p.sessions_left > 0), None)


def selfpay_bill_charges(*, session: SessionNote, charges: list[Charge], actor: Actor) -> None:
    """Draw the session from the patient's membership month or a prepaid package when one
    has a visit left, else invoice it."""
    from petrissage.care.membership_services import membership_draw_for_session

    with transaction.atomic():
        visit = membership_draw_for_session(session=session, actor=actor)
        purchase = None if visit is not None else _open_package(session.patient)
        if visit is not None:
            detail: dict[str, object] = {"membership_visit": visit.pk}
        elif purchase is not None:
            purchase.sessions_used += 1
            purchase.save()
            use = PackageUse.objects.create(
                practice_id=session.practice_id,
                purchase=purchase,
                session=session,
                sequence=purchase.sessions_used,
                used_on=session.session_date,
            )
            Charge.objects.filter(pk__in=[c.pk for c in charges]).update(package_use=use)
            detail = {"package_use": use.pk, "left": purchase.sessions_left}
        else:
            total = sum((c.amount for c in charges), ZERO)
            invoice = _new_invoice(session.patient, session.session_date, total)
            Charge.objects.filter(pk__in=[c.pk for c in charges]).update(invoice=invoice)
            detail = {"invoice": invoice.number, "total": str(total)}
        audit_billing(actor=actor, action="selfpay.bill", patient=session.patient, detail=detail)


def package_sell(
    *, patient: Patient, package: Package, actor: Actor, sold_on: date
) -> PackagePurchase:
    """Sell a package: an invoice for its price and the sessions to draw down."""
    if package.practice_id != patient.practice_id or not package.active:
        raise ValidationError({"package": "That package is not offered by this practice."})
    with transaction.atomic():
        invoice = _new_invoice(patient, sold_on, package.price)
        purchase = PackagePurchase.objects.create(
            practice_id=patient.practice_id,
            patient=patient,
            package=package,
            sessions_total=package.sessions,
            price=package.price,
            invoice=invoice,
            purchased_on=sold_on,
        )
        audit_billing(
            actor=actor,
            action="package.sell",
            patient=patient,
            detail={"package": package.pk, "invoice": invoice.number, "price": str(package.price)},
        )
    return purchase


def _method(method: str) -> PaymentMethod:
    if method not in DESK_METHODS:
        names = ", ".join(m.label.lower() for m in DESK_METHODS)
        raise ValidationError({"method": f"Choose how the patient paid: {names}."})
    return PaymentMethod(method)


def invoice_payment_collect(
    *, invoice: Invoice, actor: Actor, amount: object, method: str, received_on: date
) -> Payment:
    """A patient pays (part of) an invoice; overpaying is refused."""
    value = money(amount, "amount")
    chosen = _method(method)
    if value <= 0:
        raise ValidationError({"amount": "Enter the amount the patient paid (more than 0)."})
    if invoice.status == InvoiceStatus.VOID:
        raise ValidationError({"amount": f"Invoice {invoice.number} is void."})
    if value > invoice.balance:
        raise ValidationError(
            {
                "amount": f"{value} is more than the balance of {invoice.balance} "
                f"on {invoice.number}."
            }
        )
    with transaction.atomic():
        payment = Payment.objects.create(
            practice_id=invoice.practice_id,
            patient=invoice.patient,
            invoice=invoice,
            source=PaymentSource.PATIENT,
            method=chosen,
            amount=value,
            received_on=received_on,
        )
        invoice.amount_paid += value
        invoice.status = InvoiceStatus.PAID if invoice.balance <= 0 else InvoiceStatus.OPEN
        invoice.save()
        audit_billing(
            actor=actor,
            action="invoice.payment",
            patient=invoice.patient,
            detail={"invoice": invoice.number, "amount": str(value), "method": chosen.value},
        )
    return payment


def claim_patient_payment_collect(
    *, claim: Claim, actor: Actor, amount: object, method: str, received_on: date
) -> Payment:
    """A patient pays their share of an insurance claim (copay, deductible)."""
    value = money(amount, "amount")
    chosen = _method(method)
    paid_before = sum((p.amount for p in claim.payments.filter(source=PaymentSource.PATIENT)), ZERO)
    owed = claim.patient_responsibility - paid_before
    if value <= 0 or value > owed:
        raise ValidationError(
            {
                "amount": f"The patient owes {owed} on claim {claim.account_number}; "
                "enter up to that."
            }
        )
    with transaction.atomic():
        payment = Payment.objects.create(
            practice_id=claim.practice_id,
            patient=claim.patient,
            claim=claim,
            source=PaymentSource.PATIENT,
            method=chosen,
            amount=value,
            received_on=received_on,
        )
        audit_billing(
            actor=actor,
            action="claim.patient_payment",
            patient=claim.patient,
            detail={"claim": claim.pk, "amount": str(value), "method": chosen.value},
        )
    return payment
