"""A therapist adds a referring provider, then a prescription with its scanned PDF, and sees
visits remaining and days to expiry on the patient page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from petrissage.practice.models import Role
from petrissage.referrals.demo import demo_npi
from petrissage.referrals.models import Prescription
from tests import factories
from tests.browser.conftest import sign_in
from tests.referrals.builders import PDF_BYTES


@pytest.fixture
def setting(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    practice = factories.make_practice("rx-clinic")
    factories.make_staff(practice, Role.THERAPIST, "thera-rx")
    patient = factories.make_patient(practice, given_name="Nora", family_name="Quinn")
    return practice, patient


def test_therapist_adds_provider_and_prescription_with_pdf(page, setting, screenshot, tmp_path):
    practice, patient = setting
    today = timezone.localdate(timezone=practice.zone)
    scan = tmp_path / "reyes-order.pdf"
    scan.write_bytes(PDF_BYTES)
    sign_in(page, "thera-rx", factories.PASSWORD)

    page.goto(f"/patients/{patient.pk}/")
    page.get_by_role("link", name="Add a prescription").click()
    page.get_by_role("link", name="Add a referring provider").click()
    page.get_by_label("Name").fill("Dr Anna Reyes")
    page.get_by_label("Credentials").fill("MD")
    page.get_by_label("NPI").fill(demo_npi("100000101"))
    page.get_by_label("Specialty").fill("Family medicine")
    page.get_by_label("Fax").fill("206-555-0199")
    page.get_by_role("button", name="Add provider").click()

    expect(page.get_by_role("heading", name="Add a prescription")).to_be_visible()
    page.get_by_label("Referring provider").select_option(label="Dr Anna Reyes, MD")
    page.get_by_label("Date issued").fill((today - timedelta(days=7)).isoformat())
    page.get_by_label("Expiry date").fill((today + timedelta(days=53)).isoformat())
    page.get_by_label("Diagnoses (ICD-10-CM)").fill("M54.50, M62.830")
    page.get_by_label("Sessions per week").fill("2")
    page.locator("#id_weeks").fill("6")
    page.get_by_label("Total visit cap").fill("12")
    page.get_by_label("97124 Therapeutic massage").check()
    page.get_by_label("97140 Manual therapy techniques").check()
    page.get_by_label("Progress report every … visits").fill("6")
    page.get_by_label("… or every … days").fill("30")
    page.get_by_text("Body regions named on the prescription").click()
    page.get_by_label("Lumbar paraspinals, left").check()
    page.get_by_label("Precautions from the physician").fill("Light pressure over the sacrum")
    page.get_by_label("Scanned original").set_input_files(str(scan))
    screenshot(page, "prescription-form")
    page.get_by_role("button", name="Save prescription").click()

    expect(page.get_by_text("Prescription recorded.")).to_be_visible()
    expect(page.get_by_test_id("prescription-document")).to_have_text("reyes-order.pdf")
    page.get_by_role("link", name=patient.full_name).first.click()
    panel = page.get_by_test_id("prescription-panel")
    expect(panel.get_by_test_id("visits-remaining")).to_have_text("12")
    expect(panel.get_by_test_id("days-to-expiry")).to_have_text("53")
    expect(panel).to_contain_text("M54.50")
    panel.scroll_into_view_if_needed()
    screenshot(page, "prescription-on-patient-page")
    rx = Prescription.objects.get()
    assert rx.document_name == "reyes-order.pdf"
    assert rx.regions == ["lumbar-paraspinals-left"]
