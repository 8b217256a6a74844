"""Treatment plans: propose (a draft from petrissage.domain.plans.propose_plan), edit the
draft, approve it, revise an approved plan into a new draft version.

Approved versions are never changed: a revision is a new version, and approving it marks
the previous approved one superseded (kept, viewable). A plan that asks for more than the
prescription (frequency, weeks, visit cap) is approved only with an explicit
acknowledgement. Edited techniques must respect the current screening. Every write records
its audit event (category CLINICAL) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical import plan_selectors as selectors
from petrissage.clinical.assessment_services import practice_today
from petrissage.clinical.models import Case, CaseStatus, PlanStatus, Screening, TreatmentPlan
from petrissage.clinical.models import PlanTechnique as PlanTechniqueRow
from petrissage.domain.plans import (
    SESSION_MINUTES,
    PlanProposal,
    PlanRequest,
    Severity,
    TechniqueLine,
    exceeds_limits,
    propose_plan,
    reassessment_visits,
)
from petrissage.domain.plans.constraints import line_problems
from petrissage.domain.regions import is_region
from petrissage.practice.models import Staff

EXCEEDS = "exceeds prescription"
MAX_PER_WEEK = 7
MAX_WEEKS = 52


def _audit(actor: Actor, action: str, plan: TreatmentPlan, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        category=Category.CLINICAL,
        patient=plan.case.patient,
        detail={"case": plan.case_id, "plan": plan.pk, "version": plan.version, **detail},
    )


def _require_editable_case(case: Case) -> None:
    if case.status == CaseStatus.DISCHARGED:
        raise ValidationError({"case": "The case is discharged; reopen it to change the plan."})


def _require_draft(plan: TreatmentPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(
            {
                "plan": f"Plan v{plan.version} is {plan.get_status_display().lower()} and kept as "
                "it was; revise it to make a new version."
            }
        )


def build_proposal(
    case: Case, *, severity: Severity, goals: Sequence[str], session_minutes: int | None = None
) -> PlanProposal:
    """The domain proposal for the case as it stands (no write). Raises ValidationError."""
    inputs = selectors.plan_inputs(case)
    birth = case.patient.birth_date
    try:
        request = PlanRequest(
            conditions=inputs.conditions,
            icd10_codes=inputs.icd10_codes,
            affected_regions=inputs.affected_regions,
            severity=severity,
            age=selectors.age_on(birth, practice_today(case.patient.practice)) if birth else None,
            screening=selectors.screening_result(inputs.screening),
            goals=tuple(g.strip() for g in goals if g.strip()),
            prescription=selectors.prescription_limits(case),
            session_minutes=session_minutes,
        )
        return propose_plan(request)
    except ValueError as error:
        field, _, text = str(error).partition(": ")
        raise ValidationError({field.split(".")[0].split("[")[0]: text or str(error)}) from error


def _next_version(case: Case) -> int:
    top = TreatmentPlan.objects.filter(practice_id=case.practice_id, case=case).aggregate(
        top=Max("version")
    )["top"]
    return int(top or 0) + 1


def _evidence_note(proposal: PlanProposal) -> str:
    notes = [f"{e.label} ({e.certainty}): {e.note}" for e in proposal.evidence]
    return "\n".join([*notes, f"Dose: {proposal.dose_basis}"])


def _store_lines(plan: TreatmentPlan, lines: Sequence[TechniqueLine]) -> None:
    PlanTechniqueRow.objects.filter(practice_id=plan.practice_id, plan=plan).delete()
    PlanTechniqueRow.objects.bulk_create(
        PlanTechniqueRow(
            practice_id=plan.practice_id,
            plan=plan,
            region_code=line.region,
            technique=line.technique.value,
            pressure=line.pressure,
        )
        for line in lines
    )


def _cap_of(screening: Screening | None) -> int | None:
    """The lowest pressure cap of the screening's findings (whole-body or local)."""
    result = selectors.screening_result(screening)
    return result.pressure_cap if result else None


def _exceeding(case: Case, per_week: int, weeks: int, visits: int) -> list[str]:
    limits = selectors.prescription_limits(case)
    return exceeds_limits(per_week, weeks, visits, limits) if limits else []


