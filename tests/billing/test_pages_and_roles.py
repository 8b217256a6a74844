"""Who may open and do what on the billing pages; billers never see SOAP text; another
practice's records are 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from petrissage.billing.charge_services import charges_create_for_session
from petrissage.billing.models import Claim, ClaimStatus, Invoice, Payment
from petrissage.practice.models import Role
from tests import factories
from tests.billing.builders import (
    SOAP_SECRET,
    actor_for,
    insured_patient,
    open_case,
    selfpay_patient,
    session,
    setup_billing,
)
from tests.billing.era_builder import era_for

PAGES = ("billing_queue", "billing_aging", "billing_remittances", "billing_setup")


@pytest.fixture
def claim(practice, therapist):
    setup_billing(practice)
    note = session(open_case(insured_patient(practice), therapist, "M54.5"))
    charges_create_for_session(session=note, actor=actor_for(practice))
    return Claim.objects.get()


@pytest.fixture
def invoice(practice, therapist):
    setup_billing(practice)
    note = session(open_case(selfpay_patient(practice), therapist))
    charges_create_for_session(session=note, actor=actor_for(practice))
    return Invoice.objects.get()


@pytest.mark.parametrize("role", ["owner", "biller", "front_desk"])
@pytest.mark.parametrize("page", PAGES)
def test_billing_roles_open_the_pages(login, personas, role, page):
    assert login(personas[role]).get(reverse(page)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_therapists_get_403(login, therapist, page):
    assert login(therapist).get(reverse(page)).status_code == 403


def test_therapist_gets_403_on_a_claim(login, therapist, claim):
    assert login(therapist).get(reverse("billing_claim", args=[claim.pk])).status_code == 403


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("billing_claim", "claim"),
        ("billing_claim_cms1500", "claim"),
        ("billing_invoice", "invoice"),
        ("billing_invoice_pdf", "invoice"),
    ],
)
def test_another_practice_gets_404(login, other_practice, claim, invoice, name, kind):
    outsider_biller = factories.make_staff(other_practice, Role.BILLER, "bea-outside-biller")
    target = claim if kind == "claim" else invoice
    assert login(outsider_biller).get(reverse(name, args=[target.pk])).status_code == 404


def test_outsider_therapist_gets_404_too(login, outsider, claim):
    assert login(outsider).get(reverse("billing_claim", args=[claim.pk])).status_code == 404
    url = reverse("billing_patient_panel", args=[claim.patient_id])
    assert login(outsider).get(url).status_code == 404


def test_biller_sees_problems_but_never_soap_text(login, biller, claim):
    response = login(biller).get(reverse("billing_claim", args=[claim.pk]))
    html = response.content.decode()
    assert "M54.50" in html
    assert "problem" in html
    assert SOAP_SECRET not in html
    panel = login(biller).get(reverse("billing_patient_panel", args=[claim.patient_id]))
    assert SOAP_SECRET not in panel.content.decode()


def test_front_desk_may_not_scrub_or_send(login, front_desk, claim):
    client = login(front_desk)
    assert client.post(reverse("billing_claim_scrub", args=[claim.pk])).status_code == 403
    assert client.post(reverse("billing_export")).status_code == 403


def test_front_desk_collects_a_self_pay_payment(login, front_desk, invoice):
    url = reverse("billing_invoice_payment", args=[invoice.pk])
    response = login(front_desk).post(url, {"amount": "90.00", "method": "cash"})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "paid"


def test_overpayment_shows_a_field_error(login, front_desk, invoice):
    url = reverse("billing_invoice_payment", args=[invoice.pk])
    response = login(front_desk).post(url, {"amount": "900.00", "method": "cash"})
    assert response.status_code == 422
    assert "more than the balance" in response.content.decode()
    assert not Payment.objects.exists()


def test_negative_fee_on_the_setup_page_is_refused_by_name(login, biller, practice):
    response = login(biller).post(
        reverse("billing_setup"), {"form": "fee", "cpt": "97124", "fee": "-5.00"}
    )
    assert response.status_code == 422
    assert "must not be negative" in response.content.decode()


def test_export_downloads_an_837p(login, biller, claim):
    claim.case.diagnoses.update(code="M54.50")
    response = login(biller).post(reverse("billing_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="837P-')
    assert response.content.startswith(b"ISA*00*")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_export_with_nothing_clean_says_so(login, biller, claim):
    response = login(biller).post(reverse("billing_export"), follow=True)
    assert "No claim passed the scrubber" in response.content.decode()


def test_835_upload_posts_and_shows_balances(login, biller, claim):
    claim.case.diagnoses.update(code="M54.50")
    login(biller).post(reverse("billing_export"))
    claim.refresh_from_db()
    content = era_for([(claim, "80.00", (("CO", "45", "15.50"), ("PR", "3", "20.00")))])
    upload = SimpleUploadedFile("era.835", content.encode("ascii"))
    response = login(biller).post(reverse("billing_remittances"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Posted 1 claim payment" in html


def test_malformed_835_upload_shows_the_reason(login, biller):
    upload = SimpleUploadedFile("bad.835", b"ISA*00*garbage")
    response = login(biller).post(reverse("billing_remittances"), {"file": upload})
    assert response.status_code == 422
    assert "not an X12 file" in response.content.decode()


def test_manual_payment_form_refuses_bad_amounts(login, biller, claim):
    claim.case.diagnoses.update(code="M54.50")
    login(biller).post(reverse("billing_export"))
    url = reverse("billing_claim_payment", args=[claim.pk])
    response = login(biller).post(url, {"paid": "-3", "received_on": "2025-03-20"})
    assert response.status_code == 422
    assert "must not be negative" in response.content.decode()


def test_patient_page_shows_the_billing_panel(login, front_desk, invoice):
    panel = login(front_desk).get(reverse("billing_patient_panel", args=[invoice.patient_id]))
    html = panel.content.decode()
    assert invoice.number in html
    assert "90.00" in html
    detail = login(front_desk).get(reverse("patient_detail", args=[invoice.patient_id]))
    assert reverse("billing_patient_panel", args=[invoice.patient_id]) in detail.content.decode()


def test_pdfs_are_served(login, biller, claim, invoice):
    client = login(biller)
    for url in (
        reverse("billing_claim_cms1500", args=[claim.pk]),
        reverse("billing_invoice_pdf", args=[invoice.pk]),
        reverse("billing_superbill", args=[invoice.patient_id])
        + f"?from=2025-01-01&to={date(2025, 12, 31)}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.startswith(b"%PDF"), url
