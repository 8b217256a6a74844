"""Validating intake answers: per-field errors in plain words, drafts may be partial."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from petrissage.domain.intake.questions import (
    LIST_KINDS,
    MAX_ITEMS,
    MAX_SHORT,
    MAX_SIGNATURE,
    MAX_TEXT,
    QUESTIONS,
    Question,
    all_questions,
    is_asked,
)
from petrissage.domain.regions import AREAS, is_region


class Invalid(ValueError):
    """One answer's problem, in words for the person filling the form in."""


_YES = {"yes", "true", "on", "1"}
_NO = {"no", "false", "off", "0"}
_SNOMED = re.compile(r"^\d{6,18}$")
_ICD10 = re.compile(r"^[A-TV-Z]\d[0-9AB](\.?[0-9A-TV-Z]{1,4})?$", re.IGNORECASE)
_RXNORM = re.compile(r"^\d{1,10}$")


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _yesno(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES or text in _NO:
        return text in _YES
    raise Invalid("Answer yes or no.")


def _number(q: Question, value: object) -> int:
    if isinstance(value, bool):
        raise Invalid("Enter a whole number.")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise Invalid("Enter a whole number.") from None
    low, high = q.minimum, q.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise Invalid(f"Enter a number from {low} to {high}.")
    return number


def _date(value: object, today: date) -> str:
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise Invalid("Enter a date as YYYY-MM-DD.") from None
    if day > today:
        raise Invalid("This date is in the future.")
    if day.year < 1900:
        raise Invalid("This date is before 1900.")
    return day.isoformat()


def _text(value: object, limit: int) -> str:
    text = str(value).strip()
    if len(text) > limit:
        raise Invalid(f"Keep this under {limit} characters (it has {len(text)}).")
    return text


def _place(value: object) -> str:
    text = str(value).strip()
    if not (is_region(text) or text in AREAS):
        raise Invalid(f"{text[:40]!r} is not a body region.")
    return text


def _choice(q: Question, value: object) -> str:
    text = str(value).strip()
    if text not in {v for v, _ in q.choices}:
        raise Invalid("Pick one of the listed answers.")
    return text


def _items(value: object) -> list[object]:
    items = list(value) if isinstance(value, list | tuple) else [value]
    kept = [i for i in items if not _empty(i)]
    if len(kept) > MAX_ITEMS:
        raise Invalid(f"List at most {MAX_ITEMS}.")
    return kept


def clean_value(q: Question, value: object, today: date) -> object:
    """The stored form of one non-group answer; raises Invalid."""
    if _empty(value):
        return [] if q.kind in LIST_KINDS else None
    match q.kind:
        case "yesno":
            return _yesno(value)
        case "number":
            return _number(q, value)
        case "date":
            return _date(value, today)
        case "choice":
            return _choice(q, value)
        case "region":
            return _place(value)
        case "regions":
            return list(dict.fromkeys(_place(v) for v in _items(value)))
        case "multi":
            return list(dict.fromkeys(_choice(q, v) for v in _items(value)))
        case "short":
            return _text(value, MAX_SHORT) or None
        case _:
            return _text(value, MAX_TEXT) or None


def _clean_row(
    group: Question, index: int, row: Mapping[str, object], today: date, partial: bool
) -> tuple[dict[str, object], dict[str, str]]:
    clean: dict[str, object] = {}
    errors: dict[str, str] = {}
    for field in group.fields:
        name = f"{group.key}-{index}-{field.key}"
        try:
            value = clean_value(field, row.get(field.key), today)
        except Invalid as problem:
            errors[name] = str(problem)
            continue
        if field.kind == "short" and field.key == "code" and value:
            _check_code(str(row.get("system") or ""), str(value), name, errors)
        if field.key == "rxnorm" and value and not _RXNORM.match(str(value)):
            errors[name] = "An RxNorm code is digits only, e.g. 1364430."
        if not _empty(value):
            clean[field.key] = value
        elif field.required and not partial:
            errors[name] = f"Fill in “{field.label}” for this row, or clear the row."
    return clean, errors


def _check_code(system: str, code: str, name: str, errors: dict[str, str]) -> None:
    pattern = {"snomed": _SNOMED, "icd-10-cm": _ICD10}.get(system)
    if pattern is None:
        errors[name] = "Choose the code system for this code."
    elif not pattern.match(code):
        errors[name] = f"{code[:20]!r} is not a {system.upper()} code."


def _clean_group(
    q: Question, value: object, today: date, partial: bool
) -> tuple[list[dict[str, object]], dict[str, str]]:
    rows = list(value) if isinstance(value, list | tuple) else []
    if not isinstance(value, list | tuple) and not _empty(value):
        return [], {q.key: "Expected a list of rows."}
    clean: list[dict[str, object]] = []
    errors: dict[str, str] = {}
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping) or all(_empty(v) for v in row.values()):
            continue
        row_clean, row_errors = _clean_row(q, index, row, today, partial)
        errors.update(row_errors)
        if row_clean:
            clean.append(row_clean)
    if len(clean) > MAX_ITEMS:
        errors[q.key] = f"List at most {MAX_ITEMS}."
    return clean, errors


def validate_answers(
    answers: Mapping[str, object], *, today: date, partial: bool
) -> tuple[dict[str, object], dict[str, str]]:
    """(clean answers, errors by field). Only keys present in `answers` are cleaned (an
    empty answer cleans to None or []); unknown keys are dropped. With partial=False every
    required question that is asked must be answered."""
    clean: dict[str, object] = {}
    errors: dict[str, str] = {}
    for key, value in answers.items():
        q = QUESTIONS.get(key)
        if q is None:
            continue
        if q.kind == "group":
            clean[key], group_errors = _clean_group(q, value, today, partial)
            errors.update(group_errors)
            continue
        try:
            clean[key] = clean_value(q, value, today)
        except Invalid as problem:
            errors[key] = str(problem)
    if not partial:
        errors.update(_missing(clean, errors))
    return clean, errors


def _missing(clean: Mapping[str, object], errors: Mapping[str, str]) -> dict[str, str]:
    missing: dict[str, str] = {}
    for q, parent in all_questions():
        if not q.required or q.key in errors or not _empty(clean.get(q.key)):
            continue
        if parent is not None and not is_asked(parent, clean):
            continue
        missing[q.key] = "Please answer this question."
    return missing


def validate_signature(signature: object) -> str:
    """The typed consent signature, or Invalid."""
    text = str(signature or "").strip()
    if len(text) < 2:
        raise Invalid("Type your full name to sign.")
    if len(text) > MAX_SIGNATURE:
        raise Invalid(f"Keep the signature under {MAX_SIGNATURE} characters.")
    return text


def question_of(field: str) -> str:
    """The question key an error's field name belongs to ("surgeries-0-on" -> "surgeries")."""
    return field.split("-", 1)[0]
