"""Reads other apps call: the prescription covering a case, its status, and the warnings a
booking or a claim gets from it. The rules themselves live in petrissage.domain.prescriptions.

A prescription linked to a case covers that case; one with no case covers every case of
the patient. When several cover a date, the one linked to the case wins, then the latest.
Visits used = signed session notes on or after the issue date (of the linked case, or of
any case of the patient when the prescription has none).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from petrissage.clinical.models import Case, NoteStatus, SessionNote
from petrissage.domain import prescriptions as rules
from petrissage.patients.models import Patient
from petrissage.referrals.models import Prescription, ProgressReport, ReportKind, ReportStatus


@dataclass(frozen=True)
class PrescriptionView:
    """A prescription with its status today, for pages."""

    prescription: Prescription
    status: rules.Status


def practice_today(patient: Patient) -> date:
    return timezone.localdate(timezone=patient.practice.zone)


def _covering(case: Case) -> QuerySet[Prescription]:
    return Prescription.objects.filter(
        practice_id=case.practice_id, patient_id=case.patient_id
    ).filter(Q(case=case) | Q(case__isnull=True))


def _best(candidates: Iterable[Prescription], case: Case) -> Prescription | None:
    ranked = sorted(
        candidates, key=lambda p: (p.case_id == case.pk, p.issued_on, p.pk), reverse=True
    )
    return ranked[0] if ranked else None


def active_prescription(case: Case, on: date | None = None) -> Prescription | None:
    """The prescription in force for `case` on `on` (default: today in the practice's time
    zone), or None when no prescription covers that date."""
    day = on or practice_today(case.patient)
    covering = _covering(case).filter(issued_on__lte=day, expires_on__gte=day)
    return _best(covering.select_related("provider"), case)


def latest_prescription(case: Case) -> Prescription | None:
    """The prescription in force today, else the most recent one (possibly expired)."""
    return active_prescription(case) or _best(_covering(case).select_related("provider"), case)


def visits_used(prescription: Prescription, through: date | None = None) -> int:
    """Signed session notes counted against the prescription (on/after its issue date)."""
    notes = SessionNote.objects.filter(
        practice_id=prescription.practice_id,
        patient_id=prescription.patient_id,
        status=NoteStatus.SIGNED,
        session_date__gte=prescription.issued_on,
    )
    if prescription.case_id is not None:
        notes = notes.filter(case_id=prescription.case_id)
    if through is not None:
        notes = notes.filter(session_date__lte=through)
    return notes.count()


def limits_with_reports(prescription: Prescription) -> rules.PrescriptionLimits:
    """The prescription's limits plus when its last signed progress report went out, so
    "report due" counts from that report rather than from the issue date."""
    last = (
        ProgressReport.objects.filter(
            practice_id=prescription.practice_id,
            prescription=prescription,
            status=ReportStatus.SIGNED,
            kind=ReportKind.PROGRESS,
        )
        .order_by("-period_end", "-id")
        .values_list("period_end", "visits_attended")
        .first()
    )
    limits = prescription.limits()
    if last is None:
        return limits
    return replace(limits, last_report_on=last[0], visits_at_last_report=last[1])


def status_of(prescription: Prescription, today: date | None = None) -> rules.Status:
    day = today or practice_today(prescription.patient)
    limits = limits_with_reports(prescription)
    return rules.prescription_status(limits, visits_used(prescription), day)


def prescription_status_for_case(case: Case) -> rules.Status | None:
    """Visits used/remaining, days to expiry, renewal and report due for the case's current
    prescription (in force today, else the latest); None when it has none."""
    prescription = latest_prescription(case)
    return status_of(prescription) if prescription is not None else None


def prescription_warning_for_case(case: Case | None) -> str | None:
    """One short line for booking and check-in (the scheduling hook `prescription_status`):
    expired, cap reached, renewal due, or no prescription on file; None when all is well."""
    if case is None:
        return None
    prescription = latest_prescription(case)
    if prescription is None:
        return "No prescription on file for this case."
    status = status_of(prescription)
    if status.expired:
        return f"Prescription expired on {prescription.expires_on:%Y-%m-%d}."
    if status.cap_reached:
        return f"Prescription visits used up ({status.visits_used} of {status.visits_allowed})."
    if status.renewal_due:
        return f"Prescription renewal due: {'; '.join(status.renewal_reasons)}."
    return None


def _booked_before(case: Case, start: date, end: date) -> int:
    from petrissage.scheduling.models import Appointment, AppointmentStatus

    zone = case.patient.practice.zone
    return Appointment.objects.filter(
        practice_id=case.practice_id,
        case=case,
        status__in=(AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED),
        starts_at__gte=datetime.combine(start, time.min, tzinfo=zone),
        starts_at__lt=datetime.combine(end, time.min, tzinfo=zone),
    ).count()


def booking_warnings_for(case: Case, appointment_date: date) -> list[str]:
    """Warnings for booking a visit of `case` on `appointment_date`: no prescription, past
    its visit cap (counting visits used and visits already booked before that date), past
    its expiry. The scheduling app shows them; it does not refuse the booking."""
    prescription = active_prescription(case, appointment_date) or latest_prescription(case)
    if prescription is None:
        return ["No prescription on file for this case."]
    today = practice_today(case.patient)
    booked = _booked_before(case, today, appointment_date) if appointment_date > today else 0
    return rules.booking_warnings(
        prescription.limits(), visits_used(prescription), booked, appointment_date
    )


def claim_prescription_problems(
    case: Case, service_date: date, cpt_codes: Iterable[str]
) -> list[str]:
    """Scrubber problems for one billed visit (billing's `prescription_problems(claim)`):
    no prescription covering the service date, a CPT code it does not allow, or the visit
    past its cap or its authorised visits."""
    prescription = active_prescription(case, service_date)
    if prescription is None:
        return [
            f"No prescription on file covers {service_date:%Y-%m-%d}: record the physician's "
            "order (Referrals) before billing."
        ]
    visit_number = max(1, visits_used(prescription, through=service_date))
    return rules.claim_problems(
        prescription.limits(), prescription.cpt_codes, visit_number, service_date, cpt_codes
    )


def prescriptions_for_patient(patient: Patient) -> list[PrescriptionView]:
    """The patient's prescriptions, newest first, each with its status today."""
    today = practice_today(patient)
    found = Prescription.objects.filter(practice_id=patient.practice_id, patient=patient)
    return [
        PrescriptionView(p, status_of(p, today))
        for p in found.select_related("provider", "case", "patient__practice")
    ]
