"""What the front desk must see at check-in: screening blocks, and (later) prescriptions."""

from __future__ import annotations

from collections.abc import Iterable

from petrissage.clinical.models import Case, Screening
from petrissage.patients.models import Patient


def patients_blocked_by_screening(practice_id: int, patient_ids: Iterable[int]) -> set[int]:
    """Patients whose current screening has an uncleared absolute or refer-out finding,
    in one query. They can be booked; check-in shows a warning."""
    return set(
        Screening.objects.filter(
            practice_id=practice_id,
            patient_id__in=list(patient_ids),
            is_current=True,
            blocks_treatment=True,
        ).values_list("patient_id", flat=True)
    )


def screening_of(patient: Patient) -> Screening | None:
    """The patient's current screening: the same row `clinical.screening_services.
    current_screening` returns (read here directly so the schedule does not import the
    screening engine)."""
    return (
        Screening.objects.filter(practice_id=patient.practice_id, patient=patient, is_current=True)
        .prefetch_related("findings")
        .first()
    )


def prescription_status(case: Case | None) -> str | None:
    """Hook for the prescriptions issue: a short warning about the case's prescription
    (expired, visit cap reached, not yet received) to show at booking and check-in.

    Returns None until the prescriptions issue fills it in; callers show nothing then.
    """
    return None
