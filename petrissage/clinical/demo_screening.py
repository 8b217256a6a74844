"""Demo intakes, screenings, clearances and initial assessments, written through the services.

`build_intake_and_screening(practice, actor, today)` takes the practice's first 42 patients:
40 send in a health history (a third from the patient's own link, the rest entered at the
front desk; one sends a second version when a new medicine starts), two leave a half-filled
form on their link. Sixteen carry a red-flag profile (warfarin, osteoporosis, pregnancy at 24
weeks, three weeks after knee surgery with a healing incision, calf signs of a DVT, breast
cancer treatment with axillary nodes removed, uncontrolled blood pressure, diabetes with
neuropathy, fever, a cortisone shot, …), so the screenings show every finding class
(clinical.md §2). Physician clearances are on file for some; the rest still wait for one.
Thirty patients then get an initial assessment by one of the four therapists: body-chart
regions with NPRS, pain quality and palpation, range of motion against the reference, and
PSFS goals; eight of them a re-assessment, so the region trend shows.

Deterministic (a fixed seed), and safe to call twice: patients that already have an intake
are skipped.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random
from typing import Any

from petrissage.audit.services import Actor
from petrissage.clinical.assessment_services import assessment_create, assessment_update
from petrissage.clinical.clearance_services import clearance_record
from petrissage.clinical.demo_screening_data import (
    COMPLAINTS,
    ORDINARY,
    PROFILES,
    Complaint,
    Profile,
)
from petrissage.clinical.models import Screening
from petrissage.domain.intake import all_questions
from petrissage.patients import intake_services
from petrissage.patients.models import Intake, Patient
from petrissage.patients.selectors import age_on
from petrissage.practice.models import Practice, Role, Staff

SEED = 20_261_123
INTAKES = 40
DRAFTS = 2
ASSESSED = 30
REASSESSED = 8
Answers = dict[str, Any]


def _base(complaint: Complaint) -> Answers:
    """Every required question answered no / none, with the complaint's story."""
    answers: Answers = {"reason_for_visit": complaint.reason, "goals": complaint.goals_text}
    for q, _ in all_questions():
        if q.kind == "yesno":
            answers.setdefault(q.key, False)
        elif q.kind == "choice" and q.required:
            answers.setdefault(q.key, "none")
    return answers


def _assign(
    patients: list[Patient], today: date, rng: Random
) -> list[tuple[Patient, Profile | None, Complaint]]:
    """Each patient with a red-flag profile (the first patient it fits) or none."""
    free = list(patients)
    chosen: dict[int, Profile] = {}
    for profile in PROFILES:
        fit = next((p for p in free if profile.fits(p, age_on(p.birth_date, today))), None)
        if fit is not None:
            chosen[fit.pk] = profile
            free.remove(fit)
    plan: list[tuple[Patient, Profile | None, Complaint]] = []
    for patient in patients:
        story = chosen.get(patient.pk)
        key = story.complaint if story else rng.choice(ORDINARY)
        plan.append((patient, story, COMPLAINTS[key]))
    return plan


def _submit(patient: Patient, answers: Answers, actor: Actor, desk: Staff, by_link: bool) -> Intake:
    if not by_link:
        intake = intake_services.intake_start(patient=patient, actor=actor, staff=desk)
        return intake_services.intake_submit(
            intake=intake, actor=actor, answers=answers, consent_signature=patient.full_name
        )
    link, _token = intake_services.intake_link_create(patient=patient, actor=actor, staff=desk)
    # The loader writes what the patient would (audit source cli): link=… marks it theirs.
    intake = intake_services.intake_link_open(link=link, actor=actor)
    half = {k: v for k, v in answers.items() if k in ("reason_for_visit", "goals", "medications")}
    intake_services.intake_save_draft(intake=intake, actor=actor, answers=half)
    return intake_services.intake_submit(
        intake=intake,
        actor=actor,
        answers=answers,
        consent_signature=patient.full_name,
        link=link,
    )


def _leave_half_filled(patient: Patient, complaint: Complaint, actor: Actor, desk: Staff) -> None:
    link, _token = intake_services.intake_link_create(patient=patient, actor=actor, staff=desk)
    intake = intake_services.intake_link_open(link=link, actor=actor)
    intake_services.intake_save_draft(
        intake=intake,
        actor=actor,
        answers={"reason_for_visit": complaint.reason, "pregnant": False, "anticoagulant": False},
    )


def _clear(patient: Patient, profile: Profile, owner: Staff, actor: Actor, today: date) -> None:
    screening = Screening.objects.filter(
        practice_id=patient.practice_id, patient=patient, is_current=True
    ).first()
    present = {f.rule_id for f in screening.findings.all()} if screening else set()
    for rule_id, cleared_by, scope in profile.clear:
        if rule_id in present:
            clearance_record(
                patient=patient,
                staff=owner,
                actor=actor,
                rule_id=rule_id,
                cleared_by=cleared_by,
                cleared_on=today - timedelta(days=3),
                scope=scope,
            )


