"""Moving a practice in the browser: the owner downloads every record as a ZIP on the
Import & export page, and the owner of another (empty) practice uploads that ZIP and sees
what came back, cases and notes included. A broken ZIP gets a clear message."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from petrissage.audit.models import AuditEvent
from petrissage.clinical.models import Case, NoteStatus, SessionNote
from petrissage.practice.models import Role
from tests import factories
from tests.browser.conftest import sign_in
from tests.fhir.test_export_reimports_cases_plans_and_signed_sessions import _build

pytestmark = pytest.mark.django_db(transaction=True)


def test_owner_downloads_every_record_and_another_practice_imports_them(
    page, screenshot, owner, practice, tmp_path
):
    _build(practice, tmp_path)
    sign_in(page, owner.user.username, factories.PASSWORD)
    page.get_by_role("link", name="Import & export").click()
    card = page.get_by_test_id("export-card")
    expect(card).to_contain_text("Export all records")
    screenshot(page, "fhir-export-card")
    with page.expect_download() as waiting:
        card.get_by_role("button", name="Download all records (.zip)").click()
    download = waiting.value
    assert download.suggested_filename.startswith(f"petrissage-{practice.slug}-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert {"manifest.json", "Patient.ndjson", "Basic.ndjson"} <= set(archive.namelist())
    assert AuditEvent.objects.filter(practice=practice, action="fhir.export").exists()
    page.get_by_label("FHIR R4 file").set_input_files(str(saved))  # back into itself
    page.get_by_role("button", name="Import").click()
    refused = page.get_by_test_id("import-summary")
    expect(refused).to_contain_text("made from this very practice")
    expect(refused).to_contain_text(saved.stem)
    screenshot(page, "fhir-import-refuses-its-own-export")
    page.get_by_role("button", name="Sign out").click()

    moved = factories.make_practice("moved-clinic")
    new_owner = factories.make_staff(moved, Role.OWNER, "moved-owner")
    sign_in(page, new_owner.user.username, factories.PASSWORD)
    page.get_by_role("link", name="Import & export").click()
    page.get_by_label("FHIR R4 file").set_input_files(str(saved))
    page.get_by_role("button", name="Import").click()

    summary = page.get_by_test_id("import-summary")
    expect(summary).to_be_visible(timeout=60_000)
    expect(summary).to_contain_text("0 errors")
    expect(page.get_by_test_id("record-counts")).to_contain_text("Session notes: 1")
    expect(page.get_by_test_id("staff-matches")).to_contain_text("Moved Owner")
    screenshot(page, "fhir-import-of-an-export")
    assert Case.objects.filter(practice=moved).count() == 2
    assert SessionNote.objects.filter(practice=moved, status=NoteStatus.SIGNED).count() == 3
    assert SessionNote.objects.filter(practice=moved, status=NoteStatus.DRAFT).count() == 1

    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    page.get_by_label("FHIR R4 file").set_input_files(str(broken))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("not a readable ZIP")
