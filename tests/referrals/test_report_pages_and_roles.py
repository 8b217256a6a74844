"""Report pages: a therapist generates, edits, signs, downloads and sends; other roles and
other practices are kept out; the case page and the to-do list show due reports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from petrissage.audit.models import AuditEvent
from petrissage.referrals.models import ProgressReport, ReportStatus
from tests.referrals.builders import open_case, prescription
from tests.referrals.report_builders import case_with_visits

pytestmark = pytest.mark.django_db

WRITTEN = {
    "assessment": "Pain 7 → 3; sitting tolerance one hour.",
    "recommendation": "continue",
    "recommended_sessions_per_week": "1",
    "recommended_weeks": "4",
    "plan_next": "Weekly visits; home stretches.",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _generate(client, case) -> ProgressReport:
    response = client.post(reverse("report_new", args=[case.pk]), {"kind": "progress"})
    report = ProgressReport.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == reverse("report_detail", args=[report.pk])
    return report


def test_therapist_generates_signs_and_sends(login, therapist, patient):
    data = case_with_visits(patient, therapist)
    client = login(therapist)
    assert client.get(reverse("report_new", args=[data.case.pk])).status_code == 200
    report = _generate(client, data.case)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "DRAFT — NOT SIGNED" in page
    assert "Myofascial release" in page
    signed = client.post(reverse("report_detail", args=[report.pk]), {**WRITTEN, "then": "sign"})
    assert signed.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SIGNED
    pdf = client.get(reverse("report_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert pdf.content == report.pdf.read()
    sent = client.post(
        reverse("report_send", args=[report.pk]),
        {"method": "fax", "recipient": "Dr Anna Reyes", "address": "206-555-0199"},
    )
    assert sent.status_code == 302
    assert AuditEvent.objects.filter(action="progress_report.disclose").count() == 1
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Dr Anna Reyes</strong> (206-555-0199)" in page


def test_signing_without_an_assessment_names_the_field(login, therapist, patient):
    data = case_with_visits(patient, therapist, visits=2)
    client = login(therapist)
    report = _generate(client, data.case)
    response = client.post(
        reverse("report_detail", args=[report.pk]),
        {**WRITTEN, "assessment": "", "then": "sign"},
    )
    assert response.status_code == 400
    assert "Write your assessment before signing." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_bad_send_is_a_form_error(login, therapist, patient):
    data = case_with_visits(patient, therapist, visits=2)
    client = login(therapist)
    report = _generate(client, data.case)
    client.post(reverse("report_detail", args=[report.pk]), {**WRITTEN, "then": "sign"})
    response = client.post(
        reverse("report_send", args=[report.pk]),
        {"method": "email", "recipient": "Dr Reyes", "address": "nope"},
    )
    assert response.status_code == 400
    assert "Enter the recipient" in response.content.decode()


def test_no_data_is_refused_with_a_message(login, therapist, patient):
    case = open_case(patient, therapist)
    prescription(patient, therapist, case=case)
    response = login(therapist).post(reverse("report_new", args=[case.pk]), {"kind": "progress"})
    assert response.status_code == 400
    assert "nothing to report yet" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_other_roles_and_practices_are_kept_out(login, therapist, patient, front_desk, outsider):
    data = case_with_visits(patient, therapist, visits=2)
    report = _generate(login(therapist), data.case)
    for url in (
        reverse("report_detail", args=[report.pk]),
        reverse("report_pdf", args=[report.pk]),
        reverse("report_new", args=[data.case.pk]),
    ):
        assert login(front_desk).get(url).status_code == 403
        assert login(outsider).get(url).status_code == 404
    assert AuditEvent.objects.filter(action="permission.denied").exists()


def test_case_page_and_todo_show_the_due_report(login, therapist, patient):
    data = case_with_visits(patient, therapist, visits=6)
    client = login(therapist)
    case_page = client.get(reverse("case_detail", args=[patient.pk, data.case.pk])).content.decode()
    assert 'data-testid="case-reports"' in case_page
    assert "6 visits since the last report (every 6)" in case_page
    todo = client.get(reverse("reports_due")).content.decode()
    assert patient.sort_name in todo
    assert reverse("report_new", args=[data.case.pk]) in todo


def test_a_signed_report_resets_the_due_count(login, therapist, patient):
    data = case_with_visits(patient, therapist, visits=6)
    client = login(therapist)
    report = _generate(client, data.case)
    client.post(reverse("report_detail", args=[report.pk]), {**WRITTEN, "then": "sign"})
    todo = client.get(reverse("reports_due")).content.decode()
    assert "No reports due." in todo


def test_patient_page_status_counts_from_the_last_signed_report(login, therapist, patient):
    from petrissage.referrals.selectors import status_of

    data = case_with_visits(patient, therapist, visits=6)
    assert status_of(data.rx).report_due
    client = login(therapist)
    report = _generate(client, data.case)
    client.post(reverse("report_detail", args=[report.pk]), {**WRITTEN, "then": "sign"})
    assert not status_of(data.rx).report_due
    panel = client.get(reverse("prescription_panel", args=[patient.pk])).content.decode()
    assert "Progress report due" not in panel


def test_amend_page_keeps_the_signed_text(login, therapist, patient):
    data = case_with_visits(patient, therapist, visits=2)
    client = login(therapist)
    report = _generate(client, data.case)
    client.post(reverse("report_detail", args=[report.pk]), {**WRITTEN, "then": "sign"})
    url = reverse("report_amend", args=[report.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {**WRITTEN, "reason": ""})
    assert refused.status_code == 400
    done = client.post(url, {**WRITTEN, "recommended_weeks": "6", "reason": "Typo in weeks"})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.recommended_weeks == 6
    assert report.amendments.get().original["recommended_weeks"] == 4
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Typo in weeks" in page


def test_a_discharged_case_asks_for_a_discharge_summary(login, therapist, patient):
    from petrissage.clinical.models import Case, CaseStatus
    from tests.referrals.builders import today_of

    data = case_with_visits(patient, therapist, visits=3)
    Case.objects.filter(pk=data.case.pk).update(
        status=CaseStatus.DISCHARGED, discharged_on=today_of(patient.practice)
    )
    client = login(therapist)
    todo = client.get(reverse("reports_due")).content.decode()
    assert "Discharge summary" in todo
    assert "case discharged on" in todo
    client.post(reverse("report_new", args=[data.case.pk]), {"kind": "discharge"})
    report = ProgressReport.objects.get(case=data.case)
    assert report.kind == "discharge"
    client.post(reverse("report_detail", args=[report.pk]), {**WRITTEN, "then": "sign"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SIGNED
    assert "No reports due." in client.get(reverse("reports_due")).content.decode()
