"""Input and output types of contraindication screening (clinical.md §2)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from petrissage.domain.regions import AREAS, is_region

Side = Literal["left", "right"]


class FindingClass(StrEnum):
    ABSOLUTE = "absolute"  # do not massage today (whole body)
    LOCAL = "local"  # avoid or modify an area; treat elsewhere
    RELATIVE = "relative"  # treat with modifications (pressure cap, positioning)
    REFER = "refer"  # refer out before treating


class Technique(StrEnum):
    """Restrictions a finding puts on treatment."""

    NO_DEEP_PRESSURE = "no_deep_pressure"
    NO_JOINT_MOBILISATION = "no_joint_mobilisation"
    NO_HEAT = "no_heat"
    NO_VIGOROUS = "no_vigorous"
    AVOID_AREA = "avoid_area"
    SIDE_LYING_POSITIONING = "side_lying_positioning"
    LIGHT_PRESSURE_ONLY = "light_pressure_only"
    SLOW_POSITION_CHANGES = "slow_position_changes"
    CHECK_SKIN = "check_skin"
    MLD_TRAINED_ONLY = "mld_trained_only"


TECHNIQUE_LABELS: dict[str, str] = {
    Technique.NO_DEEP_PRESSURE: "no deep pressure",
    Technique.NO_JOINT_MOBILISATION: "no joint mobilisation",
    Technique.NO_HEAT: "no heat",
    Technique.NO_VIGOROUS: "no vigorous techniques",
    Technique.AVOID_AREA: "avoid the area",
    Technique.SIDE_LYING_POSITIONING: "side-lying positioning",
    Technique.LIGHT_PRESSURE_ONLY: "light pressure only",
    Technique.SLOW_POSITION_CHANGES: "slow position changes",
    Technique.CHECK_SKIN: "check the skin",
    Technique.MLD_TRAINED_ONLY: "lymph drainage by a trained therapist only",
}


class BloodPressure(StrEnum):
    NONE = "none"
    CONTROLLED = "controlled"
    UNCONTROLLED = "uncontrolled"


@dataclass(frozen=True)
class BloodPressureReading:
    """One measured blood pressure in mmHg (e.g. an imported LOINC 85354-9 panel with
    systolic 8480-6 and diastolic 8462-4); either value may be missing, not both."""

    on: date
    systolic: Decimal | int | None = None
    diastolic: Decimal | int | None = None
    source: str = "imported reading"  # how the evidence names it

    def values(self) -> str:
        """'182/112 mmHg', 'systolic 182 mmHg' or 'diastolic 112 mmHg'."""
        if self.systolic is not None and self.diastolic is not None:
            return f"{_mmhg(self.systolic)}/{_mmhg(self.diastolic)} mmHg"
        if self.systolic is not None:
            return f"systolic {_mmhg(self.systolic)} mmHg"
        return f"diastolic {_mmhg(self.diastolic)} mmHg"

    def describe(self) -> str:
        """'imported reading 182/112 mmHg on 2025-01-04'."""
        return f"{self.source} {self.values()} on {self.on.isoformat()}"


def _mmhg(value: Decimal | int | None) -> str:
    return f"{Decimal(value or 0).normalize():f}"


# Ours: a measured value outside this range is a unit or entry error, not a blood pressure.
PLAUSIBLE_MMHG = (Decimal(20), Decimal(350))


class LymphNodeSite(StrEnum):
    """Where lymph nodes were removed; each maps to a body quadrant (see rules_local)."""

    AXILLA_LEFT = "axilla-left"
    AXILLA_RIGHT = "axilla-right"
    GROIN_LEFT = "groin-left"
    GROIN_RIGHT = "groin-right"
    NECK_LEFT = "neck-left"
    NECK_RIGHT = "neck-right"


SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
_SYSTEM_ALIASES = {
    "snomed": SNOMED,
    "snomed ct": SNOMED,
    "sct": SNOMED,
    SNOMED: SNOMED,
    "icd-10-cm": ICD10CM,
    "icd10cm": ICD10CM,
    "icd10": ICD10CM,
    ICD10CM: ICD10CM,
}
ACTIVE_STATUSES = frozenset({"active", "recurrence", "relapse"})
CLINICAL_STATUSES = ACTIVE_STATUSES | {"inactive", "remission", "resolved"}


def normalise_system(system: str) -> str:
    """The canonical URI of a code system name ('SNOMED CT', 'ICD-10-CM', URIs)."""
    return _SYSTEM_ALIASES.get(system.strip().lower(), system.strip())


@dataclass(frozen=True)
class CodedCondition:
    system: str  # SNOMED CT or ICD-10-CM (URI or common name)
    code: str
    display: str = ""
    clinical_status: str = "active"  # FHIR Condition.clinicalStatus
    onset: date | None = None
    abatement: date | None = None

    def is_active(self, today: date) -> bool:
        if self.abatement is not None and self.abatement <= today:
            return False
        return self.clinical_status in ACTIVE_STATUSES


@dataclass(frozen=True)
class Medication:
    name: str = ""
    rxnorm: str | None = None
    active: bool = True


@dataclass(frozen=True)
class Surgery:
    on: date
    description: str = ""
    region: str | None = None  # region code or area


@dataclass(frozen=True)
class Fracture:
    on: date
    region: str | None = None
    description: str = ""
    healed: bool | None = None  # None = not known


@dataclass(frozen=True)
class Injection:
    on: date
    region: str | None = None
    description: str = "corticosteroid injection"


@dataclass(frozen=True)
class ImplantedDevice:
    description: str
    region: str | None = None


@dataclass(frozen=True)
class ScreeningInput:
    """Intake answers, coded history and medications; `today` is the screening date."""

    today: date
    age: int | None = None
    # systemic
    fever_or_infection: bool = False
    calf_swelling_warmth_redness: bool = False
    calf_signs_side: Side | None = None
    sudden_breathlessness_or_chest_pain: bool = False
    dvt_history: bool = False
    dvt_history_date: date | None = None
    pe_history: bool = False
    anticoagulant_use: bool = False
    antiplatelet_use: bool = False
    bleeding_disorder_or_low_platelets: bool = False
    cancer_current: bool = False
    cancer_past: bool = False
    cancer_sites: tuple[str, ...] = ()  # tumour, port or radiated-skin regions/areas
    bone_metastasis: bool = False
    lymph_node_removal_sites: tuple[LymphNodeSite, ...] = ()
    osteoporosis: bool = False
    osteoporosis_severe: bool = False
    diabetes: bool = False
    diabetic_neuropathy: bool = False
    blood_pressure: BloodPressure = BloodPressure.NONE  # the intake answer
    blood_pressure_answered_on: date | None = None  # when it was given; None = no answer
    blood_pressure_reading: BloodPressureReading | None = None  # the latest measured one
    pregnancy_weeks: int | None = None
    pregnancy_high_risk: bool = False
    unexplained_weight_loss: bool = False
    new_numbness_or_weakness: bool = False
    unexplained_pain: bool = False
    aneurysm: bool = False
    # local
    skin_lesion_regions: tuple[str, ...] = ()  # open wounds, burns, local infection, rash
    implanted_devices: tuple[ImplantedDevice, ...] = ()
    recent_injections: tuple[Injection, ...] = ()
    surgeries: tuple[Surgery, ...] = ()
    fractures: tuple[Fracture, ...] = ()
    varicose_vein_regions: tuple[str, ...] = ()
    phlebitis_regions: tuple[str, ...] = ()
    acute_inflammation_regions: tuple[str, ...] = ()  # incl. acute injury, RA flare
    lymphedema_regions: tuple[str, ...] = ()  # affected or at-risk limb
    # coded history
    conditions: tuple[CodedCondition, ...] = ()
    medications: tuple[Medication, ...] = ()
    # rule ids for which documented clearance was received
    clearances_received: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for problem in _problems(self):
            raise ValueError(problem)


_REGION_FIELDS = (
    "cancer_sites",
    "skin_lesion_regions",
    "varicose_vein_regions",
    "phlebitis_regions",
    "acute_inflammation_regions",
    "lymphedema_regions",
)


def _problems(inp: ScreeningInput) -> Iterator[str]:
    """Each problem is a sentence that starts with the field's name."""
    yield from _date_problems(inp)
    if inp.age is not None and not 0 <= inp.age <= 130:
        yield f"age: {inp.age} is not a plausible age in years."
    if inp.pregnancy_weeks is not None and not 0 <= inp.pregnancy_weeks <= 45:
        yield f"pregnancy_weeks: {inp.pregnancy_weeks} is not between 0 and 45."
    for name in _REGION_FIELDS:
        for i, value in enumerate(getattr(inp, name)):
            yield from _region_problem(f"{name}[{i}]", value)
    for name, place in _located(inp):
        if place is not None:
            yield from _region_problem(name, place)
    yield from _reading_problems(inp.blood_pressure_reading)
    for i, cond in enumerate(inp.conditions):
        if cond.clinical_status not in CLINICAL_STATUSES:
            yield (
                f"conditions[{i}].clinical_status: {cond.clinical_status!r} is not one of "
                f"{', '.join(sorted(CLINICAL_STATUSES))}."
            )


