"""The billing side of signing a session note: its charges (and claim or invoice) are made
in the signing transaction, so a signed note is never left without them.

`clinical.session_services.session_sign` calls `charges_after_signing` once, inside its
atomic block, after the note is saved as signed. Charge creation runs in a savepoint: if
billing cannot make the charges (a payer or fee missing, a bug), the signature still
stands, the failure is logged, and `manage.py create_charges` picks the note up later
(`sessions_without_charges`). `charges_create_for_session` is idempotent, so the demo's
billing step and the command never double a note's charges.
"""

from __future__ import annotations

import logging

from django.db import transaction

from petrissage.audit.services import Actor
from petrissage.clinical.models import SessionNote

logger = logging.getLogger(__name__)


def charges_after_signing(*, note: SessionNote, actor: Actor) -> None:
    """Make the signed note's charges now; never undo the signature if billing fails."""
    from petrissage.billing.charge_services import charges_create_for_session

    try:
        with transaction.atomic():
            charges_create_for_session(session=note, actor=actor)
    except Exception:  # the signature matters more; create_charges retries
        logger.exception("Charges for signed session %s were not created", note.pk)
