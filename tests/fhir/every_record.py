"""Rows of every practice model the demo clinic leaves empty, so that a round trip of the
whole demo practice (export_fhir → import_fhir) has something to lose in every table.

`add_what_the_demo_lacks(practice)` runs after `load_demo`. It finds demo patients, cases,
signed sessions and reports, claims and staff by query and adds, through the apps' services
where a simple one exists, rows of each model the demo has none of, with fields set away
from their defaults so a field the round trip drops shows as a difference. Every FileField
of the practice ends up with a stored file of real bytes. Codes are the ones confirmed in
the shared Synthea data or in petrissage.domain (noted beside each).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.billing.invoice_services import package_sell
from petrissage.billing.models import Claim, ClaimStatus, Package, PackageUse
from petrissage.billing.remittance_services import remittance_import
from petrissage.billing.setup_services import technique_override_set
from petrissage.care.aftercare_services import aftercare_mail_section, aftercare_text_save
from petrissage.care.models import CareTeamMember, MaintenancePlan, RecallReminder, RecallStatus
from petrissage.care.team_services import care_report_send
from petrissage.clinical.clearance_services import clearance_record
from petrissage.clinical.models import Case, CaseStatus, NoteStatus, ScreeningFinding, SessionNote
from petrissage.clinical.session_services import session_amend
from petrissage.domain.aftercare import GENERAL_KEY
from petrissage.domain.scheduling import TimeOffKind
from petrissage.outcomes.models import Timepoint
from petrissage.outcomes.services import instrument_load, outcome_record
from petrissage.patients import models as patients
from petrissage.patients.models import Channel, HistorySource, Patient
from petrissage.practice.models import Practice, Role, Staff
from petrissage.referrals.models import Prescription, ProgressReport, ReportStatus
from petrissage.referrals.report_services import progress_report_amend
from petrissage.referrals.services import (
    PrescriptionInput,
    prescription_update,
    renewal_request_create,
)
from petrissage.scheduling.models import Appointment, AppointmentStatus, BookingRequest
from petrissage.scheduling.models import RequestStatus as BookingStatus
from petrissage.scheduling.services import time_off_add
from tests.billing.era_builder import era_for

SNOMED = "http://snomed.info/sct"
SYNTHEA = "https://github.com/synthetichealth/synthea"
SCORING = "https://petrissage.dev/fhir/StructureDefinition/scoring"


def add_what_the_demo_lacks(practice: Practice) -> None:
    actor = Actor.system(practice, source="cli")
    today = timezone.localdate(timezone=practice.zone)
    with transaction.atomic():
        _patient_history(practice)
        _clinical(practice, actor, today)
        _schedule(practice, actor, today)
        _billing(practice, actor, today)
        _referrals(practice, actor)
        _outcomes(practice, actor)
        _care(practice, actor)


def _pdf(title: str, text: str) -> bytes:
    """A real PDF (WeasyPrint), as a scanned letter would be."""
    from weasyprint import HTML

    return bytes(HTML(string=f"<h1>{title}</h1><p>{text}</p>").write_pdf())


def _upload(name: str, title: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _pdf(title, text), content_type="application/pdf")


def _owner(practice: Practice) -> Staff:
    return Staff.objects.filter(practice=practice, role=Role.OWNER).order_by("pk").first()


def _signed_sessions(practice: Practice) -> Any:
    return SessionNote.objects.filter(practice=practice, status=NoteStatus.SIGNED).order_by("pk")


def _patient_history(practice: Practice) -> None:
    """History from elsewhere, as a Synthea import leaves it (codes from the Synthea data)."""
    patient = Patient.objects.filter(practice=practice).order_by("pk").first()
    rows = {"practice": practice, "patient": patient}
    patients.PatientIdentifier.objects.create(
        **rows, system=SYNTHEA, value="cbc86e51-9eca-3855-76ec-c058f72c5761"
    )
    patients.PatientAllergy.objects.create(
        **rows, system=SNOMED, code="111088007", display="Latex (substance)",
        category="environment", criticality="low", clinical_status="active",
        recorded_on=date(1996, 12, 27), source=HistorySource.IMPORT,
        external_id="AllergyIntolerance/5b3c1e0a-latex",
    )  # fmt: skip
    patients.PastProcedure.objects.create(
        **rows, system=SNOMED, code="80146002", display="Appendectomy", status="completed",
        performed_on=date(2011, 6, 14), source=HistorySource.MANUAL,
    )  # fmt: skip
    patients.PastEncounter.objects.create(
        **rows, status="finished", encounter_class="AMB", type_system=SNOMED,
        type_code="185349003", type_display="Encounter for check up (procedure)",
        reason="Annual physical", started_at=datetime(2024, 3, 5, 16, 30, tzinfo=UTC),
        ended_at=datetime(2024, 3, 5, 17, 0, tzinfo=UTC), external_id="Encounter/9d2f-checkup",
    )  # fmt: skip
    patients.VitalSign.objects.create(
        **rows, loinc="85354-9", display="Blood pressure panel with all children optional",
        effective_at=datetime(2024, 3, 5, 16, 40, tzinfo=UTC), systolic=Decimal("128.0"),
        diastolic=Decimal("82.0"), external_id="Observation/bp-2024-03-05",
    )  # fmt: skip
    pregnant = ScreeningFinding.objects.filter(
        practice=practice, rule_id="pregnancy", screening__is_current=True
    ).first()
    if pregnant is not None:  # LOINC 82810-3 and SNOMED 77386006: domain/fhir_import/clinical.py
        patients.VitalSign.objects.create(
            practice=practice, patient=pregnant.patient, loinc="82810-3",
            display="Pregnancy status", value_system=SNOMED, value_code="77386006",
            value_display="Pregnant", source=HistorySource.INTAKE,
        )  # fmt: skip


def _clinical(practice: Practice, actor: Actor, today: date) -> None:
    note = _signed_sessions(practice).first()
    session_amend(
        note=note, author=note.therapist, actor=actor,
        reason="Late entry: objective findings dictated after the visit.",
        fields={"objective": f"{note.objective} Addendum: hypertonicity of the left upper "
                "trapezius eased after treatment; no new findings."},
    )  # fmt: skip
    finding = (
        ScreeningFinding.objects.filter(
            practice=practice, screening__is_current=True, clearance_required=True
        )
        .order_by("cleared", "pk")
        .first()
    )
    clearance_record(
        patient=finding.patient, staff=_owner(practice), actor=actor, rule_id=finding.rule_id,
        cleared_by="Dr Anna Reyes, MD", cleared_on=today - timedelta(days=2),
        scope="Light to moderate pressure; avoid the left calf.",
        document=_upload("clearance-letter.pdf", "Clearance", "Cleared for massage."),
    )  # fmt: skip


def _schedule(practice: Practice, actor: Actor, today: date) -> None:
    therapist = Staff.objects.filter(practice=practice, role=Role.THERAPIST).order_by("pk")[1]
    time_off_add(
        therapist=therapist, actor=actor, kind=TimeOffKind.TRAINING.value,
        first_day=today + timedelta(days=45), last_day=today + timedelta(days=46),
        reason="Manual lymphatic drainage CE course",
    )  # fmt: skip
    visit = (
        Appointment.objects.filter(practice=practice, status=AppointmentStatus.BOOKED)
        .order_by("starts_at", "pk")
        .first()
    )
    patient = visit.patient
    BookingRequest.objects.create(
        practice=practice, therapist=visit.therapist, kind=visit.kind,
        starts_at=visit.starts_at, ends_at=visit.ends_at, given_name=patient.given_name,
        family_name=patient.family_name, birth_date=patient.birth_date,
        email=patient.email or "booking@example.com", phone=patient.phone or "206-555-0147",
        message="Neck pain since a new desk job; referred by my doctor.",
        status=BookingStatus.CONFIRMED, appointment=visit,
    )  # fmt: skip


def _billing(practice: Practice, actor: Actor, today: date) -> None:
    technique_override_set(practice=practice, actor=actor, technique="Deep tissue", cpt="97140")
    session = (
        _signed_sessions(practice)
        .filter(patient__coverages__channel=Channel.SELF_PAY, membership_visit__isnull=True)
        .order_by("-session_date", "pk")
        .first()
    )
    package = Package.objects.filter(practice=practice).order_by("-sessions", "pk").first()
    purchase = package_sell(
        patient=session.patient, package=package, actor=actor,
        sold_on=session.session_date - timedelta(days=7),
    )  # fmt: skip
    purchase.sessions_used = 1
    purchase.save()
    PackageUse.objects.create(
        practice=practice, purchase=purchase, session=session, sequence=1,
        used_on=session.session_date,
    )  # fmt: skip
    claim = Claim.objects.filter(practice=practice, status=ClaimStatus.SUBMITTED).order_by("pk")[0]
    stranger = Claim(account_number="P999999-001", total_charge=Decimal("88.00"))
    stranger.patient = Patient(given_name="Noor", family_name="Haddad")
    share = Decimal("20.00")
    paid = ((claim.total_charge - share) * Decimal("0.8")).quantize(Decimal("0.01"))
    content = era_for(
        [
            (claim, str(paid), (("CO", "45", str(claim.total_charge - share - paid)),
                                ("PR", "3", str(share)))),
            (stranger, "66.00", (("CO", "45", "22.00"),)),
        ],
        trace=f"EFT{today:%Y%m%d}01",
    )  # fmt: skip
    remittance_import(
        practice=practice, actor=actor, content=content, filename="premera-era.835",
        staff=Staff.objects.filter(practice=practice, role=Role.BILLER).first(),
    )  # fmt: skip


def _referrals(practice: Practice, actor: Actor) -> None:
    rx = Prescription.objects.filter(practice=practice, case__isnull=False).order_by("pk")[0]
    data = PrescriptionInput(
        provider=rx.provider, issued_on=rx.issued_on, expires_on=rx.expires_on,
        diagnoses=tuple(rx.diagnosis_codes), regions=tuple(rx.regions),
        cpt_codes=tuple(rx.cpt_codes), sessions_per_week=rx.sessions_per_week, weeks=rx.weeks,
        visit_cap=rx.visit_cap, case=rx.case, prior_auth_number="PA-2291-0457",
        authorised_visits=rx.visit_cap, report_every_visits=rx.report_every_visits,
        report_every_days=rx.report_every_days,
        precautions="No deep pressure over the left lateral hip (trochanteric bursitis).",
    )  # fmt: skip
    document = _upload("scanned-order.pdf", "Prescription", "Massage therapy, 2x a week.")
    prescription_update(prescription=rx, actor=actor, data=data, document=document)
    used = rx.case.sessions.filter(status=NoteStatus.SIGNED).count()
    renewal_request_create(
        prescription=rx, staff=rx.case.therapist, actor=actor, visits_used=used,
        data={"progress_summary": "Pain down from 7/10 to 4/10; sitting tolerance doubled.",
              "requested_sessions_per_week": 1, "requested_weeks": 6, "requested_visits": 6},
    )  # fmt: skip
    reports = ProgressReport.objects.filter(practice=practice, status=ReportStatus.SIGNED)
    signed = reports.order_by("pk").first()
    per_week = signed.recommended_sessions_per_week
    progress_report_amend(
        report=signed, author=signed.signed_by, actor=actor,
        reason="The recommended frequency was mistyped.",
        fields={"recommended_sessions_per_week": 3 if per_week != 3 else 2,
                "plan_next": "Add scapular stabilisation to the home programme."},
    )  # fmt: skip


def _questionnaire() -> dict[str, Any]:
    """The clinic's own two-item desk-work scale (our wording), as a FHIR Questionnaire."""

    def item(link_id: str, text: str) -> dict[str, Any]:
        bounds = [
            {"url": f"http://hl7.org/fhir/StructureDefinition/{end}Value", "valueInteger": n}
            for end, n in (("min", 0), ("max", 10))
        ]
        return {"linkId": link_id, "text": text, "type": "integer", "required": True,
                "extension": bounds}  # fmt: skip

    scoring = [
        {"url": "rule", "valueCode": "sum"},
        {"url": "direction", "valueCode": "higher-is-worse"},
        {"url": "scoreMin", "valueDecimal": 0},
        {"url": "scoreMax", "valueDecimal": 20},
        {"url": "item", "valueString": "desk-hour"},
        {"url": "item", "valueString": "shoulder-check"},
        {"url": "recall", "valueString": "past week"},
    ]
    return {
        "resourceType": "Questionnaire", "id": "cedar-desk-tolerance", "status": "active",
        "name": "DeskTolerance", "title": "Cedar & Sage desk-work tolerance (2 items)",
        "extension": [{"url": SCORING, "extension": scoring}],
        "item": [
            item("desk-hour", "How hard was an hour at a desk, 0 (easy) to 10 (impossible)?"),
            item("shoulder-check", "How hard was looking over your shoulder, 0 to 10?"),
        ],
    }  # fmt: skip


