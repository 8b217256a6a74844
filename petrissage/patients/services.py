"""Writes for patients and coverage; each writes its audit event in the same transaction."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.patients.models import Coverage, Patient, PatientIdentifier
from petrissage.practice.models import Practice

PATIENT_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address_line",
    "city",
    "state",
    "postal_code",
    "preferred_language",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relationship",
)


def digits_only(value: str) -> str:
    return re.sub(r"\D", "", value)


def possible_duplicates(
    *,
    practice: Practice,
    given_name: str,
    family_name: str,
    birth_date: Any,
    exclude_id: int | None = None,
) -> list[Patient]:
    """Patients of the practice with the same name (any case) and date of birth."""
    matches = (
        Patient.objects.filter(practice=practice, birth_date=birth_date)
        .annotate(g=Lower("given_name"), f=Lower("family_name"))
        .filter(g=given_name.strip().lower(), f=family_name.strip().lower())
    )
    if exclude_id is not None:
        matches = matches.exclude(pk=exclude_id)
    return list(matches[:5])


def _next_chart_number(practice: Practice) -> str:
    Practice.objects.select_for_update().filter(pk=practice.pk).exists()  # serialise numbering
    last = (
        Patient.objects.filter(practice=practice, chart_number__startswith="P")
        .order_by("-chart_number")
        .values_list("chart_number", flat=True)
        .first()
    )
    number = int(last[1:]) + 1 if last and last[1:].isdigit() else 1
    return f"P{number:06d}"


def patient_create(
    *,
    practice: Practice,
    actor: Actor,
    data: dict[str, Any],
    identifiers: list[tuple[str, str]] | None = None,
) -> Patient:
    """Register a patient. data holds PATIENT_FIELDS; raises ValidationError by field."""
    patient = Patient(practice=practice, **{k: v for k, v in data.items() if k in PATIENT_FIELDS})
    patient.phone_digits = digits_only(patient.phone)
    with transaction.atomic():
        patient.chart_number = _next_chart_number(practice)
        patient.full_clean()
        patient.save()
        for system, value in identifiers or []:
            PatientIdentifier.objects.create(
                practice=practice, patient=patient, system=system, value=value
            )
        audit_record(
            actor=actor,
            action="patient.create",
            category=Category.DEMOGRAPHICS,
            patient=patient,
            detail={"chart_number": patient.chart_number},
        )
    return patient


def patient_update(*, patient: Patient, actor: Actor, data: dict[str, Any]) -> Patient:
    # Compare with the stored row: a bound ModelForm has already copied data onto `patient`.
    stored = Patient.objects.get(pk=patient.pk)
    changed = [k for k in PATIENT_FIELDS if k in data and getattr(stored, k) != data[k]]
    if not changed:
        return patient
    for field in changed:
        setattr(patient, field, data[field])
    patient.phone_digits = digits_only(patient.phone)
    patient.full_clean()
    with transaction.atomic():
        patient.save()
        audit_record(
            actor=actor,
            action="patient.update",
            category=Category.DEMOGRAPHICS,
            patient=patient,
            detail={"fields": changed},
        )
    return patient


def patient_chart_viewed(*, patient: Patient, actor: Actor, section: str = "chart") -> None:
    audit_record(
        actor=actor,
        action="patient.view",
        category=Category.DEMOGRAPHICS,
        patient=patient,
        detail={"section": section},
    )


COVERAGE_FIELDS = (
    "channel",
    "payer_name",
    "payer_identifier",
    "member_id",
    "group_number",
    "subscriber_name",
    "subscriber_birth_date",
    "relationship",
    "claim_number",
    "injury_date",
    "employer_name",
    "accident_state",
    "priority",
    "active",
    "valid_from",
    "valid_to",
)


def _check_coverage(coverage: Coverage) -> None:
    errors: dict[str, str] = {}
    if coverage.channel != "self_pay":
        if not coverage.payer_name:
            errors["payer_name"] = "Name the payer (or choose self-pay)."
        if not coverage.member_id:
            errors["member_id"] = "The member id is needed to bill this payer."
    if coverage.channel in ("auto", "workers_comp") and not coverage.injury_date:
        errors["injury_date"] = "Auto and workers' comp claims need the date of injury."
    if coverage.valid_from and coverage.valid_to and coverage.valid_to < coverage.valid_from:
        errors["valid_to"] = "The coverage ends before it starts."
    if errors:
        raise ValidationError(errors)


def coverage_save(
    *, patient: Patient, actor: Actor, data: dict[str, Any], coverage: Coverage | None = None
) -> Coverage:
    """Create (coverage=None) or update a coverage record of patient."""
    creating = coverage is None
    record = coverage or Coverage(practice_id=patient.practice_id, patient=patient)
    for field in COVERAGE_FIELDS:
        if field in data:
            setattr(record, field, data[field])
    record.full_clean()
    _check_coverage(record)
    with transaction.atomic():
        record.save()
        audit_record(
            actor=actor,
            action="coverage.create" if creating else "coverage.update",
            category=Category.COVERAGE,
            patient=patient,
            detail={"coverage": record.pk, "channel": record.channel},
        )
    return record
