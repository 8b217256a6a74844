"""The demo signs reports for cases whose report is due (the first one faxed), and leaves
cases that are not due alone; running it twice adds nothing."""

from __future__ import annotations

import pytest

from petrissage.referrals.demo import build_progress_reports
from petrissage.referrals.models import ProgressReport, ReportSending, ReportStatus
from petrissage.referrals.report_selectors import report_due_for_case
from tests.factories import make_patient
from tests.referrals.builders import actor_for, today_of
from tests.referrals.report_builders import case_with_visits

pytestmark = pytest.mark.django_db


def test_demo_signs_due_reports_once(settings, tmp_path, practice, therapist, patient):
    settings.MEDIA_ROOT = tmp_path
    due = case_with_visits(patient, therapist, visits=6)
    not_due = case_with_visits(make_patient(practice), therapist, visits=2)
    today = today_of(practice)
    made = build_progress_reports(practice, actor_for(practice), today)
    assert [r.case_id for r in made] == [due.case.pk]
    assert made[0].status == ReportStatus.SIGNED
    assert ReportSending.objects.get().method == "fax"
    report_state = report_due_for_case(due.case, today)
    assert report_state is not None
    assert not report_state.due
    assert not ProgressReport.objects.filter(case=not_due.case).exists()
    assert build_progress_reports(practice, actor_for(practice), today) == []
