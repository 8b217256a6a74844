"""The JSON API at /api/v1/: one NinjaAPI assembling each app's Router."""

from __future__ import annotations

from ninja import NinjaAPI

from petrissage.patients.api import router as patients_router
from petrissage.practice.api_auth import BearerToken

api = NinjaAPI(
    title="Petrissage API",
    version="1",
    auth=BearerToken(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/patients", patients_router)
