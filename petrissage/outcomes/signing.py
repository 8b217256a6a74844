"""The check-in side of signing a session note (clinical.md §5: a check-in 24–72 h later).

`clinical.session_services.session_sign` calls `checkin_after_signing` once, inside its
atomic block, after the note is saved as signed, with the signer's actor (so the audit
event names who signed and from where). It runs in a savepoint: if scheduling fails, the
signature still stands, the failure is logged, and `manage.py schedule_checkins` (the
sweep) schedules the check-in later. Scheduling is idempotent.
"""

from __future__ import annotations

import logging

from django.db import transaction

from petrissage.audit.services import Actor
from petrissage.clinical.models import SessionNote

logger = logging.getLogger(__name__)


def checkin_after_signing(*, note: SessionNote, actor: Actor) -> None:
    from petrissage.outcomes.checkin_services import checkin_schedule_for_session

    try:
        with transaction.atomic():
            checkin_schedule_for_session(session=note, actor=actor)
    except Exception:  # the signature matters more; the sweep schedules it later
        logger.exception("Check-in for signed session %s was not scheduled", note.pk)
