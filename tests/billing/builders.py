"""Billing test data: a billing profile, a payer with fees, an insured patient, a case with
diagnoses and a signed session. Clinical rows are made directly (the session-notes helper
owns those services); billing rows go through the billing services."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from petrissage.audit.services import Actor
from petrissage.billing.models import Payer
from petrissage.billing.setup_services import billing_profile_save, fee_set, payer_save
from petrissage.clinical.models import Case, CaseDiagnosis, NoteStatus, SessionNote, TreatmentLine
from petrissage.patients.models import Coverage, Patient
from petrissage.patients.services import coverage_save
from petrissage.practice.models import Practice, Staff
from petrissage.referrals.demo import demo_npi
from petrissage.referrals.models import Prescription, ReferringProvider
from tests import factories

VISIT = date(2025, 3, 4)
SOAP_SECRET = "Patient reports fight with spouse about money"  # must never reach a biller
PROFILE = {
    "billing_name": "Alpha Clinic Massage LLC",
    "npi": "1245319599",
    "tax_id": "91-1234567",
    "address_line": "1200 Pike St",
    "city": "Seattle",
    "state": "WA",
    "postal_code": "98101",
    "phone": "206-555-0100",
    "submitter_id": "ALPHA01",
    "submitter_contact": "Bill Biller",
    "receiver_name": "Example Clearinghouse",
    "receiver_id": "CLEARHOUSE",
}
REFERRING_NPI = demo_npi("100000101")
ADDRESS = {"address_line": "88 Elm Ave", "city": "Tacoma", "state": "WA", "postal_code": "98402"}


def actor_for(practice: Practice) -> Actor:
    return Actor.system(practice, source="test")


def setup_billing(practice: Practice, **payer: Any) -> Payer:
    """Profile, standard fees and Premera with its own fee for 97124/97140 (once)."""
    existing = Payer.objects.filter(practice=practice, name="Premera Blue Cross").first()
    if existing is not None:
        return existing
    actor = actor_for(practice)
    billing_profile_save(practice=practice, actor=actor, data=PROFILE)
    fee_set(practice=practice, actor=actor, cpt="97124", fee="30.00")
    fee_set(practice=practice, actor=actor, cpt="97140", fee="35.00")
    data = {"name": "Premera Blue Cross", "payer_id": "00430", **payer}
    premera = payer_save(practice=practice, actor=actor, data=data)
    fee_set(practice=practice, actor=actor, cpt="97124", fee="38.50", payer=premera)
    fee_set(practice=practice, actor=actor, cpt="97140", fee="42.00", payer=premera)
    return premera


def insured_patient(
    practice: Practice, raw: dict[str, Any] | None = None, **coverage: Any
) -> Patient:
    """An insured patient; `raw` fields are written past the coverage form's checks
    (data imported or entered before the checks existed)."""
    patient = factories.make_patient(practice, **ADDRESS)
    data = {
        "channel": "commercial",
        "payer_name": "Premera Blue Cross",
        "payer_identifier": "00430",
        "member_id": "PRA12345678",
        "group_number": "778899",
        "subscriber_name": patient.full_name,
        "relationship": "18",
        **coverage,
    }
    saved = coverage_save(patient=patient, actor=actor_for(practice), data=data)
    if raw:
        Coverage.objects.filter(pk=saved.pk).update(**raw)
    return patient


def selfpay_patient(practice: Practice, **overrides: Any) -> Patient:
    patient = factories.make_patient(practice, **{**ADDRESS, **overrides})
    coverage_save(patient=patient, actor=actor_for(practice), data={"channel": "self_pay"})
    return patient


def referring(practice: Practice) -> ReferringProvider:
    found = ReferringProvider.objects.filter(practice=practice, npi=REFERRING_NPI).first()
    return found or ReferringProvider.objects.create(
        practice=practice, name="Dr Anna Reyes", credentials="MD", npi=REFERRING_NPI
    )


def prescribe(case: Case, **overrides: Any) -> Prescription:
    """A physician's order covering the case (made directly: referrals owns the service)."""
    values: dict[str, Any] = {
        "issued_on": date(2024, 1, 1),
        "expires_on": date(2030, 12, 31),
        "diagnoses": [{"code": d.code, "description": d.code} for d in case.diagnoses.all()],
        "cpt_codes": ["97124", "97140", "97112", "97010"],
        "sessions_per_week": 2,
        "weeks": 12,
        "visit_cap": 24,
        **overrides,
    }
    return Prescription.objects.create(
        practice_id=case.practice_id,
        patient=case.patient,
        case=case,
        provider=referring(case.patient.practice),
        recorded_by=case.therapist,
        **values,
    )


def open_case(patient: Patient, therapist: Staff, *codes: str, prescribed: bool = True) -> Case:
    """A case with diagnoses and (unless told otherwise) a prescription covering it."""
    case = Case.objects.create(
        practice_id=patient.practice_id,
        patient=patient,
        therapist=therapist,
        title="Chronic low back pain",
        opened_on=date(2025, 2, 1),
    )
    for position, code in enumerate(codes or ("M54.50",), start=1):
        CaseDiagnosis.objects.create(
            practice_id=patient.practice_id,
            case=case,
            code=code,
            description=code,
            position=position,
        )
    if prescribed:
        prescribe(case)
    return case


def session(
    case: Case,
    lines: tuple[tuple[str, str, int], ...] = (("massage", "lumbar-paraspinals", 40),),
    *,
    signed: bool = True,
    on: date = VISIT,
) -> SessionNote:
    """A note with (technique, region, minutes) lines; signed unless told otherwise."""
    minutes = sum(m for _, _, m in lines)
    note = SessionNote.objects.create(
        practice_id=case.practice_id,
        patient=case.patient,
        case=case,
        therapist=case.therapist,
        session_date=on,
        status=NoteStatus.SIGNED if signed else NoteStatus.DRAFT,
        subjective=SOAP_SECRET,
        total_minutes=minutes,
        timed_minutes=minutes,
        signed_at=datetime(on.year, on.month, on.day, 18, tzinfo=UTC) if signed else None,
        signed_by=case.therapist if signed else None,
    )
    for technique, region, mins in lines:
        TreatmentLine.objects.create(
            practice_id=case.practice_id,
            session=note,
            region_code=region,
            technique=technique,
            minutes=mins,
            pressure=3,
        )
    return note


def coverage_of(patient: Patient) -> Coverage:
    return patient.coverages.get()


def money(value: str) -> Decimal:
    return Decimal(value)
