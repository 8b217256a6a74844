"""A progress report's snapshot comes from the case's data, and its PDF shows it."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from petrissage.referrals.models import ReportKind, ReportStatus
from petrissage.referrals.report_pdf import render_report_pdf
from petrissage.referrals.report_services import progress_report_create
from tests.referrals.builders import actor_for, open_case, prescription, today_of
from tests.referrals.report_builders import case_with_visits

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _draft(data, therapist, kind=ReportKind.PROGRESS):
    return progress_report_create(
        case=data.case, staff=therapist, actor=actor_for(therapist.practice), kind=kind
    )


def test_snapshot_carries_order_visits_treatment_and_pain(patient, therapist):
    data = case_with_visits(patient, therapist, visits=6)
    report = _draft(data, therapist)
    snap = report.snapshot
    assert report.status == ReportStatus.DRAFT
    assert report.prescription == data.rx
    assert snap["patient"]["name"] == patient.full_name
    assert snap["provider"]["name"] == "Dr Anna Reyes, MD"
    assert snap["diagnoses"] == [{"code": "M54.50", "description": "Low back pain"}]
    assert snap["prescription"]["report_interval"] == (
        "every 6 visits or 30 days, whichever comes first"
    )
    assert (snap["visits"]["used"], snap["visits"]["allowed"], snap["visits"]["remaining"]) == (
        6,
        12,
        6,
    )
    assert snap["visits"]["in_period"] == 6
    rows = {
        (r["region"], r["technique"]): (r["sessions"], r["minutes"])
        for r in snap["treatment"]["rows"]
    }
    assert rows[("Lumbar paraspinals, left", "Myofascial release")] == (6, 120)
    assert rows[("Gluteals, left", "Trigger point therapy")] == (6, 90)
    assert snap["treatment"]["total_minutes"] == 210
    assert snap["session_pain"]["trend"] == {
        "first": 7,
        "last": 3,
        "change": -4,
        "words": "improved",
    }
    assert snap["region_pain"][0]["trend"]["words"] == "improved"
    assert report.visits_attended == 6


def test_no_measures_is_said_plainly(patient, therapist):
    report = _draft(case_with_visits(patient, therapist, visits=2), therapist)
    assert report.snapshot["measures"] == []
    assert report.snapshot["measures_note"] == "No outcome measures recorded."


def test_a_case_with_no_data_is_refused_and_nothing_is_stored(patient, therapist):
    case = open_case(patient, therapist)
    prescription(patient, therapist, case=case)
    with pytest.raises(ValidationError) as caught:
        progress_report_create(
            case=case, staff=therapist, actor=actor_for(patient.practice), kind="progress"
        )
    assert "nothing to report" in caught.value.message_dict["case"][0]
    assert not case.progress_reports.exists()


def test_discharge_summary_covers_the_whole_episode(patient, therapist):
    data = case_with_visits(patient, therapist, visits=3)
    report = _draft(data, therapist, ReportKind.DISCHARGE)
    assert report.period_start == data.rx.issued_on
    assert report.recommendation == "discharge"


def _pdf_text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_pdf_renders_the_report_text(patient, therapist, tmp_path):
    data = case_with_visits(patient, therapist, visits=6)
    report = _draft(data, therapist)
    report.assessment = "Pain down from 7 to 3; sitting tolerance up to an hour."
    text = _pdf_text(render_report_pdf(report), tmp_path)
    assert "Physician progress report" in text
    assert patient.full_name in text
    assert "Dr Anna Reyes" in text
    assert "M54.50" in text
    assert "6 of 12 prescribed visits used" in text
    assert "Myofascial release" in text
    assert "No outcome measures recorded." in text
    assert "sitting tolerance up to an hour" in text
    assert "DRAFT" in text
    pages = subprocess.run(
        ["pdfinfo", str(tmp_path / "report.pdf")], check=True, capture_output=True, text=True
    ).stdout
    count = int(next(line for line in pages.splitlines() if line.startswith("Pages:")).split()[1])
    assert 1 <= count <= 2


def test_period_starts_after_the_last_signed_report(patient, therapist):
    from petrissage.referrals.models import ProgressReport
    from petrissage.referrals.report_selectors import default_period

    data = case_with_visits(patient, therapist, visits=3)
    today = today_of(patient.practice)
    report = _draft(data, therapist)
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.SIGNED, period_end=today - timedelta(days=5)
    )
    assert default_period(data.case, data.rx, today) == (today - timedelta(days=4), today)


def test_outcome_measures_come_with_mcid_interpretation_and_a_chart(patient, therapist, tmp_path):
    pytest.importorskip("petrissage.outcomes.progress")
    from tests.referrals.report_builders import record_nprs

    data = case_with_visits(patient, therapist, visits=6)
    record_nprs(data.case, (7, 5, 3))
    report = _draft(data, therapist)
    (measure,) = report.snapshot["measures"]
    assert (measure["name"], measure["baseline"], measure["latest"], measure["change"]) == (
        "NPRS",
        "7",
        "3",
        "-4",
    )
    assert measure["passes_mcid"] is True
    assert measure["interpretation"]
    assert report.snapshot["measures_note"] == ""
    titles = [chart["title"] for chart in report.snapshot["charts"]]
    assert "NPRS over time" in titles
    assert all(chart["svg"].startswith("<svg") for chart in report.snapshot["charts"])
    ids = [i for c in report.snapshot["charts"] for i in re.findall(r'\bid="([^"]+)"', c["svg"])]
    assert len(ids) == len(set(ids))  # several charts on one page: no clashing ids
    text = _pdf_text(render_report_pdf(report), tmp_path)
    assert "NPRS" in text
    assert measure["interpretation"].split()[0] in text
