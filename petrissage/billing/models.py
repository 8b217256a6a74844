"""Billing tables: payer setup, charges from signed notes, claims, payments and invoices.

Every table carries practice_id (DESIGN.md house rules). Money is Decimal with two places.
Setup rows (payers, fees, profile, technique overrides, packages) are in `setup_models`.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from petrissage.billing.setup_models import (
    BillingProfile,
    FeeScheduleEntry,
    FilingIndicator,
    Package,
    Payer,
    TechniqueCptOverride,
    money_field,
)

__all__ = [
    "BillingProfile",
    "Charge",
    "Claim",
    "ClaimAdjustment",
    "ClaimBatch",
    "ClaimStatus",
    "FeeScheduleEntry",
    "FilingIndicator",
    "Frequency",
    "Invoice",
    "InvoiceStatus",
    "Package",
    "PackagePurchase",
    "PackageUse",
    "Payer",
    "Payment",
    "PaymentMethod",
    "PaymentSource",
    "Remittance",
    "TechniqueCptOverride",
]

ZERO = Decimal("0.00")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Needs a fix"
    READY = "ready", "Ready to send"
    SUBMITTED = "submitted", "Submitted"
    PAID = "paid", "Paid"
    PARTIALLY_PAID = "partially_paid", "Partially paid"
    DENIED = "denied", "Denied"
    REPLACED = "replaced", "Replaced by a corrected claim"
    VOIDED = "voided", "Voided"


OPEN_CLAIM_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.PARTIALLY_PAID, ClaimStatus.DENIED)


class Frequency(models.TextChoices):
    """CLM05-3 / CMS-1500 item 22 (clinical.md §4e)."""

    ORIGINAL = "1", "Original"
    REPLACEMENT = "7", "Replacement of a prior claim"
    VOID = "8", "Void of a prior claim"


class ClaimBatch(models.Model):
    """One 837P interchange written for one payer."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="batches")
    control_number = models.PositiveIntegerField(help_text="ISA13 / GS06 / BHT03")
    filename = models.CharField(max_length=120)
    content = models.TextField()
    claim_count = models.PositiveIntegerField()
    total = money_field()
    created_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "control_number"], name="batch_control_number_once"
            )
        ]

    def __str__(self) -> str:
        return self.filename


class Claim(models.Model):
    """A claim to one payer for one patient's session (CMS-1500 / 837P loop 2300)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="claims")
    case = models.ForeignKey("clinical.Case", null=True, blank=True, on_delete=models.PROTECT)
    coverage = models.ForeignKey("patients.Coverage", on_delete=models.PROTECT)
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="claims")
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    frequency = models.CharField(
        max_length=1, choices=Frequency.choices, default=Frequency.ORIGINAL
    )
    original = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    account_number = models.CharField(
        max_length=38, help_text="Patient account no. (CMS-1500 item 26, 837P CLM01)"
    )
    payer_claim_number = models.CharField(
        max_length=50, blank=True, help_text="The payer's claim control number (835 CLP07)"
    )
    service_date = models.DateField()
    diagnoses = models.JSONField(default=list, blank=True, help_text="ICD-10-CM, claim order")
    total_charge = money_field()
    insurance_paid = money_field()
    contractual_adjustment = money_field()
    patient_responsibility = money_field()
    denial_reason = models.CharField(max_length=200, blank=True)
    problems = models.JSONField(default=list, blank=True, help_text="Last scrub: what to fix")
    warnings = models.JSONField(default=list, blank=True, help_text="Coding edits to look at")
    scrubbed_at = models.DateTimeField(null=True, blank=True)
    batch = models.ForeignKey(
        ClaimBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-service_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "account_number"], name="claim_account_number_once"
            )
        ]
        indexes = [
            models.Index(fields=["practice", "status"], name="claim_status"),
            models.Index(fields=["practice", "patient"], name="claim_patient"),
        ]

    def __str__(self) -> str:
        return f"Claim {self.account_number} ({self.get_status_display()})"

    @property
    def insurance_balance(self) -> Decimal:
        """What the payer still owes: charge less payments, write-offs and patient share."""
        if self.status in (ClaimStatus.REPLACED, ClaimStatus.VOIDED):
            return ZERO
        settled = self.insurance_paid + self.contractual_adjustment + self.patient_responsibility
        return max(self.total_charge - settled, ZERO)


class InvoiceStatus(models.TextChoices):
    OPEN = "open", "Open"
    PAID = "paid", "Paid"
    VOID = "void", "Void"


class Invoice(models.Model):
    """A self-pay bill (sessions or a package); paid in full it is the patient's receipt."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="invoices"
    )
    number = models.CharField(max_length=20)
    issued_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN
    )
    total = money_field()
    amount_paid = money_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "number"], name="invoice_number_once")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def balance(self) -> Decimal:
        return ZERO if self.status == InvoiceStatus.VOID else self.total - self.amount_paid


