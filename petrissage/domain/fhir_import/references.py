"""Resolve references inside one unit of input: `urn:uuid:` fullUrls, relative `Type/id`,
absolute `http(s)://…/Type/id`, and logical references by identifier."""

from __future__ import annotations

import re
from typing import Any

from petrissage.domain.fhir_import.reading import Entry

ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
TAIL = re.compile(r"(?:^|/)([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?$")


def entry_key(entry: Entry) -> str:
    resource = entry.resource
    kind = resource["resourceType"]
    rid = resource.get("id")
    if isinstance(rid, str) and rid:
        return f"{kind}/{rid[:255]}"
    if entry.full_url:
        return f"{kind}/{entry.full_url.removeprefix('urn:uuid:')[:255]}"
    return f"{kind}/@{entry.where}"


class References:
    def __init__(self, entries: list[Entry]) -> None:
        self.by_key: dict[str, dict[str, Any]] = {}
        self.by_url: dict[str, str] = {}
        self.by_identifier: dict[tuple[str, str, str], str] = {}
        for entry in entries:
            key = entry_key(entry)
            self.by_key.setdefault(key, entry.resource)
            if entry.full_url:
                self.by_url.setdefault(entry.full_url, key)
            for ident in entry.resource.get("identifier") or []:
                if isinstance(ident, dict) and ident.get("system") and ident.get("value"):
                    triple = (key.partition("/")[0], str(ident["system"]), str(ident["value"]))
                    self.by_identifier.setdefault(triple, key)

    def resolve(self, reference: Any, expected: str | None = None) -> str | None:
        """The key ("Type/id") a Reference points to, or None. The key may be outside this
        unit (a resource imported earlier); the importer checks that against the database."""
        if not isinstance(reference, dict):
            return None
        text = reference.get("reference")
        if isinstance(text, str) and text:
            if text in self.by_url:
                return self.by_url[text]
            if text.startswith("urn:uuid:"):
                return f"{expected}/{text[9:]}" if expected else None
            match = TAIL.search(text)
            if match and (expected is None or match.group(1) == expected):
                return f"{match.group(1)}/{match.group(2)}"
            return None
        ident = reference.get("identifier")
        kind = reference.get("type") or expected
        if isinstance(ident, dict) and kind:
            return self.by_identifier.get((kind, str(ident.get("system")), str(ident.get("value"))))
        return None

    def resource(self, key: str | None) -> dict[str, Any] | None:
        return self.by_key.get(key) if key else None
