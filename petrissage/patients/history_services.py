"""Coded conditions and medications entered by staff. Each change re-runs the screening."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.domain.screening import ICD10CM, SNOMED
from petrissage.patients.models import HistorySource, Patient, PatientCondition, PatientMedication

SYSTEMS = {"snomed": SNOMED, "icd10": ICD10CM}


def _rerun(patient: Patient, actor: Actor, trigger: str) -> None:
    from petrissage.clinical.screening_services import screening_rerun

    screening_rerun(patient=patient, actor=actor, trigger=trigger)


def medication_add(
    *, patient: Patient, actor: Actor, name: str, rxnorm: str = ""
) -> PatientMedication:
    name, rxnorm = name.strip(), rxnorm.strip()
    if not name:
        raise ValidationError({"name": "Give the medication's name."})
    if rxnorm and not rxnorm.isdigit():
        raise ValidationError({"rxnorm": "An RxNorm code has only digits."})
    medication = PatientMedication(
        practice_id=patient.practice_id,
        patient=patient,
        name=name,
        rxnorm=rxnorm,
        source=HistorySource.MANUAL,
    )
    medication.full_clean()
    with transaction.atomic():
        medication.save()
        audit_record(
            actor=actor,
            action="medication.add",
            category=Category.CLINICAL,
            patient=patient,
            detail={"medication": name[:80], "rxnorm": rxnorm},
        )
        _rerun(patient, actor, f"medication added: {name[:40]}")
    return medication


def medication_stop(*, medication: PatientMedication, actor: Actor) -> None:
    with transaction.atomic():
        medication.active = False
        medication.save(update_fields=["active", "updated_at"])
        audit_record(
            actor=actor,
            action="medication.stop",
            category=Category.CLINICAL,
            patient=medication.patient,
            detail={"medication": medication.name[:80]},
        )
        _rerun(medication.patient, actor, f"medication stopped: {medication.name[:40]}")


def condition_add(
    *, patient: Patient, actor: Actor, system: str, code: str, display: str
) -> PatientCondition:
    code, display = code.strip().upper() if system == "icd10" else code.strip(), display.strip()
    errors = {}
    if system not in SYSTEMS:
        errors["system"] = "Choose SNOMED CT or ICD-10-CM."
    if not code or len(code) > 20 or not all(ch.isalnum() or ch == "." for ch in code):
        errors["code"] = "Enter the code (letters, digits and dots only)."
    if not display:
        errors["display"] = "Describe the condition in words."
    if errors:
        raise ValidationError(errors)
    condition = PatientCondition(
        practice_id=patient.practice_id,
        patient=patient,
        system=SYSTEMS[system],
        code=code,
        display=display[:255],
        source=HistorySource.MANUAL,
    )
    condition.full_clean()
    with transaction.atomic():
        condition.save()
        audit_record(
            actor=actor,
            action="condition.add",
            category=Category.CLINICAL,
            patient=patient,
            detail={"system": system, "code": code},
        )
        _rerun(patient, actor, f"condition added: {code}")
    return condition
