"""Intake answers -> keyword arguments of the screening input (clinical.md §2)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from petrissage.domain.intake.questions import PARENTS, is_asked
from petrissage.domain.screening.model import (
    BloodPressure,
    Fracture,
    ImplantedDevice,
    Injection,
    LymphNodeSite,
    Medication,
    Surgery,
)


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _strs(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


def _rows(answers: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    value = answers.get(key)
    return [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []


def _place_or_none(row: Mapping[str, object]) -> str | None:
    return str(row["region"]) if row.get("region") else None


def _dated_history(answers: Mapping[str, object]) -> dict[str, object]:
    asked = _asked_by(answers)
    return {
        "surgeries": tuple(
            Surgery(on=day, description=str(r.get("description") or ""), region=_place_or_none(r))
            for r in _rows(answers, "surgeries") if (day := _day(r.get("on")))
        ),
        "fractures": tuple(
            Fracture(on=day, region=_place_or_none(r),
                     healed={"yes": True, "no": False}.get(str(r.get("healed"))))
            for r in _rows(answers, "fractures") if (day := _day(r.get("on")))
        ),
        "recent_injections": tuple(
            Injection(on=day, region=_place_or_none(r))
            for r in _rows(answers, "injections") if (day := _day(r.get("on")))
        ) if asked("injections") else (),
        "implanted_devices": tuple(
            ImplantedDevice(description=str(r["description"]), region=_place_or_none(r))
            for r in _rows(answers, "devices") if r.get("description")
        ) if asked("devices") else (),
        "medications": tuple(
            Medication(name=str(r["name"]), rxnorm=str(r.get("rxnorm") or "") or None)
            for r in _rows(answers, "medications") if r.get("name")
        ),
    }  # fmt: skip


def _asked_by(answers: Mapping[str, object]) -> _Asker:
    return _Asker(answers)


class _Asker:
    """Whether a follow-up question is asked, given the answers to the questions above it."""

    def __init__(self, answers: Mapping[str, object]) -> None:
        self.answers = answers

    def __call__(self, key: str) -> bool:
        parent = PARENTS.get(key)
        return parent is None or is_asked(parent, self.answers)

    def yes(self, key: str) -> bool:
        return self(key) and self.answers.get(key) is True

    def places(self, key: str) -> tuple[str, ...]:
        return _strs(self.answers.get(key)) if self(key) else ()


_YES_FIELDS = {
    "fever_or_infection": "fever_or_infection",
    "calf_swelling_warmth_redness": "calf_swelling",
    "sudden_breathlessness_or_chest_pain": "breathless_or_chest_pain",
    "dvt_history": "dvt_history",
    "pe_history": "pe_history",
    "anticoagulant_use": "anticoagulant",
    "antiplatelet_use": "antiplatelet",
    "bleeding_disorder_or_low_platelets": "bleeding_disorder",
    "bone_metastasis": "bone_metastasis",
    "osteoporosis": "osteoporosis",
    "osteoporosis_severe": "osteoporosis_severe",
    "diabetes": "diabetes",
    "diabetic_neuropathy": "diabetic_neuropathy",
    "pregnancy_high_risk": "pregnancy_high_risk",
    "unexplained_weight_loss": "weight_loss",
    "new_numbness_or_weakness": "numbness_or_weakness",
    "unexplained_pain": "unexplained_pain",
    "aneurysm": "aneurysm",
}
_PLACE_FIELDS = {
    "cancer_sites": "cancer_sites",
    "skin_lesion_regions": "skin_lesion_regions",
    "varicose_vein_regions": "varicose_vein_regions",
    "phlebitis_regions": "phlebitis_regions",
    "acute_inflammation_regions": "acute_inflammation_regions",
    "lymphedema_regions": "lymphedema_regions",
}


def screening_kwargs(answers: Mapping[str, object]) -> dict[str, object]:
    """Keyword arguments for ScreeningInput from stored (validated) answers: everything
    but today, age, conditions and clearances_received. Follow-up answers count only
    when the question that asks them was answered so as to ask them."""
    ask = _asked_by(answers)
    kwargs: dict[str, object] = {field: ask.yes(key) for field, key in _YES_FIELDS.items()}
    kwargs.update({field: ask.places(key) for field, key in _PLACE_FIELDS.items()})
    side = answers.get("calf_swelling_side")
    kwargs["calf_signs_side"] = side if side in ("left", "right") and ask(SIDE) else None
    when = answers.get("dvt_history_date")
    kwargs["dvt_history_date"] = _day(when) if ask("dvt_history_date") else None
    kwargs["cancer_current"] = answers.get("cancer") == "current"
    kwargs["cancer_past"] = answers.get("cancer") == "past"
    kwargs["lymph_node_removal_sites"] = tuple(
        LymphNodeSite(v) for v in ask.places("lymph_nodes_removed") if v in _NODE_VALUES
    )
    weeks = answers.get("pregnancy_weeks")
    asked_weeks = ask("pregnancy_weeks") and isinstance(weeks, int)
    kwargs["pregnancy_weeks"] = weeks if asked_weeks else None
    pressure = answers.get("blood_pressure")
    kwargs["blood_pressure"] = (
        BloodPressure(pressure) if pressure in _PRESSURES else BloodPressure.NONE
    )
    kwargs.update(_dated_history(answers))
    return kwargs


SIDE = "calf_swelling_side"


_NODE_VALUES = frozenset(s.value for s in LymphNodeSite)
_PRESSURES = frozenset(p.value for p in BloodPressure)
