"""Maintenance after discharge: the proposal at discharge, the therapist's choice, the
front desk's recall list, reminders by email (each due date at most once) and declines.

Pure rules (interval proposal, due dates, states) are in petrissage.domain.recall.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from petrissage.audit.models import Category, Outcome
from petrissage.audit.services import Actor
from petrissage.care.common import audit_care, practice_today
from petrissage.care.models import MaintenancePlan, RecallReminder, RecallStatus
from petrissage.clinical.models import Case, CaseStatus, NoteStatus, SessionNote
from petrissage.domain import recall as rules
from petrissage.practice.models import Practice, Staff
from petrissage.scheduling.models import Appointment, AppointmentStatus


def _goals_met(case: Case, last_pain: int | None) -> bool | None:
    """True when the latest pain meets every pain target of the approved plan's goals."""
    plan = case.plans.filter(status="approved").order_by("-version").first()
    targets = []
    for goal in (plan.goals if plan else []) or []:
        if isinstance(goal, dict) and "pain" in str(goal.get("measure", "")).lower():
            try:
                targets.append(float(goal.get("target")))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
    if not targets or last_pain is None:
        return None
    return all(last_pain <= target for target in targets)


def _checkin_pains(case: Case, after: dict[int, int | None]) -> list[rules.CheckinPain]:
    try:
        from petrissage.outcomes.models import CheckIn
    except ImportError:  # pragma: no cover - the outcomes app is always installed
        return []
    pains = []
    rows = CheckIn.objects.filter(
        practice_id=case.practice_id, case=case, answered_at__isnull=False
    ).select_related("session")
    for check_in in rows:
        relief, now = after.get(check_in.session_id), check_in.answers.get("pain_now")
        if relief is None or not isinstance(now, int) or check_in.answered_at is None:
            continue
        signed = check_in.session.signed_at or check_in.answered_at
        days = (check_in.answered_at - signed).total_seconds() / 86400
        pains.append(rules.CheckinPain(relief, now, days))
    return pains


def maintenance_proposal(case: Case) -> rules.Proposal:
    """What to propose at discharge, from the case's pain between visits and its goals."""
    sessions = list(
        SessionNote.objects.filter(
            practice_id=case.practice_id, case=case, status=NoteStatus.SIGNED
        ).order_by("session_date", "id")
    )
    pains = [rules.SessionPain(s.session_date, s.pain_before, s.pain_after) for s in sessions]
    after = {s.pk: s.pain_after for s in sessions}
    returns = rules.pain_returns(pains, _checkin_pains(case, after))
    last = next((s.pain_before for s in reversed(sessions) if s.pain_before is not None), None)
    return rules.propose_maintenance(returns, _goals_met(case, last))


def maintenance_choose(
    *, case: Case, weeks: int | None, staff: Staff, actor: Actor
) -> MaintenancePlan:
    """Record the therapist's choice (None = no maintenance) for a discharged case."""
    if case.status != CaseStatus.DISCHARGED or case.discharged_on is None:
        raise ValidationError({"weeks": "Choose maintenance when the case is discharged."})
    problem = rules.interval_problem(weeks)
    if problem:
        raise ValidationError({"weeks": problem})
    proposal = maintenance_proposal(case)
    due = rules.next_recall(case.discharged_on, weeks) if weeks else None
    with transaction.atomic():
        plan, _ = MaintenancePlan.objects.update_or_create(
            case=case,
            defaults={
                "practice_id": case.practice_id,
                "patient_id": case.patient_id,
                "interval_weeks": weeks,
                "proposed_weeks": proposal.weeks,
                "proposal_reason": proposal.reason,
                "next_due": due,
                "status": RecallStatus.ACTIVE if weeks else RecallStatus.STOPPED,
                "declined_on": None,
                "decline_reason": "",
                "chosen_by": staff,
                "chosen_at": timezone.now(),
            },
        )
        audit_care(
            actor,
            "maintenance.choose",
            case.patient,
            case=case.pk,
            weeks=weeks,
            proposed=proposal.weeks,
            next_due=due.isoformat() if due else None,
        )
    return plan


def recall_decline(*, plan: MaintenancePlan, reason: str, actor: Actor, today: date) -> None:
    if plan.status != RecallStatus.ACTIVE:
        raise ValidationError({"reason": "This recall is not active."})
    with transaction.atomic():
        plan.status = RecallStatus.DECLINED
        plan.declined_on = today
        plan.decline_reason = reason.strip()[:300]
        plan.save(update_fields=["status", "declined_on", "decline_reason"])
        audit_care(
            actor, "recall.decline", plan.patient, category=Category.SCHEDULING, plan=plan.pk
        )


def recall_resume(*, plan: MaintenancePlan, actor: Actor) -> None:
    with transaction.atomic():
        plan.status = RecallStatus.ACTIVE
        plan.declined_on = None
        plan.save(update_fields=["status", "declined_on"])
        audit_care(actor, "recall.resume", plan.patient, category=Category.SCHEDULING, plan=plan.pk)


