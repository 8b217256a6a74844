"""Patient search parameters: parse a query string into filters, or refuse it.

A parameter we do not support is a 400 naming it, never silently ignored: a client that
filters by something we skip would otherwise get (and show) every patient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.fhir.mapping.patient import chart_number_system
from petrissage.patients.models import Patient, Sex
from petrissage.practice.models import Practice

DEFAULT_COUNT = 20
MAX_COUNT = 100
MAX_OFFSET = 100_000
MAX_VALUE_LENGTH = 200

# name, type, description: listed in the CapabilityStatement too.
PATIENT_SEARCH_PARAMS = (
    ("_id", "token", "Logical id of the patient"),
    (
        "name",
        "string",
        "Start of (or, with :contains, any part of) a given, family or "
        "preferred name; :exact matches a whole name. Case-insensitive.",
    ),
    ("family", "string", "Start of the family name"),
    ("given", "string", "Start of the given name"),
    (
        "birthdate",
        "date",
        "Date of birth: YYYY, YYYY-MM or YYYY-MM-DD, with optional prefix eq, ne, lt, le, gt, ge",
    ),
    ("gender", "token", "male | female | other | unknown"),
    ("identifier", "token", "system|value, value, or system|"),
)
RESULT_PARAMS = ("_count", "_offset", "_format")
STRING_MODIFIERS = ("", "exact", "contains")
DATE = re.compile(r"^(eq|ne|lt|le|gt|ge)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class SearchError(Exception):
    """A parameter the server cannot honour; becomes a 400 OperationOutcome."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass
class PatientSearch:
    filters: list[Q] = field(default_factory=list)
    count: int = DEFAULT_COUNT
    offset: int = 0


def _int_param(name: str, text: str, *, maximum: int) -> int:
    if not text.isdigit():
        raise SearchError(name, f"{name} must be a whole number, not {text[:20]!r}.")
    return min(int(text), maximum)


def _string_filter(fields: tuple[str, ...], modifier: str, value: str) -> Q:
    lookup = {"": "istartswith", "contains": "icontains", "exact": "exact"}[modifier]
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__{lookup}": value})
    return condition


def _date_range(parameter: str, text: str) -> tuple[str, date, date]:
    match = DATE.match(text)
    if not match:
        raise SearchError(
            parameter,
            f"{parameter} must look like [prefix]YYYY-MM-DD "
            f"(prefix one of eq, ne, lt, le, gt, ge), not {text[:40]!r}.",
        )
    prefix, year, month, day = match.groups()
    try:
        start = date(int(year), int(month or 1), int(day or 1))
        if day:
            end = start
        elif month:
            end = date(start.year + (start.month == 12), start.month % 12 + 1, 1) - timedelta(1)
        else:
            end = date(start.year, 12, 31)
    except ValueError:
        raise SearchError(parameter, f"{text[:40]!r} is not a real date.") from None
    return prefix or "eq", start, end


def _birthdate_filter(parameter: str, value: str) -> Q:
    prefix, start, end = _date_range(parameter, value)
    in_range = Q(birth_date__gte=start, birth_date__lte=end)
    return {
        "eq": in_range,
        "ne": ~in_range,
        "lt": Q(birth_date__lt=start),
        "le": Q(birth_date__lte=end),
        "gt": Q(birth_date__gt=end),
        "ge": Q(birth_date__gte=start),
    }[prefix]


def _identifier_filter(practice: Practice, value: str) -> Q:
    if "|" not in value:
        return Q(chart_number=value) | Q(identifiers__value=value)
    system, _, code = value.partition("|")
    if system == chart_number_system(practice):
        return Q(chart_number=code) if code else Q()
    if not system:  # "|value": an identifier with no system; we store none
        return Q(pk__in=[])
    if not code:
        return Q(identifiers__system=system)
    return Q(identifiers__system=system, identifiers__value=code)


