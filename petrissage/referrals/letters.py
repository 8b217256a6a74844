"""The renewal request letter: the pre-filled draft and the context its PDF is built from."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from petrissage.domain.prescriptions import MAX_VISIT_CAP, Status
from petrissage.referrals.models import Prescription, RenewalRequest


def renewal_draft(prescription: Prescription, status: Status) -> dict[str, Any]:
    """Initial values for a renewal request: same frequency and duration as before, and a
    progress-summary placeholder the therapist replaces with the real findings."""
    patient = prescription.patient
    summary = (
        f"{patient.full_name} has attended {status.visits_used} of {status.visits_allowed} "
        f"visits since {prescription.issued_on:%B} {prescription.issued_on.day}, "
        f"{prescription.issued_on.year}.\n"
        "Pain (NPRS) at the start and now: [edit]\n"
        "Function (PSFS / other measure) at the start and now: [edit]\n"
        "Response to treatment and home care: [edit]\n"
        "Goals not yet met, and why continued care is needed: [edit]"
    )
    visits = min(MAX_VISIT_CAP, prescription.sessions_per_week * prescription.weeks)
    return {
        "progress_summary": summary,
        "requested_sessions_per_week": prescription.sessions_per_week,
        "requested_weeks": prescription.weeks,
        "requested_visits": visits,
    }


def letter_context(renewal: RenewalRequest) -> dict[str, Any]:
    prescription = renewal.prescription
    patient = renewal.patient
    return {
        "renewal": renewal,
        "prescription": prescription,
        "provider": prescription.provider,
        "patient": patient,
        "practice": patient.practice,
        "location": patient.practice.locations.order_by("id").first(),
        "therapist": renewal.created_by,
        "today": timezone.localdate(timezone=patient.practice.zone),
        "summary_lines": renewal.progress_summary.splitlines(),
    }
