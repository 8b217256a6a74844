"""Parse boundaries for patient and coverage pages."""

from __future__ import annotations

from typing import Any

from django import forms

from petrissage.patients.models import Coverage, Patient
from petrissage.patients.services import COVERAGE_FIELDS, PATIENT_FIELDS
from petrissage.patients.validation import no_markup, valid_birth_date, valid_phone

TEXT_FIELDS_WITHOUT_MARKUP = (
    "given_name",
    "family_name",
    "preferred_name",
    "address_line",
    "city",
    "emergency_contact_name",
    "emergency_contact_relationship",
    "preferred_language",
)


class PatientForm(forms.ModelForm[Patient]):
    required_css_class = "required"
    confirm_duplicate = forms.BooleanField(
        required=False, label="This is a different person with the same name and date of birth"
    )

    class Meta:
        model = Patient
        fields = list(PATIENT_FIELDS)
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}
        labels = {
            "given_name": "First name",
            "family_name": "Last name",
            "birth_date": "Date of birth",
            "postal_code": "ZIP code",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in TEXT_FIELDS_WITHOUT_MARKUP:
            self.fields[name].validators.append(no_markup)
        for name in ("phone", "emergency_contact_phone"):
            self.fields[name].validators.append(valid_phone)
        self.fields["birth_date"].validators.append(valid_birth_date)
        self.fields["state"].widget.attrs.update({"maxlength": 2, "size": 3})

    def clean_state(self) -> str:
        state = str(self.cleaned_data.get("state", "")).upper()
        if state and not (len(state) == 2 and state.isalpha()):
            raise forms.ValidationError("Use the two-letter state code, e.g. WA.")
        return state


class CoverageForm(forms.ModelForm[Coverage]):
    required_css_class = "required"

    class Meta:
        model = Coverage
        fields = list(COVERAGE_FIELDS)
        widgets = {
            name: forms.DateInput(attrs={"type": "date"})
            for name in ("subscriber_birth_date", "injury_date", "valid_from", "valid_to")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in ("payer_name", "subscriber_name", "employer_name", "member_id", "group_number"):
            self.fields[name].validators.append(no_markup)


class PatientSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search")
