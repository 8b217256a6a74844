"""Reads the case pages share: a patient's cases, a case's plan versions, its progress
(visits done / planned, next reassessment) and the prescription covering it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from petrissage.clinical.models import (
    Assessment,
    Case,
    CaseDiagnosis,
    CaseStatus,
    NoteStatus,
    PlanStatus,
    SessionNote,
    TreatmentPlan,
)
from petrissage.domain import prescriptions as rx_rules
from petrissage.patients.models import Patient
from petrissage.practice.models import Role, Staff
from petrissage.referrals import selectors as referrals
from petrissage.referrals.models import Prescription


def cases_of(patient: Patient) -> QuerySet[Case]:
    """The patient's cases, open ones first, with their signed-visit counts."""
    signed = Count("sessions", filter=Q(sessions__status=NoteStatus.SIGNED))
    return (
        Case.objects.filter(practice_id=patient.practice_id, patient=patient)
        .select_related("therapist")
        .annotate(signed_visits=signed)
        .order_by("discharged_on", "-opened_on", "-id")
    )


def open_cases_of(patient: Patient) -> QuerySet[Case]:
    return cases_of(patient).filter(status=CaseStatus.OPEN)


def diagnoses_of(case: Case) -> list[CaseDiagnosis]:
    return list(CaseDiagnosis.objects.filter(practice_id=case.practice_id, case=case))


def therapists_of(practice_id: int) -> QuerySet[Staff]:
    """Staff who may be a case's therapist: active therapists and owners."""
    return Staff.objects.filter(
        practice_id=practice_id, active=True, role__in=(Role.THERAPIST, Role.OWNER)
    ).order_by("display_name")


def plans_of(case: Case) -> QuerySet[TreatmentPlan]:
    """Every version of the case's plan, newest first."""
    return TreatmentPlan.objects.filter(practice_id=case.practice_id, case=case).select_related(
        "created_by", "approved_by"
    )


