"""The parse boundary of the intake pages: POST data -> raw answers, and answers (stored or
as typed) + errors -> bound fields the templates render. The questions themselves are
data in petrissage.domain.intake."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from django.http import QueryDict

from petrissage.domain.intake import QUESTIONS, SECTIONS, Question, all_questions
from petrissage.domain.regions import AREAS, all_regions, is_region, region

MAX_ROW_INDEX = 59  # a group never has more rows than this in one post
ROW_FIELD = re.compile(r"^(?P<group>[a-z_]+)-(?P<index>\d{1,2})-(?P<field>[a-z_]+)$")
SIGNATURE = "consent_signature"


def answers_from_post(data: QueryDict) -> dict[str, object]:
    """Every question's raw answer from a whole-form post (absent = not answered)."""
    answers: dict[str, object] = {}
    rows = _rows_from_post(data)
    for q, _ in all_questions():
        if q.kind == "group":
            answers[q.key] = rows.get(q.key, [])
        elif q.kind in ("regions", "multi"):
            answers[q.key] = [v for v in data.getlist(q.key) if v]
        else:
            answers[q.key] = data.get(q.key)
    return answers


def _rows_from_post(data: QueryDict) -> dict[str, list[dict[str, object]]]:
    found: dict[str, dict[int, dict[str, object]]] = {}
    for name, value in data.items():
        match = ROW_FIELD.match(name)
        if match is None or QUESTIONS.get(match["group"], None) is None:
            continue
        index = int(match["index"])
        if index <= MAX_ROW_INDEX:
            found.setdefault(match["group"], {}).setdefault(index, {})[match["field"]] = value
    # Keep positions, so an error named "surgeries-2-on" points at the row the person sees.
    return {
        group: [by_index.get(i, {}) for i in range(max(by_index) + 1)]
        for group, by_index in found.items()
    }


# --- bound fields for the templates -------------------------------------------------------


@dataclass
class Row:
    group: str
    item: str  # "Operation"
    index: int
    cells: list[Field]
    number: int = 0  # as the person sees it: 1, 2, 3 … whatever the posted index

    def __post_init__(self) -> None:
        self.number = self.number or self.index + 1


@dataclass
class Field:
    q: Question
    name: str
    value: object = None
    error: str = ""
    followups: list[Field] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"q-{self.name}"

    @property
    def values(self) -> list[str]:
        return [str(v) for v in self.value] if isinstance(self.value, list) else []

    @property
    def is_open(self) -> bool:
        return self.value in self.q.opens if self.q.kind != "yesno" else self.value == "yes"

    @property
    def next_index(self) -> int:
        return self.rows[-1].index + 1 if self.rows else 0


@dataclass
class BoundSection:
    key: str
    title: str
    intro: str
    fields: list[Field]
    error_count: int


def _display(q: Question, value: object) -> object:
    if q.kind == "yesno" and isinstance(value, bool):
        return "yes" if value else "no"
    if q.kind in ("regions", "multi"):
        return [str(v) for v in value] if isinstance(value, list) else []
    return "" if value is None else str(value)


def _bind(
    q: Question, answers: Mapping[str, object], errors: Mapping[str, str], for_patient: bool
) -> Field:
    value = answers.get(q.key)
    bound = Field(q=q, name=q.key, error=errors.get(q.key, ""))
    if q.kind == "group":
        raw = value if isinstance(value, list) else []
        rows = [r if isinstance(r, Mapping) else {} for r in raw]
        # Rows keep their posted index, so "surgeries-2-on" errors stay with their row;
        # blank rows are dropped and one blank row is added for the next entry.
        bound.rows = [
            _row(q, i, r, errors, for_patient)
            for i, r in enumerate(rows)
            if any(v not in (None, "") for v in r.values())
        ]
        bound.rows.append(_row(q, len(rows), {}, errors, for_patient))
        for number, row in enumerate(bound.rows, start=1):
            row.number = number
    else:
        bound.value = _display(q, value)
    bound.followups = [_bind(f, answers, errors, for_patient) for f in q.followups]
    return bound


def _row(
    group: Question,
    index: int,
    row: Mapping[str, object],
    errors: Mapping[str, str],
    for_patient: bool,
) -> Row:
    cells = []
    for column in group.fields:
        if for_patient and column.staff_only:
            continue
        name = f"{group.key}-{index}-{column.key}"
        cells.append(
            Field(q=column, name=name, value=_display(column, row.get(column.key)),
                  error=errors.get(name, ""))
        )  # fmt: skip
    return Row(group=group.key, item=group.item, index=index, cells=cells)


