"""Patient-side billing: the panel on the patient page, invoices and receipts, packages,
superbills. Front desk may collect self-pay payments and sell packages (BILLING_VIEW);
invoices of another practice are 404."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from petrissage.audit.services import Actor
from petrissage.billing import invoice_services, selectors
from petrissage.billing.common import practice_today
from petrissage.billing.documents import invoice_context, superbill_context
from petrissage.billing.forms import DeskPaymentForm, PackageSellForm, apply_errors
from petrissage.billing.models import Invoice, Package
from petrissage.billing.pdf import pdf_response, render_pdf
from petrissage.practice.access import get_patient, get_scoped_or_404, require, staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action

RECENT = 5


def _actor(request: StaffRequest) -> Actor:
    return Actor.for_staff(request.staff, request)


@staff_required()
def patient_panel(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = get_patient(request.staff, patient_id, Action.BILLING_VIEW, actor=_actor(request))
    context = {
        "patient": patient,
        "balance": selectors.patient_balance(patient),
        "claims": list(patient.claims.select_related("payer")[:RECENT]),
        "invoices": list(patient.invoices.all()[:RECENT]),
        "packages": list(patient.packages.select_related("package")),
        "sell_form": PackageSellForm(practice_id=patient.practice_id),
        "has_packages": Package.objects.filter(
            practice_id=patient.practice_id, active=True
        ).exists(),
    }
    return render(request, "billing/_patient_panel.html", context)


def _invoice_for(request: StaffRequest, invoice_id: int) -> Invoice:
    invoice = get_scoped_or_404(request.staff, Invoice, invoice_id)
    require(request.staff, Action.BILLING_VIEW, actor=_actor(request))
    return invoice


def _invoice_page(
    request: StaffRequest, invoice: Invoice, form: DeskPaymentForm | None = None, status: int = 200
) -> HttpResponse:
    context = {**invoice_context(invoice), "form": form or DeskPaymentForm()}
    return render(request, "billing/invoice_detail.html", context, status=status)


@staff_required()
def invoice_detail(request: StaffRequest, invoice_id: int) -> HttpResponse:
    return _invoice_page(request, _invoice_for(request, invoice_id))


@staff_required()
def invoice_pdf(request: StaffRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice_for(request, invoice_id)
    content = render_pdf("billing/pdf/invoice.html", invoice_context(invoice))
    return pdf_response(content, f"{invoice.number}.pdf")


@staff_required()
@require_POST
def invoice_payment(request: StaffRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice_for(request, invoice_id)
    form = DeskPaymentForm(request.POST)
    if form.is_valid():
        try:
            invoice_services.invoice_payment_collect(
                invoice=invoice,
                actor=_actor(request),
                amount=form.cleaned_data["amount"],
                method=form.cleaned_data["method"],
                received_on=practice_today(invoice.practice),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Payment recorded on {invoice.number}.")
            return redirect("billing_invoice", invoice_id=invoice.pk)
    return _invoice_page(request, invoice, form, status=422)


@staff_required()
@require_POST
def package_sell(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = get_patient(request.staff, patient_id, Action.BILLING_VIEW, actor=_actor(request))
    form = PackageSellForm(request.POST, practice_id=patient.practice_id)
    if not form.is_valid():
        messages.error(request, "Choose one of the practice's packages.")
        return redirect("patient_detail", patient_id=patient.pk)
    try:
        purchase = invoice_services.package_sell(
            patient=patient,
            package=form.cleaned_data["package"],
            actor=_actor(request),
            sold_on=practice_today(patient.practice),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("patient_detail", patient_id=patient.pk)
    messages.success(request, f"{purchase.package.name} sold: invoice {purchase.invoice.number}.")
    return redirect("billing_invoice", invoice_id=purchase.invoice_id)


def _date_param(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


@staff_required()
def superbill_pdf(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = get_patient(request.staff, patient_id, Action.BILLING_VIEW, actor=_actor(request))
    today = practice_today(patient.practice)
    end = _date_param(request.GET.get("to"), today)
    start = _date_param(request.GET.get("from"), end - timedelta(days=365))
    content = render_pdf("billing/pdf/superbill.html", superbill_context(patient, start, end))
    return pdf_response(content, f"superbill-{patient.chart_number}.pdf")
