"""One database row <-> the JSON the `petrissage-record` extension carries (see
petrissage.domain.fhir_import.archive for its shape)."""

from __future__ import annotations

import base64
import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.utils.duration import duration_iso_string

from petrissage.fhir.archive.specs import BUILTIN_KEYS
from petrissage.fhir.exporting.carried import staff_ref
from petrissage.practice.models import Staff


def json_value(value: Any) -> Any:
    """A column value as JSON, exactly (datetimes keep their microseconds)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def is_file(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, models.FileField)


def plain_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The columns carried as values: not the key, not relations, not files."""
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.is_relation and not is_file(field)
    ]


def relations(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    """Foreign keys other than the practice (the importing practice takes its place)."""
    return [
        field  # type: ignore[misc]
        for field in model._meta.concrete_fields
        if field.is_relation and field.name != "practice"
    ]


class RefWriter:
    """Writes references for one practice's export, looking staff and built-ins up once."""

    def __init__(self, practice_id: int) -> None:
        self.staff = {s.pk: staff_ref(s) for s in Staff.objects.filter(practice_id=practice_id)}
        self.builtins: dict[tuple[str, int], dict[str, Any] | None] = {}

    def _builtin(self, model: type[models.Model], label: str, pk: int) -> dict[str, Any] | None:
        if (label, pk) not in self.builtins:
            row = model._default_manager.filter(pk=pk).values("practice_id", *BUILTIN_KEYS[label])
            found = row.first()
            natural = None
            if found is not None and found.pop("practice_id") is None:
                natural = found
            self.builtins[(label, pk)] = natural
        return self.builtins[(label, pk)]

    def ref(self, field: models.ForeignKey[Any, Any], pk: int | None) -> dict[str, Any] | None:
        if pk is None:
            return None
        target = field.related_model
        assert isinstance(target, type)
        label = target._meta.label_lower
        if label == "practice.staff":
            return {"staff": self.staff.get(pk) or {"npi": "", "name": ""}}
        if label in BUILTIN_KEYS:
            natural = self._builtin(target, label, pk)
            if natural is not None:
                return {"model": label, "builtin": natural}
        return {"model": label, "id": pk}


def _file(field: models.FileField, row: models.Model) -> dict[str, str] | None:
    stored = getattr(row, field.attname)
    if not stored:
        return None
    try:
        with stored.open("rb") as handle:
            data = handle.read()
    except OSError:
        return None  # the file is gone from storage: nothing to carry
    name = str(stored.name).rsplit("/", 1)[-1]
    return {"name": name, "data": base64.b64encode(data).decode("ascii")}


def row_payload(row: models.Model, refs: RefWriter, completes: bool = False) -> dict[str, Any]:
    model = type(row)
    files = {
        field.name: _file(field, row)  # type: ignore[arg-type]
        for field in model._meta.concrete_fields
        if is_file(field)
    }
    payload: dict[str, Any] = {
        "model": model._meta.label_lower,
        "id": row.pk,
        "fields": {
            field.name: json_value(field.value_from_object(row)) for field in plain_fields(model)
        },
        "refs": {
            field.name: refs.ref(field, getattr(row, field.attname)) for field in relations(model)
        },
        "files": {name: value for name, value in files.items() if value is not None},
    }
    if completes:
        payload["completes"] = True
    return payload