def plan_of(case: Case, plan_id: object) -> TreatmentPlan:
    from django.http import Http404

    try:
        return plans_of(case).get(pk=int(str(plan_id)))
    except (TreatmentPlan.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such plan version.") from None


def approved_plan(case: Case) -> TreatmentPlan | None:
    """The plan in force: the latest approved version."""
    return plans_of(case).filter(status=PlanStatus.APPROVED).order_by("-version").first()


def draft_plan(case: Case) -> TreatmentPlan | None:
    return plans_of(case).filter(status=PlanStatus.DRAFT).order_by("-version").first()


def signed_visits(case: Case) -> int:
    return SessionNote.objects.filter(
        practice_id=case.practice_id, case=case, status=NoteStatus.SIGNED
    ).count()


@dataclass(frozen=True)
class CaseProgress:
    visits_done: int  # signed session notes
    visits_planned: int | None  # of the approved plan; None without one
    drafts: int  # started, not signed
    next_reassessment: int | None  # visit number, None when none is left
    reassessment_due: bool  # the next visit is (or is past) a reassessment point

    @property
    def percent(self) -> int:
        if not self.visits_planned:
            return 0
        return min(100, round(100 * self.visits_done / self.visits_planned))


def progress_of(case: Case, plan: TreatmentPlan | None) -> CaseProgress:
    """Visits done / planned and the next reassessment of the plan in force."""
    notes = SessionNote.objects.filter(practice_id=case.practice_id, case=case)
    done = notes.filter(status=NoteStatus.SIGNED).count()
    drafts = notes.filter(status=NoteStatus.DRAFT).count()
    points = sorted(int(v) for v in (plan.reassessment_visits if plan else []) or [])
    upcoming = [v for v in points if v > done]
    following = upcoming[0] if upcoming else None
    return CaseProgress(
        visits_done=done,
        visits_planned=plan.total_visits if plan else None,
        drafts=drafts,
        next_reassessment=following,
        reassessment_due=following is not None and following == done + 1,
    )


@dataclass(frozen=True)
class CasePrescription:
    prescription: Prescription
    status: rx_rules.Status


def prescription_of(case: Case) -> CasePrescription | None:
    """The prescription covering the case (in force today, else the latest) with its usage."""
    prescription = referrals.latest_prescription(case)
    if prescription is None:
        return None
    return CasePrescription(prescription, referrals.status_of(prescription))


# --- What a payer wants on file (clinical.md §4d) ----------------------------------------

RECERTIFY_AFTER = timedelta(days=90)  # recertify the plan of care at least every 90 days [B18]
CERTIFY_WITHIN = timedelta(days=30)  # plan certified within 30 days of first treatment [B18]


@dataclass(frozen=True)
class DocumentationItem:
    element: str
    state: str  # "ok", "missing" or "later" (not needed yet)
    text: str
    sources: str


def _order_item(rx: CasePrescription | None) -> DocumentationItem:
    name = "Order / prescription"
    src = "[B10][B16]"
    if rx is None:
        return DocumentationItem(name, "missing", "No physician order on file.", src)
    p, status = rx.prescription, rx.status
    text = (
        f"{p.provider.name}, {p.sessions_per_week}×/week × {p.weeks} weeks, "
        f"{status.visits_used} of {status.visits_allowed} visits used"
    )
    if status.expired:
        return DocumentationItem(name, "missing", f"{text}; expired {p.expires_on:%Y-%m-%d}.", src)
    return DocumentationItem(name, "ok", text + ".", src)


def _evaluation_item(case: Case) -> DocumentationItem:
    assessed = (
        Assessment.objects.filter(practice_id=case.practice_id, patient_id=case.patient_id)
        .order_by("-assessed_on")
        .first()
    )
    if assessed is None:
        return DocumentationItem(
            "Evaluation", "missing", "No assessment with objective findings yet.", "[B17]"
        )
    return DocumentationItem(
        "Evaluation", "ok", f"{assessed.get_kind_display()} on {assessed.assessed_on}.", "[B17]"
    )


def _plan_item(case: Case, plan: TreatmentPlan | None, today: date) -> DocumentationItem:
    name, src = "Plan of care", "[B17][B18]"
    if plan is None or plan.approved_at is None:
        return DocumentationItem(name, "missing", "No approved plan.", src)
    approved = plan.approved_at.date()
    missing = [
        what
        for what, there in (("goals", plan.goals), ("diagnoses", case.diagnoses.exists()))
        if not there
    ]
    first = (
        SessionNote.objects.filter(practice_id=case.practice_id, case=case)
        .order_by("session_date")
        .values_list("session_date", flat=True)
        .first()
    )
    recertify = approved + RECERTIFY_AFTER
    text = f"v{plan.version} approved {approved}; recertify by {recertify}."
    if missing:
        return DocumentationItem(name, "missing", f"{text} Missing: {', '.join(missing)}.", src)
    if first is not None and approved > first + CERTIFY_WITHIN:
        return DocumentationItem(
            name, "missing", f"{text} Approved more than 30 days after the first visit.", src
        )
    if today > recertify and case.status != CaseStatus.DISCHARGED:
        return DocumentationItem(name, "missing", f"{text} Recertification is overdue.", src)
    return DocumentationItem(name, "ok", text, src)


def _daily_notes_item(case: Case, progress: CaseProgress) -> DocumentationItem:
    text = (
        f"{progress.visits_done} signed with date, interventions, total and timed minutes, "
        "signature and credentials"
    )
    if progress.drafts:
        return DocumentationItem(
            "Daily notes", "missing", f"{text}; {progress.drafts} not signed yet.", "[B19]"
        )
    state = "ok" if progress.visits_done else "later"
    return DocumentationItem("Daily notes", state, text + ".", "[B19]")


def _report_item(rx: CasePrescription | None) -> DocumentationItem:
    name, src = "Progress report", "[B18][B10]"
    if rx is not None and rx.status.report_due:
        reasons = "; ".join(rx.status.report_reasons)
        return DocumentationItem(name, "missing", f"Due: {reasons}.", src)
    return DocumentationItem(name, "later", "Not due (every 10 treatment days or as ordered).", src)


def _discharge_item(case: Case) -> DocumentationItem:
    name, src = "Discharge summary", "[B17]"
    if case.status != CaseStatus.DISCHARGED:
        return DocumentationItem(name, "later", "Written when the case is discharged.", src)
    if not case.discharge_summary.strip():
        return DocumentationItem(name, "missing", "Discharged without a summary.", src)
    return DocumentationItem(name, "ok", f"Discharged {case.discharged_on}.", src)


def documentation_checklist(
    case: Case,
    plan: TreatmentPlan | None,
    progress: CaseProgress,
    rx: CasePrescription | None,
    today: date,
) -> list[DocumentationItem]:
    """The medical-necessity documentation elements (clinical.md §4d) and where the case
    stands on each."""
    return [
        _order_item(rx),
        _evaluation_item(case),
        _plan_item(case, plan, today),
        _daily_notes_item(case, progress),
        _report_item(rx),
        _discharge_item(case),
    ]