def plan_propose(
    *,
    case: Case,
    actor: Actor,
    staff: Staff,
    severity: Severity,
    goals: Sequence[str],
    session_minutes: int | None = None,
) -> TreatmentPlan:
    """A draft version from the domain proposal (replacing the content of an open draft)."""
    _require_editable_case(case)
    proposal = build_proposal(case, severity=severity, goals=goals, session_minutes=session_minutes)
    if proposal.blocked:
        raise ValidationError(
            {"screening": ["The screening blocks treatment: " + "; ".join(proposal.warnings)]}
        )
    screening = selectors.plan_inputs(case).screening
    with transaction.atomic():
        plan = _open_draft(case) or TreatmentPlan(
            practice_id=case.practice_id, case=case, version=_next_version(case), created_by=staff
        )
        plan.session_minutes = proposal.session_minutes
        plan.sessions_per_week = proposal.sessions_per_week
        plan.weeks = proposal.weeks
        plan.total_visits = proposal.total_visits
        plan.reassessment_visits = list(proposal.reassessment_visits)
        plan.goals = [{"text": g} for g in proposal.goals]
        plan.home_care = "\n".join(proposal.home_care)
        plan.modifications = "\n".join(proposal.modifications)
        plan.evidence_note = _evidence_note(proposal)
        plan.evidence_certainty = proposal.certainty[:20]
        plan.sources = list(proposal.sources)
        plan.warnings = [
            *proposal.warnings,
            *_exceeding(case, proposal.sessions_per_week, proposal.weeks, proposal.total_visits),
        ]
        plan.warnings_acknowledged = False
        plan.pressure_cap = _cap_of(screening)
        plan.screening = screening
        plan.save()
        _store_lines(plan, proposal.techniques)
        _audit(
            actor,
            "plan.propose",
            plan,
            conditions=list(proposal.conditions),
            techniques=len(proposal.techniques),
            warnings=len(plan.warnings),
        )
    return plan


def current_plan(case: Case) -> TreatmentPlan | None:
    """The approved version in force."""
    return (
        TreatmentPlan.objects.filter(
            practice_id=case.practice_id, case=case, status=PlanStatus.APPROVED
        )
        .order_by("-version")
        .first()
    )


def _open_draft(case: Case) -> TreatmentPlan | None:
    return (
        TreatmentPlan.objects.filter(
            practice_id=case.practice_id, case=case, status=PlanStatus.DRAFT
        )
        .order_by("-version")
        .first()
    )


@dataclass(frozen=True)
class PlanEdit:
    session_minutes: int
    sessions_per_week: int
    weeks: int
    total_visits: int
    home_care: str
    goals: tuple[str, ...]
    lines: tuple[TechniqueLine, ...]


def _edit_problems(edit: PlanEdit) -> dict[str, str]:
    errors: dict[str, str] = {}
    if edit.session_minutes not in SESSION_MINUTES:
        errors["session_minutes"] = f"Choose one of {', '.join(map(str, SESSION_MINUTES))} min."
    if not 1 <= edit.sessions_per_week <= MAX_PER_WEEK:
        errors["sessions_per_week"] = f"Sessions per week are 1–{MAX_PER_WEEK}."
    if not 1 <= edit.weeks <= MAX_WEEKS:
        errors["weeks"] = f"Weeks are 1–{MAX_WEEKS}."
    most = edit.sessions_per_week * edit.weeks
    if (
        "sessions_per_week" not in errors
        and "weeks" not in errors
        and not (1 <= edit.total_visits <= most)
    ):
        errors["total_visits"] = (
            f"Total visits are 1–{most} ({edit.sessions_per_week}×{edit.weeks})."
        )
    if not edit.lines:
        errors["techniques"] = "Plan at least one technique for one region."
    for number, line in enumerate(edit.lines, start=1):
        if not is_region(line.region):
            errors[f"techniques[{number}].region"] = f"Line {number}: not a body region."
        elif not 0 <= line.pressure <= 5:
            errors[f"techniques[{number}].pressure"] = f"Line {number}: pressure is 0–5."
    return errors


