"""Everything a practice holds, as comparable fingerprints: for every model that belongs to a
practice, a multiset of its rows' values, with each reference replaced by what it points at
(staff by NPI and name, any other row by its own values). Two practices with equal contents
hold the same records, whatever their primary keys."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from django.apps import apps
from django.db import models

from petrissage.fhir.archive.rows import is_file, json_value, plain_fields
from petrissage.fhir.archive.specs import NOT_CARRIED
from petrissage.practice.models import Practice


def practice_models() -> list[type[models.Model]]:
    """Every model with a foreign key to the practice."""
    return [
        model
        for model in apps.get_models()
        if any(
            field.is_relation and field.related_model is Practice
            for field in model._meta.concrete_fields
        )
    ]


def _file_digest(row: models.Model, field: models.Field[Any, Any]) -> str:
    stored = getattr(row, field.attname)
    if not stored:
        return ""
    with stored.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


class Contents:
    def __init__(self, ignore: dict[str, set[str]] | None = None) -> None:
        self.ignore = ignore or {}
        self.shallow_cache: dict[tuple[str, int], str] = {}

    def _plain(self, row: models.Model) -> dict[str, Any]:
        label = row._meta.label_lower
        skip = self.ignore.get(label, set())
        values = {
            f.name: json_value(f.value_from_object(row))
            for f in plain_fields(type(row))
            if f.name not in skip
        }
        for field in row._meta.concrete_fields:
            if is_file(field):
                values[field.name] = _file_digest(row, field)
        return values

    def _shallow(self, model: type[models.Model], pk: int) -> str:
        key = (model._meta.label_lower, pk)
        if key not in self.shallow_cache:
            row = model._default_manager.get(pk=pk)
            if model._meta.label_lower == "practice.staff":
                found = {"npi": row.npi, "name": row.display_name}  # type: ignore[attr-defined]
            else:
                found = self._plain(row)
            self.shallow_cache[key] = json.dumps(found, sort_keys=True, default=str)
        return self.shallow_cache[key]

    def fingerprint(self, row: models.Model) -> str:
        values = self._plain(row)
        for field in row._meta.concrete_fields:
            if not field.is_relation or field.related_model is Practice:
                continue
            pk = getattr(row, field.attname)
            target = field.related_model
            assert isinstance(target, type)
            values[field.name] = None if pk is None else self._shallow(target, pk)
        return json.dumps(values, sort_keys=True, default=str)

    def of(self, practice: Practice) -> dict[str, Counter[str]]:
        found: dict[str, Counter[str]] = {}
        for model in practice_models():
            label = model._meta.label_lower
            if label in NOT_CARRIED:
                continue
            rows = model._default_manager.filter(practice=practice).order_by("pk")
            found[label] = Counter(self.fingerprint(row) for row in rows.iterator(500))
        return found


def differences(want: Counter[str], got: Counter[str], limit: int = 3) -> str:
    """What is missing and what is extra, briefly (for an assertion message)."""
    missing = list((want - got).elements())[:limit]
    extra = list((got - want).elements())[:limit]
    return f"missing {sum((want - got).values())}: {missing}\nextra {sum((got - want).values())}: {extra}"
