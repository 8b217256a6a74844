"""Writes for instruments, outcome responses and the patient's outcome link. Each writes
its audit event in the same transaction. Check-in writes live in checkin_services.py;
`checkin_schedule_for_session` is re-exported here for the session-notes code."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from fhir.resources.R4B.questionnaire import Questionnaire
from pydantic import ValidationError as PydanticValidationError

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import Case
from petrissage.domain.outcomes import InstrumentError, OutcomeError, load_questionnaire, score
from petrissage.outcomes.checkin_services import checkin_schedule_for_session
from petrissage.outcomes.models import (
    Instrument,
    OutcomeLink,
    OutcomeResponse,
    OutcomeSettings,
    ResponseSource,
    Timepoint,
)
from petrissage.outcomes.selectors import definition_of, instruments_for
from petrissage.practice.models import Practice, Staff

__all__ = [
    "OutcomeLinkError",
    "checkin_schedule_for_session",
    "instrument_load",
    "outcome_link_create",
    "outcome_link_email",
    "outcome_link_resolve",
    "outcome_link_submit",
    "outcome_record",
    "outcome_settings_for",
    "outcome_settings_update",
]

LINK_HOURS = 72


def _audit(actor: Actor, action: str, patient: Any = None, **detail: Any) -> None:
    audit_record(
        actor=actor, action=action, category=Category.CLINICAL, patient=patient, detail=detail
    )


# --- instruments --------------------------------------------------------------------------


def instrument_load(
    *, practice: Practice, questionnaire: Mapping[str, Any], licence_note: str, staff: Staff,
    actor: Actor,
) -> Instrument:  # fmt: skip
    """Load a (licensed) instrument. Raises InstrumentError with the loader's message, or
    when the id is already taken by a built-in or one of the practice's instruments."""
    _require_valid_fhir(questionnaire)
    definition = load_questionnaire(questionnaire)
    if instruments_for(practice).filter(key=definition.id).exists():
        raise InstrumentError(
            f"An instrument with id {definition.id!r} is already available; give the "
            "Questionnaire another id (for example with a version suffix)."
        )
    with transaction.atomic():
        instrument = Instrument.objects.create(
            practice=practice,
            key=definition.id,
            name=definition.name[:120],
            title=definition.title[:255],
            questionnaire=dict(questionnaire),
            licence_note=licence_note,
            loaded_by=staff,
        )
        _audit(actor, "outcome.instrument_load", instrument=instrument.key)
    return instrument


def _require_valid_fhir(questionnaire: Mapping[str, Any]) -> None:
    """fhir.resources judges the FHIR R4 structure before our loader reads the scoring."""
    try:
        Questionnaire.model_validate(dict(questionnaire))
    except PydanticValidationError as problem:
        first = problem.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "Questionnaire"
        raise InstrumentError(
            f"Not a valid FHIR R4 Questionnaire: {where}: {first.get('msg', 'invalid')}"
        ) from None


# --- responses ----------------------------------------------------------------------------


def outcome_record(
    *,
    case: Case,
    instrument: Instrument,
    answers: Mapping[str, object],
    timepoint: str,
    actor: Actor,
    staff: Staff | None,
    source: str = ResponseSource.CLINIC,
    collected_at: datetime | None = None,
) -> OutcomeResponse:
    """Score and store one response. Raises OutcomeError (AnswerError names the item)."""
    if timepoint not in Timepoint.values:
        raise OutcomeError(f"timepoint must be one of {', '.join(Timepoint.values)}")
    if instrument.practice_id not in (None, case.practice_id):
        raise InstrumentError("This instrument belongs to another practice.")
    definition = definition_of(instrument)
    numbers = {k: v for k, v in answers.items() if not isinstance(v, str)}
    result = score(definition, numbers)  # type: ignore[arg-type]
    with transaction.atomic():
        response = OutcomeResponse.objects.create(
            practice_id=case.practice_id,
            patient_id=case.patient_id,
            case=case,
            instrument=instrument,
            answers={k: _json_number(v) for k, v in answers.items() if v is not None},
            score=result.value.quantize(Decimal("0.001")),
            prorated=result.prorated,
            recall=result.recall[:80],
            timepoint=timepoint,
            collected_at=collected_at or timezone.now(),
            collected_by=staff,
            source=source,
        )
        _audit(
            actor,
            "outcome.record",
            case.patient,
            response=response.pk,
            case=case.pk,
            instrument=instrument.key,
            timepoint=timepoint,
            source=source,
        )
    return response