def _reading_problems(reading: BloodPressureReading | None) -> Iterator[str]:
    if reading is None:
        return
    if reading.systolic is None and reading.diastolic is None:
        yield "blood_pressure_reading: has neither a systolic nor a diastolic value."
    low, high = PLAUSIBLE_MMHG
    for name in ("systolic", "diastolic"):
        value = getattr(reading, name)
        if value is not None and not low <= value <= high:
            yield (
                f"blood_pressure_reading.{name}: {value} mmHg is not a plausible blood "
                f"pressure (between {low} and {high})."
            )


def _located(inp: ScreeningInput) -> Iterator[tuple[str, str | None]]:
    for i, s in enumerate(inp.surgeries):
        yield f"surgeries[{i}].region", s.region
    for i, f in enumerate(inp.fractures):
        yield f"fractures[{i}].region", f.region
    for i, j in enumerate(inp.recent_injections):
        yield f"recent_injections[{i}].region", j.region
    for i, d in enumerate(inp.implanted_devices):
        yield f"implanted_devices[{i}].region", d.region


def _region_problem(name: str, value: str) -> Iterator[str]:
    if not (is_region(value) or value in AREAS):
        yield f"{name}: {value!r} is neither a body-region code nor an area ({', '.join(AREAS)})."


def _dated(inp: ScreeningInput) -> Iterator[tuple[str, date | None]]:
    yield "dvt_history_date", inp.dvt_history_date
    yield "blood_pressure_answered_on", inp.blood_pressure_answered_on
    reading = inp.blood_pressure_reading
    yield "blood_pressure_reading.on", reading.on if reading is not None else None
    for i, s in enumerate(inp.surgeries):
        yield f"surgeries[{i}].on", s.on
    for i, f in enumerate(inp.fractures):
        yield f"fractures[{i}].on", f.on
    for i, j in enumerate(inp.recent_injections):
        yield f"recent_injections[{i}].on", j.on
    for i, c in enumerate(inp.conditions):
        yield f"conditions[{i}].onset", c.onset
        yield f"conditions[{i}].abatement", c.abatement


