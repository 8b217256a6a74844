"""The JSON API at /api/v1/: one NinjaAPI assembling each app's Router.

Errors are JSON with a `detail`: 401 (no or bad token, from ninja), 403 (role may not),
404 (not found or another practice's), 422 (bad input, naming each field).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from petrissage.patients.api import router as patients_router
from petrissage.practice.api_auth import BearerToken
from petrissage.scheduling.api import router as scheduling_router

api = NinjaAPI(
    title="Petrissage API",
    version="1",
    auth=BearerToken(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/patients", patients_router)
api.add_router("", scheduling_router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    detail = str(error) or "Your role may not do this."
    return api.create_response(request, {"detail": detail}, status=403)


def field_errors(error: ValidationError) -> list[dict[str, object]]:
    """A service's ValidationError in the shape of ninja's 422: loc ends with the field."""
    if not hasattr(error, "error_dict"):
        return [
            {"loc": ["body"], "msg": message, "type": "value_error"} for message in error.messages
        ]
    return [
        {
            "loc": ["body", field] if field != "__all__" else ["body"],
            "msg": message,
            "type": "value_error",
        }
        for field, messages in error.message_dict.items()
        for message in messages
    ]


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": field_errors(error)}, status=422)
