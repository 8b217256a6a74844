"""Forms: the parse boundary for referring providers, prescriptions and renewal requests.
Rules that need the code sets or today's date are checked in services.py."""

from __future__ import annotations

from typing import Any

from django import forms

from petrissage.clinical.models import Case
from petrissage.domain.billing.cpt import CPT_CODES
from petrissage.domain.regions import AREAS, regions_in_area
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice
from petrissage.referrals.models import Prescription, ReferringProvider
from petrissage.referrals.services import PrescriptionInput, parse_diagnosis_codes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReferringProviderForm(forms.ModelForm[ReferringProvider]):
    required_css_class = "required"

    class Meta:
        model = ReferringProvider
        fields = [
            "name",
            "credentials",
            "npi",
            "specialty",
            "organisation",
            "phone",
            "fax",
            "email",
            "active",
        ]
        widgets = {"npi": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 10})}

    def _post_clean(self) -> None:
        """The NPI check runs in the service (with a clearer message); skip model checks."""


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (area.capitalize(), [(r.code, r.label) for r in regions_in_area(area)])
        for area in AREAS
        if regions_in_area(area)
    ]


def cpt_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {entry.label}") for code, entry in CPT_CODES.items()]


class PrescriptionForm(forms.Form):
    required_css_class = "required"
    provider = forms.ModelChoiceField(
        queryset=ReferringProvider.objects.none(),
        label="Referring provider",
        help_text="Not listed? Use “Add a referring provider” below the dates.",
    )
    case = forms.ModelChoiceField(
        queryset=Case.objects.none(),
        required=False,
        label="Case",
        empty_label="Any case of this patient",
    )
    issued_on = forms.DateField(label="Date issued", widget=DATE)
    expires_on = forms.DateField(label="Expiry date", widget=DATE)
    diagnoses = forms.CharField(
        label="Diagnoses (ICD-10-CM)",
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "M54.50, M62.830"}),
        help_text="Billable codes from the prescription, separated by commas or new lines.",
    )
    regions = forms.MultipleChoiceField(
        label="Body regions", required=False, widget=forms.CheckboxSelectMultiple
    )
    cpt_codes = forms.MultipleChoiceField(
        label="Allowed modalities (CPT)", widget=forms.CheckboxSelectMultiple
    )
    sessions_per_week = forms.IntegerField(label="Sessions per week", min_value=1, max_value=7)
    weeks = forms.IntegerField(label="Weeks", min_value=1, max_value=52)
    visit_cap = forms.IntegerField(
        label="Total visit cap", help_text="1 to 200 visits in all under this prescription."
    )
    prior_auth_number = forms.CharField(
        label="Prior-authorisation number", max_length=50, required=False
    )
    authorised_visits = forms.IntegerField(label="Authorised visits", required=False)
    report_every_visits = forms.IntegerField(
        label="Progress report every … visits",
        required=False,
        min_value=1,
        max_value=200,
        help_text="e.g. WA L&I: 6 visits",
    )
    report_every_days = forms.IntegerField(
        label="… or every … days",
        required=False,
        min_value=1,
        max_value=365,
        help_text="e.g. WA L&I: 30 days (1 month)",
    )
    precautions = forms.CharField(
        label="Precautions from the physician",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    document = forms.FileField(
        required=False, label="Scanned original (PDF, PNG or JPEG, up to 10 MB)"
    )

    def __init__(
        self, *args: Any, practice: Practice, patient: Patient, show_cases: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        providers = ReferringProvider.objects.filter(practice=practice, active=True)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        self.fields["regions"].choices = region_choices()  # type: ignore[attr-defined]
        self.fields["cpt_codes"].choices = cpt_choices()  # type: ignore[attr-defined]
        if show_cases:
            cases = Case.objects.filter(practice=practice, patient=patient)
            self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        else:
            del self.fields["case"]

    def to_input(self) -> PrescriptionInput:
        data = self.cleaned_data
        return PrescriptionInput(
            provider=data["provider"],
            case=data.get("case"),
            issued_on=data["issued_on"],
            expires_on=data["expires_on"],
            diagnoses=parse_diagnosis_codes(data["diagnoses"]),
            regions=tuple(data["regions"]),
            cpt_codes=tuple(data["cpt_codes"]),
            sessions_per_week=data["sessions_per_week"],
            weeks=data["weeks"],
            visit_cap=data["visit_cap"],
            prior_auth_number=data["prior_auth_number"],
            authorised_visits=data["authorised_visits"],
            report_every_visits=data["report_every_visits"],
            report_every_days=data["report_every_days"],
            precautions=data["precautions"],
        )


def prescription_initial(prescription: Prescription) -> dict[str, Any]:
    """Form values for editing an existing prescription."""
    return {
        "provider": prescription.provider_id,
        "case": prescription.case_id,
        "issued_on": prescription.issued_on,
        "expires_on": prescription.expires_on,
        "diagnoses": ", ".join(prescription.diagnosis_codes),
        "regions": prescription.regions,
        "cpt_codes": prescription.cpt_codes,
        "sessions_per_week": prescription.sessions_per_week,
        "weeks": prescription.weeks,
        "visit_cap": prescription.visit_cap,
        "prior_auth_number": prescription.prior_auth_number,
        "authorised_visits": prescription.authorised_visits,
        "report_every_visits": prescription.report_every_visits,
        "report_every_days": prescription.report_every_days,
        "precautions": prescription.precautions,
    }


class RenewalRequestForm(forms.Form):
    required_css_class = "required"
    progress_summary = forms.CharField(
        label="Progress summary",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Edit before sending: outcome scores, function, response to treatment.",
    )
    requested_sessions_per_week = forms.IntegerField(
        label="Sessions per week requested", min_value=1, max_value=7
    )
    requested_weeks = forms.IntegerField(label="Weeks requested", min_value=1, max_value=52)
    requested_visits = forms.IntegerField(label="Visits requested", min_value=1, max_value=200)
