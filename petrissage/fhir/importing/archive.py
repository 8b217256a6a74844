"""Petrissage records carried as Basic resources (petrissage-record), written back as the rows
they were: same values (timestamps included: saved raw, as loaddata does), references found
again through what this import remembered, staff matched by NPI then name, files restored.

A row whose natural key (RowSpec.match) is already in the practice is brought up to date
rather than added twice. Bad values are a ValidationError naming the field."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, models

from petrissage.audit.services import Actor
from petrissage.fhir.archive.rows import plain_fields, relations
from petrissage.fhir.archive.specs import (
    BUILTIN_KEYS,
    PRACTICE,
    PRACTICE_SETTINGS,
    RowSpec,
    spec_for,
)
from petrissage.fhir.importing.care import match_staff
from petrissage.fhir.importing.summary import ImportSummary
from petrissage.practice.models import Practice
from petrissage.practice.services import practice_update_settings

Resolve = Callable[[str, int], int | None]  # (model label, source pk) -> target pk


class RowImport:
    def __init__(
        self, practice: Practice, actor: Actor, summary: ImportSummary, resolve: Resolve
    ) -> None:
        self.practice = practice
        self.actor = actor
        self.summary = summary
        self.resolve = resolve

    # --- values -----------------------------------------------------------------------

    def _values(self, model: type[models.Model], fields: dict[str, Any]) -> dict[str, Any]:
        carried = {field.name: field for field in plain_fields(model)}
        values = {}
        for name, raw in fields.items():
            field = carried.get(name)
            if field is None:
                raise ValidationError(f"{model._meta.label_lower}.{name} is not a field here")
            try:
                values[field.attname] = field.to_python(raw)
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from error
        return values

    def _ref(self, field: models.ForeignKey[Any, Any], ref: dict[str, Any] | None) -> Any:
        if ref is None:
            if not field.null:
                raise ValidationError({field.name: ["is required and was not carried"]})
            return None
        if "staff" in ref:
            staff = match_staff(self.practice, ref["staff"], self.summary)
            return staff.pk if staff is not None else None
        label = str(ref["model"])
        target = field.related_model
        assert isinstance(target, type)
        if label != target._meta.label_lower:
            raise ValidationError(
                {field.name: [f"names a {label}, expected a {target._meta.label_lower}"]}
            )
        if "builtin" in ref:
            return self._builtin(target, label, ref["builtin"], field.name)
        found = self.resolve(label, int(ref["id"]))
        if found is None:
            raise ValidationError({field.name: [f"{label} {ref['id']} was not imported"]})
        return found

    def _builtin(self, model: type[models.Model], label: str, natural: Any, name: str) -> int:
        keys = BUILTIN_KEYS.get(label, ())
        if not isinstance(natural, dict) or set(natural) != set(keys):
            raise ValidationError({name: [f"built-in {label} is not named by {keys}"]})
        row = model._default_manager.filter(practice__isnull=True, **natural).first()
        if row is None:
            raise ValidationError({name: [f"no built-in {label} {natural}"]})
        return int(row.pk)

    def _refs(self, model: type[models.Model], refs: dict[str, Any]) -> dict[str, Any]:
        wanted = {field.name: field for field in relations(model)}
        unknown = set(refs) - set(wanted)
        if unknown:
            raise ValidationError(
                f"{model._meta.label_lower}.{sorted(unknown)[0]} is not a reference here"
            )
        return {field.attname: self._ref(field, refs.get(name)) for name, field in wanted.items()}

    # --- rows -------------------------------------------------------------------------

    def _matching(self, spec: RowSpec, values: dict[str, Any]) -> models.Model | None:
        if not spec.match:
            return None
        manager = spec.model._default_manager.filter(practice=self.practice)
        if spec.match == ("practice",):
            return manager.first()
        lookup = {}
        for name in spec.match:
            field = spec.model._meta.get_field(name)
            lookup[field.attname] = values[field.attname]  # type: ignore[union-attr]
        return manager.filter(**lookup).first()

    def _attach_files(self, row: models.Model, files: dict[str, Any]) -> None:
        for name, carried in files.items():
            try:
                field = row._meta.get_field(name)
            except FieldDoesNotExist as error:
                raise ValidationError(f"{name} is not a file field here") from error
            if not isinstance(field, models.FileField) or not isinstance(carried, dict):
                raise ValidationError({name: ["is not a file"]})
            try:
                data = base64.b64decode(str(carried.get("data", "")), validate=True)
            except (binascii.Error, ValueError) as error:
                raise ValidationError({name: ["is not base64"]}) from error
            file_name = str(carried.get("name") or "file").rsplit("/", 1)[-1][:100]
            getattr(row, field.attname).save(file_name, ContentFile(data), save=False)

    def write(self, payload: dict[str, Any], existing: models.Model | None) -> models.Model:
        completes = payload.get("completes") is True
        spec = spec_for(str(payload["model"]), completes)
        if spec is None:
            raise ValidationError(f"{payload['model']} records are not imported")
        if spec.label == PRACTICE:
            return self._settings(payload["fields"])
        values = self._values(spec.model, payload["fields"])
        values.update(self._refs(spec.model, payload.get("refs") or {}))
        values["practice_id"] = self.practice.pk
        for name in spec.keep:
            values.pop(spec.model._meta.get_field(name).attname, None)  # type: ignore[union-attr]
        if completes:
            row = self._written_by_its_importer(spec, payload)
        else:
            row = existing or self._matching(spec, values) or spec.model()
        for attname, value in values.items():
            setattr(row, attname, value)
        self._attach_files(row, payload.get("files") or {})
        row.clean_fields(exclude=self._not_validated(row))  # the database checks the rest
        return self._save(row)

    def _settings(self, fields: dict[str, Any]) -> models.Model:
        """The exported practice's settings, applied through the settings service (checked
        and audited like a change on the settings page)."""
        values = self._values(Practice, {k: fields[k] for k in PRACTICE_SETTINGS if k in fields})
        return practice_update_settings(practice=self.practice, actor=self.actor, **values)

    @staticmethod
    def _not_validated(row: models.Model) -> list[str]:
        """References (resolved above) and empty values: "may not be blank" is a rule of
        the forms, and the record was accepted where it was written."""
        names = ["practice", *(field.name for field in relations(type(row)))]
        names += [f.name for f in plain_fields(type(row)) if getattr(row, f.attname) == ""]
        return names

    def _written_by_its_importer(self, spec: RowSpec, payload: dict[str, Any]) -> models.Model:
        found = self.resolve(spec.label, int(payload["id"]))
        row = spec.model._default_manager.filter(practice=self.practice, pk=found).first()
        if row is None:
            raise ValidationError(f"{spec.label} {payload['id']} was not imported (see above)")
        return row

    def _save(self, row: models.Model) -> models.Model:
        """Saved raw (no auto_now, no signal side effects); a clash with a constraint is
        this row's error, not the import's."""
        try:  # inside the record's savepoint (UnitImport.run): raising rolls it back
            row.save_base(raw=True, force_insert=row.pk is None)
        except DatabaseError as error:
            raise ValidationError(f"the database refused it: {str(error)[:200]}") from error
        return row
