"""After-care: the practice's own wording, the sheet for a signed session, and the patient's
link to read and print it.

`aftercare_mail_section(session)` is the hook the check-in email calls, so the after-care
link goes out in the same message as the check-in link: the mail itself carries no health
data (only the link and the red-flag signs every patient gets); the page behind the link
lists what fits that day's treatment and prints cleanly.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor
from petrissage.care.common import audit_care
from petrissage.care.models import AftercareLink, AftercareNotice, AftercareText
from petrissage.clinical.models import NoteStatus, Screening, SessionNote
from petrissage.domain.aftercare import (
    DEFAULT_TEXTS,
    RED_FLAGS_KEY,
    AftercareSheet,
    DoneLine,
    Modification,
    choose_instructions,
    default_text,
    text_problem,
)
from petrissage.practice.models import Practice, Staff

LINK_DAYS = 30  # the patient may want to re-read or print the sheet for a few weeks


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def aftercare_overrides(practice_id: int) -> dict[str, str]:
    return dict(AftercareText.objects.filter(practice_id=practice_id).values_list("key", "text"))


def aftercare_text_save(
    *, practice: Practice, key: str, text: str, staff: Staff, actor: Actor
) -> AftercareText:
    if key not in DEFAULT_TEXTS:
        raise ValidationError({"key": f"{key!r} is not an after-care text."})
    problem = text_problem(text)
    if problem:
        raise ValidationError({"text": problem})
    with transaction.atomic():
        row, _ = AftercareText.objects.update_or_create(
            practice=practice, key=key, defaults={"text": text.strip(), "updated_by": staff}
        )
        audit_care(actor, "aftercare_text.save", None, category=Category.ADMIN, key=key)
    return row


def aftercare_text_reset(*, practice: Practice, key: str, actor: Actor) -> None:
    """Go back to the shipped default for one key."""
    with transaction.atomic():
        AftercareText.objects.filter(practice=practice, key=key).delete()
        audit_care(actor, "aftercare_text.reset", None, category=Category.ADMIN, key=key)


def _screening_of(session: SessionNote) -> Screening | None:
    if session.screening_id:
        return session.screening
    return (
        Screening.objects.filter(
            practice_id=session.practice_id, patient_id=session.patient_id, is_current=True
        )
        .order_by("-computed_at")
        .first()
    )


def aftercare_sheet(session: SessionNote) -> AftercareSheet:
    """The instructions that fit this session's lines and the screening in force."""
    lines = [
        DoneLine(line.technique, line.region_code, line.minutes, line.pressure)
        for line in session.lines.all()
    ]
    screening = _screening_of(session)
    modifications = (
        [Modification(f.rule_id, f.condition) for f in screening.findings.all()]
        if screening is not None
        else []
    )
    return choose_instructions(lines, modifications, aftercare_overrides(session.practice_id))


def _snapshot(sheet: AftercareSheet) -> list[dict[str, object]]:
    return [
        {**asdict(item), "where": list(item.where), "red_flag": item is sheet.red_flags}
        for item in (*sheet.items, sheet.red_flags)
    ]


def aftercare_notice_issue(
    *, session: SessionNote, actor: Actor, now: datetime | None = None
) -> tuple[AftercareNotice, str]:
    """Record the after-care given for a signed session and make a fresh patient link."""
    if session.status != NoteStatus.SIGNED:
        raise ValidationError({"session": "After-care is given for a signed session."})
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    items = _snapshot(aftercare_sheet(session))
    with transaction.atomic():
        notice, created = AftercareNotice.objects.update_or_create(
            session=session,
            defaults={
                "practice_id": session.practice_id,
                "patient_id": session.patient_id,
                "items": items,
            },
        )
        AftercareLink.objects.create(
            practice_id=session.practice_id,
            notice=notice,
            token_digest=token_digest(token),
            expires_at=now + timedelta(days=LINK_DAYS),
        )
        audit_care(
            actor,
            "aftercare.issue",
            session.patient,
            session=session.pk,
            keys=[str(i["key"]) for i in items],
            new=created,
        )
    return notice, token


def aftercare_url(token: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("aftercare_public", args=[token])


def aftercare_mail_section(session: SessionNote) -> str:
    """Text for the check-in email: the after-care link and the red-flag signs. Called by
    petrissage.outcomes.delivery when it writes the check-in message."""
    notice, token = aftercare_notice_issue(
        session=session, actor=Actor.system(session.practice, source="task")
    )
    AftercareNotice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
    red_flags = aftercare_overrides(session.practice_id).get(RED_FLAGS_KEY) or default_text(
        RED_FLAGS_KEY
    )
    return (
        "Your after-care instructions for this visit, to read or print:\n"
        f"{aftercare_url(token)}\n\n"
        f"{red_flags}\n"
    )


def aftercare_resolve(token: str) -> AftercareNotice:
    link = (
        AftercareLink.objects.select_related(
            "notice__practice", "notice__patient", "notice__session"
        )
        .filter(token_digest=token_digest(token))
        .first()
    )
    if link is None or link.expires_at <= timezone.now():
        raise Http404("This after-care link is not valid or has expired.")
    return link.notice
