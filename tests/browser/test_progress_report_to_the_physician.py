"""A therapist writes a progress report from the case page: generates the draft, reviews
the preview, writes the assessment and recommendation, signs, and records it as faxed.
The signed PDF is rendered to PNG (pdftoppm) next to the page screenshots."""

from __future__ import annotations

import contextlib
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from petrissage.audit.models import AuditEvent
from petrissage.practice.models import Role
from petrissage.referrals.models import ProgressReport, ReportStatus
from tests import factories
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.referrals.report_builders import case_with_visits, record_nprs


@pytest.fixture
def setting(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    practice = factories.make_practice("report-clinic")
    therapist = factories.make_staff(practice, Role.THERAPIST, "thera-report")
    patient = factories.make_patient(practice, given_name="Nora", family_name="Quinn")
    data = case_with_visits(patient, therapist, visits=6)
    with contextlib.suppress(ImportError):  # no outcomes app: the report says so instead
        record_nprs(data.case, (7, 5, 3))
    return patient, data


def _pdf_to_png(pdf: bytes, tmp_path) -> list:
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOTS / "progress-report-pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(source), str(prefix)], check=True)
    return sorted(SCREENSHOTS.glob("progress-report-pdf*.png"))


def test_therapist_generates_reviews_signs_and_sends(page, setting, screenshot, tmp_path):
    patient, data = setting
    sign_in(page, "thera-report", factories.PASSWORD)
    page.goto(f"/patients/{patient.pk}/cases/{data.case.pk}/")
    panel = page.get_by_test_id("case-reports")
    expect(panel.get_by_test_id("report-due")).to_contain_text("6 visits since the last report")
    screenshot(page, "progress-report-1-case-panel")
    panel.get_by_test_id("write-report").click()
    page.get_by_test_id("generate-report").click()

    paper = page.get_by_test_id("report-paper")
    expect(page.get_by_test_id("report-status")).to_have_text("Draft")
    expect(paper.get_by_test_id("draft-mark")).to_be_visible()
    expect(paper.get_by_test_id("report-visits")).to_contain_text("6 of 12 prescribed visits used")
    expect(paper).to_contain_text("Myofascial release")
    page.get_by_label("Your assessment").fill(
        "Low back pain fell from 7 to 3 over six visits; she now sits for an hour at work."
    )
    page.get_by_label("Recommendation").select_option("continue")
    page.get_by_label("Sessions a week").fill("1")
    page.get_by_label("For weeks").fill("4")
    page.get_by_label("Plan for the next period").fill("Taper to weekly; home stretches daily.")
    screenshot(page, "progress-report-2-draft-preview")
    page.get_by_test_id("sign-report").click()

    expect(page.get_by_test_id("report-status")).to_have_text("Signed")
    expect(paper.get_by_test_id("report-recommendation")).to_contain_text("1 session a week")
    expect(paper).to_contain_text("Signed electronically by")
    expect(page.get_by_label("Your assessment")).to_have_count(0)  # locked: no draft form
    page.get_by_label("Faxed").check()
    expect(page.get_by_label("E-mail address or fax number")).to_have_value("206-555-0199")
    page.get_by_test_id("send-report").click()
    expect(page.get_by_test_id("sendings")).to_contain_text("Dr Anna Reyes")
    screenshot(page, "progress-report-3-signed-and-sent")

    report = ProgressReport.objects.get(case=data.case)
    assert report.status == ReportStatus.SIGNED
    assert AuditEvent.objects.filter(
        action="progress_report.disclose", patient=patient, detail__method="fax"
    ).exists()
    pdf = page.request.get(f"/referrals/reports/{report.pk}/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    pngs = _pdf_to_png(pdf.body(), tmp_path)
    assert 1 <= len(pngs) <= 2
