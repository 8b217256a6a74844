"""FHIR responses: the content type, and OperationOutcome for every error."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

FHIR_JSON = "application/fhir+json; charset=utf-8"

# http://hl7.org/fhir/R4/valueset-issue-type.html
ISSUE_CODE_FOR_STATUS = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    500: "exception",
}


def fhir_response(resource: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(resource), status=status, content_type=FHIR_JSON)


def operation_outcome(message: str, *, code: str, expression: str | None = None) -> dict[str, Any]:
    issue: dict[str, Any] = {
        "severity": "error",
        "code": code,
        "details": {"text": message},
        "diagnostics": message,
    }
    if expression:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def outcome_response(message: str, status: int, *, expression: str | None = None) -> HttpResponse:
    code = ISSUE_CODE_FOR_STATUS.get(status, "processing")
    response = fhir_response(operation_outcome(message, code=code, expression=expression), status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="fhir"'
    return response
