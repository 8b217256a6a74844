"""Reads billing pages share: the biller's work queue, patient balances, the aging report.

Aging counts days from the date of service (claims) or the invoice date (self-pay), in
the buckets 0–30, 31–60, 61–90 and 90+ days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from petrissage.billing.common import ZERO
from petrissage.billing.models import (
    OPEN_CLAIM_STATUSES,
    Claim,
    ClaimStatus,
    Invoice,
    InvoiceStatus,
    PackagePurchase,
    PaymentSource,
)
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice

BUCKETS = ("0–30", "31–60", "61–90", "90+")
UNPAID_AFTER_DAYS = 30


def bucket_for(days: int) -> str:
    """Aging bucket of an amount open for `days` days."""
    if days <= 30:
        return BUCKETS[0]
    if days <= 60:
        return BUCKETS[1]
    if days <= 90:
        return BUCKETS[2]
    return BUCKETS[3]


def _claims(practice: Practice) -> QuerySet[Claim]:
    return Claim.objects.filter(practice=practice).select_related("patient", "payer")


@dataclass
class WorkQueue:
    needs_fix: list[Claim]
    ready: list[Claim]
    denied: list[Claim]
    unpaid: list[Claim]

    @property
    def empty(self) -> bool:
        return not (self.needs_fix or self.ready or self.denied or self.unpaid)


def work_queue(practice: Practice, today: date) -> WorkQueue:
    claims = _claims(practice)
    cutoff = today - timedelta(days=UNPAID_AFTER_DAYS)
    return WorkQueue(
        needs_fix=list(claims.filter(status=ClaimStatus.DRAFT).order_by("service_date")),
        ready=list(claims.filter(status=ClaimStatus.READY).order_by("payer__name", "service_date")),
        denied=list(claims.filter(status=ClaimStatus.DENIED).order_by("service_date")),
        unpaid=list(
            claims.filter(
                status__in=(ClaimStatus.SUBMITTED, ClaimStatus.PARTIALLY_PAID),
                service_date__lt=cutoff,
            ).order_by("service_date")
        ),
    )


@dataclass(frozen=True)
class PatientBalance:
    insurance_due: Decimal
    patient_due: Decimal
    prepaid_sessions_left: int


def patient_balance(patient: Patient) -> PatientBalance:
    """What insurers still owe on the patient's claims and what the patient owes."""
    claims = list(patient.claims.filter(practice_id=patient.practice_id))
    insurance_due = sum((c.insurance_balance for c in claims), ZERO)
    share = sum((c.patient_responsibility for c in claims), ZERO)
    invoices = Invoice.objects.filter(practice_id=patient.practice_id, patient=patient).exclude(
        status=InvoiceStatus.VOID
    )
    invoiced = invoices.aggregate(total=Sum("total"))["total"] or ZERO
    paid = (
        patient.payments.filter(source=PaymentSource.PATIENT).aggregate(total=Sum("amount"))[
            "total"
        ]
        or ZERO
    )
    left = sum(
        p.sessions_left
        for p in PackagePurchase.objects.filter(practice_id=patient.practice_id, patient=patient)
    )
    return PatientBalance(insurance_due, share + invoiced - paid, left)


@dataclass
class AgingRow:
    label: str
    amounts: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(BUCKETS, ZERO))

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)

    @property
    def cells(self) -> list[Decimal]:
        return [self.amounts[b] for b in BUCKETS]


@dataclass
class AgingReport:
    rows: list[AgingRow]
    totals: AgingRow


def aging_report(practice: Practice, today: date) -> AgingReport:
    """Open insurance balances per payer and open self-pay balances, by age."""
    rows: dict[str, AgingRow] = {}
    for claim in _claims(practice).filter(status__in=OPEN_CLAIM_STATUSES):
        balance = claim.insurance_balance
        if balance > 0:
            row = rows.setdefault(claim.payer.name, AgingRow(claim.payer.name))
            row.amounts[bucket_for((today - claim.service_date).days)] += balance
    patients = AgingRow("Patients (their share and self-pay)")
    for invoice in Invoice.objects.filter(practice=practice, status=InvoiceStatus.OPEN):
        patients.amounts[bucket_for((today - invoice.issued_on).days)] += invoice.balance
    shares = (
        _claims(practice)
        .filter(patient_responsibility__gt=0)
        .annotate(
            patient_paid=Sum("payments__amount", filter=Q(payments__source=PaymentSource.PATIENT))
        )
    )
    for claim in shares:
        owed = claim.patient_responsibility - (claim.patient_paid or ZERO)
        if owed > 0:
            patients.amounts[bucket_for((today - claim.service_date).days)] += owed
    ordered = [rows[name] for name in sorted(rows)]
    if patients.total:
        ordered.append(patients)
    totals = AgingRow("Total")
    for row in ordered:
        for bucket in BUCKETS:
            totals.amounts[bucket] += row.amounts[bucket]
    return AgingReport(ordered, totals)
