"""Demo cases, treatment plans and SOAP session notes, written through the services.

`build_cases(practice, actor, today)` opens a case for up to 30 patients (those with an
assessment first, so the plan reads their body chart, pain and PSFS goals): valid ICD-10-CM
diagnoses for the complaint the intake gave (neck pain M54.2, low back pain M54.50, …), a
plan proposed from the case, severity and screening and approved by the therapist, and 4–12
signed SOAP notes over the past weeks with treatment lines (technique, region, minutes,
pressure). A few cases get a revised plan (v2) halfway, five an unsigned draft (two of them
older than 24 h, so they show on the therapist's to-do list), three are on hold and four
discharged with a summary. A patient whose screening blocks treatment keeps an open case
without a plan: it waits for the physician's clearance.

Deterministic (a fixed seed), and safe to call twice: patients with a case are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from random import Random

from django.core.exceptions import ValidationError

from petrissage.audit.services import Actor
from petrissage.clinical import case_services, plan_services, session_services
from petrissage.clinical.case_selectors import therapists_of
from petrissage.clinical.models import (
    Assessment,
    AssessmentKind,
    Case,
    CaseStatus,
    SessionNote,
    TreatmentPlan,
)
from petrissage.clinical.plan_selectors import (
    plan_inputs,
    screening_result,
    severity_of,
    technique_lines,
    technique_rows,
)
from petrissage.clinical.screening_services import PRE_SESSION_RED_FLAGS
from petrissage.domain.plans import CONDITIONS, PlanTechnique, TechniqueLine
from petrissage.domain.plans.constraints import line_problems
from petrissage.domain.session_rules import Line
from petrissage.patients.models import Intake, Patient
from petrissage.practice.models import Practice, Staff

SEED = 20_261_124
CASES = 30
ON_HOLD = 3
DISCHARGED = 4
DRAFTS = 5
OVERDUE_DRAFTS = 2
REVISED = 3
NO_FLAGS = dict.fromkeys(PRE_SESSION_RED_FLAGS, False)


@dataclass(frozen=True)
class Story:
    title: str
    codes: tuple[str, ...]  # ICD-10-CM, claim order (clinical.md §1b)
    condition: str  # petrissage.domain.plans condition key
    subjective: tuple[str, ...]
    objective: str


# Keyed like demo_screening_data.COMPLAINTS; the intake's reason for visit finds the story.
STORIES: dict[str, Story] = {
    "neck-desk": Story(
        "Chronic neck pain after desk work",
        ("M54.2", "M62.838"),
        "neck_pain",
        ("Neck tight by mid-afternoon.", "Fewer painkillers this week.", "Stiff after a deadline."),
        "Hypertonic upper trapezius; trigger point in levator scapulae reproduces the pain.",
    ),
    "low-back": Story(
        "Low back pain after lifting",
        ("M54.50", "M62.830"),
        "chronic_low_back_pain",
        ("Morning stiffness shorter.", "Sat through a long meeting.", "Sore after gardening."),
        "Lumbar paraspinals guarded, right more than left; flexion to mid-shin.",
    ),
    "tension-headache": Story(
        "Chronic tension-type headache",
        ("G44.229", "M54.2"),
        "tension_headache",
        ("Two headache days this week.", "Headache diary kept.", "One bad day after screens."),
        "Suboccipital tension; trigger points in upper trapezius refer to the temple.",
    ),
    "plantar": Story(
        "Plantar fasciitis, left",
        ("M72.2",),
        "plantar_fasciitis",
        ("First steps easier.", "Ran 5 km without heel pain.", "Heel sore after a long walk."),
        "Tender medial calcaneal tubercle; gastrocnemius tight on the left.",
    ),
    "shoulder": Story(
        "Right shoulder pain after a fall",
        ("M25.511", "M79.18"),
        "myofascial_pain",
        ("Reached the top shelf.", "Slept on the right side.", "Ache after painting a wall."),
        "Infraspinatus trigger points; guarded elevation past 140°.",
    ),
    "whiplash": Story(
        "Whiplash after a rear-end collision",
        ("S13.4XXD", "M54.2"),
        "whiplash",
        ("Turning the head easier.", "Drove 40 minutes.", "Stiff after a long drive."),
        "Guarded cervical rotation; suboccipitals and scalenes tender.",
    ),
    "tennis-elbow": Story(
        "Lateral epicondylitis, right",
        ("M77.11",),
        "lateral_epicondylitis",
        ("Typing easier.", "Carried groceries.", "Sore after a long day of typing."),
        "Tender common extensor origin; grip pain at 20 kg.",
    ),
    "it-band": Story(
        "Iliotibial band syndrome, left",
        ("M76.32", "M79.18"),
        "myofascial_pain",
        ("Ran 8 km.", "Downhill still sore.", "Hip ache after a long run."),
        "Tender distal ITB and TFL on the left; weak gluteus medius.",
    ),
    "fibromyalgia": Story(
        "Fibromyalgia",
        ("M79.7",),
        "fibromyalgia",
        ("Slept better two nights.", "Flare after a busy week.", "Worked three half days."),
        "Widespread tenderness; tolerates light pressure only.",
    ),
    "pregnancy-back": Story(
        "Pregnancy-related low back pain",
        ("M54.50", "O26.892", "Z3A.24"),
        "chronic_low_back_pain",
        ("Walked every day.", "Hip ache at night.", "Slept better side-lying."),
        "Increased lordosis; gluteal and lumbar tenderness; treated side-lying.",
    ),
    "knee-rehab": Story(
        "Rehabilitation after right knee replacement",
        ("Z47.1", "Z96.651"),
        "post_surgical_scar",
        ("Walked without the cane indoors.", "Stairs easier.", "Swelling after a long walk."),
        "Scar closed and mobile; quadriceps guarding; flexion 95°.",
    ),
}
ORDER = tuple(STORIES)


def _story_key(patient: Patient, index: int) -> str:
    """The complaint the patient's intake gave, else one in turn."""
    from petrissage.clinical.demo_screening_data import COMPLAINTS

    intake = Intake.objects.filter(practice_id=patient.practice_id, patient=patient).first()
    reason = (intake.answers or {}).get("reason_for_visit") if intake else None
    for key, complaint in COMPLAINTS.items():
        if complaint.reason == reason and key in STORIES:
            return key
    return ORDER[index % len(ORDER)]


