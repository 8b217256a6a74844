"""FHIR read and search for the patient's history and the practice's referrers: Condition,
MedicationStatement, AllergyIntolerance, Coverage, Practitioner.

Every query goes through `scoped` (the token's practice) and `require` (the role); a patient
of another practice simply matches nothing, so an empty result and a forbidden one look the
same. Unsupported parameters are a 400 OperationOutcome; `_count` is capped at 100."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse

from petrissage.audit.models import Category
from petrissage.audit.services import audit_record
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.mapping.allergy import ALLERGY_SEARCH_PARAMS, allergy_resource
from petrissage.fhir.mapping.condition import CONDITION_SEARCH_PARAMS, condition_resource
from petrissage.fhir.mapping.coverage import COVERAGE_SEARCH_PARAMS, coverage_resource
from petrissage.fhir.mapping.medication_statement import (
    MEDICATION_SEARCH_PARAMS,
    medication_statement_resource,
)
from petrissage.fhir.mapping.practitioner import PRACTITIONER_SEARCH_PARAMS, practitioner_resource
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.search import DEFAULT_COUNT, MAX_COUNT, MAX_OFFSET, SearchError, _date_range
from petrissage.patients.models import (
    Coverage,
    PatientAllergy,
    PatientCondition,
    PatientMedication,
)
from petrissage.practice.access import get_scoped_or_404, require, scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action
from petrissage.referrals.models import ReferringProvider

Filter = Callable[[str], Q]
RESULT_PARAMS = ("_count", "_offset", "_format")


def _patient(value: str) -> Q:
    pid = value.removeprefix("Patient/")
    if not pid.isdigit() or len(pid) > 18:
        return Q(pk__in=[])
    return Q(patient_id=int(pid))


def _code(code_field: str, system_field: str | None, *extra: str) -> Filter:
    def build(value: str) -> Q:
        system, bar, code = value.rpartition("|")
        condition = Q(**{code_field: code})
        if bar and system and system_field:
            condition &= Q(**{system_field: system})
        for name in extra:
            condition |= Q(**{name: code})
        return condition

    return build


def _date(field: str) -> Filter:
    def build(value: str) -> Q:
        prefix, start, end = _date_range("date", value)
        inside = Q(**{f"{field}__gte": start, f"{field}__lte": end})
        return {
            "eq": inside,
            "ne": ~inside,
            "lt": Q(**{f"{field}__lt": start}),
            "le": Q(**{f"{field}__lte": end}),
            "gt": Q(**{f"{field}__gt": end}),
            "ge": Q(**{f"{field}__gte": start}),
        }[prefix]

    return build


def _exact(field: str, mapping: dict[str, Any] | None = None) -> Filter:
    return lambda value: Q(**{field: mapping.get(value, value) if mapping else value})


def _npi(value: str) -> Q:
    return Q(npi=value.rpartition("|")[2])


@dataclass(frozen=True)
class Spec:
    resource: str
    model: type[models.Model]
    action: Action
    category: Category
    to_fhir: Callable[[Any], dict[str, Any]]
    filters: dict[str, Filter]
    documented: tuple[tuple[str, str, str], ...]


SPECS = {
    "Condition": Spec(
        "Condition", PatientCondition, Action.CLINICAL_VIEW, Category.CLINICAL,
        condition_resource,
        {
            "patient": _patient, "subject": _patient,
            "code": _code("code", "system", "icd10_code"),
            "clinical-status": _exact("clinical_status"),
            "onset-date": _date("onset"),
        },
        CONDITION_SEARCH_PARAMS,
    ),
    "MedicationStatement": Spec(
        "MedicationStatement", PatientMedication, Action.CLINICAL_VIEW, Category.CLINICAL,
        medication_statement_resource,
        {
            "patient": _patient, "subject": _patient,
            "code": _code("rxnorm", None),
            "status": _exact("active", {"active": True, "stopped": False}),
        },
        MEDICATION_SEARCH_PARAMS,
    ),
    "AllergyIntolerance": Spec(
        "AllergyIntolerance", PatientAllergy, Action.CLINICAL_VIEW, Category.CLINICAL,
        allergy_resource,
        {
            "patient": _patient,
            "code": _code("code", "system"),
            "clinical-status": _exact("clinical_status"),
        },
        ALLERGY_SEARCH_PARAMS,
    ),
    "Coverage": Spec(
        "Coverage", Coverage, Action.COVERAGE_VIEW, Category.COVERAGE, coverage_resource,
        {
            "patient": _patient, "beneficiary": _patient,
            "status": _exact("active", {"active": True, "cancelled": False}),
        },
        COVERAGE_SEARCH_PARAMS,
    ),
    "Practitioner": Spec(
        "Practitioner", ReferringProvider, Action.PATIENT_VIEW, Category.CLINICAL,
        practitioner_resource,
        {"name": lambda v: Q(name__icontains=v), "identifier": _npi},
        PRACTITIONER_SEARCH_PARAMS,
    ),
}  # fmt: skip


def _page(query: QueryDict) -> tuple[int, int]:
    def number(name: str, default: int, maximum: int) -> int:
        text = query.get(name, str(default))
        if not text.isdigit():
            raise SearchError(name, f"{name} must be a whole number, not {text[:20]!r}.")
        return min(int(text), maximum)

    return number("_count", DEFAULT_COUNT, MAX_COUNT), number("_offset", 0, MAX_OFFSET)


def _filters(spec: Spec, query: QueryDict) -> list[Q]:
    found: list[Q] = []
    for key, values in query.lists():
        if key in RESULT_PARAMS:
            continue
        if key not in spec.filters:
            supported = ", ".join(sorted([*spec.filters, *RESULT_PARAMS]))
            raise SearchError(
                key, f"Search parameter {key!r} is not supported for {spec.resource}. "
                f"Supported: {supported}."
            )  # fmt: skip
        for value in values:
            if not value or len(value) > 200 or "\x00" in value:
                raise SearchError(key, f"{key} needs a value of 1 to 200 characters.")
            either = Q()
            for part in value.split(",")[:10]:
                either |= spec.filters[key](part.strip())
            found.append(either)
    return found


def _link(request: HttpRequest, relation: str, count: int, offset: int) -> dict[str, str]:
    params = request.GET.copy()
    params["_count"], params["_offset"] = str(count), str(offset)
    return {
        "relation": relation,
        "url": f"{request.build_absolute_uri(request.path)}?{params.urlencode()}",
    }


def _search(request: HttpRequest, staff: Staff, spec: Spec) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, spec.action, actor=actor)
    count, offset = _page(request.GET)
    rows = scoped(staff, spec.model)
    for condition in _filters(spec, request.GET):
        rows = rows.filter(condition)
    total = rows.count()
    page = list(rows.order_by("pk")[offset : offset + count])
    patients = {getattr(r, "patient_id", None) for r in page} - {None}
    audit_record(
        actor=actor,
        action=f"{spec.resource.lower()}.fhir_search",
        category=spec.category,
        detail={"total": total, "shown": len(page), "query": request.GET.urlencode()[:300]},
        patient=page[0].patient if len(patients) == 1 else None,  # type: ignore[attr-defined]
    )
    base = request.build_absolute_uri(reverse("fhir:metadata")).removesuffix("metadata")
    links = [_link(request, "self", count, offset)]
    if offset + count < total:
        links.append(_link(request, "next", count, offset + count))
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "searchset", "total": total}
    bundle["link"] = links
    if page:
        bundle["entry"] = [
            {
                "fullUrl": f"{base}{spec.resource}/{row.pk}",
                "resource": spec.to_fhir(row),
                "search": {"mode": "match"},
            }
            for row in page
        ]
    return fhir_response(bundle)


def _read(request: HttpRequest, staff: Staff, spec: Spec, pk: str) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, spec.action, actor=actor)
    row = get_scoped_or_404(staff, spec.model, pk)
    audit_record(
        actor=actor,
        action=f"{spec.resource.lower()}.fhir_read",
        category=spec.category,
        patient=getattr(row, "patient", None),
        detail={"id": row.pk},
    )
    return fhir_response(spec.to_fhir(row))


def _views(resource: str) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
    spec = SPECS[resource]

    @fhir_endpoint()
    def search(request: HttpRequest, staff: Staff) -> HttpResponse:
        return _search(request, staff, spec)

    @fhir_endpoint()
    def read(request: HttpRequest, staff: Staff, pk: str) -> HttpResponse:
        return _read(request, staff, spec, pk)

    return search, read


condition_search, condition_read = _views("Condition")
medication_statement_search, medication_statement_read = _views("MedicationStatement")
allergy_search, allergy_read = _views("AllergyIntolerance")
coverage_search, coverage_read = _views("Coverage")
practitioner_search, practitioner_read = _views("Practitioner")


def capability_resources() -> list[dict[str, Any]]:
    return [
        {
            "type": spec.resource,
            "profile": f"http://hl7.org/fhir/StructureDefinition/{spec.resource}",
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                {"name": name, "type": kind, "documentation": text}
                for name, kind, text in spec.documented
            ],
        }
        for spec in SPECS.values()
    ]
