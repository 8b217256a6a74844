"""Recording physician clearance for a screening finding; each re-runs the screening."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import Clearance, Screening
from petrissage.clinical.screening_services import current_screening, screening_rerun
from petrissage.clinical.uploads import check_upload, safe_display_name
from petrissage.patients.models import Patient
from petrissage.practice.models import Staff


def _finding_needing_clearance(patient: Patient, rule_id: str) -> str:
    screening: Screening | None = current_screening(patient)
    findings = [f for f in (screening.findings.all() if screening else []) if f.rule_id == rule_id]
    if not findings:
        raise ValidationError({"rule_id": "No current screening finding has that rule."})
    return findings[0].condition


def clearance_record(
    *,
    patient: Patient,
    staff: Staff,
    actor: Actor,
    rule_id: str,
    cleared_by: str,
    cleared_on: date,
    scope: str,
    document: UploadedFile[bytes] | None = None,
) -> Clearance:
    """Record who cleared what, when; store the optional document; re-run screening."""
    errors: dict[str, str] = {}
    if not cleared_by.strip():
        errors["cleared_by"] = "Name the clinician who gave the clearance."
    if not scope.strip():
        errors["scope"] = "Say what is cleared (e.g. light pressure, avoid the left calf)."
    if cleared_on > timezone.localdate(timezone=patient.practice.zone):
        errors["cleared_on"] = "The clearance date is in the future."
    if errors:
        raise ValidationError(errors)
    condition = _finding_needing_clearance(patient, rule_id)
    clearance = Clearance(
        practice_id=patient.practice_id,
        patient=patient,
        rule_id=rule_id,
        condition=condition,
        cleared_by=cleared_by.strip()[:200],
        cleared_on=cleared_on,
        scope=scope.strip()[:2000],
        recorded_by=staff,
    )
    if document is not None:
        extension, _ = check_upload(document)
        clearance.document_name = safe_display_name(document.name or "document")
        document.name = f"{uuid.uuid4().hex}.{extension}"  # never the user's name on disk
        clearance.document = document
    with transaction.atomic():
        clearance.save()
        audit_record(
            actor=actor,
            action="clearance.record",
            category=Category.CLINICAL,
            patient=patient,
            detail={
                "rule": rule_id,
                "cleared_by": clearance.cleared_by,
                "document": bool(document),
            },
        )
        screening_rerun(patient=patient, actor=actor, trigger=f"clearance recorded for {rule_id}")
    return clearance


def clearance_revoke(*, clearance: Clearance, actor: Actor) -> None:
    with transaction.atomic():
        clearance.revoked_at = timezone.now()
        clearance.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="clearance.revoke",
            category=Category.CLINICAL,
            patient=clearance.patient,
            detail={"rule": clearance.rule_id},
        )
        screening_rerun(
            patient=clearance.patient,
            actor=actor,
            trigger=f"clearance revoked for {clearance.rule_id}",
        )
