"""What every FHIR search shares: the page (`_count` capped, `_offset`), the searchset Bundle
with its self/next/previous links, and the builders that turn one parameter value into a
database condition (`Q`) or, for values the database does not hold, a test on the mapped
resource (`Keep`). A value the server cannot honour is a SearchError (400 OperationOutcome
naming the parameter), never silently ignored."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse

from petrissage.domain.scheduling import wall_time_instant
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.search import (
    DEFAULT_COUNT,
    MAX_COUNT,
    MAX_OFFSET,
    SearchError,
    _date_range,
)

FORMATS = ("json", "application/json", "application/fhir+json")
INSTANT = re.compile(
    r"^(eq|ne|lt|le|gt|ge)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)(Z|[+-]\d{2}:\d{2})$"
)


# The page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    count: int = DEFAULT_COUNT
    offset: int = 0


def _number(query: QueryDict, name: str, default: int, maximum: int) -> int:
    text = query.get(name, str(default))
    if not text.isdigit():
        raise SearchError(name, f"{name} must be a whole number, not {text[:20]!r}.")
    return min(int(text), maximum)


def parse_page(query: QueryDict, default_count: int = DEFAULT_COUNT) -> Page:
    """`_count` (capped at MAX_COUNT, never an error) and `_offset`; `_format` must be JSON."""
    if query.get("_format", "json") not in FORMATS:
        raise SearchError("_format", "Only JSON is supported (_format=json).")
    return Page(
        _number(query, "_count", default_count, MAX_COUNT),
        _number(query, "_offset", 0, MAX_OFFSET),
    )


def check_params(query: QueryDict, allowed: set[str], resource: str) -> int:
    """Refuse unsupported parameters; the page size (`_count`, default 50, capped)."""
    for name in query:
        if name not in allowed:
            raise SearchError(name, f"Search parameter {name!r} is not supported for {resource}.")
    return parse_page(query, 50).count


# The Bundle -------------------------------------------------------------------------------


def _link(request: HttpRequest, relation: str, page: Page, offset: int) -> dict[str, str]:
    params = [
        (key, value)
        for key, values in request.GET.lists()
        for value in values
        if key not in ("_count", "_offset")
    ]
    params += [("_count", str(page.count)), ("_offset", str(offset))]
    return {
        "relation": relation,
        "url": f"{request.build_absolute_uri(request.path)}?{urlencode(params)}",
    }


def page_links(request: HttpRequest, page: Page, total: int) -> list[dict[str, str]]:
    """self (with the page actually served), next while more match, previous after the first."""
    links = [_link(request, "self", page, page.offset)]
    if page.count and page.offset + page.count < total:
        links.append(_link(request, "next", page, page.offset + page.count))
    if page.count and page.offset:
        links.append(_link(request, "previous", page, max(page.offset - page.count, 0)))
    return links


def fhir_base(request: HttpRequest) -> str:
    """The FHIR base URL (".../fhir/R4/") of this request."""
    return request.build_absolute_uri(reverse("fhir:metadata")).removesuffix("metadata")


def searchset_response(
    request: HttpRequest,
    resources: list[dict[str, Any]],
    total: int | None = None,
    page: Page | None = None,
) -> HttpResponse:
    """A searchset Bundle of `resources` (one page); `total` counts every match."""
    total = len(resources) if total is None else total
    if page is None:  # not paged (an operation): the request itself
        links = [{"relation": "self", "url": request.build_absolute_uri()}]
    else:
        links = page_links(request, page, total)
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": links,
    }
    if resources:
        base = fhir_base(request)
        bundle["entry"] = [
            {
                "fullUrl": f"{base}{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in resources
        ]
    return fhir_response(bundle)


def empty_searchset(request: HttpRequest) -> HttpResponse:
    """Exactly what a search that matched nothing answers: how a search the caller may not
    see (another practice's patient, a role without access) looks."""
    try:
        page = parse_page(request.GET)
    except SearchError:
        page = Page()
    return searchset_response(request, [], 0, page)


# Conditions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keep:
    """A test on the mapped resource, for a value the database does not hold (a status
    computed from several rows, a period derived from the case)."""

    test: Callable[[dict[str, Any]], bool]


Condition = Q | Keep
NOTHING = Q(pk__in=[])
Build = Callable[[str, ZoneInfo], Condition]


@dataclass(frozen=True)
class Param:
    """A search parameter as the CapabilityStatement lists it."""

    name: str
    type: str
    doc: str

    def capability(self) -> dict[str, str]:
        return {"name": self.name, "type": self.type, "documentation": self.doc}


def any_of(conditions: list[Condition]) -> Condition:
    """The alternatives of one occurrence (comma-separated values), ORed."""
    queries = [c for c in conditions if isinstance(c, Q)]
    if len(queries) == len(conditions):
        either = queries[0]
        for condition in queries[1:]:
            either |= condition
        return either
    tests = [c.test for c in conditions if isinstance(c, Keep)]
    return Keep(lambda resource: any(test(resource) for test in tests))


def split_values(parameter: str, values: Iterable[str]) -> list[list[str]]:
    """Each occurrence (ANDed) as its comma-separated alternatives (ORed), checked."""
    occurrences = []
    for value in values:
        if not value or len(value) > 200 or "\x00" in value:
            raise SearchError(parameter, f"{parameter} needs a value of 1 to 200 characters.")
        parts = [part.strip() for part in value.split(",")[:10] if part.strip()]
        if not parts:
            raise SearchError(parameter, f"{parameter} needs a value.")
        occurrences.append(parts)
    return occurrences


def reference(prefix: str, field: str, *, strict: bool = True) -> Build:
    """`Prefix/{id}` or `{id}`. A malformed id is a 400 (strict) or matches nothing."""

    def build(value: str, tz: ZoneInfo) -> Q:
        text = value.removeprefix(f"{prefix}/")
        if text.isdigit() and len(text) <= 18:
            return Q(**{field: int(text)})
        if strict:
            raise SearchError(
                prefix.lower(), f"A reference must be {prefix}/{{id}} with a numeric id."
            )
        return NOTHING

    return build


def token(field: str | None, values: Mapping[str, object], name: str) -> Build:
    """A coded value from `values` (code -> stored value; None: a valid code we never hold).
    A code outside the list is a 400 naming the choices. `field` None: every row has the
    value that maps to True (e.g. every Procedure here is completed)."""

    def build(value: str, tz: ZoneInfo) -> Q:
        code = value.rpartition("|")[2]
        if code not in values:
            raise SearchError(name, f"{name} must be one of {' | '.join(values)}.")
        stored = values[code]
        if stored is None:
            return NOTHING
        if field is None:
            return Q() if stored is True else NOTHING
        return Q(**{field: stored})

    return build


def coded(code_field: str, system_field: str | None = None, *also: str) -> Build:
    """`system|code` or `code` against a code column (and optionally its system column)."""

    def build(value: str, tz: ZoneInfo) -> Q:
        system, bar, code = value.rpartition("|")
        condition = Q(**{code_field: code})
        if bar and system and system_field:
            condition &= Q(**{system_field: system})
        for name in also:
            condition |= Q(**{name: code})
        return condition

    return build


@dataclass(frozen=True)
class Bounds:
    """A search date as an instant range [start, end) with its prefix."""

    prefix: str
    start: datetime
    end: datetime

    def q(self, field: str) -> Q:
        inside = Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})
        return {
            "eq": inside,
            "ne": ~inside,
            "lt": Q(**{f"{field}__lt": self.start}),
            "le": Q(**{f"{field}__lt": self.end}),
            "gt": Q(**{f"{field}__gte": self.end}),
            "ge": Q(**{f"{field}__gte": self.start}),
        }[self.prefix]

    def holds(self, moment: datetime) -> bool:
        inside = self.start <= moment < self.end
        return {
            "eq": inside,
            "ne": not inside,
            "lt": moment < self.start,
            "le": moment < self.end,
            "gt": moment >= self.end,
            "ge": moment >= self.start,
        }[self.prefix]


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return wall_time_instant(day, time(0), tz)