def _findings(complaint: Complaint, seed: int, rng: Random, relief: int) -> list[dict[str, Any]]:
    """Region findings; the same seed gives the same starting pain, less `relief` (± 1)."""
    start = Random(seed)
    rows = []
    for code, (low, high), quality in complaint.regions:
        eased = relief + rng.randint(-1, 1) if relief else 0
        nprs = max(0, start.randint(low, high) - eased)
        rows.append(
            {
                "region_code": code,
                "nprs": nprs,
                "pain_quality": quality,
                "tenderness": min(3, max(0, nprs // 3)),
                "trigger_points": nprs >= 5 and rng.random() < 0.7,
                "hypertonicity": nprs >= 4 and rng.random() < 0.6,
                "adhesions": rng.random() < 0.15,
                "notes": "",
            }
        )
    return rows


def _rom(complaint: Complaint, rng: Random, gain: float) -> list[dict[str, Any]]:
    from petrissage.domain.rom import reference_for

    rows = []
    for joint, movement, side in complaint.rom:
        reference = reference_for(joint, movement).degrees
        share = min(1.0, rng.uniform(0.55, 0.85) + gain)
        rows.append(
            {
                "joint": joint,
                "movement": movement,
                "side": side,
                "degrees": round(reference * share),
            }
        )
    return rows


def _assess(
    patient: Patient,
    complaint: Complaint,
    therapist: Staff,
    actor: Actor,
    on: date,
    rng: Random,
    *,
    kind: str = "initial",
    relief: int = 0,
) -> None:
    gain = 0.12 if relief else 0.0
    assessment_create(
        patient=patient,
        therapist=therapist,
        actor=actor,
        data={"kind": kind, "assessed_on": on, "posture_notes": complaint.posture, "notes": ""},
        region_findings=_findings(complaint, SEED + patient.pk, rng, relief),
        rom=_rom(complaint, rng, gain),
        goals=[{"activity": a, "score": min(10, s + relief)} for a, s in complaint.goals],
    )


def _staff(practice: Practice) -> tuple[list[Staff], Staff, Staff]:
    staff = list(Staff.objects.filter(practice=practice).order_by("id"))
    therapists = [s for s in staff if s.role == Role.THERAPIST]
    desk = next((s for s in staff if s.role == Role.FRONT_DESK), staff[0])
    owner = next((s for s in staff if s.role == Role.OWNER), staff[0])
    return therapists, desk, owner


def build_intake_and_screening(practice: Practice, actor: Actor, today: date) -> None:
    rng = Random(SEED)
    therapists, desk, owner = _staff(practice)
    if not therapists:
        return
    patients = list(Patient.objects.filter(practice=practice).order_by("id")[: INTAKES + DRAFTS])
    done = set(Intake.objects.filter(practice=practice).values_list("patient_id", flat=True))
    plan = _assign(patients[:INTAKES], today, rng)
    assessed = 0
    for index, (patient, profile, complaint) in enumerate(plan):
        if patient.pk in done:
            continue
        answers = {**_base(complaint), **(profile.answers(today) if profile else {})}
        _submit(patient, answers, actor, desk, by_link=index % 3 == 1)
        if profile and profile.second_version:
            _submit(patient, {**answers, **profile.second_version}, actor, desk, by_link=False)
        if profile:
            _clear(patient, profile, owner, actor, today)
        if assessed < ASSESSED and (profile is None or profile.assess):
            therapist = therapists[assessed % len(therapists)]
            first_visit = today - timedelta(
                days=rng.randint(21, 60) if assessed < REASSESSED else rng.randint(2, 20)
            )
            _assess(patient, complaint, therapist, actor, first_visit, rng)
            if assessed < REASSESSED:
                later = min(today, first_visit + timedelta(days=rng.randint(18, 28)))
                _assess(
                    patient,
                    complaint,
                    therapist,
                    actor,
                    later,
                    rng,
                    kind="reassessment",
                    relief=rng.randint(2, 3),
                )
            assessed += 1
    for patient in patients[INTAKES:]:
        if patient.pk not in done:
            _leave_half_filled(patient, COMPLAINTS[rng.choice(ORDINARY)], actor, desk)
    _edit_one_assessment(practice, therapists[0], actor)


def _edit_one_assessment(practice: Practice, therapist: Staff, actor: Actor) -> None:
    """One initial assessment corrected after the fact, so an earlier version is on file."""
    from petrissage.clinical.models import Assessment

    first = Assessment.objects.filter(practice=practice, therapist=therapist).order_by("id").first()
    if first is None or first.version > 1:
        return
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in first.region_findings.values(
            "region_code",
            "nprs",
            "pain_quality",
            "tenderness",
            "trigger_points",
            "adhesions",
            "hypertonicity",
            "notes",
        )
    ]
    if rows:
        rows[0]["notes"] = "Corrected: pain spreads to the shoulder blade when pressed."
    assessment_update(
        assessment=first,
        staff=therapist,
        actor=actor,
        data={
            "kind": first.kind,
            "assessed_on": first.assessed_on,
            "posture_notes": first.posture_notes,
            "notes": "NPRS re-checked with the patient.",
        },
        region_findings=rows,
        rom=[dict(r) for r in first.range_of_motion.values("joint", "movement", "side", "degrees")],
        goals=[dict(g) for g in first.goals.values("activity", "score")],
    )
