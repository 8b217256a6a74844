"""The plan pages' parse boundary: what the proposal needs (severity, goals, length), the
plan editor (dose, home care, goals) and its technique rows (a formset: region ×
technique × pressure, rows with no region are skipped)."""

from __future__ import annotations

from typing import Any

from django import forms

from petrissage.clinical.models import TreatmentPlan
from petrissage.clinical.plan_services import PlanEdit
from petrissage.clinical.session_forms import region_options
from petrissage.domain.plans import SESSION_MINUTES, TechniqueLine
from petrissage.domain.plans.techniques import PlanTechnique
from petrissage.domain.session_rules import TECHNIQUE_LABELS

FUNCTION_CHOICES = [
    ("", "Not assessed"),
    ("low", "Low: most activities as before"),
    ("moderate", "Moderate: some activities limited"),
    ("high", "High: many activities limited or impossible"),
]
MINUTES_CHOICES = [(m, f"{m} min") for m in SESSION_MINUTES]
TECHNIQUE_CHOICES = [("", "Choose…")] + [
    (t.value, TECHNIQUE_LABELS.get(t.value, t.value)) for t in PlanTechnique
]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProposeForm(forms.Form):
    pain_nprs = forms.IntegerField(
        label="Pain now (NPRS 0–10)", required=False, min_value=0, max_value=10
    )
    function_limitation = forms.ChoiceField(
        label="Function limitation", choices=FUNCTION_CHOICES, required=False
    )
    symptom_weeks = forms.IntegerField(
        label="Symptoms for (weeks)",
        required=False,
        min_value=0,
        max_value=2600,
        help_text="Acute < 4, subacute 4–12, chronic > 12 weeks.",
    )
    session_minutes = forms.TypedChoiceField(
        label="Session length",
        choices=[("", "As the evidence suggests"), *MINUTES_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    goals = forms.CharField(
        label="Goals (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The patient's own activities (PSFS), e.g. Sit through a workday.",
    )

    def goal_list(self) -> list[str]:
        return _lines(self.cleaned_data.get("goals") or "")


class PlanForm(forms.Form):
    session_minutes = forms.TypedChoiceField(
        label="Session length", choices=MINUTES_CHOICES, coerce=int
    )
    sessions_per_week = forms.IntegerField(label="Sessions per week", min_value=1, max_value=7)
    weeks = forms.IntegerField(label="Weeks", min_value=1, max_value=52)
    total_visits = forms.IntegerField(
        label="Visits planned", min_value=1, max_value=364, help_text="At most per week × weeks."
    )
    goals = forms.CharField(
        label="Goals (one per line)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    home_care = forms.CharField(
        label="Home care", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    acknowledge = forms.BooleanField(
        label="I have read the prescription limits above and plan beyond them on purpose.",
        required=False,
    )

    @classmethod
    def initial_for(cls, plan: TreatmentPlan) -> dict[str, Any]:
        return {
            "session_minutes": plan.session_minutes,
            "sessions_per_week": plan.sessions_per_week,
            "weeks": plan.weeks,
            "total_visits": plan.total_visits,
            "goals": "\n".join(str(g.get("text", "")) for g in plan.goals or []),
            "home_care": plan.home_care,
        }


class TechniqueRowForm(forms.Form):
    region = forms.ChoiceField(label="Region", required=False)
    technique = forms.ChoiceField(label="Technique", choices=TECHNIQUE_CHOICES, required=False)
    pressure = forms.IntegerField(
        label="Pressure 0–5", min_value=0, max_value=5, required=False, initial=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = region_options()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE") or not data.get("region"):
            return data
        if not data.get("technique"):
            self.add_error("technique", "Choose a technique for this region.")
        if data.get("pressure") is None:
            self.add_error("pressure", "Give the pressure, 0–5.")
        return data


TechniqueFormSet = forms.formset_factory(TechniqueRowForm, extra=2, can_delete=True)


def technique_initial(plan: TreatmentPlan) -> list[dict[str, Any]]:
    return [
        {"region": row.region_code, "technique": row.technique, "pressure": row.pressure}
        for row in plan.techniques.all()
    ]


def plan_edit_of(form: PlanForm, rows: Any) -> PlanEdit:
    lines = []
    for row in rows.forms:
        data = row.cleaned_data
        if not data or data.get("DELETE") or not data.get("region"):
            continue
        lines.append(
            TechniqueLine(data["region"], PlanTechnique(data["technique"]), int(data["pressure"]))
        )
    return PlanEdit(
        session_minutes=form.cleaned_data["session_minutes"],
        sessions_per_week=form.cleaned_data["sessions_per_week"],
        weeks=form.cleaned_data["weeks"],
        total_visits=form.cleaned_data["total_visits"],
        home_care=form.cleaned_data["home_care"],
        goals=tuple(_lines(form.cleaned_data["goals"])),
        lines=tuple(lines),
    )