def _token_filter(parameter: str, value: str) -> Q:
    if parameter == "gender":
        if value not in Sex.values:
            raise SearchError("gender", f"gender must be one of {', '.join(Sex.values)}.")
        return Q(sex=value)
    if not value.isdigit() or len(value) > 18:  # _id: our ids are numbers; others match nothing
        return Q(pk__in=[])
    return Q(pk=int(value))


STRING_FIELDS = {
    "name": ("given_name", "family_name", "preferred_name"),
    "family": ("family_name",),
    "given": ("given_name",),
}


def _check_modifier(parameter: str, modifier: str) -> None:
    allowed = STRING_MODIFIERS if parameter in STRING_FIELDS else ("",)
    if modifier not in allowed:
        key = f"{parameter}:{modifier}"
        hint = " (use :exact or :contains)" if parameter in STRING_FIELDS else ""
        raise SearchError(key, f"The search parameter {key!r} is not supported{hint}.")


def _value_filter(practice: Practice, parameter: str, modifier: str, value: str) -> Q:
    if parameter in STRING_FIELDS:
        return _string_filter(STRING_FIELDS[parameter], modifier, value)
    if parameter == "birthdate":
        return _birthdate_filter(parameter, value)
    if parameter == "identifier":
        return _identifier_filter(practice, value)
    return _token_filter(parameter, value)


SUPPORTED = {name for name, _, _ in PATIENT_SEARCH_PARAMS}


def parse_patient_search(practice: Practice, query: QueryDict) -> PatientSearch:
    """Repeated parameters are ANDed; comma-separated values within one are ORed."""
    search = PatientSearch()
    for key, values in query.lists():
        parameter, _, modifier = key.partition(":")
        if parameter in RESULT_PARAMS:
            _apply_result_param(search, parameter, values[-1])
            continue
        if parameter not in SUPPORTED:
            raise SearchError(
                key,
                f"The search parameter {key!r} is not supported. Supported: "
                f"{', '.join(sorted(SUPPORTED | set(RESULT_PARAMS)))}.",
            )
        _check_modifier(parameter, modifier)
        for value in values:
            search.filters.append(_any_of(practice, parameter, modifier, value))
    return search


def _any_of(practice: Practice, parameter: str, modifier: str, value: str) -> Q:
    if "\x00" in value:
        raise SearchError(parameter, f"{parameter} cannot contain a NUL character.")
    if not value or len(value) > MAX_VALUE_LENGTH:
        raise SearchError(
            parameter, f"{parameter} needs a value of 1 to {MAX_VALUE_LENGTH} characters."
        )
    condition = Q()
    for part in value.split(",")[:10]:
        condition |= _value_filter(practice, parameter, modifier, part.strip())
    return condition


def _apply_result_param(search: PatientSearch, parameter: str, value: str) -> None:
    if parameter == "_count":
        search.count = _int_param("_count", value, maximum=MAX_COUNT)
    elif parameter == "_offset":
        search.offset = _int_param("_offset", value, maximum=MAX_OFFSET)
    elif value not in ("json", "application/json", "application/fhir+json"):
        raise SearchError("_format", "Only JSON is supported (_format=json).")


def run_patient_search(patients: QuerySet[Patient], search: PatientSearch) -> QuerySet[Patient]:
    # Each condition as its own subquery, so joins to identifiers never duplicate patients.
    matches = patients
    for condition in search.filters:
        matches = matches.filter(pk__in=patients.filter(condition).values("pk"))
    return matches.order_by("family_name", "given_name", "id")


def audit_patient_search(*, actor: Actor, shown: list[Patient], total: int, query: str) -> None:
    """One audit event per search; names the patient when exactly one was returned."""
    detail: dict[str, Any] = {"count": len(shown), "total": total, "query": query[:500]}
    if len(shown) == 1:
        detail["patient"] = shown[0].pk
    audit_record(
        actor=actor,
        action="patient.search",
        category=Category.DEMOGRAPHICS,
        patient=shown[0] if len(shown) == 1 else None,
        detail=detail,
    )
