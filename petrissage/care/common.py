"""Helpers every care service shares: the audit call and the practice's today."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from petrissage.audit.models import Category, Outcome
from petrissage.audit.services import Actor, audit_record
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice


def audit_care(
    actor: Actor,
    action: str,
    patient: Patient | None,
    *,
    category: Category = Category.CLINICAL,
    outcome: Outcome = Outcome.SUCCESS,
    **detail: Any,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        category=category,
        patient=patient,
        outcome=outcome,
        detail=detail,
    )


def practice_today(practice: Practice) -> date:
    return timezone.localdate(timezone=practice.zone)
