"""Helpers the billing views share: the access-checked claim fetch and the claim page."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from petrissage.audit.services import Actor
from petrissage.billing.claim_services import CORRECTABLE, POSTABLE
from petrissage.billing.forms import CorrectionForm, PaymentPostForm
from petrissage.billing.models import Claim
from petrissage.domain.billing.cpt import CPT_CODES
from petrissage.practice.access import get_scoped_or_404, require
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action


def claim_for(request: StaffRequest, claim_id: int, action: Action) -> Claim:
    """Another practice's claim is 404 before any role check; then the role."""
    claim = get_scoped_or_404(request.staff, Claim, claim_id)
    require(request.staff, action, actor=Actor.for_staff(request.staff, request))
    return claim


def claim_page(
    request: StaffRequest,
    claim: Claim,
    *,
    payment_form: PaymentPostForm | None = None,
    correction_form: CorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    charges = list(claim.charges.select_related("session__therapist").order_by("id"))
    context: dict[str, Any] = {
        "claim": claim,
        "charges": [(c, CPT_CODES[c.cpt].label if c.cpt in CPT_CODES else "") for c in charges],
        "therapist": charges[0].session.therapist if charges else None,
        "payments": list(claim.payments.order_by("received_on", "id")),
        "adjustments": list(claim.adjustments.order_by("id")),
        "corrections": list(claim.corrections.all()),
        "can_post": claim.status in POSTABLE,
        "can_correct": claim.status in CORRECTABLE and claim.frequency != "8",
        "payment_form": payment_form or PaymentPostForm(),
        "correction_form": correction_form
        or CorrectionForm(initial={"original_claim_number": claim.payer_claim_number}),
    }
    return render(request, "billing/claim_detail.html", context, status=status)
