"""Small helpers every billing service shares: money parsing, counters, the audit call."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.billing.setup_models import BillingProfile
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: object, field: str, *, allow_negative: bool = False) -> Decimal:
    """A Decimal amount with at most two places; ValidationError naming field otherwise."""
    if isinstance(value, float):
        raise ValidationError({field: f"{field}: money must be a Decimal, not a float."})
    try:
        amount = Decimal(str(value).strip().replace(",", "").removeprefix("$"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{field}: {value!r} is not an amount."}) from None
    if not amount.is_finite():
        raise ValidationError({field: f"{field}: {value!r} is not an amount."})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: f"{field}: at most two decimal places ({value})."})
    if amount < 0 and not allow_negative:
        raise ValidationError({field: f"{field} must not be negative (got {amount})."})
    return amount.quantize(CENT)


def practice_today(practice: Practice) -> date:
    return timezone.localdate(timezone=practice.zone)


def billing_profile_of(practice: Practice) -> BillingProfile:
    """The practice's billing profile; an empty one (the scrubber names what is missing)."""
    profile, _ = BillingProfile.objects.get_or_create(
        practice=practice, defaults={"billing_name": practice.name}
    )
    return profile


def next_number(practice: Practice, field: str) -> int:
    """Increment one of the profile's counters under a row lock and return the new value."""
    profile = billing_profile_of(practice)
    BillingProfile.objects.filter(pk=profile.pk).update(**{field: F(field) + 1})
    value = (
        BillingProfile.objects.select_for_update().values_list(field, flat=True).get(pk=profile.pk)
    )
    return int(value)


def audit_billing(
    *,
    actor: Actor,
    action: str,
    patient: Patient | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor, action=action, category=Category.BILLING, patient=patient, detail=detail
    )