def _outcomes(practice: Practice, actor: Actor) -> None:
    instrument = instrument_load(
        practice=practice, questionnaire=_questionnaire(), staff=_owner(practice), actor=actor,
        licence_note="Written by the clinic for its own use; no third-party licence.",
    )  # fmt: skip
    case = Case.objects.filter(practice=practice, status=CaseStatus.OPEN).order_by("pk")[0]
    outcome_record(
        case=case, instrument=instrument, answers={"desk-hour": 6, "shoulder-check": 4},
        timepoint=Timepoint.INTERIM, actor=actor, staff=case.therapist,
    )  # fmt: skip


def _care(practice: Practice, actor: Actor) -> None:
    member = (
        CareTeamMember.objects.filter(practice=practice).exclude(email="").order_by("pk").first()
    )
    care_report_send(
        case=member.case, members=[member], staff=member.case.therapist, actor=actor,
        subject="Massage therapy update", body="Treatment summary attached.",
        attachment=("summary.pdf", _pdf("Summary", "Six visits."), "application/pdf"),
        reference="treatment summary, week 6",
    )  # fmt: skip
    aftercare_text_save(
        practice=practice, key=GENERAL_KEY, staff=_owner(practice), actor=actor,
        text="Drink water, keep moving gently today and call us if anything worries you.",
    )  # fmt: skip
    aftercare_mail_section(_signed_sessions(practice).order_by("-session_date", "-pk").first())
    plan = (
        MaintenancePlan.objects.filter(practice=practice, status=RecallStatus.ACTIVE)
        .exclude(patient__email="")
        .order_by("next_due", "pk")
        .first()
    )
    RecallReminder.objects.create(
        practice=practice, maintenance=plan, due_on=plan.next_due,
        sent_at=datetime.combine(plan.next_due - timedelta(days=7), datetime.min.time(), UTC),
    )  # fmt: skip
