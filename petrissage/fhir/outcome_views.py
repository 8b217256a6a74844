"""Outcome scores at /fhir/R4/Observation: ids "outcome-<pk>", and a search with
`category=survey` (region-finding pain scores stay the default Observation search).
Called from views.observation_read / observation_search, which authenticate."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse

from petrissage.audit.models import Category
from petrissage.audit.services import audit_record
from petrissage.fhir.auth import fhir_actor
from petrissage.fhir.mapping.outcome_observation import INSTRUMENT_SYSTEM, outcome_to_observation
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.search import SearchError
from petrissage.outcomes.models import OutcomeResponse
from petrissage.outcomes.selectors import safe_definition
from petrissage.practice.access import get_patient, get_scoped_or_404, require, scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action

PREFIX = "outcome-"
SURVEY = "survey"
MAX_COUNT = 100
PARAMS = ("category", "patient", "code", "_count", "_offset", "_format")


def is_outcome_id(observation_id: str) -> bool:
    return observation_id.startswith(PREFIX)


def wants_outcomes(query: QueryDict) -> bool:
    return any(value.rpartition("|")[2] == SURVEY for value in query.getlist("category"))


def outcome_observation_read(
    request: HttpRequest, staff: Staff, observation_id: str
) -> HttpResponse:
    actor = fhir_actor(staff, request)
    response = get_scoped_or_404(staff, OutcomeResponse, observation_id.removeprefix(PREFIX))
    patient = get_patient(staff, response.patient_id, Action.CLINICAL_VIEW, actor=actor)
    audit_record(
        actor=actor,
        action="observation.view",
        category=Category.CLINICAL,
        patient=patient,
        detail={"id": observation_id},
    )
    return fhir_response(outcome_to_observation(response))


def _number(name: str, text: str, maximum: int) -> int:
    if not text.isdigit():
        raise SearchError(name, f"{name} must be a whole number, not {text[:20]!r}.")
    return min(int(text), maximum)


def _code_matches(response: OutcomeResponse, wanted: list[str]) -> bool:
    definition = safe_definition(response.instrument)
    codes = {f"{INSTRUMENT_SYSTEM}|{response.instrument.key}", response.instrument.key}
    if definition is not None and definition.code is not None:
        codes |= {definition.code.code, f"{definition.code.system}|{definition.code.code}"}
    return any(code in codes for code in wanted)


def _filtered(staff: Staff, query: QueryDict) -> QuerySet[OutcomeResponse]:
    rows = scoped(staff, OutcomeResponse).select_related("instrument")
    for key in query:
        if key not in PARAMS:
            raise SearchError(
                key, f"{key!r} is not supported with category=survey; use {', '.join(PARAMS)}."
            )
    for value in query.getlist("patient"):
        ident = value.removeprefix("Patient/")
        rows = rows.filter(patient_id=int(ident)) if ident.isdigit() else rows.none()
    return rows.order_by("patient_id", "collected_at", "id")


def outcome_observation_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, Action.CLINICAL_VIEW, actor=actor)
    query = request.GET
    count = _number("_count", query.get("_count", "50"), MAX_COUNT)
    offset = _number("_offset", query.get("_offset", "0"), 100_000)
    matches = list(_filtered(staff, query)[:5000])
    wanted = [part.strip() for value in query.getlist("code") for part in value.split(",")]
    if wanted:
        matches = [m for m in matches if _code_matches(m, wanted)]
    page = matches[offset : offset + count]
    patients = {m.patient_id for m in page}
    audit_record(
        actor=actor,
        action="observation.search",
        category=Category.CLINICAL,
        patient=page[0].patient if len(patients) == 1 else None,
        detail={"total": len(matches), "count": len(page), "query": query.urlencode()[:500]},
    )
    base = request.build_absolute_uri(reverse("fhir:metadata")).removesuffix("metadata")
    params = {k: v for k, v in query.items() if k not in ("_offset",)}
    self_link = f"{base}Observation?{urlencode({**params, '_offset': offset})}"
    bundle: dict[str, object] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(matches),
        "link": [{"relation": "self", "url": self_link}],
    }
    if page:
        bundle["entry"] = [
            {
                "fullUrl": f"{base}Observation/{PREFIX}{m.pk}",
                "resource": outcome_to_observation(m),
                "search": {"mode": "match"},
            }
            for m in page
        ]
    return fhir_response(bundle)
