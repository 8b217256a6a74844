"""Demo data for demo_screening.py. PROFILES: red-flag stories (who they fit, the intake
answers they add, the clearances on file). COMPLAINTS: what brings patients in, in their
words on the intake, the body-chart regions an assessment finds (NPRS range and pain quality
per region), the movements measured and the PSFS activities they name (clinical.md §1
conditions; §3 NPRS and PSFS). Invented stories, no real patients."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from petrissage.patients.models import Patient

Answers = dict[str, Any]


@dataclass(frozen=True)
class Complaint:
    reason: str
    goals_text: str
    regions: tuple[tuple[str, tuple[int, int], str], ...]  # (region, (NPRS low, high), quality)
    rom: tuple[tuple[str, str, str], ...]  # (joint, movement, side)
    goals: tuple[tuple[str, int], ...]  # (activity in the patient's words, PSFS 0-10)
    posture: str


COMPLAINTS: dict[str, Complaint] = {
    "neck-desk": Complaint(
        "Neck and shoulder pain from long days at the computer, worse by the afternoon.",
        "Work a full day at my desk without needing painkillers.",
        (
            ("upper-trapezius-left", (5, 7), "aching"),
            ("upper-trapezius-right", (4, 6), "aching"),
            ("levator-scapulae-right", (4, 7), "stiffness"),
            ("suboccipitals", (3, 5), "aching"),
        ),
        (("cervical", "rotation", ""), ("cervical", "lateral-flexion", "")),
        (("Work at the computer for two hours", 4), ("Check my blind spot when driving", 5)),
        "Forward head posture; shoulders rounded and elevated, right more than left.",
    ),
    "low-back": Complaint(
        "Low back pain since lifting boxes during a move; stiff every morning.",
        "Sit through a workday and pick up my grandchild.",
        (
            ("lumbar-paraspinals-left", (4, 6), "stiffness"),
            ("lumbar-paraspinals-right", (5, 8), "aching"),
            ("quadratus-lumborum-right", (5, 7), "sharp"),
            ("gluteals-right", (3, 5), "aching"),
        ),
        (("lumbar", "flexion", ""), ("lumbar", "extension", "")),
        (("Sit for an hour", 3), ("Lift my grandchild", 2), ("Garden for 30 minutes", 4)),
        "Increased lumbar lordosis; guarded movement getting up from the chair.",
    ),
    "tension-headache": Complaint(
        "Tension headaches three or four times a week, starting at the base of the skull.",
        "Read or work on screens without a headache.",
        (
            ("suboccipitals", (5, 7), "aching"),
            ("temporalis-left", (3, 5), "aching"),
            ("temporalis-right", (3, 5), "aching"),
            ("upper-trapezius-right", (4, 6), "stiffness"),
        ),
        (("cervical", "flexion", ""), ("cervical", "extension", "")),
        (("Read for an hour", 4), ("Get through a workday without a headache", 3)),
        "Chin poke; suboccipital tension; jaw clenching reported.",
    ),
    "plantar": Complaint(
        "Heel pain with the first steps in the morning, after training for a half marathon.",
        "Walk the dog and run again.",
        (("plantar-fascia-left", (5, 8), "sharp"), ("calf-left", (3, 5), "stiffness")),
        (("ankle", "dorsiflexion", "left"),),
        (("Walk for 30 minutes", 4), ("Run 5 km", 1)),
        "Pes planus on the left; tight calf on the left.",
    ),
    "shoulder": Complaint(
        "Right shoulder pain reaching overhead since a fall on the ice last winter.",
        "Reach the top shelf and sleep on my right side.",
        (
            ("rotator-cuff-right", (5, 7), "sharp"),
            ("deltoid-right", (3, 5), "aching"),
            ("pectorals-right", (3, 5), "stiffness"),
            ("rhomboids-right", (2, 4), "aching"),
        ),
        (
            ("shoulder", "flexion", "right"),
            ("shoulder", "abduction", "right"),
            ("shoulder", "external-rotation", "right"),
        ),
        (("Reach the top shelf", 3), ("Sleep on my right side", 2), ("Put on a coat", 5)),
        "Right shoulder protracted and elevated; scapular dyskinesis on elevation.",
    ),
    "whiplash": Complaint(
        "Neck pain and stiffness since a rear-end car accident six weeks ago.",
        "Drive and turn my head without pain.",
        (
            ("scm-left", (4, 6), "aching"),
            ("scm-right", (4, 6), "aching"),
            ("cervical-paraspinals", (5, 7), "stiffness"),
            ("upper-trapezius-left", (4, 6), "aching"),
        ),
        (("cervical", "rotation", ""), ("cervical", "extension", "")),
        (("Check my blind spot when driving", 3), ("Turn over in bed", 5)),
        "Guarded cervical movement; holds the head slightly flexed.",
    ),
    "tennis-elbow": Complaint(
        "Pain on the outside of the elbow from typing and using the mouse all day.",
        "Type and carry groceries without pain.",
        (
            ("forearm-extensors-right", (5, 7), "burning"),
            ("elbow-right", (4, 6), "sharp"),
            ("upper-trapezius-right", (2, 4), "aching"),
        ),
        (("wrist", "extension", "right"), ("wrist", "flexion", "right")),
        (("Type for an hour", 4), ("Carry grocery bags", 3)),
        "Mouse held far from the body; shoulder elevated while typing.",
    ),
    "it-band": Complaint(
        "Pain on the outside of the left hip and thigh when running downhill.",
        "Run my usual 10 km loop.",
        (
            ("it-band-left", (4, 7), "burning"),
            ("gluteals-left", (4, 6), "aching"),
            ("hip-left", (3, 5), "aching"),
            ("quadriceps-left", (2, 4), "stiffness"),
        ),
        (("hip", "flexion", "left"), ("hip", "internal-rotation", "left")),
        (("Run 10 km", 2), ("Climb stairs", 6)),
        "Left hip drops on single-leg stance (weak gluteus medius).",
    ),
    "fibromyalgia": Complaint(
        "Widespread aching and fatigue (fibromyalgia); my rheumatologist suggested massage.",
        "Sleep through the night and keep working part time.",
        (
            ("upper-trapezius-left", (5, 7), "aching"),
            ("upper-trapezius-right", (5, 7), "aching"),
            ("lumbar-paraspinals-left", (4, 6), "aching"),
            ("lumbar-paraspinals-right", (4, 6), "aching"),
            ("gluteals-left", (4, 6), "burning"),
            ("gluteals-right", (4, 6), "burning"),
        ),
        (("cervical", "rotation", ""), ("lumbar", "flexion", "")),
        (("Sleep through the night", 3), ("Work a four-hour shift", 4), ("Walk to the shop", 5)),
        "Generalised guarding; tender at most palpated points; fatigued.",
    ),
    "pregnancy-back": Complaint(
        "Low back and hip pain in the second trimester.",
        "Sleep comfortably and keep walking every day.",
        (
            ("lumbar-paraspinals-left", (4, 6), "aching"),
            ("lumbar-paraspinals-right", (4, 6), "aching"),
            ("gluteals-right", (3, 5), "aching"),
        ),
        (("lumbar", "flexion", ""),),
        (("Sleep through the night", 4), ("Walk for 30 minutes", 6)),
        "Increased lumbar lordosis; weight shifted to the right leg.",
    ),
    "knee-rehab": Complaint(
        "Stiffness and swelling after a right knee replacement three weeks ago.",
        "Climb stairs and walk without a cane.",
        (
            ("quadriceps-right", (4, 6), "stiffness"),
            ("hamstrings-right", (3, 5), "stiffness"),
            ("calf-right", (2, 4), "aching"),
        ),
        (("knee", "flexion", "right"), ("hip", "flexion", "right")),
        (("Climb a flight of stairs", 3), ("Walk without a cane", 2)),
        "Antalgic gait with a cane; right knee held slightly flexed.",
    ),
}

ORDINARY: tuple[str, ...] = (
    "neck-desk",
    "low-back",
    "tension-headache",
    "plantar",
    "shoulder",
    "whiplash",
    "tennis-elbow",
    "it-band",
    "fibromyalgia",
)


@dataclass(frozen=True)
class Profile:
    """A red-flag story: who it fits, the answers it adds, the complaint that brought them."""

    key: str
    fits: Callable[[Patient, int], bool]
    answers: Callable[[date], Answers]
    complaint: str
    clear: tuple[tuple[str, str, str], ...] = ()  # (rule id, cleared by, scope)
    assess: bool = True
    second_version: Answers = field(default_factory=dict)


def _woman(low: int, high: int) -> Callable[[Patient, int], bool]:
    return lambda p, age: p.sex == "female" and low <= age <= high


def _aged(low: int, high: int = 120) -> Callable[[Patient, int], bool]:
    return lambda _p, age: low <= age <= high


def _iso(day: date) -> str:
    return day.isoformat()


PROFILES: tuple[Profile, ...] = (
    Profile(
        "warfarin",
        _aged(60),
        lambda t: {
            "anticoagulant": True,
            "conditions": [{"name": "Atrial fibrillation"}],
            "medications": [
                {
                    "name": "Warfarin Sodium 5 MG Oral Tablet",
                    "dose": "5 mg daily",
                    "rxnorm": "855332",
                }
            ],
        },
        "low-back",
        second_version={
            "medications": [
                {
                    "name": "Warfarin Sodium 5 MG Oral Tablet",
                    "dose": "5 mg daily",
                    "rxnorm": "855332",
                },
                {"name": "Metoprolol", "dose": "25 mg twice daily"},
            ]
        },
    ),
    Profile(
        "osteoporosis",
        _woman(60, 95),
        lambda t: {
            "osteoporosis": True,
            "osteoporosis_severe": False,
            "conditions": [{"name": "Osteoporosis", "system": "snomed", "code": "64859006"}],
            "medications": [{"name": "Alendronate", "dose": "70 mg weekly"}],
        },
        "neck-desk",
    ),
    Profile(
        "pregnant",
        _woman(22, 41),
        lambda t: {
            "pregnant": True,
            "pregnancy_weeks": 24,
            "pregnancy_high_risk": False,
            "medications": [{"name": "Prenatal vitamins", "dose": "daily"}],
        },
        "pregnancy-back",
    ),
    Profile(
        "post-surgery",
        _aged(45),
        lambda t: {
            "surgeries": [
                {
                    "on": _iso(t - timedelta(weeks=3)),
                    "description": "Right total knee replacement",
                    "region": "knee-right",
                }
            ],
            "skin_lesions": True,
            "skin_lesion_regions": ["knee-right"],
            "medications": [
                {
                    "name": "Apixaban",
                    "dose": "2.5 mg twice daily (after surgery)",
                    "rxnorm": "1364430",
                }
            ],
        },
        "knee-rehab",
        clear=(
            (
                "recent-surgery",
                "Jordan Ellis, PA-C (orthopaedics)",
                "Gentle work above and below the knee; no pressure on the incision",
            ),
        ),
    ),
    Profile(
        "dvt-signs",
        _aged(30),
        lambda t: {
            "calf_swelling": True,
            "calf_swelling_side": "left",
            "medications": [{"name": "Ibuprofen", "dose": "400 mg when needed"}],
        },
        "plantar",
        assess=False,
    ),
    Profile(
        "cancer",
        _woman(40, 75),
        lambda t: {
            "cancer": "current",
            "cancer_sites": ["pectorals-left"],
            "lymph_nodes_removed": ["axilla-left"],
            "bone_metastasis": False,
            "lymphedema": True,
            "lymphedema_regions": ["biceps-left", "forearm-flexors-left"],
            "conditions": [{"name": "Breast cancer", "system": "snomed", "code": "254837009"}],
            "medications": [{"name": "Tamoxifen", "dose": "20 mg daily"}],
        },
        "shoulder",
        clear=(
            (
                "cancer-active",
                "Dr Priya Natarajan, MD (oncology consult)",
                "Light pressure; no work on the left arm or axilla; no deep work over the port",
            ),
        ),
    ),
    Profile(
        "hypertension",
        _aged(50),
        lambda t: {
            "blood_pressure": "uncontrolled",
            "conditions": [{"name": "High blood pressure", "system": "icd-10-cm", "code": "I10"}],
            "medications": [{"name": "Lisinopril", "dose": "10 mg daily"}],
        },
        "tension-headache",
        clear=(
            (
                "hypertension-uncontrolled",
                "Dr Anna Reyes, MD",
                "Blood pressure 138/86 on the new dose; massage cleared, light to moderate "
                "pressure, sit up slowly",
            ),
        ),
    ),
    Profile(
        "diabetic-neuropathy",
        _aged(50),
        lambda t: {
            "diabetes": True,
            "diabetic_neuropathy": True,
            "conditions": [
                {
                    "name": "Neuropathy due to type 2 diabetes",
                    "system": "snomed",
                    "code": "368581000119106",
                }
            ],
            "medications": [{"name": "Metformin", "dose": "500 mg twice daily"}],
        },
        "low-back",
    ),
    Profile(
        "fever",
        _aged(18),
        lambda t: {"fever_or_infection": True},
        "neck-desk",
        assess=False,
    ),
    Profile(
        "cortisone-shot",
        _aged(35),
        lambda t: {
            "recent_injection": True,
            "injections": [{"on": _iso(t - timedelta(days=1)), "region": "rotator-cuff-right"}],
        },
        "shoulder",
    ),
    Profile(
        "varicose-veins",
        _aged(40),
        lambda t: {
            "varicose_veins": True,
            "varicose_vein_regions": ["calf-right"],
        },
        "it-band",
    ),
    Profile(
        "aspirin",
        _aged(55),
        lambda t: {
            "antiplatelet": True,
            "medications": [
                {"name": "Aspirin 81 MG Oral Tablet", "dose": "daily", "rxnorm": "243670"}
            ],
        },
        "whiplash",
    ),
    Profile(
        "past-clot-on-eliquis",
        _aged(45),
        lambda t: {
            "dvt_history": True,
            "dvt_history_date": _iso(t - timedelta(days=540)),
            "anticoagulant": True,
            "medications": [{"name": "Eliquis", "dose": "5 mg twice daily"}],
        },
        "low-back",
        clear=(
            (
                "dvt-history",
                "Dr Marcus Webb, DO",
                "Clot resolved; on apixaban. Light pressure (2/5) on the back; nothing deep "
                "on the legs",
            ),
        ),
    ),
    Profile(
        "ra-flare",
        _aged(35),
        lambda t: {
            "acute_inflammation": True,
            "acute_inflammation_regions": ["wrist-left", "hand-left"],
            "conditions": [
                {"name": "Rheumatoid arthritis", "system": "snomed", "code": "69896004"}
            ],
            "medications": [{"name": "Methotrexate", "dose": "15 mg weekly"}],
        },
        "tennis-elbow",
    ),
    Profile(
        "pacemaker",
        _aged(65),
        lambda t: {
            "implanted_device": True,
            "devices": [{"description": "Pacemaker", "region": "pectorals-left"}],
        },
        "neck-desk",
    ),
    Profile(
        "numbness",
        _aged(40),
        lambda t: {
            "numbness_or_weakness": True,
            "weight_loss": True,
        },
        "low-back",
        assess=False,
    ),
)
