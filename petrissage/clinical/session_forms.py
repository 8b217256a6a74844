"""The session-note pages' parse boundary: start, pre-session check, the SOAP editor with
its treatment-line rows, and the amendment reason.

Line rows arrive as repeated hidden keys `line` (short random keys); each row's fields
carry the prefix `line-<key>`, so htmx can add and remove rows without renumbering. The
forms only parse types; the line rules (petrissage.domain.session_rules) then name every
problem by line number and field.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from petrissage.clinical.models import SessionNote
from petrissage.clinical.screening_services import PRE_SESSION_RED_FLAGS
from petrissage.clinical.session_services import NOTE_FIELDS
from petrissage.domain import session_rules as rules
from petrissage.domain.regions import AREAS, all_regions

ROW_KEY = re.compile(r"^[a-z0-9]{1,16}$")
YES_NO = [("no", "No"), ("yes", "Yes")]
PRESSURE_HELP = "0 none · 1 light · 2 light-moderate · 3 moderate · 4 firm · 5 deep"

# The pre-session red-flag questions in plain words (keys: PRE_SESSION_RED_FLAGS).
RED_FLAG_QUESTIONS: dict[str, str] = {
    "fever_or_infection": "Fever, or an infection right now?",
    "calf_swelling_warmth_redness": "A calf that is swollen, warm or red?",
    "sudden_breathlessness_or_chest_pain": "Sudden breathlessness or chest pain?",
    "new_numbness_or_weakness": "New numbness, tingling or weakness?",
    "unexplained_weight_loss": "Weight loss they cannot explain?",
    "unexplained_pain": "New pain with no known cause (e.g. at night, not eased by rest)?",
}


def new_row_key() -> str:
    return secrets.token_hex(4)


def region_options() -> list[tuple[str, Any]]:
    groups: list[tuple[str, Any]] = [("", "Choose a region…")]
    for area in AREAS:
        options = sorted(((r.code, r.label) for r in all_regions() if r.area == area), key=_label)
        if options:
            groups.append((area.capitalize(), options))
    return groups


def _label(option: tuple[str, str]) -> str:
    return option[1]


TECHNIQUE_OPTIONS = [("", "Choose a technique…"), *rules.TECHNIQUES]


class StartForm(forms.Form):
    session_date = forms.DateField(
        label="Session date", widget=forms.DateInput(attrs={"type": "date"})
    )
    appointment_minutes = forms.IntegerField(
        label="Appointment length (minutes)",
        required=False,
        min_value=1,
        max_value=480,
        help_text="Optional. The lines' minutes may not add up to more than this.",
    )


class PreCheckForm(forms.Form):
    """One yes/no question per red flag; every question must be answered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in PRE_SESSION_RED_FLAGS:
            self.fields[key] = forms.ChoiceField(
                label=RED_FLAG_QUESTIONS.get(key, key.replace("_", " ").capitalize()),
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Answer yes or no."},
            )

    def answers(self) -> dict[str, bool]:
        return {key: self.cleaned_data[key] == "yes" for key in PRE_SESSION_RED_FLAGS}

    @staticmethod
    def initial_from(note: SessionNote) -> dict[str, str]:
        stored = note.pre_check if isinstance(note.pre_check, dict) else {}
        return {
            key: "yes" if stored[key] else "no" for key in PRE_SESSION_RED_FLAGS if key in stored
        }


def _text(label: str, rows: int = 2, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _pain(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 10}),
    )


class NoteForm(forms.Form):
    pain_before = _pain("Pain now (NPRS 0–10)")
    subjective = _text("What changed since last visit (patient's words)")
    objective = _text("Findings (palpation, posture, range of motion)")
    response = _text("Response to treatment")
    pain_after = _pain("Pain after (NPRS 0–10)")
    plan_next = _text("Focus of the next visit", rows=1)
    home_care = _text("Home care given", rows=1)