class PackagePurchase(models.Model):
    """A patient's prepaid sessions; each signed self-pay session draws one down."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="packages"
    )
    package = models.ForeignKey(Package, on_delete=models.PROTECT)
    sessions_total = models.PositiveSmallIntegerField()
    sessions_used = models.PositiveSmallIntegerField(default=0)
    price = money_field()
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="packages")
    purchased_on = models.DateField()

    class Meta:
        ordering = ["purchased_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sessions_used__lte=models.F("sessions_total")),
                name="package_not_overdrawn",
            )
        ]

    def __str__(self) -> str:
        return f"{self.package.name}: {self.sessions_used}/{self.sessions_total} used"

    @property
    def sessions_left(self) -> int:
        return self.sessions_total - self.sessions_used


class PackageUse(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    purchase = models.ForeignKey(PackagePurchase, on_delete=models.PROTECT, related_name="uses")
    session = models.OneToOneField(
        "clinical.SessionNote", on_delete=models.PROTECT, related_name="package_use"
    )
    sequence = models.PositiveSmallIntegerField(help_text="Session n of the package")
    used_on = models.DateField()

    def __str__(self) -> str:
        return f"Session {self.sequence} of {self.purchase.sessions_total}"


class Charge(models.Model):
    """One CPT line of a signed session: units by the payer's rule, fee from the schedule."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="charges"
    )
    session = models.ForeignKey(
        "clinical.SessionNote", on_delete=models.PROTECT, related_name="charges"
    )
    payer = models.ForeignKey(Payer, null=True, blank=True, on_delete=models.PROTECT)
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="charges"
    )
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="charges"
    )
    package_use = models.ForeignKey(
        PackageUse, null=True, blank=True, on_delete=models.PROTECT, related_name="charges"
    )
    service_date = models.DateField()
    cpt = models.CharField(max_length=5)
    modifiers = models.JSONField(default=list, blank=True)
    minutes = models.PositiveSmallIntegerField()
    units = models.PositiveSmallIntegerField()
    regions = models.JSONField(default=list, blank=True)
    pointers = models.JSONField(default=list, blank=True, help_text="1-based, into diagnoses")
    fee = money_field(help_text="Fee per unit from the fee schedule")
    amount = money_field()
    warnings = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "cpt"], name="charge_code_once_per_session"),
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="charge_fee_not_negative"),
        ]
        indexes = [models.Index(fields=["practice", "patient"], name="charge_patient")]

    def __str__(self) -> str:
        return f"{self.cpt} × {self.units} on {self.service_date}"


class Remittance(models.Model):
    """An imported 835 file and what in it matched no claim."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    filename = models.CharField(max_length=200)
    trace_number = models.CharField(max_length=50, blank=True)
    payer_name = models.CharField(max_length=120, blank=True)
    payment_total = money_field()
    paid_on = models.DateField(null=True, blank=True)
    content = models.TextField()
    matched_count = models.PositiveIntegerField(default=0)
    unmatched = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"835 {self.trace_number or self.filename}"


class PaymentSource(models.TextChoices):
    INSURER = "insurer", "Insurer"
    PATIENT = "patient", "Patient"


class PaymentMethod(models.TextChoices):
    ERA = "era", "Electronic remittance (835)"
    CHECK = "check", "Cheque"
    EFT = "eft", "Bank transfer"
    CARD = "card", "Card"
    CASH = "cash", "Cash"


class Payment(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="payments"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    remittance = models.ForeignKey(
        Remittance, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    source = models.CharField(max_length=10, choices=PaymentSource.choices)
    method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    amount = money_field()
    received_on = models.DateField()
    reference = models.CharField(max_length=80, blank=True)
    recorded_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="payment_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.amount} from {self.get_source_display()} on {self.received_on}"


class ClaimAdjustment(models.Model):
    """A CAS adjustment: group (CO contractual, PR patient, OA other, PI payer) and reason."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="adjustments")
    remittance = models.ForeignKey(Remittance, null=True, blank=True, on_delete=models.PROTECT)
    group_code = models.CharField(max_length=2)
    reason_code = models.CharField(max_length=5)
    amount = money_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.group_code}-{self.reason_code} {self.amount}"
