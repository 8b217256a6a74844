"""Biller pages: work queue, claim, 837P export, 835 import, aging. Thin views.

Roles (petrissage.practice.permissions): owner and biller write; front desk views and
collects self-pay payments (patient_views); therapists get 403; another practice's
records are 404 (fetched scoped before the role check).
"""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from petrissage.audit.services import Actor
from petrissage.billing import claim_services, selectors
from petrissage.billing.common import practice_today
from petrissage.billing.documents import cms1500_context
from petrissage.billing.export_services import claims_export_837p
from petrissage.billing.forms import (
    CorrectionForm,
    PaymentPostForm,
    RemittanceUploadForm,
    apply_errors,
)
from petrissage.billing.models import Claim, ClaimBatch, Remittance
from petrissage.billing.pdf import pdf_response, render_pdf
from petrissage.billing.remittance_services import read_upload, remittance_import
from petrissage.billing.views_common import claim_for, claim_page
from petrissage.practice.access import get_scoped_or_404, require, scoped, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action


def _actor(request: StaffRequest) -> Actor:
    return Actor.for_staff(request.staff, request)


@staff_required(Action.BILLING_VIEW)
def work_queue(request: StaffRequest) -> HttpResponse:
    practice = request.staff.practice
    context = {
        "queue": selectors.work_queue(practice, practice_today(practice)),
        "batches": list(scoped(request.staff, ClaimBatch).select_related("payer")[:5]),
    }
    return render(request, "billing/queue.html", context)


@staff_required()
def claim_detail(request: StaffRequest, claim_id: int) -> HttpResponse:
    claim = claim_for(request, claim_id, Action.BILLING_VIEW)
    return claim_page(request, claim)


@staff_required()
@require_POST
def claim_scrub(request: StaffRequest, claim_id: int) -> HttpResponse:
    claim = claim_for(request, claim_id, Action.BILLING_WRITE)
    problems = claim_services.claim_scrub(claim=claim, actor=_actor(request))
    if not problems:  # the problems themselves are listed on the claim page
        messages.success(request, "No problems found: the claim is ready to send.")
    return redirect("billing_claim", claim_id=claim.pk)


@staff_required()
@require_POST
def claim_payment(request: StaffRequest, claim_id: int) -> HttpResponse:
    claim = claim_for(request, claim_id, Action.BILLING_WRITE)
    form = PaymentPostForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim_services.claim_payment_post(
                claim=claim,
                actor=_actor(request),
                paid=data["paid"],
                contractual=data["contractual"] or "0",
                patient_responsibility=data["patient_responsibility"] or "0",
                received_on=data["received_on"],
                reference=data["reference"],
                denial_reason=data["denial_reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Payment posted.")
            return redirect("billing_claim", claim_id=claim.pk)
    return claim_page(request, claim, payment_form=form, status=422)


@staff_required()
@require_POST
def claim_correct(request: StaffRequest, claim_id: int) -> HttpResponse:
    claim = claim_for(request, claim_id, Action.BILLING_WRITE)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        service = (
            claim_services.claim_resubmit
            if form.cleaned_data["kind"] == "replace"
            else claim_services.claim_void
        )
        try:
            new = service(
                claim=claim,
                actor=_actor(request),
                original_claim_number=form.cleaned_data["original_claim_number"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Correction {new.account_number} created.")
            return redirect("billing_claim", claim_id=new.pk)
    return claim_page(request, claim, correction_form=form, status=422)


@staff_required()
def claim_cms1500(request: StaffRequest, claim_id: int) -> HttpResponse:
    claim = claim_for(request, claim_id, Action.BILLING_VIEW)
    content = render_pdf("billing/pdf/cms1500.html", cms1500_context(claim))
    return pdf_response(content, f"CMS1500-{claim.account_number}.pdf")


def _download(batches: list[ClaimBatch]) -> HttpResponse:
    if len(batches) == 1:
        response = HttpResponse(batches[0].content, content_type="application/edi-x12")
        response["Content-Disposition"] = f'attachment; filename="{batches[0].filename}"'
        return response
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for batch in batches:
            archive.writestr(batch.filename, batch.content)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="837P-claims.zip"'
    return response


@staff_required(Action.BILLING_WRITE)
@require_POST
def export_837p(request: StaffRequest) -> HttpResponse:
    result = claims_export_837p(
        practice=request.staff.practice, actor=_actor(request), staff=request.staff
    )
    if not result.batches:
        messages.error(
            request,
            f"No claim passed the scrubber; {len(result.held_back)} need a fix first.",
        )
        return redirect("billing_queue")
    return _download(result.batches)


@staff_required()
def batch_download(request: StaffRequest, batch_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request.staff, ClaimBatch, batch_id)
    require(request.staff, Action.BILLING_VIEW, actor=_actor(request))
    return _download([batch])


def _remittance_context(
    request: StaffRequest, form: RemittanceUploadForm, result: Remittance | None
) -> dict[str, object]:
    posted: list[Claim] = []
    if result is not None:
        touched = Q(payments__remittance=result) | Q(adjustments__remittance=result)
        posted = list(
            scoped(request.staff, Claim).filter(touched).distinct().select_related("patient")
        )
    return {
        "form": form,
        "result": result,
        "posted": posted,
        "recent": list(scoped(request.staff, Remittance)[:10]),
    }


@staff_required(Action.BILLING_VIEW)
def remittances(request: StaffRequest) -> HttpResponse:
    form = RemittanceUploadForm()
    result = None
    if request.method == "POST":
        require(request.staff, Action.BILLING_WRITE, actor=_actor(request))
        form = RemittanceUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = remittance_import(
                    practice=request.staff.practice,
                    actor=_actor(request),
                    content=read_upload(upload.read()),
                    filename=upload.name or "remittance.835",
                    staff=request.staff,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Posted {result.matched_count} claim payment(s) from {result.filename}.",
                )
    context = _remittance_context(request, form, result)
    return render(request, "billing/remittances.html", context, status=422 if form.errors else 200)


@staff_required()
def remittance_detail(request: StaffRequest, remittance_id: int) -> HttpResponse:
    remittance = get_scoped_or_404(request.staff, Remittance, remittance_id)
    require(request.staff, Action.BILLING_VIEW, actor=_actor(request))
    context = _remittance_context(request, RemittanceUploadForm(), remittance)
    return render(request, "billing/remittances.html", context)


@staff_required(Action.BILLING_VIEW)
def aging(request: StaffRequest) -> HttpResponse:
    practice = request.staff.practice
    today = practice_today(practice)
    context = {
        "report": selectors.aging_report(practice, today),
        "buckets": selectors.BUCKETS,
        "today": today,
    }
    return render(request, "billing/aging.html", context)
