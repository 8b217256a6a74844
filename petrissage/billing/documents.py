"""What goes on the paper forms: CMS-1500 (02/12) items, the superbill, the invoice.

Builds plain dictionaries for the templates from stored rows (clinical.md §4e, §4h).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from petrissage.billing.cms1500_layout import cms1500_boxes, payer_block
from petrissage.billing.common import ZERO, billing_profile_of
from petrissage.billing.models import Charge, Claim, Invoice, PaymentSource
from petrissage.billing.x12_build import referring_provider
from petrissage.domain.billing.cpt import CPT_CODES
from petrissage.domain.billing.edits import pointer_letters
from petrissage.patients.models import Channel, Patient
from petrissage.practice.models import Staff

LETTERS = "ABCDEFGHIJKL"
PAYER_TYPE = {  # item 1 boxes
    Channel.COMMERCIAL: "group",
    Channel.MEDICARE_ADVANTAGE: "group",
    Channel.WORKERS_COMP: "other",
    Channel.AUTO: "other",
}


@dataclass(frozen=True)
class FormLine:
    service_date: date
    place: str
    cpt: str
    label: str
    modifiers: str
    pointers: str
    amount: Decimal
    units: int
    npi: str


def _line(charge: Charge, npi: str) -> FormLine:
    code = CPT_CODES.get(charge.cpt)
    return FormLine(
        service_date=charge.service_date,
        place="11",
        cpt=charge.cpt,
        label=code.label if code else "",
        modifiers=" ".join(charge.modifiers),
        pointers=pointer_letters(charge.pointers) if charge.pointers else "A",
        amount=charge.amount,
        units=charge.units,
        npi=npi,
    )


def _therapist(charges: list[Charge]) -> Staff | None:
    return charges[0].session.therapist if charges else None


def cms1500_context(claim: Claim) -> dict[str, Any]:
    charges = list(claim.charges.select_related("session__therapist").order_by("id"))
    therapist = _therapist(charges)
    coverage = claim.coverage
    diagnoses = [code.replace(".", "") for code in claim.diagnoses][:12]
    context: dict[str, Any] = {
        "claim": claim,
        "patient": claim.patient,
        "coverage": coverage,
        "profile": billing_profile_of(claim.practice),
        "payer_type": PAYER_TYPE.get(Channel(coverage.channel), "other"),
        "employment": coverage.channel == Channel.WORKERS_COMP,
        "auto": coverage.channel == Channel.AUTO,
        "diagnoses": list(zip(LETTERS, diagnoses, strict=False)),
        "lines": [_line(c, therapist.npi if therapist else "") for c in charges][:6],
        "therapist": therapist,
        "total": claim.total_charge,
        "paid": claim.insurance_paid,
    }
    referring, prior_authorization = referring_provider(claim)
    context["referring"] = (
        f"DN {' '.join(p for p in (referring.name.first, referring.name.last) if p)}"
        f"   17b {referring.npi}"
        if referring
        else ""
    )
    context["prior_authorization"] = prior_authorization
    context["boxes"] = cms1500_boxes(context)
    context["payer_block"] = payer_block(context)
    return context


def superbill_context(patient: Patient, start: date, end: date) -> dict[str, Any]:
    """Self-pay sessions in [start, end] as an itemised receipt for out-of-network filing."""
    charges = list(
        Charge.objects.filter(
            practice_id=patient.practice_id,
            patient=patient,
            claim__isnull=True,
            service_date__range=(start, end),
        )
        .select_related("session__therapist", "session__case", "invoice")
        .order_by("service_date", "id")
    )
    therapist = _therapist(charges)
    codes: list[str] = []
    for charge in charges:
        for code in charge.session.case.diagnoses.values_list("code", flat=True):
            if code not in codes:
                codes.append(code)
    total = sum((c.amount for c in charges), ZERO)
    invoices = {c.invoice for c in charges if c.invoice is not None}
    paid = sum((i.amount_paid for i in invoices), ZERO)
    prepaid = sum((c.amount for c in charges if c.package_use_id), ZERO)
    return {
        "patient": patient,
        "coverage": patient.coverages.filter(active=True).first(),
        "profile": billing_profile_of(patient.practice),
        "therapist": therapist,
        "lines": [_line(c, therapist.npi if therapist else "") for c in charges],
        "diagnoses": list(zip(LETTERS, codes[:12], strict=False)),
        "start": start,
        "end": end,
        "total": total,
        "paid": paid + prepaid,
        "paid_in_full": total > 0 and paid + prepaid >= total,
    }


def invoice_context(invoice: Invoice) -> dict[str, Any]:
    charges = list(invoice.charges.select_related("session__therapist").order_by("id"))
    payments = list(invoice.payments.filter(source=PaymentSource.PATIENT).order_by("received_on"))
    return {
        "invoice": invoice,
        "patient": invoice.patient,
        "profile": billing_profile_of(invoice.practice),
        "lines": [_line(c, "") for c in charges],
        "packages": list(invoice.packages.select_related("package")),
        "payments": payments,
        "receipt": invoice.balance <= 0,
    }
