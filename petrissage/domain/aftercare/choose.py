"""Choose the after-care a patient takes home from one signed session.

What goes on the sheet, in order: the general advice, one item per technique done that day
(with the regions it was done on), one item per screening modification in force that has
a text, and the red-flag signs that need urgent care (always, last; clinical.md §5 [K9]).
A practice's own wording replaces the default for any key it has edited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from petrissage.domain.aftercare.texts import (
    DEFAULT_TEXTS,
    GENERAL_KEY,
    RED_FLAGS_KEY,
    key_label,
)
from petrissage.domain.regions import is_region, region
from petrissage.domain.session_rules import TECHNIQUES

_TECHNIQUE_ORDER = {code: i for i, (code, _) in enumerate(TECHNIQUES)}


@dataclass(frozen=True)
class DoneLine:
    """One treatment line of the signed note."""

    technique: str
    region_code: str
    minutes: int = 0
    pressure: int = 0


@dataclass(frozen=True)
class Modification:
    """A screening finding in force for the patient (rule id as stored on the finding)."""

    rule_id: str
    condition: str = ""


@dataclass(frozen=True)
class AftercareItem:
    key: str
    title: str
    text: str
    where: tuple[str, ...] = ()


@dataclass(frozen=True)
class AftercareSheet:
    items: tuple[AftercareItem, ...]
    red_flags: AftercareItem

    @property
    def keys(self) -> tuple[str, ...]:
        return (*tuple(item.key for item in self.items), self.red_flags.key)

    def as_text(self) -> str:
        """Plain text for a message or a print-out."""
        parts = []
        for item in (*self.items, self.red_flags):
            where = f" ({', '.join(item.where)})" if item.where else ""
            parts.append(f"{item.title}{where}:\n{item.text}")
        return "\n\n".join(parts)


def _text(key: str, overrides: Mapping[str, str]) -> str:
    own = overrides.get(key, "").strip()
    if own:
        return own
    entry = DEFAULT_TEXTS.get(key)
    return entry.text if entry is not None else ""


def _where(codes: Iterable[str]) -> tuple[str, ...]:
    labels = [region(c).label if is_region(c) else c for c in codes]
    return tuple(dict.fromkeys(labels))


def _technique_items(
    lines: Iterable[DoneLine], overrides: Mapping[str, str]
) -> list[AftercareItem]:
    regions_by_technique: dict[str, list[str]] = {}
    for line in lines:
        regions_by_technique.setdefault(line.technique, []).append(line.region_code)
    items = []
    for technique in sorted(regions_by_technique, key=lambda t: _TECHNIQUE_ORDER.get(t, 99)):
        key = f"technique:{technique}"
        text = _text(key, overrides)
        if text:
            where = _where(regions_by_technique[technique])
            items.append(AftercareItem(key, key_label(key), text, where))
    return items


def _modification_items(
    modifications: Iterable[Modification], overrides: Mapping[str, str]
) -> list[AftercareItem]:
    items = []
    for rule_id in dict.fromkeys(m.rule_id for m in modifications):
        key = f"modification:{rule_id}"
        text = _text(key, overrides)
        if text:
            items.append(AftercareItem(key, key_label(key), text))
    return items


def choose_instructions(
    lines: Iterable[DoneLine],
    modifications: Iterable[Modification] = (),
    overrides: Mapping[str, str] | None = None,
) -> AftercareSheet:
    """The after-care sheet for one session: general, per technique, per modification,
    then the red flags."""
    own = overrides or {}
    general = AftercareItem(GENERAL_KEY, key_label(GENERAL_KEY), _text(GENERAL_KEY, own))
    items = [general, *_technique_items(lines, own), *_modification_items(modifications, own)]
    red_flags = AftercareItem(RED_FLAGS_KEY, "Get help now", _text(RED_FLAGS_KEY, own))
    return AftercareSheet(tuple(items), red_flags)
