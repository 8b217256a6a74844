"""Plan techniques and their typical pressure on the Walton 0-5 scale [K6]."""

from __future__ import annotations

from enum import StrEnum

from petrissage.domain.screening.model import Technique as Restriction


class PlanTechnique(StrEnum):
    DEEP_TISSUE = "deep_tissue"
    MYOFASCIAL_RELEASE = "myofascial_release"
    NEUROMUSCULAR = "neuromuscular"
    TRIGGER_POINT = "trigger_point"
    ACTIVE_RELEASE = "active_release"
    SWEDISH = "swedish"
    LYMPHATIC_DRAINAGE = "lymphatic_drainage"
    SCAR_MOBILISATION = "scar_mobilisation"
    STRETCHING = "stretching"


T = PlanTechnique

# Typical pressure (low, high) on the Walton scale 0-5 (0 = still hold, 5 = deep) [K6].
# Ours (U): clinical.md gives the scale, not a pressure per technique; these ranges are the
# house convention. A screening pressure cap below `low` removes the technique; otherwise
# the proposed pressure is clamped to the cap. Proposals start at `low` and the therapist
# progresses within the range by response.
TYPICAL_PRESSURE: dict[PlanTechnique, tuple[int, int]] = {
    T.DEEP_TISSUE: (4, 5),
    T.TRIGGER_POINT: (4, 4),
    T.ACTIVE_RELEASE: (4, 4),
    T.NEUROMUSCULAR: (3, 4),
    T.MYOFASCIAL_RELEASE: (2, 3),
    T.SWEDISH: (1, 3),
    T.STRETCHING: (2, 2),
    T.LYMPHATIC_DRAINAGE: (1, 1),
    T.SCAR_MOBILISATION: (2, 2),
}

# Screening restrictions that rule a technique out regardless of the numeric cap
# (clinical.md §2: "no deep or forceful pressure", "avoid deep/forceful work").
_EXCLUDED_BY: dict[Restriction, frozenset[PlanTechnique]] = {
    Restriction.NO_DEEP_PRESSURE: frozenset({T.DEEP_TISSUE, T.TRIGGER_POINT, T.ACTIVE_RELEASE}),
    Restriction.NO_VIGOROUS: frozenset({T.DEEP_TISSUE, T.ACTIVE_RELEASE}),
    Restriction.LIGHT_PRESSURE_ONLY: frozenset(
        {T.DEEP_TISSUE, T.TRIGGER_POINT, T.ACTIVE_RELEASE, T.NEUROMUSCULAR}
    ),
}


def starting_pressure(technique: PlanTechnique) -> int:
    return TYPICAL_PRESSURE[technique][0]


def allowed(
    technique: PlanTechnique, cap: int | None, restrictions: frozenset[Restriction]
) -> bool:
    """False when the cap is below the technique's typical pressure or a restriction bars it."""
    if cap is not None and TYPICAL_PRESSURE[technique][0] > cap:
        return False
    return not any(technique in _EXCLUDED_BY.get(r, frozenset()) for r in restrictions)


def clamp(pressure: int, cap: int | None) -> int:
    top = 5 if cap is None else cap
    return max(0, min(pressure, top))
