"""An owner uploads a FHIR Bundle on the import page and sees the summary; a therapist has
no import page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from petrissage.patients.models import Patient
from tests import factories
from tests.browser.conftest import sign_in
from tests.fhir.fhir_import_helpers import SYNTHEA, WARFARIN_OSTEOPOROSIS

pytestmark = pytest.mark.django_db(transaction=True)


def test_owner_uploads_a_synthea_bundle_and_sees_the_summary(
    page, screenshot, owner, therapist, practice, shared_data
):
    sign_in(page, owner.user.username, factories.PASSWORD)
    page.get_by_role("link", name="Import & export").click()
    expect(page.get_by_role("heading", name="Import and export FHIR records")).to_be_visible()
    screenshot(page, "fhir-import-empty")

    page.get_by_label("FHIR R4 file").set_input_files(
        str(shared_data / SYNTHEA / WARFARIN_OSTEOPOROSIS)
    )
    page.get_by_role("button", name="Import").click()

    summary = page.get_by_test_id("import-summary")
    expect(summary).to_be_visible(timeout=60_000)
    expect(summary).to_contain_text("MedicationRequest")
    expect(summary).to_contain_text("Adán Portillo")
    expect(summary).to_contain_text("registered")
    screenshot(page, "fhir-import-summary")
    assert Patient.objects.filter(practice=practice, family_name="Portillo").exists()

    page.get_by_role("button", name="Import").click()  # nothing chosen: a field error
    expect(page.get_by_text("This field is required")).to_be_visible()


def test_a_therapist_may_not_open_the_import_page(page, therapist):
    sign_in(page, therapist.user.username, factories.PASSWORD)
    expect(page.get_by_role("link", name="Import & export")).to_have_count(0)
    response = page.goto("/import/fhir/")
    assert response is not None
    assert response.status == 403
