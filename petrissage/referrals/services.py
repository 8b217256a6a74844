"""Writes for referring providers, prescriptions and renewal requests. Each write and its
audit event (category CLINICAL) commit in one transaction; bad input raises
ValidationError naming the field, before anything is stored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import Case
from petrissage.clinical.uploads import check_upload, safe_display_name
from petrissage.domain.billing.cpt import CPT_CODES
from petrissage.domain.icd10 import check_diagnosis
from petrissage.domain.npi import npi_problem
from petrissage.domain.prescriptions import entry_problems
from petrissage.domain.regions import is_region
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice, Staff
from petrissage.referrals.models import Prescription, ReferringProvider, RenewalRequest

PROVIDER_FIELDS = (
    "name",
    "credentials",
    "npi",
    "specialty",
    "organisation",
    "phone",
    "fax",
    "email",
    "active",
)


# --- Referring providers ------------------------------------------------------------------


def _npi_taken(practice: Practice, npi: str, pk: int | None) -> bool:
    others = ReferringProvider.objects.filter(practice=practice, npi=npi)
    return (others.exclude(pk=pk) if pk is not None else others).exists()


def _provider_problems(practice: Practice, data: dict[str, Any], pk: int | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not str(data.get("name", "")).strip():
        problems["name"] = "Enter the prescriber's name."
    npi = str(data.get("npi", "")).strip()
    if npi:
        problem = npi_problem(npi)
        if problem:
            problems["npi"] = problem
        elif _npi_taken(practice, npi, pk):
            problems["npi"] = "Another referring provider already has this NPI."
    return problems


def referring_provider_save(
    *,
    practice: Practice,
    actor: Actor,
    data: dict[str, Any],
    provider: ReferringProvider | None = None,
) -> ReferringProvider:
    """Create (provider=None) or update a referring provider."""
    problems = _provider_problems(practice, data, provider.pk if provider else None)
    if problems:
        raise ValidationError(problems)
    creating = provider is None
    target = provider or ReferringProvider(practice=practice)
    for name in PROVIDER_FIELDS:
        if name in data:
            value = data[name]
            setattr(target, name, value.strip() if isinstance(value, str) else value)
    with transaction.atomic():
        target.save()
        audit_record(
            actor=actor,
            action="referring_provider.create" if creating else "referring_provider.update",
            category=Category.CLINICAL,
            detail={"provider": target.pk, "npi": target.npi},
        )
    return target


# --- Prescriptions ------------------------------------------------------------------------


@dataclass(frozen=True)
class PrescriptionInput:
    """Parsed form data for a prescription (the form is the parse boundary)."""

    provider: ReferringProvider
    issued_on: date
    expires_on: date
    diagnoses: tuple[str, ...]
    regions: tuple[str, ...]
    cpt_codes: tuple[str, ...]
    sessions_per_week: int
    weeks: int
    visit_cap: int
    case: Case | None = None
    prior_auth_number: str = ""
    authorised_visits: int | None = None
    report_every_visits: int | None = None
    report_every_days: int | None = None
    precautions: str = ""


def parse_diagnosis_codes(text: str) -> tuple[str, ...]:
    """'M54.50, m62.830\\nG44.209' -> ('M54.50', 'm62.830', 'G44.209'), blanks dropped."""
    return tuple(part for part in text.replace(",", " ").replace(";", " ").split() if part)


def _diagnosis_rows(codes: tuple[str, ...]) -> tuple[list[dict[str, str]], list[str]]:
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    for entered in codes:
        check = check_diagnosis(entered)
        if not check.ok:
            offered = ", ".join(f"{s.code} {s.description}" for s in check.suggestions[:6])
            problems.append(f"{check.problem}{' Try: ' + offered + '.' if offered else ''}")
        elif check.code not in {row["code"] for row in rows}:
            rows.append({"code": check.code, "description": check.description})
    if not codes:
        problems.append("Enter at least one ICD-10-CM diagnosis code from the prescription.")
    return rows, problems


def _prescription_problems(
    data: PrescriptionInput, patient: Patient, today: date, *, dates_changed: bool
) -> dict[str, str]:
    problems = entry_problems(
        issued_on=data.issued_on, expires_on=data.expires_on, visit_cap=data.visit_cap, today=today
    )
    if not dates_changed:  # the dates were accepted at entry; an order may run out since
        problems.pop("expires_on", None)
        problems.pop("issued_on", None)
    unknown_regions = [code for code in data.regions if not is_region(code)]
    if unknown_regions:
        problems["regions"] = f"Unknown body region {', '.join(unknown_regions)}."
    unknown_cpt = [code for code in data.cpt_codes if code not in CPT_CODES]
    if unknown_cpt:
        problems["cpt_codes"] = f"CPT {', '.join(unknown_cpt)} is not in the massage code table."
    elif not data.cpt_codes:
        problems["cpt_codes"] = "Choose at least one allowed CPT code."
    if data.authorised_visits is not None and not 1 <= data.authorised_visits <= 200:
        problems["authorised_visits"] = "Authorised visits must be between 1 and 200."
    if data.authorised_visits is not None and not data.prior_auth_number.strip():
        problems["prior_auth_number"] = "Enter the prior-authorisation number for these visits."
    if data.provider.practice_id != patient.practice_id:
        problems["provider"] = "Choose a referring provider of this practice."
    if data.case is not None and data.case.patient_id != patient.pk:
        problems["case"] = "Choose a case of this patient."
    return problems


def _validated(
    data: PrescriptionInput, patient: Patient, *, dates_changed: bool, today: date | None = None
) -> list[dict[str, str]]:
    today = today or timezone.localdate(timezone=patient.practice.zone)
    problems = _prescription_problems(data, patient, today, dates_changed=dates_changed)
    rows, diagnosis_problems = _diagnosis_rows(data.diagnoses)
    if diagnosis_problems:
        problems["diagnoses"] = " ".join(diagnosis_problems)
    if problems:
        raise ValidationError(problems)
    return rows


def _attach_document(prescription: Prescription, document: UploadedFile[bytes]) -> None:
    extension, _ = check_upload(document, field="document")
    prescription.document_name = safe_display_name(document.name or "prescription")
    document.name = f"{uuid.uuid4().hex}.{extension}"  # never the user's name on disk
    prescription.document = document


def _apply(prescription: Prescription, data: PrescriptionInput, rows: list[dict[str, str]]) -> None:
    prescription.provider = data.provider
    prescription.case = data.case
    prescription.issued_on = data.issued_on
    prescription.expires_on = data.expires_on
    prescription.diagnoses = rows
    prescription.regions = list(dict.fromkeys(data.regions))
    prescription.cpt_codes = sorted(set(data.cpt_codes))
    prescription.sessions_per_week = data.sessions_per_week
    prescription.weeks = data.weeks
    prescription.visit_cap = data.visit_cap
    prescription.prior_auth_number = data.prior_auth_number.strip()
    prescription.authorised_visits = data.authorised_visits
    prescription.report_every_visits = data.report_every_visits
    prescription.report_every_days = data.report_every_days
    prescription.precautions = data.precautions.strip()


def _audit_prescription(actor: Actor, prescription: Prescription, action: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        category=Category.CLINICAL,
        patient=prescription.patient,
        detail={
            "prescription": prescription.pk,
            "provider": prescription.provider_id,
            "visit_cap": prescription.visit_cap,
            "expires_on": prescription.expires_on.isoformat(),
            "document": bool(prescription.document),
        },
    )


def prescription_create(
    *,
    patient: Patient,
    staff: Staff,
    actor: Actor,
    data: PrescriptionInput,
    document: UploadedFile[bytes] | None = None,
    today: date | None = None,
) -> Prescription:
    """Record a prescription; refuse expired, future-dated or out-of-range ones.
    `today` defaults to the practice's local date (the demo loader passes its own)."""
    rows = _validated(data, patient, dates_changed=True, today=today)
    prescription = Prescription(practice_id=patient.practice_id, patient=patient)
    prescription.recorded_by = staff
    _apply(prescription, data, rows)
    if document is not None:
        _attach_document(prescription, document)
    with transaction.atomic():
        prescription.save()
        _audit_prescription(actor, prescription, "prescription.create")
    return prescription


