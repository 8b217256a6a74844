"""Writes for post-session check-ins: scheduling, the patient's answers and staff
acknowledgement of urgent alerts. Sending is in delivery.py. Each write audits in the
same transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.care.models import RatingContext
from petrissage.care.wellbeing import wellbeing_record
from petrissage.clinical.models import NoteStatus, SessionNote
from petrissage.outcomes import checkin_questions as questions
from petrissage.outcomes.models import (
    AlertLevel,
    CheckIn,
    CheckInDelivery,
    DeliveryStatus,
    OutcomeSettings,
)
from petrissage.practice.models import Role, Staff

# A session signed longer ago than this gets no check-in from the sweep: its 24–72 h
# window (clinical.md §5) has passed.
SWEEP_WINDOW = timedelta(days=3)


class CheckInLinkError(Exception):
    status = 404
    message = "This link is not valid."


class CheckInExpired(CheckInLinkError):
    status = 410
    message = "This check-in link has expired."


class CheckInAnswered(CheckInLinkError):
    status = 410
    message = "This check-in has already been answered. Thank you."


class CheckInAlreadyAcknowledged(Exception):
    pass


def _settings(practice_id: int) -> OutcomeSettings:
    found, _ = OutcomeSettings.objects.get_or_create(practice_id=practice_id)
    return found


def checkin_schedule_for_session(*, session: SessionNote, actor: Actor) -> CheckIn:
    """The check-in for a signed session, due `checkin_delay_hours` (default 24) after
    signing. Idempotent: a second call (or a concurrent one) returns the same check-in."""
    if session.status != NoteStatus.SIGNED:
        raise ValueError("Only a signed session gets a check-in.")
    existing = CheckIn.objects.filter(session=session).first()
    if existing is not None:
        return existing
    settings = _settings(session.practice_id)
    due_at = (session.signed_at or timezone.now()) + timedelta(hours=settings.checkin_delay_hours)
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(
                practice_id=session.practice_id,
                patient_id=session.patient_id,
                case_id=session.case_id,
                session=session,
                due_at=due_at,
            )
            delivery = _add_delivery(check_in, session, settings)
            audit_record(
                actor=actor,
                action="checkin.schedule",
                category=Category.CLINICAL,
                patient=session.patient,
                detail={"check_in": check_in.pk, "session": session.pk, "due_at": str(due_at)},
            )
            if delivery.status == DeliveryStatus.PENDING:
                transaction.on_commit(lambda: _enqueue(delivery.pk, due_at))
    except IntegrityError:  # scheduled by a concurrent caller
        return CheckIn.objects.get(session=session)
    return check_in


def _enqueue(delivery_id: int, due_at: datetime) -> None:
    from petrissage.outcomes.tasks import enqueue_send  # tasks imports this module

    enqueue_send(delivery_id, due_at)


def _add_delivery(
    check_in: CheckIn, session: SessionNote, settings: OutcomeSettings
) -> CheckInDelivery:
    status, reason = DeliveryStatus.PENDING, ""
    if not settings.checkins_enabled:
        status, reason = DeliveryStatus.SKIPPED, "check-ins are turned off for the practice"
    elif not session.patient.email:
        status, reason = DeliveryStatus.SKIPPED, "the patient has no email address"
    return CheckInDelivery.objects.create(
        practice_id=check_in.practice_id,
        check_in=check_in,
        channel="email",
        status=status,
        last_error=reason,
        next_attempt_at=check_in.due_at,
    )


def checkins_schedule_missing(*, now: datetime | None = None) -> int:
    """Schedule a check-in for every recently signed session that has none (the sweep the
    worker runs periodically, so no change to the session-notes code is needed)."""
    now = now or timezone.now()
    sessions = SessionNote.objects.filter(
        status=NoteStatus.SIGNED,
        signed_at__gte=now - SWEEP_WINDOW,
        check_in__isnull=True,
    ).select_related("patient", "practice")
    count = 0
    for session in sessions[:500]:
        checkin_schedule_for_session(session=session, actor=Actor.system(session.practice, "task"))
        count += 1
    return count


# --- the patient's answers ----------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def checkin_resolve(token: str) -> CheckIn:
    """The live check-in for a token; raises CheckInLinkError / Expired / Answered."""
    check_in = (
        CheckIn.objects.select_related("patient", "practice", "case", "session")
        .filter(token_digest=token_digest(token))
        .first()
        if token
        else None
    )
    if check_in is None:
        raise CheckInLinkError
    if check_in.answered_at is not None:
        raise CheckInAnswered
    if check_in.expires_at is None or check_in.expires_at <= timezone.now():
        raise CheckInExpired
    return check_in


def checkin_answer(
    *, check_in: CheckIn, answers: Mapping[str, object], actor: Actor
) -> questions.Alert:
    """Store the answers once and raise an urgent alert when they show urgent signs."""
    alert = questions.evaluate(answers)
    with transaction.atomic():
        now = timezone.now()
        taken = CheckIn.objects.filter(pk=check_in.pk, answered_at__isnull=True).update(
            answered_at=now,
            answers=dict(answers),
            alert_level=AlertLevel.URGENT if alert.urgent else AlertLevel.NONE,
            alert_reasons=list(alert.reasons),
            review_notes=list(alert.review),
        )
        if taken != 1:
            raise CheckInAnswered
        _record_wellbeing(check_in, answers, actor, now)
        detail = {"check_in": check_in.pk, "alert": "urgent" if alert.urgent else "none"}
        audit_record(
            actor=actor,
            action="checkin.answer",
            category=Category.CLINICAL,
            patient=check_in.patient,
            detail={**detail, "reasons": list(alert.reasons), "review": len(alert.review)},
        )
        if alert.urgent:
            transaction.on_commit(lambda: _notify_staff(check_in))
    check_in.refresh_from_db()
    return alert


def _record_wellbeing(
    check_in: CheckIn, answers: Mapping[str, object], actor: Actor, now: datetime
) -> None:
    """The optional stress / sleep / mood ratings as a WellbeingRating (context check-in),
    in the caller's transaction, so the chart beside pain shows them."""
    ratings = {
        item: answers.get(key)
        for key, item in questions.WELLBEING_ITEMS.items()
        if answers.get(key) is not None
    }
    if not ratings:
        return
    wellbeing_record(
        patient=check_in.patient,
        on=timezone.localdate(now, timezone=check_in.practice.zone),
        context=RatingContext.CHECKIN,
        ratings=ratings,
        actor=actor,
        case=check_in.case,
        session=check_in.session,
    )


