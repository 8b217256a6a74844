"""The intake questions as data: sections, questions and their follow-ups. The red-flag
questions follow the contraindication table of clinical.md §2, one explicit yes/no each."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from petrissage.domain.screening.model import LymphNodeSite

Kind = Literal[
    "text", "short", "yesno", "choice", "number", "date", "region", "regions", "multi", "group"
]
LIST_KINDS = frozenset({"regions", "multi", "group"})
MAX_TEXT = 2000
MAX_SHORT = 200
MAX_ITEMS = 30
MAX_SIGNATURE = 200


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: Kind
    required: bool = False
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    fields: tuple[Question, ...] = ()  # the columns of a group's rows
    followups: tuple[Question, ...] = ()  # asked when the answer is one of `opens`
    opens: tuple[str, ...] = ("yes",)
    staff_only: bool = False  # coding details the patient is not asked for
    red_flag: bool = False  # a "yes" here is highlighted for the therapist
    item: str = ""  # what one row of a group is called ("Operation")
    alert: str = ""  # said to the person at once when the answer opens the follow-ups

    def is_open(self, value: object) -> bool:
        """Whether an answer to this question asks its follow-up questions."""
        if self.kind == "yesno":
            return value is True
        return isinstance(value, str) and value in self.opens


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    questions: tuple[Question, ...]


def _yes(key: str, label: str, *followups: Question, help: str = "", alert: str = "") -> Question:
    return Question(key, label, "yesno", required=True, help=help, followups=followups,
                    red_flag=True, alert=alert)  # fmt: skip


def _where(key: str, label: str = "Where on your body?") -> Question:
    return Question(key, label, "regions", required=True,
                    help="Pick every place that applies.")  # fmt: skip


def _rating(key: str, label: str, scale: str) -> Question:
    return Question(key, label, "number", minimum=0, maximum=10, help=scale)


_REGION = Question("region", "Where on your body?", "region")
_HEALED = (("yes", "Yes"), ("no", "No"), ("unknown", "Not sure"))
_SIDES = (
    ("left", "Left leg"),
    ("right", "Right leg"),
    ("both", "Both legs"),
    ("unsure", "Not sure"),
)
_CANCER = (("none", "No"), ("current", "Yes, now"), ("past", "Yes, in the past"))
_BLOOD_PRESSURE = (
    ("none", "No"),
    ("controlled", "Yes, and it is under control"),
    ("uncontrolled", "Yes, and it is not under control"),
)
NODE_LABELS = {
    LymphNodeSite.AXILLA_LEFT: "Left armpit",
    LymphNodeSite.AXILLA_RIGHT: "Right armpit",
    LymphNodeSite.GROIN_LEFT: "Left groin",
    LymphNodeSite.GROIN_RIGHT: "Right groin",
    LymphNodeSite.NECK_LEFT: "Left side of neck",
    LymphNodeSite.NECK_RIGHT: "Right side of neck",
}
_DVT_ALERT = (
    "A swollen, warm, red or painful calf can be a blood clot. Please call your doctor "
    "today, before any massage. If you also have chest pain or trouble breathing, call 911."
)
_PE_ALERT = (
    "If you have chest pain or trouble breathing now, call 911. Otherwise please call your "
    "doctor today, before any massage."
)
_CODE_SYSTEMS = (("", "Not coded"), ("snomed", "SNOMED CT"), ("icd-10-cm", "ICD-10-CM"))

SECTIONS: tuple[Section, ...] = (
    Section("reason", "Why you are coming", "", (
        Question("reason_for_visit", "What brings you in?", "text", required=True,
                 help="For example: low back pain since a fall in March."),
        Question("goals", "What would you like to be able to do again?", "text",
                 help="For example: sit through a workday, lift my grandchild."),
    )),
    Section("history", "Health history", "List what applies; leave a row empty if not.", (
        Question("conditions", "Health conditions you have now", "group", item="Condition",
                 help="For example: fibromyalgia, arthritis, asthma.", fields=(
            Question("name", "Condition", "short", required=True),
            Question("system", "Code system", "choice", choices=_CODE_SYSTEMS, staff_only=True),
            Question("code", "Code", "short", staff_only=True),
        )),
        Question("surgeries", "Operations you have had", "group", item="Operation", fields=(
            Question("on", "Date", "date", required=True),
            Question("description", "What was done", "short"),
            _REGION,
        )),
        Question("fractures", "Broken bones", "group", item="Broken bone", fields=(
            Question("on", "Date", "date", required=True),
            _REGION,
            Question("healed", "Has it healed?", "choice", choices=_HEALED),
        )),
        Question("medications", "Medicines you take", "group", item="Medicine",
                 help="Include blood thinners, pain medicines and supplements.", fields=(
            Question("name", "Medicine", "short", required=True),
            Question("dose", "How much, how often", "short"),
            Question("rxnorm", "RxNorm code", "short", staff_only=True),
        )),
    )),
    Section("allergies", "Allergies", "", (
        Question("allergies", "Allergies (medicines, foods, latex …)", "text"),
        _yes("oil_allergy", "Are you allergic or sensitive to any oils, lotions or scents?",
             Question("oil_allergy_detail", "Which ones?", "short")),
    )),
    Section("pregnancy", "Pregnancy", "", (
        _yes("pregnant", "Are you pregnant?",
             Question("pregnancy_weeks", "How many weeks?", "number", required=True,
                      minimum=0, maximum=45, help="Your best guess is fine."),
             _yes("pregnancy_high_risk", "Has your doctor or midwife said it is high-risk "
                  "(for example pre-eclampsia, bleeding or early labour)?")),
    )),
    Section("warning_signs", "Warning signs today", "Please answer every question.", (
        # clinical.md §2 [K2][K4][K9]: suspected DVT = urgent referral; PE signs = emergency.
        _yes("calf_swelling", "Is one of your calves swollen, warm, red or painful?",
             Question("calf_swelling_side", "Which leg?", "choice", choices=_SIDES),
             alert=_DVT_ALERT),
        _yes("breathless_or_chest_pain", "Have you had sudden shortness of breath or chest pain?",
             alert=_PE_ALERT),
        _yes("fever_or_infection", "Do you have a fever, an infection or a cold or flu?"),
        _yes("weight_loss", "Have you lost weight without trying?"),
        _yes("numbness_or_weakness", "Do you have new numbness, tingling or weakness?"),
        _yes("unexplained_pain", "Do you have pain with no known cause that keeps getting "
             "worse or wakes you at night?"),
        _yes("recent_injection", "Have you had an injection (for example a cortisone shot) "
             "into a joint or muscle in the last week?",
             Question("injections", "Injections", "group", item="Injection", fields=(
                 Question("on", "Date", "date", required=True), _REGION))),
    )),
    Section("medical", "Blood, bones, heart and skin", "Please answer every question.", (
        _yes("anticoagulant", "Do you take a blood thinner (for example warfarin, Eliquis, "
             "Xarelto)?"),
        _yes("antiplatelet", "Do you take daily aspirin or clopidogrel (Plavix)?"),
        _yes("bleeding_disorder", "Do you bruise or bleed easily, or have low platelets or a "
             "bleeding disorder?"),
        Question("cancer", "Have you had cancer?", "choice", required=True, choices=_CANCER,
                 opens=("current", "past"), red_flag=True, followups=(
            Question("cancer_sites", "Where is (or was) the tumour, a port or radiated skin?",
                     "regions"),
            Question("lymph_nodes_removed", "Were lymph nodes removed? Where?", "multi",
                     choices=tuple((s.value, NODE_LABELS[s]) for s in LymphNodeSite)),
            _yes("bone_metastasis", "Has the cancer spread to your bones?"),
        )),
        _yes("osteoporosis", "Do you have osteoporosis (thin bones)?",
             _yes("osteoporosis_severe", "Has your doctor called it severe, or have you broken "
                  "a bone from a minor fall?")),
        _yes("diabetes", "Do you have diabetes?",
             _yes("diabetic_neuropathy", "Do you have numbness in your feet or hands from it?")),
        Question("blood_pressure", "Do you have high blood pressure?", "choice", required=True,
                 choices=_BLOOD_PRESSURE, opens=("uncontrolled",), red_flag=True),
        _yes("skin_lesions", "Do you have open wounds, burns, a skin infection or a rash?",
             _where("skin_lesion_regions")),
        _yes("varicose_veins", "Do you have varicose veins?", _where("varicose_vein_regions")),
        _yes("phlebitis", "Do you have an inflamed vein (phlebitis)?", _where("phlebitis_regions")),
        _yes("aneurysm", "Have you been told you have an aneurysm?"),
        _yes("acute_inflammation", "Do you have a fresh injury, or a joint that is hot and "
             "swollen right now (for example an arthritis flare)?",
             _where("acute_inflammation_regions")),
        _yes("lymphedema", "Do you have lymphedema (lasting swelling of an arm or leg)?",
             _where("lymphedema_regions")),
        _yes("implanted_device", "Do you have an implanted device (pacemaker, port, pump, "
             "stimulator)?",
             Question("devices", "Devices", "group", required=True, item="Device", fields=(
                 Question("description", "Device", "short", required=True), _REGION))),
        _yes("dvt_history", "Have you ever had a blood clot in a leg or arm (DVT)?",
             Question("dvt_history_date", "When (about)?", "date")),
        _yes("pe_history", "Have you ever had a blood clot in the lungs (pulmonary embolism)?"),
    )),
    # Single-item 0–10 ratings in our own words (issue 11); the submitted answers become a
    # WellbeingRating charted beside pain. Same direction of scale as the care chart.
    Section("wellbeing", "Stress, sleep and mood", "Optional: three quick ratings of the "
            "past week.", (
        _rating("stress_rating", "Over the past week, how stressed have you felt?",
                "0 = not at all, 10 = extremely"),
        _rating("sleep_rating", "Over the past week, how well have you slept?",
                "0 = very badly, 10 = very well"),
        _rating("mood_rating", "Over the past week, how has your mood been?",
                "0 = very low, 10 = very good"),
    )),
)  # fmt: skip
# Intake question → the wellbeing item (stress, sleep, mood) it is recorded as.
WELLBEING_ITEMS = {"stress_rating": "stress", "sleep_rating": "sleep", "mood_rating": "mood"}

CONSENT_TEXT = (
    "The answers above are true to the best of my knowledge. I will tell my therapist if "
    "anything changes. I agree to massage therapy as discussed with my therapist, and I "
    "know I can ask to stop or change the treatment at any time."
)


def walk(questions: tuple[Question, ...]) -> Iterator[tuple[Question, Question | None]]:
    """Every question with the question that opens it (None for top-level ones)."""
    for q in questions:
        yield q, None
        for f in q.followups:
            for child, parent in walk((f,)):
                yield child, parent or q


def all_questions() -> Iterator[tuple[Question, Question | None]]:
    for section in SECTIONS:
        yield from walk(section.questions)


QUESTIONS: dict[str, Question] = {q.key: q for q, _ in all_questions()}
PARENTS: dict[str, Question] = {q.key: p for q, p in all_questions() if p is not None}
REGION_CODE_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/body-region"


def is_asked(q: Question, answers: Mapping[str, object]) -> bool:
    """Whether q's answer asks its follow-ups (and q itself is asked)."""
    parent = PARENTS.get(q.key)
    if parent is not None and not is_asked(parent, answers):
        return False
    return q.is_open(answers.get(q.key))
