"""Sending check-in links by email, each at most once, with retries after a failure.

The periodic `checkins_tick` task enqueues `send_checkin` per due delivery row. The sender
first *claims* the row with one conditional UPDATE (pending → sending, WHERE status is
pending and it is due), so two workers, a retry or a double enqueue can never both send.
A send that raises puts the row back to pending with a back-off (the mail did not go out),
up to MAX_ATTEMPTS; then it is marked failed. A worker that dies between handing the mail
to the server and recording it leaves the row "sending": it is not retried by itself,
because sending twice is worse than a check-in staff can see was not confirmed.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from petrissage.audit.models import Category, Outcome
from petrissage.audit.services import Actor, audit_record
from petrissage.care.hooks import checkin_mail_extra
from petrissage.outcomes.checkin_services import token_digest
from petrissage.outcomes.models import CheckIn, CheckInDelivery, DeliveryStatus, OutcomeSettings

MAX_ATTEMPTS = 5
FIRST_BACKOFF = timedelta(minutes=5)
# A check-in asks about the 24–72 h after a visit (clinical.md §5 [AE1]); one that could
# not go out within two days of its due time is not sent late (e.g. a worker that was down).
STALE_AFTER = timedelta(days=2)


def due_delivery_ids(now: datetime) -> list[int]:
    return list(
        CheckInDelivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now,
            check_in__answered_at__isnull=True,
        )
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:500]
    )


def delivery_claim(delivery_id: int, now: datetime) -> bool:
    """Atomically take the row; False when another sender already has it."""
    claimed = CheckInDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def checkin_send(*, delivery_id: int, now: datetime | None = None) -> bool:
    """Send one check-in email if this caller wins the claim; True when it went out."""
    now = now or timezone.now()
    if not delivery_claim(delivery_id, now):
        return False
    delivery = CheckInDelivery.objects.select_related(
        "check_in__patient", "check_in__practice", "check_in__session__therapist"
    ).get(pk=delivery_id)
    check_in = delivery.check_in
    if check_in.answered_at is not None or not check_in.patient.email:
        _finish(delivery, DeliveryStatus.SKIPPED, "answered already or no email address")
        return False
    if now - check_in.due_at > STALE_AFTER:
        _finish(delivery, DeliveryStatus.SKIPPED, "too late: the 24-72 h window has passed")
        return False
    token = _fresh_token(check_in, now)
    try:
        _deliver(check_in, token)
    except Exception as error:  # a mail server failure must not crash the worker loop
        _failed(delivery, check_in, now, str(error))
        return False
    with transaction.atomic():
        delivery.sent_at = now
        _finish(delivery, DeliveryStatus.SENT, "")
        CheckIn.objects.filter(pk=check_in.pk).update(sent_at=now)
        audit_record(
            actor=Actor.system(check_in.practice, source="task"),
            action="checkin.sent",
            category=Category.CLINICAL,
            patient=check_in.patient,
            detail={"check_in": check_in.pk, "attempt": delivery.attempts},
        )
    return True


def _fresh_token(check_in: CheckIn, now: datetime) -> str:
    """A new link for this attempt (an earlier failed attempt's link never reached anyone)."""
    hours = (
        OutcomeSettings.objects.filter(practice_id=check_in.practice_id)
        .values_list("checkin_link_hours", flat=True)
        .first()
        or 72
    )
    token = secrets.token_urlsafe(32)
    check_in.token_digest = token_digest(token)
    check_in.expires_at = now + timedelta(hours=hours)
    check_in.save(update_fields=["token_digest", "expires_at"])
    return token


def _finish(delivery: CheckInDelivery, status: DeliveryStatus, detail: str) -> None:
    delivery.status = status
    delivery.last_error = detail[:300]
    delivery.save(update_fields=["status", "last_error", "sent_at"])


def _failed(delivery: CheckInDelivery, check_in: CheckIn, now: datetime, error: str) -> None:
    with transaction.atomic():
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.status = DeliveryStatus.PENDING
            delivery.next_attempt_at = now + FIRST_BACKOFF * 2 ** (delivery.attempts - 1)
        delivery.last_error = error[:300]
        delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
        audit_record(
            actor=Actor.system(check_in.practice, source="task"),
            action="checkin.send_failed",
            category=Category.CLINICAL,
            outcome=Outcome.FAILURE,
            patient=check_in.patient,
            detail={"check_in": check_in.pk, "attempt": delivery.attempts, "error": error[:200]},
        )


def checkin_url(token: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("checkin_public", args=[token])


def _deliver(check_in: CheckIn, token: str) -> None:
    """No health data in the mail: a greeting, the link and what to do if it is urgent."""
    patient, practice = check_in.patient, check_in.practice
    local_expiry = timezone.localtime(check_in.expires_at, practice.zone)
    body = (
        f"Hello {patient.given_name},\n\n"
        f"{practice.name} would like to know how you are after your massage session. "
        f"The check-in takes about 2 minutes:\n\n{checkin_url(token)}\n\n"
        f"The link works once, until {local_expiry:%Y-%m-%d %H:%M}.\n\n"
        "If you have chest pain or sudden shortness of breath, call 911 now; do not wait "
        "to answer the check-in.\n"
    )
    body += checkin_mail_extra(check_in.session)  # after-care link (petrissage.care)
    send_mail(
        subject=f"How are you after your visit? ({practice.name})",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[patient.email],
    )