def _json_number(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# --- the patient's link -------------------------------------------------------------------


class OutcomeLinkError(Exception):
    status = 404
    message = "This link is not valid."


class OutcomeLinkExpired(OutcomeLinkError):
    status = 410
    message = "This link has expired."


class OutcomeLinkUsed(OutcomeLinkError):
    status = 410
    message = "This questionnaire has already been sent in."


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def outcome_link_create(
    *, case: Case, instrument: Instrument, timepoint: str, staff: Staff, actor: Actor,
    hours_valid: int = LINK_HOURS,
) -> tuple[OutcomeLink, str]:  # fmt: skip
    """A single-use link; returns (link, token). Only the token's SHA-256 is stored."""
    if timepoint not in Timepoint.values:
        raise OutcomeError(f"timepoint must be one of {', '.join(Timepoint.values)}")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = OutcomeLink.objects.create(
            practice_id=case.practice_id,
            patient_id=case.patient_id,
            case=case,
            instrument=instrument,
            timepoint=timepoint,
            digest=token_digest(token),
            expires_at=timezone.now() + timedelta(hours=hours_valid),
            created_by=staff,
        )
        _audit(actor, "outcome.link_create", case.patient, link=link.pk, instrument=instrument.key)
    return link, token


def outcome_link_email(*, link: OutcomeLink, url: str) -> bool:
    """Email the link when the patient has an address; no health data in the mail."""
    patient = link.patient
    if not patient.email:
        return False
    local_expiry = timezone.localtime(link.expires_at, link.practice.zone)
    send_mail(
        subject=f"A short questionnaire from {link.practice.name}",
        message=(
            f"Hello {patient.given_name},\n\n{link.practice.name} asks you to answer a short "
            f"questionnaire about how you are doing (about 2 minutes):\n\n{url}\n\n"
            f"The link works once, until {local_expiry:%Y-%m-%d %H:%M}.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[patient.email],
    )
    return True


def outcome_link_resolve(token: str) -> OutcomeLink:
    link = (
        OutcomeLink.objects.select_related("patient", "practice", "instrument", "case")
        .filter(digest=token_digest(token))
        .first()
    )
    if link is None:
        raise OutcomeLinkError
    if link.used_at is not None:
        raise OutcomeLinkUsed
    if link.expires_at <= timezone.now():
        raise OutcomeLinkExpired
    return link


def outcome_link_submit(
    *, link: OutcomeLink, answers: Mapping[str, object], actor: Actor
) -> OutcomeResponse:
    """Record the patient's answers and use the link up, once (a second submit of the same
    link, even a concurrent one, gets OutcomeLinkUsed)."""
    with transaction.atomic():
        now = timezone.now()
        taken = OutcomeLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now)
        if taken != 1:
            raise OutcomeLinkUsed
        response = outcome_record(
            case=link.case,
            instrument=link.instrument,
            answers=answers,
            timepoint=link.timepoint,
            actor=actor,
            staff=None,
            source=ResponseSource.LINK,
            collected_at=now,
        )
        OutcomeLink.objects.filter(pk=link.pk).update(response=response)
    return response


def link_actor(link: OutcomeLink | Any, ip: str | None, source: str = "outcome-link") -> Actor:
    """Who acts through a link: the patient, without an account."""
    return Actor(
        user=None,
        practice=link.practice,
        source=source,
        ip=ip,
        username=f"<patient {link.patient_id} via {source} {link.pk}>",
    )


# --- settings -----------------------------------------------------------------------------


def outcome_settings_for(practice: Practice) -> OutcomeSettings:
    found, _ = OutcomeSettings.objects.get_or_create(practice=practice)
    return found


def outcome_settings_update(
    *, practice: Practice, actor: Actor, enabled: bool, delay_hours: int, link_hours: int
) -> OutcomeSettings:
    if not 12 <= delay_hours <= 72:
        raise OutcomeError("The check-in delay must be between 12 and 72 hours.")
    if not 12 <= link_hours <= 168:
        raise OutcomeError("The check-in link must work for 12 to 168 hours.")
    with transaction.atomic():
        current = outcome_settings_for(practice)
        current.checkins_enabled = enabled
        current.checkin_delay_hours = delay_hours
        current.checkin_link_hours = link_hours
        current.save()
        audit_record(
            actor=actor,
            action="outcome.settings_update",
            category=Category.ADMIN,
            detail={"enabled": enabled, "delay_hours": delay_hours, "link_hours": link_hours},
        )
    return current