def _date_problems(inp: ScreeningInput) -> Iterator[str]:
    for name, value in _dated(inp):
        if value is not None and value > inp.today:
            today = inp.today.isoformat()
            yield f"{name}: {value.isoformat()} is in the future (today is {today})."


@dataclass(frozen=True)
class Finding:
    rule_id: str
    condition: str
    finding_class: FindingClass
    action: str  # plain words for the therapist
    regions: tuple[str, ...] = ()  # region codes; with `areas` empty = whole body
    areas: tuple[str, ...] = ()
    pressure_cap: int | None = None  # Walton pressure scale 0-5 [K6]
    restrictions: frozenset[Technique] = frozenset()
    clearance_required: bool = False
    cleared: bool = False
    urgent: bool = False
    sources: tuple[str, ...] = ()  # clinical.md §6 keys, e.g. ("K2", "K4")
    evidence: tuple[str, ...] = ()  # which answer, code or medication triggered it

    @property
    def whole_body(self) -> bool:
        return not self.regions and not self.areas

    @property
    def blocks_treatment(self) -> bool:
        """Absolute or refer-out, unless documented clearance was required and received."""
        if self.finding_class not in (FindingClass.ABSOLUTE, FindingClass.REFER):
            return False
        return not (self.clearance_required and self.cleared)

    def applies_to(self, region_code: str) -> bool:
        return self.whole_body or region_code in self.regions