def plan_save(*, plan: TreatmentPlan, actor: Actor, edit: PlanEdit) -> TreatmentPlan:
    """Save the therapist's edits to a draft. Refused whole, naming the field, when a value
    is out of range or a technique breaks the current screening."""
    _require_draft(plan)
    _require_editable_case(plan.case)
    errors = _edit_problems(edit)
    screening = selectors.plan_inputs(plan.case).screening
    for number, text in line_problems(edit.lines, selectors.screening_result(screening)):
        errors[f"techniques[{number}]"] = f"Line {number}: {text}"
    if errors:
        raise ValidationError(errors)
    limits = selectors.prescription_limits(plan.case)
    kept = [w for w in plan.warnings or [] if not str(w).startswith(EXCEEDS)]
    exceeding = _exceeding(plan.case, edit.sessions_per_week, edit.weeks, edit.total_visits)
    with transaction.atomic():
        plan.session_minutes = edit.session_minutes
        plan.sessions_per_week = edit.sessions_per_week
        plan.weeks = edit.weeks
        plan.total_visits = edit.total_visits
        plan.reassessment_visits = list(
            reassessment_visits(edit.total_visits, edit.sessions_per_week, limits)
        )
        plan.home_care = edit.home_care.strip()
        plan.goals = [{"text": g.strip()} for g in edit.goals if g.strip()]
        plan.warnings = [*kept, *exceeding]
        plan.warnings_acknowledged = False
        plan.screening = screening
        plan.pressure_cap = _cap_of(screening)
        plan.save()
        _store_lines(plan, edit.lines)
        _audit(actor, "plan.save", plan, techniques=len(edit.lines), exceeding=len(exceeding))
    return plan


def exceeding_warnings(plan: TreatmentPlan) -> list[str]:
    return [str(w) for w in plan.warnings or [] if str(w).startswith(EXCEEDS)]


def plan_approve(
    *,
    plan: TreatmentPlan,
    actor: Actor,
    staff: Staff,
    acknowledged: bool = False,
    now: datetime | None = None,
) -> TreatmentPlan:
    """Approve a draft. The previous approved version becomes superseded (kept).
    `now` (default: the current time) is for the demo clinic's back-dated plans."""
    _require_draft(plan)
    _require_editable_case(plan.case)
    if staff.practice_id != plan.practice_id:
        raise PermissionDenied("Not a member of this practice.")
    exceeding = exceeding_warnings(plan)
    if exceeding and not acknowledged:
        raise ValidationError(
            {
                "acknowledge": f"Not approved: the plan goes beyond the prescription in "
                f"{len(exceeding)} way{'s' if len(exceeding) != 1 else ''} (listed above); "
                "tick the acknowledgement to approve it. Your edits are saved as a draft."
            }
        )
    if not selectors.technique_rows(plan):
        raise ValidationError({"techniques": "Plan at least one technique before approving."})
    screening = selectors.plan_inputs(plan.case).screening
    problems = line_problems(selectors.technique_lines(plan), selectors.screening_result(screening))
    if problems:
        raise ValidationError({f"techniques[{n}]": f"Line {n}: {text}" for n, text in problems})
    with transaction.atomic():
        superseded = list(
            TreatmentPlan.objects.filter(
                practice_id=plan.practice_id, case=plan.case, status=PlanStatus.APPROVED
            ).values_list("version", flat=True)
        )
        TreatmentPlan.objects.filter(
            practice_id=plan.practice_id, case=plan.case, status=PlanStatus.APPROVED
        ).update(status=PlanStatus.SUPERSEDED)
        plan.status = PlanStatus.APPROVED
        plan.approved_by = staff
        plan.approved_at = now or timezone.now()
        plan.warnings_acknowledged = bool(exceeding)
        plan.save()
        _audit(
            actor,
            "plan.approve",
            plan,
            superseded=superseded,
            acknowledged=exceeding if exceeding else [],
        )
    return plan


def plan_revise(*, case: Case, actor: Actor, staff: Staff) -> TreatmentPlan:
    """A new draft version copied from the approved plan (or the open draft if there is one)."""
    _require_editable_case(case)
    existing = _open_draft(case)
    if existing is not None:
        return existing
    source = (
        TreatmentPlan.objects.filter(
            practice_id=case.practice_id, case=case, status=PlanStatus.APPROVED
        )
        .order_by("-version")
        .first()
    )
    if source is None:
        raise ValidationError({"plan": "There is no approved plan to revise; propose one."})
    lines = selectors.technique_lines(source)
    with transaction.atomic():
        plan = TreatmentPlan.objects.get(pk=source.pk)
        plan.pk = None
        plan._state.adding = True
        plan.version = _next_version(case)
        plan.status = PlanStatus.DRAFT
        plan.created_by = staff
        plan.approved_by = None
        plan.approved_at = None
        plan.warnings_acknowledged = False
        plan.save()
        _store_lines(plan, lines)
        _audit(actor, "plan.revise", plan, from_version=source.version)
    return plan
