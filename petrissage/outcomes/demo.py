"""Demo outcomes: baseline and follow-up measures on the demo's open cases (improving,
plateaued and worsening patients) and answered check-ins for recent signed sessions, one
of them with an urgent alert. Written through the services; cases and signed sessions
come from the steps before this one."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from petrissage.audit.services import Actor
from petrissage.clinical.models import Case, CaseStatus, NoteStatus, SessionNote
from petrissage.outcomes.checkin_services import checkin_answer, checkin_schedule_for_session
from petrissage.outcomes.models import CheckIn, OutcomeResponse
from petrissage.outcomes.selectors import instrument_for
from petrissage.outcomes.services import outcome_record
from petrissage.practice.models import Practice

# (NPRS, PSFS ratings, LEFS item score, PEG) at baseline, then at the interim.
PATTERNS = {
    "improving": ((7, (2, 3, 4), 2, (7, 7, 6)), (3, (6, 7, 7), 3, (3, 3, 3))),
    "plateaued": ((6, (4, 4, 5), 2, (6, 6, 6)), (5, (4, 5, 5), 2, (6, 5, 6))),
    "worsening": ((4, (6, 6, 6), 3, (4, 4, 4)), (7, (3, 4, 3), 2, (7, 7, 7))),
}
PSFS_ACTIVITIES = ("Lift my child", "Drive 30 minutes", "Work at the computer")
CALM = {
    "pain_now": 3, "pain_worst": 4, "soreness": True, "soreness_where": "Upper back",
    "soreness_severity": 3, "soreness_how_long": "12-36h", "bruising": False,
    "numbness_weakness": False, "calf_swelling": False, "breathless_chest_pain": False,
    "fever_site_redness": False, "activity": 6, "sleep": "better", "global_change": "2",
    "home_care": "yes", "medication_changes": False, "ready_next_visit": "yes",
}  # fmt: skip


def _at(today: date, days_ago: int, practice: Practice) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(10), tzinfo=practice.zone)


def _record_set(
    case: Case, actor: Actor, values: tuple[object, ...], when: datetime, timepoint: str
) -> None:
    nprs, psfs, lefs_item, peg = values
    psfs_answers: dict[str, object] = {}
    for n, (name, rating) in enumerate(zip(PSFS_ACTIVITIES, psfs, strict=True), 1):  # type: ignore[call-overload]
        psfs_answers[f"activity-{n}-name"] = name
        psfs_answers[f"activity-{n}-rating"] = rating
    answer_sets = {
        "nprs": {"pain": nprs},
        "psfs": psfs_answers,
        "lefs": {f"lefs-{n}": lefs_item for n in range(1, 21)},
        "peg": dict(zip(("peg-pain", "peg-enjoyment", "peg-activity"), peg, strict=True)),  # type: ignore[call-overload]
    }
    for key, answers in answer_sets.items():
        instrument = instrument_for(case.practice, key)
        assert instrument is not None
        outcome_record(
            case=case,
            instrument=instrument,
            answers=answers,
            timepoint=timepoint,
            actor=actor,
            staff=case.therapist,
            collected_at=when,
        )


def _measures(practice: Practice, actor: Actor, today: date) -> None:
    cases = Case.objects.filter(practice=practice, status=CaseStatus.OPEN).order_by("id")
    patterns = list(PATTERNS.values()) * 3  # up to nine cases, each trend three times
    for case, pattern in zip(cases, patterns, strict=False):
        if OutcomeResponse.objects.filter(case=case).exists():
            continue
        start = max(case.opened_on, today - timedelta(days=28))
        baseline, interim = pattern
        _record_set(case, actor, baseline, _at(start, 0, practice), "baseline")
        middle = start + (today - start) / 2
        if pattern is PATTERNS["plateaued"]:  # two re-measures without important change
            _record_set(case, actor, interim, _at(middle, 0, practice), "interim")
        _record_set(case, actor, interim, _at(today, 2, practice), "interim")


def _check_ins(practice: Practice, actor: Actor, today: date) -> None:
    since = _at(today, 10, practice)
    notes = SessionNote.objects.filter(
        practice=practice, status=NoteStatus.SIGNED, signed_at__gte=since
    ).order_by("-signed_at")
    # Two urgent alerts (clinical.md §5 [K9]): possible DVT, and possible infection.
    red_flags = [{"calf_swelling": True}, {"fever_site_redness": True, "bruising": True}]
    if CheckIn.objects.filter(practice=practice, alert_level="urgent").exists():
        red_flags = []
    for note in notes[:6]:
        check_in = checkin_schedule_for_session(session=note, actor=actor)
        if check_in.answered_at is not None:
            continue
        answers: dict[str, object] = {**CALM, **(red_flags.pop(0) if red_flags else {})}
        checkin_answer(check_in=check_in, answers=answers, actor=actor)  # as if from the link


def build_outcomes(practice: Practice, actor: Actor, today: date) -> None:
    _measures(practice, actor, today)
    _check_ins(practice, actor, today)
