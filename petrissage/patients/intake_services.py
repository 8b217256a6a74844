"""Writes for the health-history intake and the patient's intake link. Each writes its
audit event (category clinical) in the same transaction.

A draft is saved as often as the person likes: valid answers are merged into what is
stored, invalid ones are reported and leave the stored answer as it was, so nothing is
lost. Submitting validates everything, stamps the consent, locks the version for good,
copies medications and conditions into the patient's history and re-runs screening.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.domain import intake as questions
from petrissage.domain.intake.questions import WELLBEING_ITEMS
from petrissage.domain.screening import ICD10CM, SNOMED
from petrissage.patients.models import (
    HistorySource,
    Intake,
    IntakeLink,
    IntakeStatus,
    Patient,
    PatientCondition,
    PatientMedication,
)
from petrissage.practice.models import Staff

LINK_HOURS_DEFAULT = 72
CONDITION_SYSTEMS = {"snomed": SNOMED, "icd-10-cm": ICD10CM}


class IntakeLocked(Exception):
    """A submitted intake never changes; start a new version instead."""


class IntakeIncomplete(Exception):
    """Submission refused: some answers are missing or wrong (errors by field name)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(f"{len(errors)} answer(s) need attention")
        self.errors = errors


class IntakeLinkError(Exception):
    status = 404
    message = "This link is not valid."


class IntakeLinkUnknown(IntakeLinkError):
    pass


class IntakeLinkExpired(IntakeLinkError):
    status = 410
    message = "This link has expired."


class IntakeLinkUsed(IntakeLinkError):
    status = 410
    message = "This form has already been sent in."


def _audit(actor: Actor, action: str, intake: Intake, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        category=Category.CLINICAL,
        patient=intake.patient,
        detail={"intake": intake.pk, "version": intake.version, **detail},
    )


def intake_start(
    *,
    patient: Patient,
    actor: Actor,
    staff: Staff | None = None,
    filled_by_patient: bool = False,
) -> Intake:
    """The patient's open draft, or a new draft with the next version number."""
    with transaction.atomic():
        Patient.objects.select_for_update().filter(pk=patient.pk).exists()  # serialise versions
        drafts = Intake.objects.filter(
            practice_id=patient.practice_id, patient=patient, status=IntakeStatus.DRAFT
        )
        draft = drafts.order_by("-version").first()
        if draft is not None:
            return draft
        last = Intake.objects.filter(practice_id=patient.practice_id, patient=patient).aggregate(
            n=Max("version")
        )["n"]
        intake = Intake.objects.create(
            practice_id=patient.practice_id,
            patient=patient,
            version=(last or 0) + 1,
            staff=staff,
            filled_by_patient=filled_by_patient,
        )
        _audit(actor, "intake.start", intake, by_patient=filled_by_patient)
    return intake


def _merge(
    stored: Mapping[str, object], clean: Mapping[str, object], errors: Mapping[str, str]
) -> dict[str, object]:
    """stored + clean answers; an answer with an error keeps its stored value."""
    broken = {questions.question_of(name) for name in errors}
    merged = dict(stored)
    for key, value in clean.items():
        if key in broken:
            continue
        if value is None or value == []:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _today(intake: Intake) -> date:
    """Today in the practice's time zone: "not in the future" means the patient's today."""
    return timezone.localdate(timezone=intake.practice.zone)


def _refuse_if_submitted(intake: Intake) -> None:
    status = Intake.objects.filter(pk=intake.pk).values_list("status", flat=True).first()
    if status != IntakeStatus.DRAFT:
        raise IntakeLocked(f"Intake v{intake.version} was submitted and cannot change.")


