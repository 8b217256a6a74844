"""Hooks other apps call so that care needs no edits of theirs beyond one line.

`checkin_mail_extra(session)` — petrissage.outcomes.delivery appends it to the check-in
email, so the after-care link (and the red-flag signs) go out in the same message as the
check-in link. It never raises: a problem with the after-care must not stop the check-in.
"""

from __future__ import annotations

import logging

from petrissage.clinical.models import SessionNote

log = logging.getLogger(__name__)


def checkin_mail_extra(session: SessionNote) -> str:
    from petrissage.care.aftercare_services import aftercare_mail_section

    try:
        return "\n" + aftercare_mail_section(session)
    except Exception:  # the check-in goes out without it; staff can print the sheet
        log.exception("After-care section for session %s failed", session.pk)
        return ""
