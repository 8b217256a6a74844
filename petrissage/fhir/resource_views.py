"""Read and search views made from a Spec: one place that scopes, checks, pages and audits.

A Spec names the resource type, the role action it needs, its search parameters (what the
CapabilityStatement lists, and exactly what is honoured) and its sources: querysets of this
practice's rows with, per parameter, how a value filters them. A type can have several
sources (Encounter: our session notes and imported history, ids "hist-<pk>"); a search pages
across them in order.

Scoping: every source starts from `scoped()` rows of the caller's practice, and the role is
checked (after the parameters, so a bad parameter is a 400 for everyone) with `require`.
`fhir_endpoint` turns a refusal into exactly what a miss looks like: 404 on a read, an empty
searchset on a search. A patient of another practice simply matches nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.search import RESULT_PARAMS, SearchError
from petrissage.fhir.searchset import (
    NOTHING,
    Build,
    Keep,
    Page,
    Param,
    any_of,
    parse_page,
    searchset_response,
    split_values,
)
from petrissage.patients.models import Patient
from petrissage.practice.access import require, scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action

MAX_SCAN = 2000  # rows mapped per source when a filter needs the mapped resource
ToFhir = Callable[[Any, HttpRequest], dict[str, Any]]


def plain(mapper: Callable[[Any], dict[str, Any]]) -> ToFhir:
    """A mapping function that does not need the request."""
    return lambda row, request: mapper(row)


@dataclass(frozen=True)
class Source:
    rows: Callable[[Staff], QuerySet[Any]]  # this practice's rows, in result order
    filters: Mapping[str, Build]  # parameter name -> condition; missing: matches nothing
    to_fhir: ToFhir
    prefix: str = ""  # id prefix of its resources ("" = the plain row id)
    read_fhir: Callable[[Any, HttpRequest], dict[str, Any] | None] | None = None


@dataclass(frozen=True)
class Spec:
    resource: str
    action: Action
    category: Category
    params: tuple[Param, ...]
    sources: tuple[Source, ...]
    search_audit: str
    read_audit: str
    required: tuple[str, ...] = ()  # a search needs at least one of these
    defaults: Mapping[str, str] = field(default_factory=dict)
    documentation: str = ""

    def capability(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "type": self.resource,
            "profile": f"http://hl7.org/fhir/StructureDefinition/{self.resource}",
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "versioning": "no-version",
            "searchParam": [param.capability() for param in self.params],
        }
        if self.documentation:
            entry["documentation"] = self.documentation
        return entry


# Parsing: parameters -> conditions per source (before the role check) ---------------------


@dataclass
class Plan:
    source: Source
    filters: list[Q] = field(default_factory=list)
    keeps: list[Keep] = field(default_factory=list)
    empty: bool = False


def parse(spec: Spec, query: QueryDict, tz: ZoneInfo) -> tuple[list[Plan], Page]:
    """Every parameter checked (400 when unsupported or malformed) and built per source."""
    page = parse_page(query)
    names = {param.name for param in spec.params}
    given: dict[str, list[list[str]]] = {}
    for key, values in query.lists():
        if key in RESULT_PARAMS:
            continue
        if key not in names:
            supported = ", ".join(sorted(names | set(RESULT_PARAMS)))
            raise SearchError(
                key,
                f"Search parameter {key!r} is not supported for {spec.resource}. "
                f"Supported: {supported}.",
            )
        given.setdefault(key, []).extend(split_values(key, values))
    if spec.required and not any(name in given for name in spec.required):
        wanted = " or ".join(f"{name}=" for name in spec.required)
        raise SearchError(spec.required[0], f"{spec.resource} searches need {wanted}.")
    for name, default in spec.defaults.items():
        given.setdefault(name, [[default]])
    plans = []
    for source in spec.sources:
        plan = Plan(source)
        for name, occurrences in given.items():
            build = source.filters.get(name)
            if build is None:
                plan.empty = True
                continue
            for alternatives in occurrences:
                try:
                    condition = any_of([build(value, tz) for value in alternatives])
                except SearchError as error:  # named as the client spelled it
                    raise SearchError(name, error.message) from None
                if isinstance(condition, Keep):
                    plan.keeps.append(condition)
                else:
                    plan.filters.append(condition)
        plans.append(plan)
    return plans, page


# Running: count and page across the sources -----------------------------------------------


class _Piece:
    def __init__(self, plan: Plan, staff: Staff, request: HttpRequest) -> None:
        self.source = plan.source
        self.request = request
        rows = plan.source.rows(staff)
        for condition in plan.filters:
            rows = rows.filter(condition)
        self.rows = rows.none() if plan.empty else rows
        self.kept: list[dict[str, Any]] | None = None
        if plan.keeps and not plan.empty:
            mapped = (self.source.to_fhir(row, request) for row in self.rows[:MAX_SCAN])
            self.kept = [r for r in mapped if all(keep.test(r) for keep in plan.keeps)]

    def count(self) -> int:
        return len(self.kept) if self.kept is not None else self.rows.count()

    def slice(self, start: int, stop: int) -> list[dict[str, Any]]:
        if self.kept is not None:
            return self.kept[start:stop]
        return [self.source.to_fhir(row, self.request) for row in self.rows[start:stop]]


def run(
    plans: list[Plan], page: Page, staff: Staff, request: HttpRequest
) -> tuple[list[dict[str, Any]], int]:
    """The page of mapped resources and the number of matches."""
    total, found = 0, []
    for plan in plans:
        piece = _Piece(plan, staff, request)
        size = piece.count()
        start, stop = max(page.offset - total, 0), page.offset + page.count - total
        if stop > 0 and start < size:
            found += piece.slice(start, min(stop, size))
        total += size
    return found, total


def search(
    request: HttpRequest, staff: Staff, spec: Spec, actor: Actor
) -> tuple[list[dict[str, Any]], int, Page]:
    plans, page = parse(spec, request.GET, staff.practice.zone)
    require(staff, spec.action, actor=actor)
    found, total = run(plans, page, staff, request)
    return found, total, page


def read(request: HttpRequest, staff: Staff, spec: Spec, resource_id: str) -> dict[str, Any]:
    """The resource with this id, or Http404 (unknown, another practice's, or not readable)."""
    for source in sorted(spec.sources, key=lambda s: -len(s.prefix)):
        if source.prefix and not resource_id.startswith(source.prefix):
            continue
        pk = resource_id.removeprefix(source.prefix)
        if not pk.isdigit() or len(pk) > 18:
            break
        row = source.rows(staff).filter(pk=int(pk)).first()
        resource = None if row is None else (source.read_fhir or source.to_fhir)(row, request)
        if resource is None:
            break
        return resource
    raise Http404


# Audit ------------------------------------------------------------------------------------


def patient_ids(resource: dict[str, Any]) -> set[int]:
    """The patients a resource is about (subject, patient, beneficiary, participants)."""
    references = [resource.get(key) for key in ("subject", "patient", "beneficiary")]
    references += [p.get("actor") for p in resource.get("participant", [])]
    return {
        int(ref["reference"].removeprefix("Patient/"))
        for ref in references
        if isinstance(ref, dict)
        and str(ref.get("reference", "")).startswith("Patient/")
        and ref["reference"].removeprefix("Patient/").isdigit()
    }


def single_patient(staff: Staff, resources: list[dict[str, Any]]) -> Patient | None:
    ids = set().union(*(patient_ids(r) for r in resources)) if resources else set()
    if len(ids) != 1:
        return None
    return scoped(staff, Patient).filter(pk=ids.pop()).first()


def audit_search(
    actor: Actor,
    staff: Staff,
    spec: Spec,
    query: QueryDict,
    found: list[dict[str, Any]],
    total: int,
) -> None:
    audit_record(
        actor=actor,
        action=spec.search_audit,
        category=spec.category,
        patient=single_patient(staff, found),
        detail={
            "resource": spec.resource,
            "total": total,
            "count": len(found),
            "query": query.urlencode()[:300],
        },
    )


def audit_read(actor: Actor, staff: Staff, spec: Spec, resource: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        action=spec.read_audit,
        category=spec.category,
        patient=single_patient(staff, [resource]),
        detail={"resource": spec.resource, "id": resource["id"]},
    )


def spec_views(spec: Spec) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
    """The search and read views of a Spec (URL keyword: resource_id)."""

    @fhir_endpoint()
    def search_view(request: HttpRequest, staff: Staff) -> HttpResponse:
        actor = fhir_actor(staff, request)
        found, total, page = search(request, staff, spec, actor)
        audit_search(actor, staff, spec, request.GET, found, total)
        return searchset_response(request, found, total, page)

    @fhir_endpoint()
    def read_view(request: HttpRequest, staff: Staff, resource_id: str) -> HttpResponse:
        actor = fhir_actor(staff, request)
        require(staff, spec.action, actor=actor)
        resource = read(request, staff, spec, resource_id)
        audit_read(actor, staff, spec, resource)
        return fhir_response(resource)

    search_view.__name__ = f"{spec.resource.lower()}_search"
    read_view.__name__ = f"{spec.resource.lower()}_read"
    return search_view, read_view


def patient_filter(source: Source, patient: Patient, tz: ZoneInfo) -> Q:
    """How `patient=` filters this source (for $everything), or nothing."""
    build = source.filters.get("patient")
    condition = build(str(patient.pk), tz) if build else NOTHING
    return condition if isinstance(condition, Q) else NOTHING
