"""Billing forms: the parse boundary. Money stays text here; the services turn it into
Decimal and say what is wrong, and views put those messages on the fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from petrissage.billing.models import BillingProfile, Package, Payer, PaymentMethod
from petrissage.domain.billing.cpt import CPT_CODES

MONEY_ATTRS = {"inputmode": "decimal", "placeholder": "0.00"}


def money_input(label: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=14,
        required=required,
        widget=forms.TextInput(attrs=MONEY_ATTRS),
    )


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or the form)."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


class PaymentPostForm(forms.Form):
    paid = money_input("Paid by the payer")
    contractual = money_input("Contractual adjustment (write-off)", required=False)
    patient_responsibility = money_input("Patient responsibility", required=False)
    received_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(max_length=80, required=False, label="Cheque / EOB reference")
    denial_reason = forms.CharField(
        max_length=200, required=False, help_text="When nothing was paid: the payer's reason"
    )


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("replace", "Replace (frequency 7)"), ("void", "Void (frequency 8)")]
    )
    original_claim_number = forms.CharField(
        max_length=50,
        required=False,
        help_text="The payer's claim number; filled from the 835 when one was posted",
    )


class RemittanceUploadForm(forms.Form):
    file = forms.FileField(label="835 remittance file")


class DeskPaymentForm(forms.Form):
    amount = money_input("Amount")
    method = forms.ChoiceField(
        choices=[
            (PaymentMethod.CARD.value, "Card"),
            (PaymentMethod.CASH.value, "Cash"),
            (PaymentMethod.CHECK.value, "Cheque"),
        ]
    )


class PackageSellForm(forms.Form):
    package = forms.ModelChoiceField(queryset=Package.objects.none())

    def __init__(self, *args: object, practice_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["package"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Package.objects.filter(practice_id=practice_id, active=True)


class FeeForm(forms.Form):
    payer = forms.ModelChoiceField(
        queryset=Payer.objects.none(), required=False, empty_label="Standard (self-pay) fee"
    )
    cpt = forms.ChoiceField(choices=[(c.code, f"{c.code} {c.label}") for c in CPT_CODES.values()])
    fee = money_input("Fee per unit")

    def __init__(self, *args: object, practice_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["payer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Payer.objects.filter(practice_id=practice_id)


class PayerForm(forms.ModelForm[Payer]):
    class Meta:
        model = Payer
        fields = (
            "name",
            "payer_id",
            "filing_indicator",
            "unit_rule",
            "needs_prescription",
            "visit_limit_per_year",
            "bundles_hot_cold_pack",
            "bypass_modifier",
        )


class BillingProfileForm(forms.ModelForm[BillingProfile]):
    class Meta:
        model = BillingProfile
        fields = (
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
