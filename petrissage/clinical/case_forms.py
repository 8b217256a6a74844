"""The case pages' parse boundary: open/edit a case (diagnoses checked one field at a time,
with the replacement codes of a retired or heading code), and the status change."""

from __future__ import annotations

from typing import Any

from django import forms

from petrissage.clinical.case_selectors import therapists_of
from petrissage.clinical.models import Case, CaseStatus
from petrissage.domain.icd10 import Suggestion, check_diagnosis
from petrissage.domain.plans import CONDITIONS
from petrissage.practice.models import Staff

DIAGNOSIS_FIELDS = 6  # shown; the claim form holds up to 12 (clinical.md §4e)
CONDITION_CHOICES = [
    ("", "Work it out from the diagnoses"),
    *sorted(((k, row.label) for k, row in CONDITIONS.items()), key=lambda kv: kv[1]),
]


class TherapistChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Staff) -> str:
        return obj.signature or obj.display_name


class CaseForm(forms.Form):
    title = forms.CharField(
        label="Case title", max_length=200, help_text="e.g. Chronic neck pain after desk work"
    )
    therapist = TherapistChoice(queryset=Staff.objects.none(), label="Assigned therapist")
    opened_on = forms.DateField(label="Opened on", widget=forms.DateInput(attrs={"type": "date"}))
    condition_key = forms.ChoiceField(
        label="Condition for the plan",
        choices=CONDITION_CHOICES,
        required=False,
        help_text="Sets the evidence and dose of the plan proposal (clinical.md §1a).",
    )

    def __init__(self, *args: Any, practice_id: int, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        therapist = self.fields["therapist"]
        assert isinstance(therapist, forms.ModelChoiceField)
        therapist.queryset = therapists_of(practice_id)
        if editing:
            del self.fields["opened_on"]
        for i in range(1, DIAGNOSIS_FIELDS + 1):
            self.fields[f"diagnosis_{i}"] = forms.CharField(
                label=f"Diagnosis {i}" + (" (primary)" if i == 1 else ""),
                required=i == 1,
                max_length=40,
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "spellcheck": "false", "class": "code-input"}
                ),
                help_text="ICD-10-CM, e.g. M54.2 or M54.50" if i == 1 else "",
            )
        self.suggestions: dict[str, tuple[Suggestion, ...]] = {}
        self.descriptions: dict[str, str] = {}

    @classmethod
    def initial_for(cls, case: Case) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": case.title,
            "therapist": case.therapist_id,
            "condition_key": case.condition_key,
        }
        for i, diagnosis in enumerate(case.diagnoses.all()[:DIAGNOSIS_FIELDS], start=1):
            initial[f"diagnosis_{i}"] = diagnosis.code
        return initial

    def diagnosis_fields(self) -> list[tuple[forms.BoundField, tuple[Suggestion, ...]]]:
        """Each diagnosis field with the codes to use instead when it was refused."""
        names = [f"diagnosis_{i}" for i in range(1, DIAGNOSIS_FIELDS + 1)]
        return [(self[name], self.suggestions.get(name, ())) for name in names]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: set[str] = set()
        for i in range(1, DIAGNOSIS_FIELDS + 1):
            name = f"diagnosis_{i}"
            entered = (data.get(name) or "").strip()
            if not entered:
                continue
            check = check_diagnosis(entered)
            if not check.ok:
                self.add_error(name, check.problem or "Not a billable code.")
                self.suggestions[name] = check.suggestions
                continue
            if check.code in seen:
                self.add_error(name, f"{check.code} is entered twice.")
                continue
            seen.add(check.code)
            data[name] = check.code
            self.descriptions[name] = check.description
        return data

    def codes(self) -> list[str]:
        return [
            self.cleaned_data[f"diagnosis_{i}"]
            for i in range(1, DIAGNOSIS_FIELDS + 1)
            if self.cleaned_data.get(f"diagnosis_{i}")
        ]


STATUS_LABELS = {
    CaseStatus.OPEN: "Reopen the case",
    CaseStatus.ON_HOLD: "Put the case on hold",
    CaseStatus.DISCHARGED: "Discharge",
}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Change to", choices=CaseStatus.choices)
    on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=500,
        help_text="Why it is put on hold or reopened (e.g. travelling 3 weeks).",
    )
    summary = forms.CharField(
        label="Discharge summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Outcome against the goals and measures, visits given, advice and "
        "home programme, follow-up or referral.",
    )

    def __init__(self, *args: Any, allowed: tuple[str, ...], **kwargs: Any):
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [(s, STATUS_LABELS[CaseStatus(s)]) for s in allowed]
        if CaseStatus.DISCHARGED not in allowed:
            del self.fields["summary"]