def prescription_update(
    *,
    prescription: Prescription,
    actor: Actor,
    data: PrescriptionInput,
    document: UploadedFile[bytes] | None = None,
) -> Prescription:
    """Correct a prescription; date checks apply again only when a date changed."""
    changed = (data.issued_on, data.expires_on) != (
        prescription.issued_on,
        prescription.expires_on,
    )
    rows = _validated(data, prescription.patient, dates_changed=changed)
    _apply(prescription, data, rows)
    if document is not None:
        _attach_document(prescription, document)
    with transaction.atomic():
        prescription.save()
        _audit_prescription(actor, prescription, "prescription.update")
    return prescription


# --- Renewal requests ---------------------------------------------------------------------

RENEWAL_FIELDS = (
    "progress_summary",
    "requested_sessions_per_week",
    "requested_weeks",
    "requested_visits",
)


def _renewal_problems(data: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not 1 <= int(data["requested_sessions_per_week"]) <= 7:
        problems["requested_sessions_per_week"] = "Ask for 1 to 7 sessions a week."
    if not 1 <= int(data["requested_weeks"]) <= 52:
        problems["requested_weeks"] = "Ask for 1 to 52 weeks."
    if not 1 <= int(data["requested_visits"]) <= 200:
        problems["requested_visits"] = "Ask for 1 to 200 visits."
    return problems


def renewal_request_create(
    *,
    prescription: Prescription,
    staff: Staff,
    actor: Actor,
    visits_used: int,
    data: dict[str, Any],
) -> RenewalRequest:
    problems = _renewal_problems(data)
    if problems:
        raise ValidationError(problems)
    request = RenewalRequest(
        practice_id=prescription.practice_id,
        patient=prescription.patient,
        prescription=prescription,
        visits_used=visits_used,
        created_by=staff,
        **{name: data[name] for name in RENEWAL_FIELDS},
    )
    with transaction.atomic():
        request.save()
        audit_record(
            actor=actor,
            action="renewal_request.create",
            category=Category.CLINICAL,
            patient=prescription.patient,
            detail={"renewal_request": request.pk, "prescription": prescription.pk},
        )
    return request


def renewal_request_update(
    *, renewal: RenewalRequest, actor: Actor, data: dict[str, Any]
) -> RenewalRequest:
    problems = _renewal_problems(data)
    if problems:
        raise ValidationError(problems)
    for name in RENEWAL_FIELDS:
        setattr(renewal, name, data[name])
    with transaction.atomic():
        renewal.save()
        audit_record(
            actor=actor,
            action="renewal_request.update",
            category=Category.CLINICAL,
            patient=renewal.patient,
            detail={"renewal_request": renewal.pk},
        )
    return renewal
