"""CMS-1500, superbill and invoice PDFs render; each page is kept as a PNG to look at
(test-results/screenshots/cms1500.png, superbill.png, invoice.png)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from petrissage.billing.charge_services import charges_create_for_session
from petrissage.billing.documents import cms1500_context, invoice_context, superbill_context
from petrissage.billing.invoice_services import invoice_payment_collect, package_sell
from petrissage.billing.models import Claim, Invoice
from petrissage.billing.pdf import render_pdf
from petrissage.billing.setup_services import package_create
from tests.billing.builders import (
    VISIT,
    actor_for,
    insured_patient,
    open_case,
    selfpay_patient,
    session,
    setup_billing,
)
from tests.conftest import REPO

SCREENSHOTS = REPO / "test-results" / "screenshots"
TWO_REGIONS = (("massage", "lumbar-paraspinals", 30), ("myofascial release", "upper-trapezius", 23))


def to_png(pdf: bytes, name: str, tmp_path: Path) -> Path:
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(source), str(tmp_path / name)],
        check=True,
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    shutil.copyfile(tmp_path / f"{name}.png", target)
    return target


def test_cms1500_renders(practice, therapist, tmp_path):
    setup_billing(practice)
    patient = insured_patient(practice, raw={"subscriber_name": "Zoë Ñúñez"})
    case = open_case(patient, therapist, "M54.50", "M62.830")
    case.prescriptions.update(prior_auth_number="PA-778812")
    note = session(case, TWO_REGIONS)
    charges_create_for_session(session=note, actor=actor_for(practice))
    context = cms1500_context(Claim.objects.get())
    boxes = {box.item: box.value for box in context["boxes"]}
    assert boxes["17"].startswith("DN ANNA REYES   17B ")
    assert boxes["23"] == "PA-778812"
    pdf = render_pdf("billing/pdf/cms1500.html", context)
    assert pdf.startswith(b"%PDF")
    assert to_png(pdf, "cms1500", tmp_path).stat().st_size > 5000


def test_superbill_renders(practice, therapist, tmp_path):
    setup_billing(practice)
    patient = selfpay_patient(practice)
    case = open_case(patient, therapist, "M54.50", "M54.2")
    for day in (4, 11):
        note = session(case, TWO_REGIONS, on=date(2025, 3, day))
        charges_create_for_session(session=note, actor=actor_for(practice))
    for invoice in Invoice.objects.all():
        invoice_payment_collect(
            invoice=invoice,
            actor=actor_for(practice),
            amount=invoice.total,
            method="card",
            received_on=VISIT,
        )
    context = superbill_context(patient, date(2025, 3, 1), date(2025, 3, 31))
    assert context["paid_in_full"]
    assert len(context["lines"]) == 4
    pdf = render_pdf("billing/pdf/superbill.html", context)
    assert to_png(pdf, "superbill", tmp_path).stat().st_size > 5000


def test_invoice_for_a_package_renders_as_a_receipt_once_paid(practice, tmp_path):
    setup_billing(practice)
    patient = selfpay_patient(practice)
    package = package_create(
        practice=practice,
        actor=actor_for(practice),
        name="Ten-session series",
        sessions=10,
        price="750.00",
    )
    purchase = package_sell(
        patient=patient, package=package, actor=actor_for(practice), sold_on=VISIT
    )
    invoice_payment_collect(
        invoice=purchase.invoice,
        actor=actor_for(practice),
        amount="750.00",
        method="card",
        received_on=VISIT,
    )
    purchase.invoice.refresh_from_db()
    context = invoice_context(purchase.invoice)
    assert context["receipt"]
    pdf = render_pdf("billing/pdf/invoice.html", context)
    assert to_png(pdf, "invoice", tmp_path).stat().st_size > 5000
