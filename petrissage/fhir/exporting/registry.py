"""The exporters `export_fhir` runs: each yields one practice's resources of one type.

To add a resource type, write a module with a function `(practice) -> Iterable[dict]` and
register it (`register("CarePlan", "care plans")(function)`); list the module in
EXPORTER_MODULES so it is imported. Several exporters may share a resource type (they are
written to the same NDJSON file); their ids must not collide.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from petrissage.practice.models import Practice

Rows = Callable[[Practice], Iterable[dict[str, Any]]]

EXPORTER_MODULES = (
    "petrissage.fhir.exporting.history",
    "petrissage.fhir.exporting.records",
    "petrissage.fhir.exporting.care",
    "petrissage.fhir.exporting.sessions",
    "petrissage.fhir.exporting.archive",  # Basic rows name what the others carry
    "petrissage.fhir.exporting.audit_trail",
)


@dataclass(frozen=True)
class Exporter:
    resource_type: str
    label: str
    rows: Rows


_EXPORTERS: list[Exporter] = []


def register(resource_type: str, label: str) -> Callable[[Rows], Rows]:
    def decorator(rows: Rows) -> Rows:
        if not any(e.rows is rows for e in _EXPORTERS):
            _EXPORTERS.append(Exporter(resource_type, label, rows))
        return rows

    return decorator


def exporters() -> list[Exporter]:
    for name in EXPORTER_MODULES:
        importlib.import_module(name)
    return list(_EXPORTERS)
