"""Reads that outcome pages, the dashboard and the session pre-check share."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from petrissage.clinical.models import Case
from petrissage.domain.outcomes import (
    BUILT_IN,
    InstrumentError,
    builtin_questionnaire,
    get_instrument,
    load_questionnaire,
)
from petrissage.domain.outcomes import Instrument as Definition
from petrissage.outcomes.models import AlertLevel, CheckIn, Instrument, OutcomeResponse, Timepoint
from petrissage.practice.models import Practice, Staff

BUILT_IN_LICENCE = "Free instrument shipped with Petrissage (reference/clinical.md §3)."


def ensure_builtin_instruments() -> None:
    """Built-in instruments are rows with no practice, made from the domain definitions."""
    present = set(Instrument.objects.filter(practice=None).values_list("key", flat=True))
    for key, definition in BUILT_IN.items():
        if key in present:
            continue
        questionnaire = builtin_questionnaire(key)
        try:
            with transaction.atomic():
                Instrument.objects.create(
                    practice=None,
                    key=key,
                    name=definition.name,
                    title=definition.title,
                    questionnaire=questionnaire,
                    licence_note=str(questionnaire.get("copyright") or BUILT_IN_LICENCE),
                )
        except IntegrityError:  # another request made it first
            continue


def instruments_for(practice: Practice) -> QuerySet[Instrument]:
    """Built-ins plus the practice's own, active ones."""
    ensure_builtin_instruments()
    return Instrument.objects.filter(Q(practice=None) | Q(practice=practice), active=True).order_by(
        "practice_id", "name"
    )


def instrument_for(practice: Practice, key: str) -> Instrument | None:
    return instruments_for(practice).filter(key=key).order_by("-practice_id").first()


def definition_of(instrument: Instrument) -> Definition:
    """The scorable definition. Built-ins come from the domain; loaded ones were checked
    when loaded, so an error here means the row was altered outside the app."""
    if instrument.is_builtin:
        return get_instrument(instrument.key)
    return load_questionnaire(instrument.questionnaire)


def safe_definition(instrument: Instrument) -> Definition | None:
    try:
        return definition_of(instrument)
    except InstrumentError:
        return None


def case_responses(case: Case) -> QuerySet[OutcomeResponse]:
    return (
        OutcomeResponse.objects.filter(practice_id=case.practice_id, case=case)
        .select_related("instrument", "collected_by")
        .order_by("collected_at", "id")
    )


def last_check_in(case: Case) -> CheckIn | None:
    """The latest answered check-in of the case (the session pre-check shows it)."""
    return (
        CheckIn.objects.filter(practice_id=case.practice_id, case=case, answered_at__isnull=False)
        .select_related("session", "acknowledged_by")
        .order_by("-answered_at", "-id")
        .first()
    )


def case_check_ins(case: Case) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(practice_id=case.practice_id, case=case).select_related(
        "session", "acknowledged_by"
    )


def open_urgent_alerts(staff: Staff) -> QuerySet[CheckIn]:
    """Unacknowledged urgent check-ins of the practice, for the dashboard: owners see all,
    therapists those of their own cases."""
    alerts = CheckIn.objects.filter(
        practice_id=staff.practice_id,
        alert_level=AlertLevel.URGENT,
        acknowledged_at__isnull=True,
    )
    if staff.role == "therapist":
        alerts = alerts.filter(case__therapist=staff)
    return alerts.select_related("patient", "case", "session").order_by("answered_at")


def suggested_timepoint(case: Case, instrument: Instrument) -> str:
    """Baseline for the first response of an instrument on the case, interim after."""
    used = case_responses(case).filter(instrument=instrument).exists()
    return Timepoint.INTERIM if used else Timepoint.BASELINE


def open_alert_patient_ids(practice_id: int) -> set[int]:
    """Patients with an unacknowledged urgent check-in alert: their next appointment is
    flagged (the schedule can read this)."""
    return set(
        CheckIn.objects.filter(
            practice_id=practice_id,
            alert_level=AlertLevel.URGENT,
            acknowledged_at__isnull=True,
        ).values_list("patient_id", flat=True)
    )
