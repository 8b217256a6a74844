"""The assessment editor's parse boundary: one header form plus a form per row.

Rows arrive as repeated hidden keys: `finding` (a region code), `rom` and `goal` (short
random keys); each row's fields carry the prefix `finding-<code>`, `rom-<key>` or
`goal-<key>`. That lets htmx add and remove rows without renumbering anything.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from petrissage.clinical.models import Assessment, AssessmentKind, PainQuality
from petrissage.domain import rom as rom_table
from petrissage.domain.regions import AREAS, all_regions, is_region, region

ROW_KEY = re.compile(r"^[a-z0-9]{1,16}$")
REGION_CODE = re.compile(r"^[a-z0-9-]{1,60}$")
TENDERNESS_CHOICES = [
    (0, "0 · none"),
    (1, "1 · tender"),
    (2, "2 · tender, winces"),
    (3, "3 · winces and withdraws"),
]
SIDE_CHOICES = [("", "—"), ("left", "Left"), ("right", "Right")]
SERVICE_FIELD = re.compile(r"^(region_findings|rom|goals)\[(\d+)\]\.(\w+)$")


def new_row_key() -> str:
    return secrets.token_hex(4)


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Regions grouped by area, for the keyboard-friendly "Add a region" list."""
    groups = []
    for area in AREAS:
        options = sorted(
            ((r.code, r.label) for r in all_regions() if r.area == area), key=lambda o: o[1]
        )
        if options:
            groups.append((area.capitalize(), options))
    return groups


def movement_choices() -> list[tuple[str, Any]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for ref in rom_table.all_references():
        note = "≈" if ref.uncertain else ""
        text = f"{ref.label} (ref. {note}{ref.degrees}°)"
        groups.setdefault(ref.joint_label, []).append((ref.key, text))
    return [("", "Choose a movement…"), *groups.items()]


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=AssessmentKind.choices)
    assessed_on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    posture_notes = forms.CharField(
        label="Posture", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FindingForm(forms.Form):
    nprs = forms.IntegerField(
        label="Pain 0–10",
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"data-nprs": "", "inputmode": "numeric"}),
    )
    pain_quality = forms.ChoiceField(
        label="Quality", required=False, choices=[("", "—"), *PainQuality.choices]
    )
    tenderness = forms.TypedChoiceField(
        label="Tenderness", coerce=int, choices=TENDERNESS_CHOICES, initial=0
    )
    trigger_points = forms.BooleanField(label="Trigger points", required=False, label_suffix="")
    adhesions = forms.BooleanField(label="Adhesions", required=False, label_suffix="")
    hypertonicity = forms.BooleanField(label="Hypertonicity", required=False, label_suffix="")
    notes = forms.CharField(label="Notes", required=False, max_length=500)


class RomForm(forms.Form):
    movement = forms.ChoiceField(label="Joint and movement", choices=movement_choices)
    side = forms.ChoiceField(label="Side", required=False, choices=SIDE_CHOICES)
    degrees = forms.IntegerField(label="Degrees", min_value=0, max_value=360)


class GoalForm(forms.Form):
    activity = forms.CharField(label="Activity (patient's words)", max_length=200)
    score = forms.IntegerField(label="Ability 0–10", min_value=0, max_value=10)


@dataclass
class FindingRow:
    code: str
    form: FindingForm

    @property
    def label(self) -> str:
        return region(self.code).label if is_region(self.code) else self.code

    def nprs(self) -> int | None:
        """The score as typed, if it is a whole number (for shading a re-shown form)."""
        raw = self.form["nprs"].value()
        try:
            return int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None


@dataclass
class KeyedRow:
    key: str
    form: forms.Form


def finding_row(code: str, data: QueryDict | None = None, **initial: Any) -> FindingRow:
    return FindingRow(code, FindingForm(data, prefix=f"finding-{code}", initial=initial or None))


def rom_row(key: str, data: QueryDict | None = None, **initial: Any) -> KeyedRow:
    return KeyedRow(key, RomForm(data, prefix=f"rom-{key}", initial=initial or None))


def goal_row(key: str, data: QueryDict | None = None, **initial: Any) -> KeyedRow:
    return KeyedRow(key, GoalForm(data, prefix=f"goal-{key}", initial=initial or None))


