"""Authentication and error handling for FHIR endpoints.

`fhir_endpoint` wraps a view: checks the method, resolves the bearer token to a staff
member, and turns errors into OperationOutcomes (401, 404, 400) so no error leaves the
facade as HTML or a 500.

Practice and role scoping look exactly like a miss (issue 10: "an empty result and a
forbidden one look the same"): a record of another practice, or one the caller's role may
not see, is the same 404 as an id that does not exist, and such a search is the same empty
searchset as one that matched nothing. The refusal is still audited (`require`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from petrissage.audit.services import Actor
from petrissage.fhir.outcome import outcome_response
from petrissage.fhir.search import SearchError
from petrissage.fhir.searchset import empty_searchset
from petrissage.practice.api_auth import staff_for_token
from petrissage.practice.models import Staff

FhirView = Callable[..., HttpResponse]
AuthenticatedView = Callable[..., HttpResponse]
NOT_FOUND = "Resource not found."


def fhir_actor(staff: Staff, request: HttpRequest) -> Actor:
    return Actor.for_staff(staff, request, source="fhir")


def _method_not_allowed(request: HttpRequest) -> HttpResponse | None:
    if request.method in ("GET", "HEAD"):
        return None
    response = outcome_response(
        f"{request.method} is not supported here; this server is read-only.", 405
    )
    response["Allow"] = "GET, HEAD"
    return response


def fhir_endpoint(*, authenticated: bool = True) -> Callable[[AuthenticatedView], FhirView]:
    """Wrap a view taking (request, staff, ...) or, if not authenticated, (request, ...)."""

    def decorator(view: AuthenticatedView) -> FhirView:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            refused = _method_not_allowed(request)
            if refused is not None:
                return refused
            try:
                if not authenticated:
                    return view(request, *args, **kwargs)
                staff = staff_for_token(request)
                if staff is None:
                    return outcome_response(
                        "Send a valid API token: Authorization: Bearer <token>.", 401
                    )
                return view(request, staff, *args, **kwargs)
            except SearchError as error:
                return outcome_response(error.message, 400, expression=error.parameter)
            except (Http404, PermissionDenied):
                # Missing, another practice's, or not for this role: all look the same.
                if args or kwargs:  # a read (or an operation on one resource)
                    return outcome_response(NOT_FOUND, 404)
                return empty_searchset(request)

        return wrapper

    return decorator
