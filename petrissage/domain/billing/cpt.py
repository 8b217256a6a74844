"""CPT codes a massage therapist bills, with our own short labels.

CPT descriptors are AMA-copyrighted (DESIGN.md; clinical.md §0.4, §4a [B2]): the labels
below are our own paraphrases, never descriptor text. Which code a technique bills under
is a default that a practice may override (`technique_to_cpt(..., overrides=...)`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class CptCode:
    """One procedure code: our label, whether it is billed in 15-minute units, and a note."""

    code: str
    label: str
    timed: bool
    note: str = ""


def _table(*codes: CptCode) -> Mapping[str, CptCode]:
    return MappingProxyType({c.code: c for c in codes})


# clinical.md §4a. "Timed" = billed per 15 minutes under the 8-minute / midpoint rules (§4b).
CPT_CODES: Mapping[str, CptCode] = _table(
    CptCode("97124", "Therapeutic massage", timed=True, note="Main LMT code [B1]"),
    CptCode(
        "97140",
        "Manual therapy techniques",
        timed=True,
        note="Myofascial release and manual lymphatic drainage bill here [B1][B2]",
    ),
    CptCode(
        "97112",
        "Neuromuscular re-education",
        timed=True,
        note="Scope/payer-dependent for LMTs; prior auth in some WA plans [B3][B12]",
    ),
    CptCode(
        "97530",
        "Therapeutic activities",
        timed=True,
        note="Usually PT/OT scope; uncertain for LMTs (U) [§4a]",
    ),
    CptCode(
        "97110",
        "Therapeutic exercise",
        timed=True,
        note="Appears in the CMS 8-minute example [B6]; usually PT/OT scope",
    ),
    CptCode(
        "97010",
        "Hot or cold packs",
        timed=False,
        note="Medicare status B, bundled by many payers [B4]",
    ),
)

# Codes outside the massage set that matter only as the other half of an NCCI pair
# (clinical.md §4c [B1]); never proposed from a technique.
CHIROPRACTIC_MANIPULATION_CODES: frozenset[str] = frozenset({"98940", "98941", "98942"})


# Default technique → CPT mapping (clinical.md §4a: 97124 massage; 97140 manual therapy
# incl. MLD, MFR, soft-tissue mobilisation [B1][B2]; 97112 neuromuscular re-education [B3];
# 97010 packs [B4]). Keys are normalised technique slugs (see `technique_key`).
DEFAULT_TECHNIQUE_CPT: Mapping[str, str] = MappingProxyType(
    {
        "massage": "97124",
        "swedish": "97124",
        "swedish_massage": "97124",
        "effleurage": "97124",
        "petrissage": "97124",
        "tapotement": "97124",
        "myofascial_release": "97140",
        "manual_lymphatic_drainage": "97140",
        "lymphatic_drainage": "97140",
        "soft_tissue_mobilisation": "97140",
        "soft_tissue_mobilization": "97140",
        "trigger_point": "97140",
        "trigger_point_therapy": "97140",
        "ischemic_compression": "97140",
        # Deep tissue is taught both ways; we default to massage unless the work is
        # specific soft-tissue mobilisation (practice may override).
        "deep_tissue": "97124",
        "scar_mobilisation": "97140",
        "scar_mobilization": "97140",
        "active_release": "97140",
        "cross_fiber_friction": "97140",
        "manual_traction": "97140",
        "neuromuscular_re_education": "97112",
        "neuromuscular_reeducation": "97112",
        "hot_pack": "97010",
        "cold_pack": "97010",
        "hot_cold_pack": "97010",
    }
)


def technique_key(technique: str) -> str:
    """Normalise a technique name: 'Myofascial Release' → 'myofascial_release'."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in technique.lower())
    return "_".join(cleaned.split())


def cpt_for_code(code: str) -> CptCode:
    """The table entry for code; KeyError with the code named when it is not in the table."""
    try:
        return CPT_CODES[code]
    except KeyError:
        raise KeyError(f"CPT code {code!r} is not in the massage code table") from None


def is_timed(code: str) -> bool:
    """True when code is billed per 15 minutes (clinical.md §4a)."""
    return cpt_for_code(code).timed


def technique_to_cpt(technique: str, overrides: Mapping[str, str] | None = None) -> str | None:
    """CPT code for a technique: the practice's override first, then the default, else None."""
    key = technique_key(technique)
    if overrides:
        normalised = {technique_key(name): code for name, code in overrides.items()}
        if key in normalised:
            return normalised[key]
    return DEFAULT_TECHNIQUE_CPT.get(key)