def _keys(data: QueryDict, name: str, pattern: re.Pattern[str]) -> list[str]:
    seen: list[str] = []
    for key in data.getlist(name):
        if pattern.match(key) and key not in seen:
            seen.append(key)
    return seen


@dataclass
class AssessmentEditor:
    """The header form and all rows, as shown and as posted."""

    header: AssessmentForm
    findings: list[FindingRow] = field(default_factory=list)
    rom: list[KeyedRow] = field(default_factory=list)
    goals: list[KeyedRow] = field(default_factory=list)

    @classmethod
    def blank(cls, *, kind: str, today: date) -> AssessmentEditor:
        return cls(AssessmentForm(initial={"kind": kind, "assessed_on": today}))

    @classmethod
    def from_post(cls, data: QueryDict) -> AssessmentEditor:
        return cls(
            AssessmentForm(data),
            [finding_row(code, data) for code in _keys(data, "finding", REGION_CODE)],
            [rom_row(key, data) for key in _keys(data, "rom", ROW_KEY)],
            [goal_row(key, data) for key in _keys(data, "goal", ROW_KEY)],
        )

    @classmethod
    def from_assessment(cls, assessment: Assessment) -> AssessmentEditor:
        header = AssessmentForm(
            initial={
                name: getattr(assessment, name)
                for name in ("kind", "assessed_on", "posture_notes", "notes")
            }
        )
        findings = [
            finding_row(f.region_code, **_finding_initial(f))
            for f in assessment.region_findings.all()
        ]
        rom = [
            rom_row(
                new_row_key(), movement=f"{r.joint}:{r.movement}", side=r.side, degrees=r.degrees
            )
            for r in assessment.range_of_motion.all()
        ]
        goals = [
            goal_row(new_row_key(), activity=g.activity, score=g.score)
            for g in assessment.goals.all()
        ]
        return cls(header, findings, rom, goals)

    def all_forms(self) -> list[forms.Form]:
        rows = [r.form for r in self.findings] + [r.form for r in self.rom + self.goals]
        return [self.header, *rows]

    def is_valid(self) -> bool:
        valid = all([form.is_valid() for form in self.all_forms()])  # validate every form
        for row in self.findings:
            if not is_region(row.code):
                row.form.add_error(None, f"{row.code!r} is not a known body region.")
                valid = False
        return valid

    @property
    def error_count(self) -> int:
        """Fields with an error, over the header and every row (0 before a post)."""
        return sum(len(form.errors) for form in self.all_forms() if form.is_bound)

    def payload(self) -> dict[str, Any]:
        """Keyword arguments for assessment_create/assessment_update (after is_valid)."""
        return {
            "data": dict(self.header.cleaned_data),
            "region_findings": [
                {"region_code": row.code, **row.form.cleaned_data} for row in self.findings
            ],
            "rom": [_rom_values(row.form.cleaned_data) for row in self.rom],
            "goals": [dict(row.form.cleaned_data) for row in self.goals],
        }

    def pain_by_region(self) -> dict[str, int | None]:
        return {row.code: row.nprs() for row in self.findings}

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's field errors on the form and row they belong to."""
        for name, messages in error.message_dict.items():
            target, field_name = self._target(name)
            for message in messages:
                target.add_error(field_name, message)

    def _target(self, name: str) -> tuple[forms.Form, str | None]:
        match = SERVICE_FIELD.match(name)
        if match is None:
            return self.header, name if name in self.header.fields else None
        group, index, field_name = match.group(1), int(match.group(2)), match.group(3)
        groups: dict[str, list[FindingRow] | list[KeyedRow]] = {
            "region_findings": self.findings,
            "rom": self.rom,
            "goals": self.goals,
        }
        rows = groups[group]
        if index >= len(rows):
            return self.header, None
        form: forms.Form = rows[index].form
        if field_name == "joint":
            field_name = "movement"
        return form, field_name if field_name in form.fields else None


def _finding_initial(finding: Any) -> dict[str, Any]:
    return {
        name: getattr(finding, name)
        for name in (
            "nprs",
            "pain_quality",
            "tenderness",
            "trigger_points",
            "adhesions",
            "hypertonicity",
            "notes",
        )
    }


def _rom_values(cleaned: dict[str, Any]) -> dict[str, Any]:
    joint, _, movement = str(cleaned["movement"]).partition(":")
    return {
        "joint": joint,
        "movement": movement,
        "side": cleaned["side"],
        "degrees": cleaned["degrees"],
    }