def _notify_staff(check_in: CheckIn) -> None:
    """Tell the case's therapist and the practice's owners by email (no health data in
    the mail: the reasons are behind the login). The alert itself is the stored row."""
    staff = Staff.objects.filter(practice_id=check_in.practice_id, active=True).filter(
        Q(pk=check_in.case.therapist_id) | Q(role=Role.OWNER)
    )
    recipients = sorted({s.user.email for s in staff.select_related("user") if s.user.email})
    if not recipients:
        return
    url = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("check_in_detail", args=[check_in.pk])
    send_mail(
        subject="URGENT: a post-session check-in needs a call today",
        message=(
            f"A patient's check-in answers suggest a possible urgent problem.\n\n"
            f"Open it, call the patient and acknowledge what was done:\n{url}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
        fail_silently=True,  # the alert is on the dashboard whether or not mail works
    )


def checkin_acknowledge(*, check_in: CheckIn, staff: Staff, actor: Actor, note: str) -> CheckIn:
    """Staff confirm they have acted on an urgent alert (audited)."""
    note = note.strip()
    if not note:
        raise ValueError("Say what was done, e.g. 'Called the patient; sent to urgent care'.")
    with transaction.atomic():
        now = timezone.now()
        taken = CheckIn.objects.filter(
            pk=check_in.pk, alert_level=AlertLevel.URGENT, acknowledged_at__isnull=True
        ).update(acknowledged_at=now, acknowledged_by=staff, acknowledgement=note[:1000])
        if taken != 1:
            raise CheckInAlreadyAcknowledged
        audit_record(
            actor=actor,
            action="checkin.alert_acknowledge",
            category=Category.CLINICAL,
            patient=check_in.patient,
            detail={"check_in": check_in.pk, "reasons": check_in.alert_reasons, "note": note},
        )
    check_in.refresh_from_db()
    return check_in
