"""Billing setup: payers, fee schedules, the practice's billing profile, technique → CPT
overrides and prepaid session packages. Re-exported from `petrissage.billing.models`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models

from petrissage.domain.billing.units import UnitRule as DomainUnitRule
from petrissage.domain.billing.x12_837p import MASSAGE_THERAPIST_TAXONOMY


def money_field(**kwargs: Any) -> models.DecimalField[Decimal, Decimal]:
    """Money: Decimal with two places, zero by default."""
    return models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0.00"), **kwargs)


class UnitRule(models.TextChoices):
    CMS_8_MINUTE = DomainUnitRule.CMS_8_MINUTE.value, "CMS 8-minute rule (timed minutes pooled)"
    PER_CODE_MIDPOINT = DomainUnitRule.PER_CODE_MIDPOINT.value, "Per-code midpoint (8+ min a code)"


class FilingIndicator(models.TextChoices):
    """837P SBR09 (clinical.md §4f)."""

    COMMERCIAL = "CI", "Commercial insurance"
    WORKERS_COMP = "WC", "Workers' compensation"
    AUTO_MEDICAL = "AM", "Automobile medical"
    MEDICARE_ADVANTAGE = "16", "Medicare Advantage (HMO)"
    PPO = "12", "PPO"
    BLUE_CROSS = "BL", "Blue Cross / Blue Shield"
    HMO = "HM", "HMO"


class BypassModifier(models.TextChoices):
    """NCCI bypass modifier a payer wants on the second code of an edit pair (§4c)."""

    MODIFIER_59 = "59", "59 (distinct procedural service)"
    XS = "XS", "XS (separate structure)"


class Payer(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    name = models.CharField(max_length=120, help_text="As on the patient's coverage")
    payer_id = models.CharField(max_length=20, blank=True, help_text="837P NM109, e.g. 00430")
    filing_indicator = models.CharField(
        max_length=2, choices=FilingIndicator.choices, default=FilingIndicator.COMMERCIAL
    )
    unit_rule = models.CharField(
        max_length=20, choices=UnitRule.choices, default=UnitRule.CMS_8_MINUTE
    )
    needs_prescription = models.BooleanField(default=True)
    visit_limit_per_year = models.PositiveSmallIntegerField(null=True, blank=True)
    bundles_hot_cold_pack = models.BooleanField(
        default=True, help_text="97010 is not billed separately (clinical.md §4a [B4])"
    )
    bypass_modifier = models.CharField(
        max_length=2, choices=BypassModifier.choices, default=BypassModifier.MODIFIER_59
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["practice", "name"], name="payer_name_once")]

    def __str__(self) -> str:
        return self.name


class FeeScheduleEntry(models.Model):
    """The fee per unit of a CPT code for a payer; payer empty = the practice's own fee."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    payer = models.ForeignKey(
        Payer, null=True, blank=True, on_delete=models.PROTECT, related_name="fees"
    )
    cpt = models.CharField(max_length=5)
    fee = money_field()

    class Meta:
        ordering = ["cpt"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "payer", "cpt"], name="fee_once_per_payer"),
            models.UniqueConstraint(
                fields=["practice", "cpt"],
                condition=models.Q(payer__isnull=True),
                name="standard_fee_once",
            ),
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.cpt} {self.fee}"


class BillingProfile(models.Model):
    """Who bills: CMS-1500 items 25 and 33, 837P loops 1000A and 2010AA."""

    practice = models.OneToOneField(
        "practice.Practice", on_delete=models.PROTECT, related_name="billing_profile"
    )
    billing_name = models.CharField(max_length=120)
    npi = models.CharField(max_length=10, help_text="Billing (group) NPI, item 33a")
    tax_id = models.CharField(max_length=10, help_text="EIN, 9 digits (item 25)")
    taxonomy = models.CharField(max_length=10, default=MASSAGE_THERAPIST_TAXONOMY)
    address_line = models.CharField(max_length=200)
    city = models.CharField(max_length=80)
    state = models.CharField(max_length=2)
    postal_code = models.CharField(max_length=10)
    phone = models.CharField(max_length=30)
    submitter_id = models.CharField(max_length=15, help_text="Clearinghouse submitter id (ETIN)")
    submitter_contact = models.CharField(max_length=60)
    receiver_name = models.CharField(max_length=60, default="Clearinghouse")
    receiver_id = models.CharField(max_length=15, help_text="Clearinghouse receiver id")
    last_control_number = models.PositiveIntegerField(default=0)
    last_invoice_number = models.PositiveIntegerField(default=0)
    last_account_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.billing_name


class TechniqueCptOverride(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    technique = models.CharField(max_length=40, help_text="Technique key, e.g. deep_tissue")
    cpt = models.CharField(max_length=5)

    class Meta:
        ordering = ["technique"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "technique"], name="technique_once")
        ]

    def __str__(self) -> str:
        return f"{self.technique} → {self.cpt}"


class Package(models.Model):
    """N prepaid sessions for a price, sold to self-pay patients."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    name = models.CharField(max_length=80)
    sessions = models.PositiveSmallIntegerField()
    price = money_field()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(sessions__gte=1), name="package_sessions"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="package_price"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sessions} sessions)"
