"""The biller's day: open the work queue, scrub a claim and read what to fix, send the
ready claims (download an 837P that pyx12 accepts), post the payer's 835 and see the
balances, then read the aging report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from petrissage.billing.charge_services import charges_create_for_session
from petrissage.billing.models import Claim, ClaimStatus
from petrissage.practice.models import Role
from tests import factories
from tests.billing.builders import actor_for, insured_patient, open_case, session, setup_billing
from tests.billing.era_builder import era_for
from tests.browser.conftest import sign_in
from tests.domain.x12_validation import validate_x12


@pytest.fixture
def clinic(transactional_db):
    practice = factories.make_practice("cedar-billing")
    biller = factories.make_staff(practice, Role.BILLER, "priya-biller")
    therapist = factories.make_staff(practice, Role.THERAPIST, "tomas-therapist")
    setup_billing(practice)
    today = timezone.localdate()
    two_regions = (
        ("massage", "lumbar-paraspinals", 30),
        ("myofascial release", "upper-trapezius", 23),
    )
    for days, code in ((40, "M54.50"), (12, "M54.2"), (5, "M54.5")):
        patient = insured_patient(practice)
        note = session(
            open_case(patient, therapist, code), two_regions, on=today - timedelta(days=days)
        )
        charges_create_for_session(session=note, actor=actor_for(practice))
    return practice, biller


def test_biller_scrubs_sends_posts_and_reads_aging(page, clinic, screenshot, tmp_path):
    _practice, biller = clinic
    sign_in(page, biller.user.username, factories.PASSWORD)
    page.get_by_role("link", name="Billing", exact=True).click()
    expect(page.get_by_role("heading", name="Billing work queue")).to_be_visible()
    expect(page.locator("#needs-fix")).to_contain_text("retired")
    screenshot(page, "billing-queue")

    broken = Claim.objects.get(status=ClaimStatus.DRAFT)
    page.get_by_role("link", name=broken.account_number).click()
    page.get_by_role("button", name="Scrub again").click()
    problems = page.get_by_test_id("claim-problems")
    expect(problems).to_contain_text("M54.5 is no longer billable")
    expect(problems).to_contain_text("use one of M54.50")
    screenshot(page, "billing-claim-problems")

    page.get_by_role("link", name="Back to queue").click()
    with page.expect_download() as download_info:
        page.get_by_test_id("send-ready").click()
    target = tmp_path / "claims.x12"
    download_info.value.save_as(target)
    content = target.read_text(encoding="ascii")
    assert content.startswith("ISA*")
    assert validate_x12(content).ok

    sent = list(Claim.objects.filter(status=ClaimStatus.SUBMITTED).order_by("service_date"))
    assert len(sent) == 2
    era = era_for(
        [
            (
                sent[0],
                str(sent[0].total_charge - 38),
                (("CO", "45", "18.00"), ("PR", "3", "20.00")),
            ),
            (sent[1], "0.00", (("CO", "50", str(sent[1].total_charge)),)),
        ]
    ).replace("CLP*" + sent[1].account_number + "*1*", "CLP*" + sent[1].account_number + "*4*")
    page.get_by_role("link", name="Post an 835").click()
    page.get_by_label("835 remittance file").set_input_files(
        files=[{"name": "premera-era.835", "mimeType": "text/plain", "buffer": era.encode("ascii")}]
    )
    page.get_by_role("button", name="Import and post").click()
    result = page.get_by_test_id("remittance-result")
    expect(result).to_contain_text("Posted")
    expect(result).to_contain_text("Paid")
    expect(result).to_contain_text("Denied")
    screenshot(page, "billing-835-posted")

    page.get_by_role("link", name="Aging").click()
    expect(page.get_by_test_id("aging-table")).to_contain_text("Premera Blue Cross")
    screenshot(page, "billing-aging")