def bounds(parameter: str, value: str, tz: ZoneInfo) -> Bounds:
    """[prefix]YYYY, YYYY-MM, YYYY-MM-DD (days in the practice's time zone) or an instant
    with its offset (YYYY-MM-DDThh:mm[:ss]Z)."""
    instant = INSTANT.match(value)
    if instant:
        prefix, text, _, _, zone = instant.groups()
        try:
            moment = datetime.fromisoformat(text + ("+00:00" if zone == "Z" else zone))
        except ValueError:
            raise SearchError(parameter, f"{value[:40]!r} is not a real date.") from None
        return Bounds(prefix or "eq", moment, moment + timedelta(seconds=1))
    prefix, first, last = _date_range(parameter, value)
    return Bounds(prefix, _midnight(first, tz), _midnight(last + timedelta(days=1), tz))


def _days(name: str, value: str, tz: ZoneInfo) -> tuple[str, date, date]:
    """(prefix, first day, last day) of a search date; an instant counts as its day."""
    if INSTANT.match(value):
        found = bounds(name, value, tz)
        day = found.start.astimezone(tz).date()
        return found.prefix, day, day
    return _date_range(name, value)


def date_of_field(field: str, name: str, *, is_date: bool = False) -> Build:
    """A date search on a DateTimeField, or on a DateField (`is_date`: whole days)."""

    def build(value: str, tz: ZoneInfo) -> Q:
        if not is_date:
            return bounds(name, value, tz).q(field)
        prefix, first, last = _days(name, value, tz)
        inside = Q(**{f"{field}__gte": first, f"{field}__lte": last})
        return {
            "eq": inside,
            "ne": ~inside,
            "lt": Q(**{f"{field}__lt": first}),
            "le": Q(**{f"{field}__lte": last}),
            "gt": Q(**{f"{field}__gt": last}),
            "ge": Q(**{f"{field}__gte": first}),
        }[prefix]

    return build