def _candidates(practice: Practice) -> list[tuple[Patient, Assessment | None]]:
    """Patients without a case: those with an initial assessment first (oldest first)."""
    taken = set(Case.objects.filter(practice=practice).values_list("patient_id", flat=True))
    initial = Assessment.objects.filter(practice=practice, kind=AssessmentKind.INITIAL).order_by(
        "assessed_on", "id"
    )
    found: list[tuple[Patient, Assessment | None]] = []
    seen: set[int] = set()
    for assessment in initial.select_related("patient__practice", "therapist"):
        if assessment.patient_id not in taken | seen:
            found.append((assessment.patient, assessment))
            seen.add(assessment.patient_id)
    rest = Patient.objects.filter(practice=practice).exclude(pk__in=taken | seen).order_by("id")
    found.extend((p, None) for p in rest.select_related("practice"))
    return found[:CASES]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _visit_dates(opened: date, per_week: int, count: int, today: date) -> list[date]:
    days = [opened + timedelta(days=i * _step(per_week)) for i in range(count)]
    return [d for d in days if d < today]


def _lines(plan: TreatmentPlan, rng: Random) -> list[Line]:
    rows = technique_rows(plan)
    if not rows:
        return []
    count = 2 if plan.session_minutes <= 30 else 3
    chosen = rng.sample(rows, min(count, len(rows)))
    budget = plan.session_minutes - 5
    each = max(5, (budget // len(chosen)) // 5 * 5)
    minutes = [each] * len(chosen)
    minutes[-1] += max(0, budget - each * len(chosen))
    return [
        Line(row.region_code, row.technique, m, row.pressure)
        for row, m in zip(chosen, minutes, strict=True)
    ]


def _pain(start: int, visit: int) -> int:
    return max(1, start - visit // 2)


def _document(
    note: SessionNote,
    plan: TreatmentPlan,
    story: Story,
    pain: int,
    therapist: Staff,
    actor: Actor,
    rng: Random,
    *,
    sign: bool,
) -> bool:
    """Pre-check, SOAP fields and lines, then (optionally) sign at the end of the day."""
    try:
        session_services.session_save_pre_check(note=note, actor=actor, answers=NO_FLAGS)
        fields = {
            "pain_before": pain,
            "subjective": rng.choice(story.subjective),
            "objective": story.objective,
            "response": "Tissue softened; moved more freely at the end of the session.",
            "pain_after": max(0, pain - rng.randint(1, 2)),
            "plan_next": "Continue the plan; progress pressure by response.",
            "home_care": plan.home_care.splitlines()[0] if plan.home_care else "",
        }
        session_services.session_save(
            note=note, actor=actor, fields=fields, lines=_lines(plan, rng)
        )
        if sign:
            session_services.session_sign(
                note=note, staff=therapist, actor=actor, now=_at(note.session_date, 23)
            )
    except ValidationError:
        return False
    return True


def _plan(case: Case, therapist: Staff, actor: Actor, rng: Random) -> TreatmentPlan | None:
    inputs = plan_inputs(case)
    severity = severity_of(
        inputs.pain_nprs, inputs.function_limitation or "moderate", rng.randint(6, 52)
    )
    try:
        plan = plan_services.plan_propose(
            case=case, actor=actor, staff=therapist, severity=severity, goals=inputs.goals
        )
    except ValidationError:
        return None  # the screening blocks treatment: the case waits for clearance
    if not technique_rows(plan):  # the screening left nothing: the therapist adds gentle work
        _gentle(plan, inputs.affected_regions, actor)
    try:
        return plan_services.plan_approve(
            plan=plan, actor=actor, staff=therapist, now=_at(case.opened_on, 18)
        )
    except ValidationError:
        return None


def _gentle(plan: TreatmentPlan, regions: tuple[str, ...], actor: Actor) -> None:
    """Light Swedish massage (pressure 1) on the affected regions the screening allows."""
    screening = screening_result(plan_inputs(plan.case).screening)
    lines = [TechniqueLine(r, PlanTechnique.SWEDISH, 1) for r in regions]
    refused = {n for n, _ in line_problems(lines, screening)}
    kept = tuple(line for n, line in enumerate(lines, start=1) if n not in refused)
    edit = plan_services.PlanEdit(
        session_minutes=plan.session_minutes,
        sessions_per_week=plan.sessions_per_week,
        weeks=plan.weeks,
        total_visits=plan.total_visits,
        home_care=plan.home_care,
        goals=tuple(str(g.get("text", "")) for g in plan.goals or []),
        lines=kept,
    )
    try:
        plan_services.plan_save(plan=plan, actor=actor, edit=edit)
    except ValidationError:
        return


def _revise(case: Case, therapist: Staff, actor: Actor, on: date) -> TreatmentPlan | None:
    """Plan v2: two more weeks after the mid-course reassessment."""
    draft = plan_services.plan_revise(case=case, actor=actor, staff=therapist)
    edit = plan_services.PlanEdit(
        session_minutes=draft.session_minutes,
        sessions_per_week=draft.sessions_per_week,
        weeks=draft.weeks + 2,
        total_visits=draft.total_visits + 2 * draft.sessions_per_week,
        home_care=draft.home_care,
        goals=tuple(str(g.get("text", "")) for g in draft.goals or []),
        lines=tuple(technique_lines(draft)),
    )
    try:
        plan_services.plan_save(plan=draft, actor=actor, edit=edit)
        return plan_services.plan_approve(plan=draft, actor=actor, staff=therapist, now=_at(on, 18))
    except ValidationError:
        return None


@dataclass
class _Tally:
    on_hold: int = 0
    discharged: int = 0
    drafts: int = 0
    revised: int = 0


def _close(case: Case, last: date, actor: Actor, tally: _Tally, story: Story) -> None:
    """Discharge (with a summary) the first few closing cases, put the next few on hold."""
    if tally.discharged < DISCHARGED:
        summary = (
            f"{story.title}: course completed. Pain and the patient's PSFS activities improved "
            "against baseline; home programme reviewed. Discharged to self-management; "
            "return with a new prescription if symptoms recur."
        )
        case_services.case_set_status(
            case=case, actor=actor, status=CaseStatus.DISCHARGED, on=last, summary=summary
        )
        tally.discharged += 1
    elif tally.on_hold < ON_HOLD:
        case_services.case_set_status(
            case=case, actor=actor, status=CaseStatus.ON_HOLD, on=last, reason="Travelling 3 weeks"
        )
        tally.on_hold += 1


def _draft(
    case: Case,
    plan: TreatmentPlan,
    story: Story,
    actor: Actor,
    rng: Random,
    tally: _Tally,
    today: date,
) -> None:
    """An unsigned note of the last visit; the first two are left for more than 24 h."""
    overdue = tally.drafts < OVERDUE_DRAFTS
    day = today - timedelta(days=2 if overdue else 0)
    note = session_services.session_start(
        case=case,
        therapist=case.therapist,
        actor=actor,
        session_date=day,
        appointment_minutes=plan.session_minutes,
    )
    _document(note, plan, story, 4, case.therapist, actor, rng, sign=False)
    if overdue:  # back-date the start so the to-do list shows it (demo data only)
        SessionNote.objects.filter(pk=note.pk).update(created_at=_at(day, 17))
    tally.drafts += 1


def _sessions(
    case: Case,
    plan: TreatmentPlan,
    story: Story,
    actor: Actor,
    rng: Random,
    today: date,
    tally: _Tally,
    pain: int,
    visits: int,
) -> date | None:
    visits = min(visits, plan.total_visits)
    dates = _visit_dates(case.opened_on, plan.sessions_per_week, visits, today)
    halfway = len(dates) // 2
    for number, day in enumerate(dates, start=1):
        if number == halfway + 1 and tally.revised < REVISED and len(dates) >= 6:
            plan = _revise(case, case.therapist, actor, day) or plan
            tally.revised += 1
        note = session_services.session_start(
            case=case,
            therapist=case.therapist,
            actor=actor,
            session_date=day,
            appointment_minutes=plan.session_minutes,
        )
        _document(note, plan, story, _pain(pain, number), case.therapist, actor, rng, sign=True)
    return dates[-1] if dates else None


def _step(per_week: int) -> int:
    return max(2, 7 // max(1, per_week))


def _open(
    patient: Patient,
    assessment: Assessment | None,
    index: int,
    therapists: list[Staff],
    actor: Actor,
    today: date,
    rng: Random,
) -> tuple[Case, Story, int]:
    """The case, opened early enough for its visits at the condition's evidence dose."""
    story = STORIES[_story_key(patient, index)]
    therapist = assessment.therapist if assessment else therapists[index % len(therapists)]
    dose = CONDITIONS[story.condition].dose
    visits = min(rng.randint(4, 12), max(4, dose.visits))
    opened = today - timedelta(days=(visits - 1) * _step(dose.per_week) + rng.randint(1, 3))
    if assessment is not None:
        opened = min(assessment.assessed_on, opened)
    case = case_services.case_open(
        patient=patient,
        actor=actor,
        therapist=therapist,
        title=story.title,
        opened_on=opened,
        diagnoses=story.codes,
        condition_key=story.condition,
    )
    return case, story, visits


def build_cases(practice: Practice, actor: Actor, today: date) -> list[Case]:
    rng = Random(SEED)
    therapists = list(therapists_of(practice.pk))
    if not therapists:
        return []
    tally = _Tally()
    made = []
    candidates = _candidates(practice)
    closing = {i for i in range(len(candidates)) if i % 4 == 3}  # every fourth: hold/discharge
    for index, (patient, assessment) in enumerate(candidates):
        case, story, visits = _open(patient, assessment, index, therapists, actor, today, rng)
        made.append(case)
        plan = _plan(case, case.therapist, actor, rng)
        if plan is None:
            continue
        pain = plan_inputs(case).pain_nprs or 6
        last = _sessions(case, plan, story, actor, rng, today, tally, pain, visits)
        current = plan_services.current_plan(case) or plan
        if index in closing and last is not None:
            _close(case, last, actor, tally, story)
        elif tally.drafts < DRAFTS:
            _draft(case, current, story, actor, rng, tally, today)
    return made
