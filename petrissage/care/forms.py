"""Parse boundary of the care pages. Services re-check everything (keyword-only writes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from petrissage.care.models import CareRole, CareTeamMember, MembershipPlan, RatingContext
from petrissage.care.wellbeing import ITEMS
from petrissage.domain.aftercare.care_team import WEEKDAYS
from petrissage.domain.aftercare.texts import MAX_TEXT_LENGTH
from petrissage.domain.recall import MAX_INTERVAL_WEEKS
from petrissage.domain.regions import AREAS

DATE = forms.DateInput(attrs={"type": "date"})


class CareTeamMemberForm(forms.Form):
    name = forms.CharField(max_length=200)
    role = forms.ChoiceField(choices=CareRole.choices)
    organisation = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False)
    fax = forms.CharField(max_length=40, required=False)
    phone = forms.CharField(max_length=40, required=False)
    doing = forms.CharField(
        label="What they are doing",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="e.g. Lumbar adjustments weekly; home exercise programme",
    )
    areas = forms.MultipleChoiceField(
        label="Body areas they treat",
        choices=[(a, a.capitalize()) for a in AREAS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="Days they usually treat",
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    started_on = forms.DateField(label="Treating since", required=False, widget=DATE)
    ended_on = forms.DateField(label="Stopped on", required=False, widget=DATE)
    receives_reports = forms.BooleanField(label="Send them progress reports", required=False)

    @classmethod
    def for_member(cls, member: CareTeamMember) -> CareTeamMemberForm:
        names = cls.base_fields
        return cls(initial={name: getattr(member, name) for name in names})


class CareReportForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=CareTeamMember.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    report = forms.TypedChoiceField(
        label="What to send",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="A signed progress report (PDF), or a letter written below.",
    )
    subject = forms.CharField(max_length=200, required=False)
    body = forms.CharField(
        label="Report text",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        required=False,
    )

    def __init__(self, *args: Any, case_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = CareTeamMember.objects.filter(case_id=case_id, ended_on__isnull=True)
        choices: list[tuple[object, str]] = [("", "A letter (write it below)")]
        choices += [(r.pk, str(r)) for r in signed_reports(case_id)]
        report = self.fields["report"]
        assert isinstance(report, forms.TypedChoiceField)
        report.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("report") is None:
            if not data.get("subject"):
                self.add_error("subject", "Give the letter a subject.")
            if not data.get("body"):
                self.add_error("body", "Write the letter, or choose a signed progress report.")
        return data


def signed_reports(case_id: int) -> list[Any]:
    """The case's signed progress reports (referrals app), newest first."""
    from petrissage.referrals.models import ProgressReport, ReportStatus

    return list(
        ProgressReport.objects.filter(case_id=case_id, status=ReportStatus.SIGNED).order_by(
            "-period_end", "-id"
        )
    )


class MaintenanceForm(forms.Form):
    choice = forms.ChoiceField(
        choices=(("none", "No maintenance"), ("every", "A maintenance visit every …")),
        widget=forms.RadioSelect,
    )
    weeks = forms.IntegerField(
        label="Weeks between visits",
        required=False,
        widget=forms.NumberInput(attrs={"style": "max-width:8rem", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("choice") == "every":
            weeks = data.get("weeks")
            if weeks is None:
                self.add_error("weeks", "Enter how many weeks between maintenance visits.")
            elif not 1 <= weeks <= MAX_INTERVAL_WEEKS:
                self.add_error(
                    "weeks", "Choose 1 to 52 weeks (zero, or over a year, is not maintenance)."
                )
        return data

    @property
    def chosen_weeks(self) -> int | None:
        return self.cleaned_data["weeks"] if self.cleaned_data.get("choice") == "every" else None


class AftercareTextForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=True,
        required=False,
        help_text=f"What the patient reads. At most {MAX_TEXT_LENGTH} characters.",
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data.get("text", "")
        if not text:
            raise ValidationError("Enter the after-care text (it cannot be empty).")
        if len(text) > MAX_TEXT_LENGTH:
            raise ValidationError(
                f"Keep it to {MAX_TEXT_LENGTH} characters (this one has {len(text)})."
            )
        return text


def _rating_field(label: str, question: str, low: str, high: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10,
        required=False,
        help_text=f"{question} 0 = {low}, 10 = {high}.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class WellbeingForm(forms.Form):
    on = forms.DateField(label="Date", widget=DATE)
    context = forms.ChoiceField(label="Collected", choices=RatingContext.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[item.key] = _rating_field(item.label, item.question, item.low, item.high)


class MembershipPlanForm(forms.ModelForm[MembershipPlan]):
    monthly_fee = forms.CharField(label="Monthly fee ($)", max_length=20)

    class Meta:
        model = MembershipPlan
        fields = ["name", "monthly_fee", "visits_per_month", "carry_over_max", "active"]
        labels = {"carry_over_max": "Unused visits carried into the next month (at most)"}


class MembershipStartForm(forms.Form):
    plan = forms.ModelChoiceField(queryset=MembershipPlan.objects.none(), label="Membership")
    started_on = forms.DateField(label="Starts on", widget=DATE)

    def __init__(self, *args: Any, practice_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["plan"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = MembershipPlan.objects.filter(practice_id=practice_id, active=True)


class DayForm(forms.Form):
    day = forms.DateField(widget=DATE)


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the field it names when it can."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
