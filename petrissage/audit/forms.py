from __future__ import annotations

from django import forms

from petrissage.audit.models import Category, Outcome

SORTABLE = (
    "occurred_at",
    "-occurred_at",
    "action",
    "-action",
    "username",
    "-username",
    "category",
    "-category",
    "outcome",
    "-outcome",
    "patient",
    "-patient",
)


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    patient = forms.IntegerField(required=False, min_value=1, label="Patient id")
    user = forms.CharField(required=False, max_length=150, label="User")
    category = forms.ChoiceField(required=False, choices=[("", "Any"), *Category.choices])
    outcome = forms.ChoiceField(required=False, choices=[("", "Any"), *Outcome.choices])
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTABLE])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return data
