from __future__ import annotations

from django import forms


class ClearanceForm(forms.Form):
    rule_id = forms.CharField(max_length=60, widget=forms.HiddenInput)
    cleared_by = forms.CharField(max_length=200, label="Cleared by (clinician)")
    cleared_on = forms.DateField(
        label="Date of clearance", widget=forms.DateInput(attrs={"type": "date"})
    )
    scope = forms.CharField(
        max_length=2000, label="What is cleared", widget=forms.Textarea(attrs={"rows": 2})
    )
    document = forms.FileField(
        required=False, label="Clearance letter (PDF, PNG or JPEG, up to 10 MB)"
    )


class MedicationForm(forms.Form):
    name = forms.CharField(max_length=255, label="Medication")
    rxnorm = forms.CharField(max_length=20, required=False, label="RxNorm code (optional)")


class ConditionForm(forms.Form):
    system = forms.ChoiceField(choices=[("snomed", "SNOMED CT"), ("icd10", "ICD-10-CM")])
    code = forms.CharField(max_length=20)
    display = forms.CharField(max_length=255, label="Condition")
