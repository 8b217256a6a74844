"""What the front desk must see at booking and check-in: screening blocks, and where the
case's prescription stands (visits used and left, expiry) with the warnings a booking past
it gets. The prescription rules live in petrissage.referrals / petrissage.domain.prescriptions;
this module only reads them for the schedule's pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from petrissage.clinical.models import Case, Screening
from petrissage.domain import prescriptions as rules
from petrissage.patients.models import Patient
from petrissage.referrals import selectors as referrals
from petrissage.scheduling.models import Appointment, AppointmentStatus


def patients_with_urgent_check_in(practice_id: int, patient_ids: Iterable[int]) -> set[int]:
    """Patients whose post-session check-in raised an urgent alert nobody has acknowledged
    yet: their next visits are flagged until staff call them (issue 6)."""
    from petrissage.outcomes.selectors import open_alert_patient_ids

    return open_alert_patient_ids(practice_id) & set(patient_ids)


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


@dataclass(frozen=True)
class PrescriptionInView:
    """The case's current prescription as the schedule shows it."""

    provider: str
    issued_on: date
    expires_on: date
    status: rules.Status
    booked_ahead: int = 0  # the case's visits booked from today on, not yet signed

    @property
    def summary(self) -> str:
        s = self.status
        if s.expired:
            when = f"expired {self.expires_on:%b %-d, %Y}"
        else:
            when = f"expires {self.expires_on:%b %-d, %Y} (in {s.days_to_expiry} days)"
        used = f"{s.visits_used} of {s.visits_allowed} visits used, {s.visits_remaining} left"
        ahead = f", {self.booked_ahead} booked ahead" if self.booked_ahead else ""
        return f"{used}{ahead} · {when}"


def prescription_in_view(case: Case | None) -> PrescriptionInView | None:
    """Visits used/remaining and expiry of the case's prescription; None without one."""
    if case is None:
        return None
    prescription = referrals.latest_prescription(case)
    if prescription is None:
        return None
    return PrescriptionInView(
        provider=str(prescription.provider),
        issued_on=prescription.issued_on,
        expires_on=prescription.expires_on,
        status=referrals.status_of(prescription),
        booked_ahead=len(_booked_days_ahead(case)),
    )


def prescription_status(case: Case | None) -> str | None:
    """One short warning about the case's prescription (expired, visits used up, renewal
    due, none on file) for the visit page and check-in; None when all is well or when the
    visit has no case (a wellness visit needs no prescription)."""
    return referrals.prescription_warning_for_case(case)


def visit_warnings(case: Case | None, day: date) -> list[str]:
    """Warnings for booking one more visit of `case` on `day` (past the cap or expiry,
    no prescription). Booking is allowed; the front desk sees these first."""
    if case is None:
        return []
    return referrals.booking_warnings_for(case, day)


def appointment_warnings(appointment: Appointment) -> list[str]:
    """Warnings for a booked visit: would it be past the prescription's cap or expiry?"""
    if appointment.case is None or appointment.status != AppointmentStatus.BOOKED:
        return []
    day = appointment.starts_at.astimezone(appointment.practice.zone).date()
    return referrals.booking_warnings_for(appointment.case, day)


def _booked_days_ahead(case: Case) -> list[date]:
    """Local days of the case's visits booked (or checked in) from today on."""
    zone = case.patient.practice.zone
    today = timezone.localdate(timezone=zone)
    starts = Appointment.objects.filter(
        practice_id=case.practice_id,
        case=case,
        status__in=(AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED),
        starts_at__gte=datetime.combine(today, time.min, tzinfo=zone),
    ).values_list("starts_at", flat=True)
    return [start.astimezone(zone).date() for start in starts]


def series_warnings(case: Case, days: Sequence[date]) -> list[list[str]]:
    """Warnings per visit of a series not yet booked: visit k of the series counts the
    visits signed under the prescription, the case's visits already booked before its day,
    and the series visits before it."""
    prescription = referrals.active_prescription(case, days[0]) if days else None
    prescription = prescription or referrals.latest_prescription(case)
    if prescription is None:
        return [["No prescription on file for this case."] for _ in days]
    used = referrals.visits_used(prescription)
    booked_days = _booked_days_ahead(case)
    limits = prescription.limits()
    return [
        rules.booking_warnings(limits, used, sum(1 for d in booked_days if d < day) + index, day)
        for index, day in enumerate(days)
    ]