def intake_save_draft(
    *, intake: Intake, actor: Actor, answers: Mapping[str, object]
) -> dict[str, str]:
    """Merge partial answers into the draft. Returns the errors of answers not stored."""
    today = _today(intake)
    clean, errors = questions.validate_answers(answers, today=today, partial=True)
    with transaction.atomic():
        intake = _locked(intake)
        _refuse_if_submitted(intake)
        intake.answers = _merge(intake.answers or {}, clean, errors)
        intake.save(update_fields=["answers", "updated_at"])
        _audit(actor, "intake.save_draft", intake, answers=len(clean), errors=sorted(errors))
    return errors


def _locked(intake: Intake) -> Intake:
    fresh = Intake.objects.select_for_update().get(pk=intake.pk)
    intake.answers, intake.status, intake.updated_at = fresh.answers, fresh.status, fresh.updated_at
    return intake


def intake_submit(
    *,
    intake: Intake,
    actor: Actor,
    answers: Mapping[str, object],
    consent_signature: str,
    link: IntakeLink | None = None,
) -> Intake:
    """Validate everything, sign, lock. Raises IntakeIncomplete (after saving what was
    valid as the draft) or IntakeLocked."""
    errors = intake_save_draft(intake=intake, actor=actor, answers=answers)
    today = _today(intake)
    clean, missing = questions.validate_answers(intake.answers, today=today, partial=False)
    errors = {**missing, **errors}
    try:
        signature = questions.validate_signature(consent_signature)
    except questions.Invalid as problem:
        errors["consent_signature"] = str(problem)
    if errors:
        raise IntakeIncomplete(errors)
    with transaction.atomic():
        intake = _locked(intake)
        _refuse_if_submitted(intake)
        now = timezone.now()
        intake.answers = {k: v for k, v in clean.items() if v is not None and v != []}
        intake.status = IntakeStatus.SUBMITTED
        intake.consent_signature, intake.consent_at, intake.submitted_at = signature, now, now
        _record_who(intake, actor, by_patient=link is not None)
        intake.save()
        if link is not None:
            IntakeLink.objects.filter(pk=link.pk).update(used_at=now, intake=intake)
        _sync_history(intake)
        _audit(actor, "intake.submit", intake, by_patient=link is not None)
        _record_wellbeing(intake, actor, today, by_patient=link is not None)
        _rerun_screening(intake, actor)
    return intake


def _record_who(intake: Intake, actor: Actor, *, by_patient: bool) -> None:
    """filled_by_patient / staff say who submitted this version."""
    intake.filled_by_patient = by_patient
    staff = getattr(actor.user, "staff", None) if actor.user is not None else None
    if isinstance(staff, Staff) and not by_patient:
        intake.staff = staff


def _sync_history(intake: Intake) -> None:
    """Replace the patient's intake-sourced medications and conditions with this intake's;
    imported and staff-entered rows stay."""
    owner = {"practice_id": intake.practice_id, "patient_id": intake.patient_id}
    PatientMedication.objects.filter(**owner, source=HistorySource.INTAKE).delete()
    PatientCondition.objects.filter(**owner, source=HistorySource.INTAKE).delete()
    for row in _rows(intake.answers, "medications"):
        PatientMedication.objects.create(
            **owner,
            name=str(row["name"]),
            rxnorm=str(row.get("rxnorm") or ""),
            source=HistorySource.INTAKE,
            external_id=f"intake-v{intake.version}",
        )
    for row in _rows(intake.answers, "conditions"):
        system = str(row.get("system") or "")
        PatientCondition.objects.create(
            **owner,
            system=CONDITION_SYSTEMS.get(system, ""),
            code=str(row.get("code") or "") if system else "",
            display=str(row["name"]),
            source=HistorySource.INTAKE,
            external_id=f"intake-v{intake.version}",
        )


