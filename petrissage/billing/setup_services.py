"""Writes for billing setup: payers, fee schedules, billing profile, technique overrides,
packages. Each validates, saves and audits in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from petrissage.audit.services import Actor
from petrissage.billing.common import audit_billing, billing_profile_of, money
from petrissage.billing.setup_models import (
    BillingProfile,
    FeeScheduleEntry,
    FilingIndicator,
    Package,
    Payer,
    TechniqueCptOverride,
)
from petrissage.domain.billing.cpt import CPT_CODES, technique_key
from petrissage.domain.npi import npi_problem
from petrissage.patients.models import Channel, Coverage
from petrissage.practice.models import Practice

PAYER_FIELDS = (
    "name",
    "payer_id",
    "filing_indicator",
    "unit_rule",
    "needs_prescription",
    "visit_limit_per_year",
    "bundles_hot_cold_pack",
    "bypass_modifier",
    "active",
)
PROFILE_FIELDS = (
    "billing_name",
    "npi",
    "tax_id",
    "taxonomy",
    "address_line",
    "city",
    "state",
    "postal_code",
    "phone",
    "submitter_id",
    "submitter_contact",
    "receiver_name",
    "receiver_id",
)
CHANNEL_FILING = {
    Channel.COMMERCIAL: FilingIndicator.COMMERCIAL,
    Channel.WORKERS_COMP: FilingIndicator.WORKERS_COMP,
    Channel.AUTO: FilingIndicator.AUTO_MEDICAL,
    Channel.MEDICARE_ADVANTAGE: FilingIndicator.MEDICARE_ADVANTAGE,
}


def payer_save(
    *, practice: Practice, actor: Actor, data: dict[str, Any], payer: Payer | None = None
) -> Payer:
    """Create (payer=None) or update a payer."""
    record = payer or Payer(practice=practice)
    for field in PAYER_FIELDS:
        if field in data:
            setattr(record, field, data[field])
    record.full_clean(validate_constraints=False)
    clash = Payer.objects.filter(practice=practice, name__iexact=record.name).exclude(pk=record.pk)
    if clash.exists():
        raise ValidationError({"name": f"A payer named {record.name!r} already exists."})
    with transaction.atomic():
        record.save()
        audit_billing(
            actor=actor,
            action="payer.update" if payer else "payer.create",
            detail={"payer": record.pk, "name": record.name},
        )
    return record


def payer_for_coverage(*, coverage: Coverage, actor: Actor) -> Payer | None:
    """The payer a coverage bills: matched by name, then payer id; created with defaults
    (CMS 8-minute rule, 97010 bundled) when the practice has not set it up yet."""
    if coverage.channel == Channel.SELF_PAY or not coverage.payer_name.strip():
        return None
    payers = Payer.objects.filter(practice_id=coverage.practice_id)
    match = payers.filter(name__iexact=coverage.payer_name.strip()).first()
    if match is None and coverage.payer_identifier:
        match = payers.filter(payer_id=coverage.payer_identifier).order_by("id").first()
    if match is not None:
        return match
    data = {
        "name": coverage.payer_name.strip(),
        "payer_id": coverage.payer_identifier,
        "filing_indicator": CHANNEL_FILING.get(Channel(coverage.channel)),
    }
    return payer_save(practice=coverage.practice, actor=actor, data=data)


def _check_cpt(cpt: str) -> str:
    code = cpt.strip().upper()
    if code not in CPT_CODES:
        known = ", ".join(CPT_CODES)
        raise ValidationError({"cpt": f"CPT {cpt!r} is not in the massage code table ({known})."})
    return code


def fee_set(
    *, practice: Practice, actor: Actor, cpt: str, fee: object, payer: Payer | None = None
) -> FeeScheduleEntry:
    """Set the fee per unit of cpt for payer (None: the practice's standard self-pay fee)."""
    code = _check_cpt(cpt)
    amount = money(fee, "fee")
    if payer is not None and payer.practice_id != practice.pk:
        raise ValidationError({"payer": "That payer belongs to another practice."})
    with transaction.atomic():
        entry, _ = FeeScheduleEntry.objects.update_or_create(
            practice=practice, payer=payer, cpt=code, defaults={"fee": amount}
        )
        audit_billing(
            actor=actor,
            action="fee.set",
            detail={"payer": payer.pk if payer else None, "cpt": code, "fee": str(amount)},
        )
    return entry


def billing_profile_save(
    *, practice: Practice, actor: Actor, data: dict[str, Any]
) -> BillingProfile:
    profile = billing_profile_of(practice)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, str(data[field]).strip())
    problem = npi_problem(profile.npi) if profile.npi else None
    if problem:
        raise ValidationError({"npi": f"Billing NPI: {problem}"})
    digits = profile.tax_id.replace("-", "")
    if profile.tax_id and (len(digits) != 9 or not digits.isdigit()):
        raise ValidationError({"tax_id": "The EIN / tax id has 9 digits, e.g. 91-1234567."})
    profile.full_clean()
    with transaction.atomic():
        profile.save()
        audit_billing(actor=actor, action="billing_profile.update", detail={"npi": profile.npi})
    return profile


def technique_override_set(
    *, practice: Practice, actor: Actor, technique: str, cpt: str
) -> TechniqueCptOverride:
    key = technique_key(technique)
    if not key:
        raise ValidationError({"technique": "Name the technique, e.g. deep tissue."})
    code = _check_cpt(cpt)
    with transaction.atomic():
        override, _ = TechniqueCptOverride.objects.update_or_create(
            practice=practice, technique=key, defaults={"cpt": code}
        )
        audit_billing(
            actor=actor, action="technique_cpt.set", detail={"technique": key, "cpt": code}
        )
    return override


def package_create(
    *, practice: Practice, actor: Actor, name: str, sessions: int, price: object
) -> Package:
    if sessions < 1:
        raise ValidationError({"sessions": "A package holds at least one session."})
    package = Package(practice=practice, name=name.strip(), sessions=sessions)
    package.price = money(price, "price")
    package.full_clean()
    with transaction.atomic():
        package.save()
        audit_billing(
            actor=actor,
            action="package.create",
            detail={"package": package.pk, "sessions": sessions, "price": str(package.price)},
        )
    return package


def technique_overrides(practice: Practice) -> dict[str, str]:
    return dict(
        TechniqueCptOverride.objects.filter(practice=practice).values_list("technique", "cpt")
    )