def blank_row(group_key: str, index: int, *, for_patient: bool) -> Row | None:
    group = QUESTIONS.get(group_key)
    if group is None or group.kind != "group" or not 0 <= index <= MAX_ROW_INDEX:
        return None
    return _row(group, index, {}, {}, for_patient)


def bind_sections(
    answers: Mapping[str, object], errors: Mapping[str, str], *, for_patient: bool
) -> list[BoundSection]:
    sections = []
    for section in SECTIONS:
        fields = [_bind(q, answers, errors, for_patient) for q in section.questions]
        count = sum(1 for name in errors if _in_section(name, fields))
        sections.append(BoundSection(section.key, section.title, section.intro, fields, count))
    return sections


def _in_section(error_name: str, fields: list[Field]) -> bool:
    key = error_name.split("-", 1)[0]
    stack = list(fields)
    while stack:
        f = stack.pop()
        if f.q.key == key:
            return True
        stack.extend(f.followups)
    return False


MISSING = "Please answer this question."


def error_labels(errors: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(input id, question label, message) for the error summary at the top of the form."""
    out = []
    for name, message in errors.items():
        if name == SIGNATURE:
            out.append((f"id_{SIGNATURE}", "Signature", message))
            continue
        q = QUESTIONS.get(name.split("-", 1)[0])
        label = q.label if q else name
        out.append((f"q-{name}", label, message))
    return out


# --- choices --------------------------------------------------------------------------------


@cache
def region_groups() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Region picker options: per area, "anywhere on it" first, then its regions."""
    groups = []
    for area in AREAS:
        options = [(area, f"Anywhere on the {area}")]
        options += [(r.code, r.label) for r in all_regions() if r.area == area]
        groups.append((area.capitalize(), tuple(options)))
    return tuple(groups)


def place_label(value: str) -> str:
    if is_region(value):
        return region(value).label
    return f"{value.capitalize()} (anywhere)" if value in AREAS else value


def answer_text(q: Question, value: object) -> str:
    """One stored answer in words, for the read-only page."""
    if value is None or value == [] or value == "":
        return "—"
    if q.kind == "yesno":
        return "Yes" if value is True else "No"
    if q.kind == "choice":
        return dict(q.choices).get(str(value), str(value))
    if q.kind == "group" and isinstance(value, list):
        return "; ".join(_row_text(q, r) for r in value if isinstance(r, Mapping))
    if q.kind == "region":
        return place_label(str(value))
    if q.kind == "regions" and isinstance(value, list):
        return ", ".join(place_label(str(v)) for v in value)
    if q.kind == "multi" and isinstance(value, list):
        return ", ".join(dict(q.choices).get(str(v), str(v)) for v in value)
    return str(value)


def _row_text(group: Question, row: Mapping[str, object]) -> str:
    parts = []
    for column in group.fields:
        value = row.get(column.key)
        if value in (None, ""):
            continue
        text = answer_text(column, value)
        parts.append(f"{column.label.lower()}: {text}" if column.kind == "choice" else text)
    return " · ".join(parts)


@dataclass
class Line:
    label: str
    text: str
    rows: list[str]
    flagged: bool
    depth: int


def answer_summary(answers: Mapping[str, object]) -> list[tuple[str, list[Line]]]:
    """Each section's answers in words; follow-ups only where they were asked."""
    return [(s.title, list(_lines(s.questions, answers, 0))) for s in SECTIONS]


def _lines(
    questions: tuple[Question, ...], answers: Mapping[str, object], depth: int
) -> Iterator[Line]:
    for q in questions:
        value = answers.get(q.key)
        rows = []
        if q.kind == "group" and isinstance(value, list):
            rows = [_row_text(q, r) for r in value if isinstance(r, Mapping)]
        text = "None listed" if q.kind == "group" and not rows else answer_text(q, value)
        flagged = q.red_flag and q.is_open(value)
        yield Line(q.label, "" if rows else text, rows, flagged, depth)
        if q.followups and q.is_open(value):
            yield from _lines(q.followups, answers, depth + 1)


def split_errors(
    labels: list[tuple[str, str, str]],
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(wrong answers, unanswered questions): the summary lists them apart."""
    wrong = [item for item in labels if item[2] != MISSING]
    return wrong, [item for item in labels if item[2] == MISSING]