def _rows(answers: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    value = answers.get(key)
    return [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []


def _record_wellbeing(intake: Intake, actor: Actor, today: date, *, by_patient: bool) -> None:
    """The optional stress / sleep / mood ratings as a WellbeingRating (context intake, no
    case yet), in the submit transaction, so the care chart shows them beside pain."""
    from petrissage.care.models import RatingContext
    from petrissage.care.wellbeing import wellbeing_record  # care builds on patients

    ratings = {
        item: intake.answers.get(key)
        for key, item in WELLBEING_ITEMS.items()
        if intake.answers.get(key) is not None
    }
    if not ratings:
        return
    wellbeing_record(
        patient=intake.patient,
        on=today,
        context=RatingContext.INTAKE,
        ratings=ratings,
        actor=actor,
        staff=None if by_patient else intake.staff,
    )


def _rerun_screening(intake: Intake, actor: Actor) -> None:
    """Screening depends on the intake: re-run it in the same transaction, so a submitted
    intake and its screening commit (or fail) together."""
    from petrissage.clinical.screening_services import screening_rerun

    screening_rerun(
        patient=intake.patient, actor=actor, trigger=f"intake v{intake.version} submitted"
    )


def intake_view_recorded(*, intake: Intake, actor: Actor) -> None:
    _audit(actor, "intake.view", intake)


# --- the patient's link -------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def intake_link_create(
    *, patient: Patient, actor: Actor, staff: Staff | None, hours_valid: int = LINK_HOURS_DEFAULT
) -> tuple[IntakeLink, str]:
    """A single-use link; returns (link, token). Only the token's SHA-256 is stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = IntakeLink.objects.create(
            practice_id=patient.practice_id,
            patient=patient,
            digest=_digest(token),
            expires_at=timezone.now() + timedelta(hours=hours_valid),
            created_by=staff,
        )
        audit_record(
            actor=actor,
            action="intake.link_create",
            category=Category.CLINICAL,
            patient=patient,
            detail={"link": link.pk, "hours_valid": hours_valid},
        )
    return link, token


def intake_link_resolve(token: str) -> IntakeLink:
    """The live link for token; raises IntakeLinkUnknown, IntakeLinkExpired or IntakeLinkUsed."""
    link = (
        IntakeLink.objects.select_related("patient", "intake", "practice")
        .filter(digest=_digest(token))
        .first()
    )
    if link is None:
        raise IntakeLinkUnknown
    if link.used_at is not None or (
        link.intake is not None and link.intake.status != IntakeStatus.DRAFT
    ):
        raise IntakeLinkUsed
    if link.expires_at <= timezone.now():
        raise IntakeLinkExpired
    return link


def intake_link_open(*, link: IntakeLink, actor: Actor) -> Intake:
    """The draft the link fills in: its own, or the patient's open draft, or a new one."""
    if link.intake is not None:
        return link.intake
    intake = intake_start(patient=link.patient, actor=actor, filled_by_patient=True)
    IntakeLink.objects.filter(pk=link.pk, intake__isnull=True).update(intake=intake)
    link.intake = intake
    return intake


def intake_link_email(*, link: IntakeLink, url: str, actor: Actor) -> bool:
    """Email the link to the patient, if they have an address. No health data in the mail."""
    patient = link.patient
    if not patient.email:
        return False
    practice = link.practice.name
    local_expiry = timezone.localtime(link.expires_at, link.practice.zone)
    body = (
        f"Hello {patient.given_name},\n\n{practice} asks you to fill in a short health "
        f"history form before your visit. It takes about 10 minutes:\n\n{url}\n\n"
        f"The link works once, until {local_expiry:%Y-%m-%d %H:%M}. "
        "If you did not expect this message, please call the practice.\n"
    )
    with transaction.atomic():
        send_mail(f"Your health history form for {practice}", body, None, [patient.email])
        audit_record(
            actor=actor,
            action="intake.link_email",
            category=Category.CLINICAL,
            patient=patient,
            detail={"link": link.pk},
        )
    return True


def patient_actor(link: IntakeLink, ip: str | None) -> Actor:
    """Who acts through a link: the patient, without an account."""
    return Actor(
        user=None,
        practice=link.practice,
        source="intake-link",
        ip=ip,
        username=f"<patient {link.patient_id} via link {link.pk}>",
    )
