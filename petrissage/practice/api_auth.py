"""Bearer-token authentication shared by the JSON API and the FHIR facade."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from petrissage.practice.models import ApiToken, Staff
from petrissage.practice.services import api_token_authenticate


def bearer_secret(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def staff_for_token(request: HttpRequest) -> Staff | None:
    secret = bearer_secret(request)
    token: ApiToken | None = api_token_authenticate(secret) if secret else None
    return token.staff if token else None


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Staff | None:
        found = api_token_authenticate(token)
        if found is None:
            return None
        request.staff = found.staff  # type: ignore[attr-defined]
        return found.staff
