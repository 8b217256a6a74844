"""What one imported resource becomes: a Record (kind, source key, the fields to store and
the references to resolve against the database)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

# Kinds, in the order the importer writes them (providers and patients first).
KIND_ORDER = (
    "provider",
    "patient",
    "coverage",
    "condition",
    "medication",
    "allergy",
    "procedure",
    "encounter",
    "vital",
    "careplan",  # cases and plan versions, before the sessions and orders that name them
    "session",
    "prescription",
    "row",  # Petrissage's own rows (Basic), after everything they may name
)


@dataclass(eq=False)
class Record:
    kind: str
    key: str  # "ResourceType/id" of the source
    fields: dict[str, Any]
    patient_key: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()
    refs: dict[str, str] = field(default_factory=dict)
    where: str = ""

    @property
    def resource_type(self) -> str:
        return self.key.partition("/")[0]

    @property
    def resource_id(self) -> str:
        return self.key.partition("/")[2]

    def digest(self) -> str:
        """Changes exactly when something the importer stores changes."""
        content = repr(
            (
                self.kind,
                sorted(self.fields.items()),
                self.patient_key,
                self.identifiers,
                sorted(self.refs.items()),
            )
        )
        return hashlib.sha1(content.encode(), usedforsecurity=False).hexdigest()
