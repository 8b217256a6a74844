"""The two things every FHIR search view does: refuse parameters it does not support
(400 OperationOutcome naming the parameter, never silently ignored) and answer with a
searchset Bundle."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict

from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.search import MAX_COUNT, SearchError


def check_params(query: QueryDict, allowed: set[str], resource: str) -> int:
    """Refuse unsupported parameters; the page size (`_count`, default 50, capped)."""
    for name in query:
        if name not in allowed:
            raise SearchError(name, f"Search parameter {name!r} is not supported for {resource}.")
    count = query.get("_count", "50")
    if not count.isdigit():
        raise SearchError("_count", "_count must be a whole number.")
    return min(int(count), MAX_COUNT)


def searchset_response(
    request: HttpRequest, resources: list[dict[str, Any]], total: int | None = None
) -> HttpResponse:
    """A searchset Bundle of `resources`; `total` is the match count when it differs from
    the page (defaults to the number of resources)."""
    base = request.build_absolute_uri(request.path).rsplit("/", 1)[0]
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources) if total is None else total,
        "link": [{"relation": "self", "url": request.build_absolute_uri()}],
    }
    if resources:
        bundle["entry"] = [
            {
                "fullUrl": f"{base}/{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in resources
        ]
    return fhir_response(bundle)
