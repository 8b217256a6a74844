"""The post-session check-in: its questions, answer checks and alert rules (pure Python).

Content from reference/clinical.md §5 ("Check-in (24–72 h)" [AE1][K9][OM26][AE2]): pain
now and worst since the visit (NPRS), soreness where / how bad / how long, bruising, new
numbness or weakness, unilateral calf swelling, warmth or redness, sudden breathlessness
or chest pain, fever or redness at an incision or injection site, function on the PSFS
activity, sleep, global change (PGIC), home care, medication changes, readiness.

Alert rules: signs of DVT/PE [K9], infection, or new neurological signs are URGENT. Soreness
that lasts up to 36 hours is the expected course ([AE1]: most began <12 h after and lasted
≤36 h) and is recorded only; longer soreness, bruising, medication changes and doubts
about the next visit become review notes for the therapist, without an alarm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from petrissage.domain.outcomes import PGIC

Kind = Literal["nprs", "yesno", "choice", "text"]
Answers = dict[str, object]


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: Kind
    required: bool = True
    options: tuple[tuple[str, str], ...] = ()
    shown_if: str = ""
    """Key of a yes/no question that must be answered yes for this one to be asked."""
    hint: str = ""


@dataclass(frozen=True)
class Alert:
    urgent: bool
    reasons: tuple[str, ...] = ()
    call_911: bool = False
    review: tuple[str, ...] = field(default_factory=tuple)


SORENESS_HOW_LONG = (
    ("under-12h", "Less than 12 hours"),
    ("12-36h", "12 to 36 hours"),
    ("over-36h", "More than 36 hours, or still sore now"),
)
SLEEP = (("better", "Better than usual"), ("same", "About the same"), ("worse", "Worse"))
HOME_CARE = (("yes", "Yes, all of it"), ("partly", "Some of it"), ("no", "Not yet"))
READY = (("yes", "Yes"), ("unsure", "Not sure"), ("no", "No"))
PGIC_OPTIONS = tuple((str(int(o.value)), o.label) for o in PGIC.items[0].options)

QUESTIONS: tuple[Question, ...] = (
    Question("pain_now", "How much pain do you have right now?", "nprs",
             hint="0 = no pain, 10 = the worst pain you can imagine"),
    Question("pain_worst", "What was your worst pain since the visit?", "nprs",
             hint="0 = no pain, 10 = the worst pain you can imagine"),
    Question("soreness", "Have you been sore after the massage?", "yesno"),
    Question("soreness_where", "Where are you sore?", "text", shown_if="soreness"),
    Question("soreness_severity", "How bad is the soreness?", "nprs", shown_if="soreness",
             hint="0 = hardly noticeable, 10 = as bad as it could be"),
    Question("soreness_how_long", "How long has the soreness lasted?", "choice",
             options=SORENESS_HOW_LONG, shown_if="soreness"),
    Question("bruising", "Do you have any bruising where you were treated?", "yesno"),
    Question("numbness_weakness", "Any NEW numbness, tingling or weakness in an arm or leg?",
             "yesno"),
    Question("calf_swelling", "Is one calf or leg swollen, warm, red or tender?", "yesno",
             hint="Only one side, not both"),
    Question("breathless_chest_pain", "Any sudden shortness of breath or chest pain?", "yesno"),
    Question("fever_site_redness",
             "Any fever, or new redness or swelling at a surgery scar or injection site?",
             "yesno"),
    Question("activity", "How well can you do your main activity today?", "nprs",
             required=False, hint="0 = unable to do it, 10 = as well as before the problem"),
    Question("sleep", "How did you sleep after the visit?", "choice", options=SLEEP),
    # Stress, sleep quality and mood: optional single-item ratings in our own words
    # (issue 11), stored also as a WellbeingRating and charted beside pain.
    Question("stress_rating", "How stressed have you felt since your visit?", "nprs",
             required=False, hint="0 = not at all, 10 = extremely"),
    Question("sleep_rating", "How well have you slept since your visit?", "nprs",
             required=False, hint="0 = very badly, 10 = very well"),
    Question("mood_rating", "How has your mood been since your visit?", "nprs",
             required=False, hint="0 = very low, 10 = very good"),
    Question("global_change", PGIC.items[0].text, "choice", options=PGIC_OPTIONS),
    Question("home_care", "Did you do the home care your therapist suggested?", "choice",
             options=HOME_CARE),
    Question("medication_changes", "Have any of your medicines changed since the visit?",
             "yesno"),
    Question("medication_details", "Which medicines changed?", "text",
             shown_if="medication_changes", required=False),
    Question("ready_next_visit", "Do you feel ready for your next visit?", "choice",
             options=READY),
)  # fmt: skip
BY_KEY = {q.key: q for q in QUESTIONS}
# Check-in question → the petrissage.care.wellbeing item it feeds (same direction of scale).
WELLBEING_ITEMS = {"stress_rating": "stress", "sleep_rating": "sleep", "mood_rating": "mood"}

# Each urgent sign, with the reason staff see (clinical.md §5 [K9]).
URGENT_SIGNS = {
    "calf_swelling": "Calf or leg swelling, warmth or redness on one side: possible DVT",
    "breathless_chest_pain": "Sudden breathlessness or chest pain: possible pulmonary embolism",
    "fever_site_redness": "Fever or redness at an incision or injection site: possible infection",
    "numbness_weakness": "New numbness or weakness: new neurological signs",
}
CALL_911 = frozenset({"breathless_chest_pain"})


class CheckInAnswerError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(f"{len(errors)} answer(s) need attention")
        self.errors = errors


def is_asked(question: Question, answers: Mapping[str, object]) -> bool:
    return not question.shown_if or answers.get(question.shown_if) is True


def parse_answers(raw: Mapping[str, str]) -> Answers:
    """Form text → typed answers; raises CheckInAnswerError naming each bad field."""
    answers: Answers = {}
    errors: dict[str, str] = {}
    for question in QUESTIONS:
        text = (raw.get(question.key) or "").strip()
        if not is_asked(question, answers):
            continue
        if not text:
            if question.required:
                errors[question.key] = "Please answer this question."
            continue
        problem = _parse_one(question, text, answers)
        if problem:
            errors[question.key] = problem
    if errors:
        raise CheckInAnswerError(errors)
    return answers


def _parse_one(question: Question, text: str, answers: Answers) -> str:
    if question.kind == "nprs":
        if not text.isdigit() or not 0 <= int(text) <= 10:
            return "Choose a number from 0 to 10."
        answers[question.key] = int(text)
    elif question.kind == "yesno":
        if text not in ("yes", "no"):
            return "Answer yes or no."
        answers[question.key] = text == "yes"
    elif question.kind == "choice":
        if text not in dict(question.options):
            return "Choose one of the answers shown."
        answers[question.key] = text
    else:
        answers[question.key] = text[:300]
    return ""


def evaluate(answers: Mapping[str, object]) -> Alert:
    """Urgent signs → an urgent alert; anything else worth a look → review notes."""
    signs = [key for key in URGENT_SIGNS if answers.get(key) is True]
    return Alert(
        urgent=bool(signs),
        reasons=tuple(URGENT_SIGNS[key] for key in signs),
        call_911=any(key in CALL_911 for key in signs),
        review=tuple(_review_notes(answers)),
    )


def _review_notes(answers: Mapping[str, object]) -> list[str]:
    notes = []
    if answers.get("soreness_how_long") == "over-36h":
        notes.append("Soreness lasting more than 36 hours (longer than the usual course)")
    if answers.get("bruising") is True:
        notes.append("Bruising where treated")
    if answers.get("medication_changes") is True:
        detail = answers.get("medication_details") or "not described"
        notes.append(f"Medication changed: {detail}")
    if answers.get("ready_next_visit") in ("no", "unsure"):
        notes.append("Not sure they are ready for the next visit")
    return notes


def answer_label(question: Question, value: object) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if question.kind == "choice":
        return dict(question.options).get(str(value), str(value))
    if question.kind == "nprs":
        return f"{value}/10"
    return str(value)


def summary_lines(answers: Mapping[str, object]) -> list[tuple[str, str, bool]]:
    """(question, answer, is an urgent sign) for every answered question, in order."""
    return [
        (q.text, answer_label(q, answers[q.key]), answers[q.key] is True and q.key in URGENT_SIGNS)
        for q in QUESTIONS
        if q.key in answers
    ]