def moment_of(text: str, tz: ZoneInfo) -> datetime | None:
    """An ISO date or date-time of a resource as an instant (a date: its first moment)."""
    try:
        if "T" not in text:
            return _midnight(date.fromisoformat(text[:10]), tz)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def date_of_resource(path: tuple[str, ...], name: str) -> Build:
    """A date search on an element of the mapped resource (e.g. ("period", "start"))."""

    def build(value: str, tz: ZoneInfo) -> Keep:
        found = bounds(name, value, tz)

        def test(resource: dict[str, Any]) -> bool:
            element: Any = resource
            for key in path:
                element = element.get(key) if isinstance(element, dict) else None
            moment = moment_of(element, tz) if isinstance(element, str) else None
            return moment is not None and found.holds(moment)

        return Keep(test)

    return build


def status_of_resource(values: tuple[str, ...], name: str = "status") -> Build:
    """A status computed while mapping (checked against the resource's `status`)."""

    def build(value: str, tz: ZoneInfo) -> Keep:
        if value not in values:
            raise SearchError(name, f"{name} must be one of {' | '.join(values)}.")
        return Keep(lambda resource: resource.get("status") == value)

    return build


def coding_of_resource(element: str) -> Build:
    """`system|code` or `code` against the codings of a CodeableConcept of the resource."""

    def build(value: str, tz: ZoneInfo) -> Keep:
        system, bar, code = value.rpartition("|")

        def test(resource: dict[str, Any]) -> bool:
            concept = resource.get(element)
            codings = concept.get("coding", []) if isinstance(concept, dict) else []
            return any(
                c.get("code") == code and (not bar or not system or c.get("system") == system)
                for c in codings
            )

        return Keep(test)

    return build


def fixed(code: str, name: str, choices: tuple[str, ...]) -> Build:
    """A token every row of a source has the same value of (`code`); other valid codes
    match nothing, invalid ones are a 400."""
    return token(None, {choice: (choice == code) or None for choice in choices}, name)