class LineForm(forms.Form):
    region_code = forms.CharField(
        label="Region", required=False, widget=forms.Select(choices=region_options())
    )
    technique = forms.CharField(
        label="Technique", required=False, widget=forms.Select(choices=TECHNIQUE_OPTIONS)
    )
    minutes = forms.IntegerField(
        label="Minutes",
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 240}),
    )
    pressure = forms.IntegerField(
        label="Pressure 0–5",
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 5}),
    )
    restriction_reason = forms.CharField(
        label="Reason, if this breaks a screening restriction",
        required=False,
        max_length=1000,
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        typed = [data.get(name) for name in ("region_code", "technique", "minutes")]
        return all(value in (None, "") for value in typed) and not self.errors

    def to_line(self) -> rules.Line:
        data = self.cleaned_data
        return rules.Line(
            region_code=data.get("region_code") or "",
            technique=data.get("technique") or "",
            minutes=data["minutes"] if data.get("minutes") is not None else 0,
            pressure=data["pressure"] if data.get("pressure") is not None else 0,
            restriction_reason=data.get("restriction_reason") or "",
        )


FORM_FIELD_OF = {"region": "region_code", "technique": "technique", "minutes": "minutes"}


@dataclass
class LineRow:
    key: str
    form: LineForm
    number: int | None = None  # position among the non-blank lines, for messages
    restricted: bool = False  # breaks a screening restriction (shown even with a reason)


def line_row(key: str, data: QueryDict | None = None, **initial: Any) -> LineRow:
    return LineRow(key, LineForm(data, prefix=f"line-{key}", initial=initial or None))


def _keys(data: QueryDict) -> list[str]:
    return list(dict.fromkeys(k for k in data.getlist("line") if ROW_KEY.match(k)))


@dataclass
class NoteEditor:
    """The SOAP form and its line rows, as shown and as posted."""

    header: NoteForm
    rows: list[LineRow] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # every problem, named by line and field

    @classmethod
    def from_post(cls, data: QueryDict) -> NoteEditor:
        return cls(NoteForm(data), [line_row(key, data) for key in _keys(data)])

    @classmethod
    def from_note(cls, note: SessionNote, lines: Sequence[rules.Line]) -> NoteEditor:
        header = NoteForm(initial={name: getattr(note, name) for name in NOTE_FIELDS})
        editor = cls(header, [line_row(new_row_key(), **_initial(line)) for line in lines])
        if not editor.rows:
            editor.rows.append(line_row(new_row_key(), pressure=3))
        return editor

    def is_valid(self) -> bool:
        valid = all([self.header.is_valid(), *[row.form.is_valid() for row in self.rows]])
        number = 0
        for row in self.rows:
            if row.form.is_valid() and not row.form.is_blank():
                number += 1
                row.number = number
        if not valid:
            self.summary.append("Some entries are not numbers or are out of range; see below.")
        return valid

    def fields(self) -> dict[str, Any]:
        return {name: self.header.cleaned_data.get(name) for name in NOTE_FIELDS}

    def lines(self) -> list[rules.Line]:
        return [row.form.to_line() for row in self.rows if row.number is not None]

    def apply_problems(self, problems: Sequence[rules.Problem]) -> bool:
        """Attach each problem to its row and field; True when nothing blocks saving."""
        by_number = {row.number: row for row in self.rows if row.number is not None}
        for problem in problems:
            self.summary.append(problem.text)
            row = by_number.get(problem.line) if problem.line else None
            if row is None:
                self.header.add_error(None, problem.text)
                continue
            row.restricted = row.restricted or problem.overridable
            name = FORM_FIELD_OF.get(problem.field, "pressure")
            row.form.add_error(name, problem.message)
        return not problems

    def mark_overrides(self, limits: Sequence[rules.Limit]) -> None:
        for line, _ in rules.restriction_overrides(self.lines(), limits):
            for row in self.rows:
                if row.number is not None and row.form.to_line() == line:
                    row.restricted = True

    def add_service_errors(self, error: ValidationError) -> None:
        for messages in error.message_dict.values():
            for message in messages:
                self.summary.append(message)
                self.header.add_error(None, message)

    @property
    def error_count(self) -> int:
        return len(self.summary)


def _initial(line: rules.Line) -> dict[str, Any]:
    return {
        "region_code": line.region_code,
        "technique": line.technique,
        "minutes": line.minutes,
        "pressure": line.pressure,
        "restriction_reason": line.restriction_reason,
    }


class AmendReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the amendment",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required. Shown with the amendment, under the signed text.",
        error_messages={"required": "Say why the signed note is being amended."},
    )


def start_initial(today: date, appointment_minutes: int | None) -> dict[str, Any]:
    return {"session_date": today, "appointment_minutes": appointment_minutes}
