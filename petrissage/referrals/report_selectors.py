"""Reads for progress reports: a case's reports, whether one is due, the to-do list of due
reports, and the period a new report covers. The due rule is petrissage.domain.progress_reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from petrissage.clinical.models import Case, CaseStatus
from petrissage.domain.progress_reports import DISCHARGE, ReportDue, discharge_due, report_due
from petrissage.practice.models import Role, Staff
from petrissage.referrals.models import Prescription, ProgressReport, ReportKind, ReportStatus
from petrissage.referrals.selectors import latest_prescription, practice_today, visits_used

DISCHARGE_LOOKBACK = timedelta(days=90)  # discharged cases older than this leave the to-do


def reports_of(case: Case) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(practice_id=case.practice_id, case=case).select_related(
        "signed_by", "created_by"
    )


def last_signed(case: Case, prescription: Prescription | None) -> ProgressReport | None:
    """The latest signed progress report of the case (under `prescription` when given)."""
    found = reports_of(case).filter(status=ReportStatus.SIGNED, kind=ReportKind.PROGRESS)
    if prescription is not None:
        found = found.filter(prescription=prescription)
    return found.order_by("-period_end", "-id").first()


def report_due_for_case(case: Case, today: date | None = None) -> ReportDue | None:
    """Is a progress report (or, after discharge, a discharge summary) due? None when the
    case has no prescription and is not discharged: then nothing sets an interval."""
    day = today or practice_today(case.patient)
    prescription = latest_prescription(case)
    if case.status == CaseStatus.DISCHARGED and case.discharged_on is not None:
        done = reports_of(case).filter(status=ReportStatus.SIGNED, kind=ReportKind.DISCHARGE)
        return discharge_due(case.discharged_on, done.exists())
    if prescription is None:
        return None
    last = last_signed(case, prescription)
    return report_due(
        prescription.limits(),
        visits_used(prescription),
        day,
        last_report_on=last.period_end if last else None,
        visits_at_last_report=last.visits_attended if last else 0,
    )


def default_period(case: Case, prescription: Prescription | None, today: date) -> tuple[date, date]:
    """From the day after the last signed report (else the order's issue date, else the
    case's opening) to today."""
    last = last_signed(case, prescription)
    if last is not None and last.period_end < today:
        return last.period_end + timedelta(days=1), today
    start = prescription.issued_on if prescription is not None else case.opened_on
    return min(start, today), today


@dataclass(frozen=True)
class DueReport:
    case: Case
    due: ReportDue
    draft: ProgressReport | None

    @property
    def kind_label(self) -> str:
        return "Discharge summary" if self.due.kind == DISCHARGE else "Progress report"


def due_reports(staff: Staff, today: date | None = None) -> list[DueReport]:
    """Reports due to prescribers: a therapist sees their own cases, an owner every case."""
    day = today or practice_today_for(staff)
    cases = Case.objects.filter(practice_id=staff.practice_id).select_related(
        "patient__practice", "therapist"
    )
    if staff.role != Role.OWNER:
        cases = cases.filter(therapist=staff)
    cases = cases.exclude(
        status=CaseStatus.DISCHARGED, discharged_on__lt=day - DISCHARGE_LOOKBACK
    ).exclude(status=CaseStatus.DISCHARGED, discharged_on__isnull=True)
    drafts = {
        (r.case_id, r.kind): r
        for r in ProgressReport.objects.filter(
            practice_id=staff.practice_id, status=ReportStatus.DRAFT
        ).order_by("id")
    }
    result = []
    for case in cases.order_by("patient__family_name", "id"):
        if case.status not in (CaseStatus.OPEN, CaseStatus.DISCHARGED):
            continue
        due = report_due_for_case(case, day)
        if due is not None and due.due:
            kind = ReportKind.DISCHARGE if due.kind == DISCHARGE else ReportKind.PROGRESS
            result.append(DueReport(case, due, drafts.get((case.pk, kind))))
    return result


def practice_today_for(staff: Staff) -> date:
    return timezone.localdate(timezone=staff.practice.zone)
