"""Self-pay: an invoice per session, or a prepaid package session drawn down; payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from petrissage.billing.charge_services import charges_create_for_session
from petrissage.billing.invoice_services import invoice_payment_collect, package_sell
from petrissage.billing.models import Invoice, InvoiceStatus, PackagePurchase
from petrissage.billing.selectors import patient_balance
from petrissage.billing.setup_services import fee_set, package_create
from tests.billing.builders import actor_for, open_case, selfpay_patient, session, setup_billing


@pytest.fixture
def case(practice, therapist):
    setup_billing(practice)
    return open_case(selfpay_patient(practice), therapist)


def bill(case):
    return charges_create_for_session(session=session(case), actor=actor_for(case.practice))


def test_a_session_is_invoiced_at_the_standard_fee(case):
    [charge] = bill(case)
    invoice = Invoice.objects.get()
    assert charge.fee == Decimal("30.00")
    assert invoice.total == Decimal("90.00")
    assert invoice.number == "INV-000001"
    assert invoice.status == InvoiceStatus.OPEN
    assert patient_balance(case.patient).patient_due == Decimal("90.00")


def test_paying_the_invoice_makes_it_a_receipt(case):
    bill(case)
    invoice = Invoice.objects.get()
    invoice_payment_collect(
        invoice=invoice,
        actor=actor_for(case.practice),
        amount="90.00",
        method="card",
        received_on=date(2025, 3, 4),
    )
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert patient_balance(case.patient).patient_due == 0


@pytest.mark.parametrize(
    ("amount", "method", "fragment"),
    [
        ("95.00", "card", "more than the balance"),
        ("0", "card", "more than 0"),
        ("10", "era", "how the patient paid"),
    ],
)
def test_bad_desk_payments_are_refused(case, amount, method, fragment):
    bill(case)
    with pytest.raises(ValidationError, match=fragment):
        invoice_payment_collect(
            invoice=Invoice.objects.get(),
            actor=actor_for(case.practice),
            amount=amount,
            method=method,
            received_on=date(2025, 3, 4),
        )


def test_package_sessions_are_drawn_down_instead_of_invoiced(case, practice):
    package = package_create(
        practice=practice,
        actor=actor_for(practice),
        name="Five sessions",
        sessions=5,
        price="400.00",
    )
    purchase = package_sell(
        patient=case.patient, package=package, actor=actor_for(practice), sold_on=date(2025, 3, 1)
    )
    [charge] = bill(case)
    purchase.refresh_from_db()
    assert purchase.sessions_used == 1
    assert charge.package_use is not None
    assert charge.invoice is None
    assert Invoice.objects.count() == 1
    assert patient_balance(case.patient).prepaid_sessions_left == 4


def test_a_used_up_package_falls_back_to_an_invoice(case, practice):
    package = package_create(
        practice=practice, actor=actor_for(practice), name="One", sessions=1, price="80.00"
    )
    package_sell(
        patient=case.patient, package=package, actor=actor_for(practice), sold_on=date(2025, 3, 1)
    )
    bill(case)
    [charge] = bill(case)
    assert charge.invoice is not None
    assert PackagePurchase.objects.get().sessions_left == 0


@pytest.mark.parametrize("fee", ["-1.00", "-0.01", "abc", "1.234"])
def test_negative_or_malformed_fees_are_refused(practice, fee):
    with pytest.raises(ValidationError) as caught:
        fee_set(practice=practice, actor=actor_for(practice), cpt="97124", fee=fee)
    assert "fee" in caught.value.message_dict


def test_unknown_cpt_is_refused(practice):
    with pytest.raises(ValidationError, match="not in the massage code table"):
        fee_set(practice=practice, actor=actor_for(practice), cpt="99999", fee="10")


def test_package_needs_sessions_and_a_price(practice):
    with pytest.raises(ValidationError, match="at least one"):
        package_create(
            practice=practice, actor=actor_for(practice), name="None", sessions=0, price="1"
        )
    with pytest.raises(ValidationError, match="negative"):
        package_create(
            practice=practice, actor=actor_for(practice), name="Neg", sessions=2, price="-5"
        )