# --- The recall list -------------------------------------------------------------------


@dataclass(frozen=True)
class RecallRow:
    plan: MaintenancePlan
    due: date
    state: rules.RecallState
    last_visit: date
    booked_at: Any
    reminded_at: Any


def _last_visit(plan: MaintenancePlan) -> date:
    """Discharge, or the latest signed session / completed appointment since."""
    assert plan.case.discharged_on is not None
    anchor = plan.case.discharged_on
    session = (
        SessionNote.objects.filter(
            practice_id=plan.practice_id,
            patient_id=plan.patient_id,
            status=NoteStatus.SIGNED,
            session_date__gt=anchor,
        )
        .order_by("-session_date")
        .values_list("session_date", flat=True)
        .first()
    )
    return max(anchor, session) if session else anchor


def _booking(plan: MaintenancePlan, due: date, today: date) -> Any:
    """The next booked appointment in the due window or later, if any."""
    since = min(due - timedelta(days=rules.DUE_WINDOW_DAYS), today)
    zone = plan.practice.zone
    start = datetime.combine(since, time(0), tzinfo=zone)
    return (
        Appointment.objects.filter(
            practice_id=plan.practice_id,
            patient_id=plan.patient_id,
            starts_at__gte=start,
            status__in=(AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED),
        )
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def recall_row(plan: MaintenancePlan, today: date) -> RecallRow | None:
    if not plan.interval_weeks or plan.case.discharged_on is None:
        return None
    last = _last_visit(plan)
    due = rules.next_recall(last, plan.interval_weeks)
    booked = _booking(plan, due, today)
    state = rules.recall_state(
        due, today, booked=booked is not None, declined=plan.status == RecallStatus.DECLINED
    )
    reminded = plan.reminders.filter(due_on=due).values_list("sent_at", flat=True).first()
    return RecallRow(plan, due, state, last, booked, reminded)


def recall_list(practice: Practice, today: date) -> list[RecallRow]:
    """Every maintenance recall of the practice with its state today, most urgent first."""
    plans = (
        MaintenancePlan.objects.filter(
            practice=practice, status__in=(RecallStatus.ACTIVE, RecallStatus.DECLINED)
        )
        .exclude(interval_weeks__isnull=True)
        .select_related("patient", "case", "case__therapist", "practice")
    )
    rows = [row for plan in plans if (row := recall_row(plan, today)) is not None]
    order = {
        rules.RecallState.OVERDUE: 0,
        rules.RecallState.DUE: 1,
        rules.RecallState.UPCOMING: 2,
        rules.RecallState.BOOKED: 3,
        rules.RecallState.DECLINED: 4,
    }
    return sorted(rows, key=lambda r: (order[r.state], r.due, r.plan.pk))


# --- Reminders -------------------------------------------------------------------------


def booking_url(practice: Practice) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("public_booking", args=[practice.slug])


def recall_remind(*, row: RecallRow, actor: Actor) -> bool:
    """Email one reminder for this due date; False when already sent or no address."""
    plan = row.plan
    patient = plan.patient
    if not rules.reminder_needed(row.state) or not patient.email:
        return False
    practice = plan.practice
    try:
        with transaction.atomic():
            RecallReminder.objects.create(
                practice_id=plan.practice_id, maintenance=plan, due_on=row.due,
                sent_at=timezone.now(),
            )  # fmt: skip
            audit_care(
                actor, "recall.remind", patient, category=Category.SCHEDULING,
                plan=plan.pk, due=row.due.isoformat(),
            )  # fmt: skip
            # Sent inside the transaction: a mail failure rolls the reminder back, so the
            # next run tries again; the unique row stops a second sender.
            send_mail(
                subject=f"Time for your maintenance visit ({practice.name})",
                message=_reminder_text(row),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[patient.email],
            )
    except IntegrityError:
        return False  # another sender already took this due date
    return True


def _reminder_text(row: RecallRow) -> str:
    practice, patient = row.plan.practice, row.plan.patient
    return (
        f"Hello {patient.given_name},\n\n"
        f"Your next maintenance visit at {practice.name} is due around "
        f"{row.due:%B %-d}. Regular visits keep the gains of your treatment, because the "
        "effect of massage fades over a few weeks.\n\n"
        f"Book a time here: {booking_url(practice)}\n\n"
        "If you would rather not have maintenance visits, just reply and tell us.\n"
    )


def recall_reminders_send(*, practice: Practice, actor: Actor) -> int:
    """Send every reminder due today (the front desk's button and the periodic task)."""
    today = practice_today(practice)
    sent = 0
    for row in recall_list(practice, today):
        try:
            sent += recall_remind(row=row, actor=actor)
        except Exception as error:  # one bad address must not stop the other reminders
            audit_care(
                actor, "recall.remind_failed", row.plan.patient, category=Category.SCHEDULING,
                outcome=Outcome.FAILURE,
                plan=row.plan.pk, error=str(error)[:200],
            )  # fmt: skip
    return sent
