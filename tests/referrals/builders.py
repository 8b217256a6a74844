"""Referral test data: providers and prescriptions made through the services; cases and
signed notes made directly (other apps own their services)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.clinical.models import Case, NoteStatus, SessionNote
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice, Staff
from petrissage.referrals.demo import demo_npi
from petrissage.referrals.models import Prescription, ReferringProvider
from petrissage.referrals.services import (
    PrescriptionInput,
    prescription_create,
    referring_provider_save,
)

VALID_NPI = demo_npi("100000101")
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def today_of(practice: Practice) -> date:
    return timezone.localdate(timezone=practice.zone)


def actor_for(practice: Practice) -> Actor:
    return Actor.system(practice, source="test")


def provider(practice: Practice, **data: Any) -> ReferringProvider:
    values = {"name": "Dr Anna Reyes", "credentials": "MD", "npi": VALID_NPI, "fax": "206-555-0199"}
    values.update(data)
    return referring_provider_save(practice=practice, actor=actor_for(practice), data=values)


def rx_input(prov: ReferringProvider, **overrides: Any) -> PrescriptionInput:
    today = today_of(prov.practice)
    values: dict[str, Any] = {
        "provider": prov,
        "issued_on": today - timedelta(days=10),
        "expires_on": today + timedelta(days=80),
        "diagnoses": ("M54.50",),
        "regions": ("lumbar-paraspinals-left", "lumbar-paraspinals-right"),
        "cpt_codes": ("97124", "97140"),
        "sessions_per_week": 2,
        "weeks": 6,
        "visit_cap": 12,
    }
    values.update(overrides)
    return PrescriptionInput(**values)


def prescription(
    patient: Patient, staff: Staff, prov: ReferringProvider | None = None, **overrides: Any
) -> Prescription:
    prov = prov or provider(patient.practice)
    document = overrides.pop("document", None)
    return prescription_create(
        patient=patient,
        staff=staff,
        actor=actor_for(patient.practice),
        data=rx_input(prov, **overrides),
        document=document,
    )


def pdf_upload(name: str = "rx scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def open_case(patient: Patient, therapist: Staff, opened_on: date | None = None) -> Case:
    return Case.objects.create(
        practice_id=patient.practice_id,
        patient=patient,
        therapist=therapist,
        title="Chronic low back pain",
        opened_on=opened_on or today_of(patient.practice) - timedelta(days=30),
    )


def signed_note(case: Case, on: date, *, signed: bool = True) -> SessionNote:
    return SessionNote.objects.create(
        practice_id=case.practice_id,
        patient=case.patient,
        case=case,
        therapist=case.therapist,
        session_date=on,
        status=NoteStatus.SIGNED if signed else NoteStatus.DRAFT,
        signed_at=datetime(on.year, on.month, on.day, 18, tzinfo=UTC) if signed else None,
        signed_by=case.therapist if signed else None,
    )
