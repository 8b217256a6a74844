"""Forms for progress reports: the written parts, an amendment, a sending (parse boundary;
the services check the rules again)."""

from __future__ import annotations

from typing import Any

from django import forms

from petrissage.referrals.models import Recommendation, ReportKind, SendMethod


class ReportNewForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ReportKind.choices, initial=ReportKind.PROGRESS, widget=forms.RadioSelect
    )


class ReportWrittenForm(forms.Form):
    assessment = forms.CharField(
        label="Your assessment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Response to treatment, function, what changed and why care helps.",
    )
    recommendation = forms.ChoiceField(
        choices=[("", "— choose —"), *Recommendation.choices], required=False
    )
    recommended_sessions_per_week = forms.IntegerField(
        label="Sessions a week", required=False, min_value=1, max_value=7
    )
    recommended_weeks = forms.IntegerField(
        label="For weeks", required=False, min_value=1, max_value=52
    )
    plan_next = forms.CharField(
        label="Plan for the next period",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def written(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "assessment": data["assessment"],
            "recommendation": data["recommendation"],
            "recommended_sessions_per_week": data["recommended_sessions_per_week"],
            "recommended_weeks": data["recommended_weeks"],
            "plan_next": data["plan_next"],
        }


class ReportAmendForm(ReportWrittenForm):
    reason = forms.CharField(
        label="Reason for the amendment", widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportSendForm(forms.Form):
    method = forms.ChoiceField(choices=SendMethod.choices, widget=forms.RadioSelect)
    recipient = forms.CharField(max_length=200)
    address = forms.CharField(
        label="E-mail address or fax number",
        max_length=254,
        required=False,
        help_text="For e-mail the PDF is attached; for fax, the number you faxed it to.",
    )
