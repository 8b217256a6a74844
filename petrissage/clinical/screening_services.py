"""Contraindication screening, re-run whenever an input changes.

Gathers the patient's latest submitted intake, coded conditions, medications and
clearances, runs the pure rules engine (petrissage.domain.screening) and stores the result
as a new current Screening with its findings, in one transaction with its audit event.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import Clearance, Screening, ScreeningFinding
from petrissage.domain.screening import (
    BloodPressureReading,
    CodedCondition,
    Finding,
    Medication,
    ScreeningInput,
    ScreeningResult,
    screen,
)
from petrissage.patients.models import (
    HistorySource,
    Intake,
    IntakeStatus,
    Patient,
    PatientCondition,
    PatientMedication,
    VitalSign,
)
from petrissage.patients.selectors import age_on


def _intake_kwargs(patient: Patient) -> tuple[dict[str, Any], int | None]:
    """The latest submitted intake's screening answers, with the day the blood-pressure
    answer was given (so a newer measured reading can take its place)."""
    intake = (
        Intake.objects.filter(
            practice_id=patient.practice_id, patient=patient, status=IntakeStatus.SUBMITTED
        )
        .order_by("-version")
        .first()
    )
    if intake is None:
        return {}, None
    from petrissage.domain.intake import screening_kwargs

    kwargs = dict(screening_kwargs(intake.answers))
    kwargs.pop("medications", None)  # medications come from PatientMedication (all sources)
    submitted = intake.submitted_at or intake.updated_at
    kwargs["blood_pressure_answered_on"] = timezone.localdate(submitted, patient.practice.zone)
    return kwargs, intake.version


# Red-flag questions asked again before each session (SessionNote.pre_check); a "yes"
# today counts like the same intake answer.
PRE_SESSION_RED_FLAGS = (
    "fever_or_infection",
    "calf_swelling_warmth_redness",
    "sudden_breathlessness_or_chest_pain",
    "new_numbness_or_weakness",
    "unexplained_weight_loss",
    "unexplained_pain",
)


def _pre_session_red_flags(patient: Patient, today: date) -> dict[str, bool]:
    from petrissage.clinical.models import SessionNote

    flags: dict[str, bool] = {}
    notes = SessionNote.objects.filter(
        practice_id=patient.practice_id, patient=patient, session_date=today
    ).values_list("pre_check", flat=True)
    for pre_check in notes:
        for key in PRE_SESSION_RED_FLAGS:
            if isinstance(pre_check, dict) and pre_check.get(key) is True:
                flags[key] = True
    return flags


def _conditions(patient: Patient) -> tuple[CodedCondition, ...]:
    rows = PatientCondition.objects.filter(practice_id=patient.practice_id, patient=patient)
    return tuple(
        CodedCondition(
            system=row.system,
            code=row.code,
            display=row.display,
            clinical_status=row.clinical_status,
            onset=row.onset,
            abatement=row.abatement,
        )
        for row in rows
    )


def _medications(patient: Patient) -> tuple[Medication, ...]:
    rows = PatientMedication.objects.filter(practice_id=patient.practice_id, patient=patient)
    return tuple(
        Medication(name=row.name, rxnorm=row.rxnorm or None, active=row.active) for row in rows
    )


def _latest_blood_pressure(patient: Patient, today: date) -> BloodPressureReading | None:
    """The newest dated blood-pressure reading (VitalSign with a systolic or diastolic value)
    taken no later than today; the rules decide whether it is recent enough to count."""
    zone = patient.practice.zone
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    row = (
        VitalSign.objects.filter(
            Q(systolic__isnull=False) | Q(diastolic__isnull=False),
            practice_id=patient.practice_id,
            patient=patient,
            effective_at__lt=end,
        )
        .order_by("-effective_at", "-pk")
        .first()
    )
    if row is None or row.effective_at is None:
        return None
    source = "imported reading" if row.source == HistorySource.IMPORT else "recorded reading"
    return BloodPressureReading(
        on=timezone.localdate(row.effective_at, zone),
        systolic=row.systolic,
        diastolic=row.diastolic,
        source=source,
    )


def active_clearances(patient: Patient) -> list[Clearance]:
    return list(
        Clearance.objects.filter(
            practice_id=patient.practice_id, patient=patient, revoked_at__isnull=True
        )
    )


def screening_input_for(patient: Patient, today: date) -> tuple[ScreeningInput, dict[str, Any]]:
    """The rules' input for patient, and a JSON summary of what went into it."""
    kwargs, intake_version = _intake_kwargs(patient)
    red_flags = _pre_session_red_flags(patient, today)
    kwargs.update(red_flags)
    conditions = _conditions(patient)
    medications = _medications(patient)
    reading = _latest_blood_pressure(patient, today)
    cleared = frozenset(c.rule_id for c in active_clearances(patient))
    inp = ScreeningInput(
        today=today,
        age=age_on(patient.birth_date, today),
        conditions=conditions,
        medications=medications,
        blood_pressure_reading=reading,
        clearances_received=cleared,
        **kwargs,
    )
    summary = {
        "today": today.isoformat(),
        "intake_version": intake_version,
        "conditions": [f"{c.system}|{c.code} {c.display}".strip() for c in conditions],
        "medications": [m.name or m.rxnorm for m in medications if m.active],
        "clearances": sorted(cleared),
        "pre_session_red_flags": sorted(red_flags),
        "blood_pressure_reading": reading.describe() if reading else None,
    }
    return inp, summary


def _coding_for(finding: Finding, conditions: tuple[CodedCondition, ...]) -> CodedCondition | None:
    evidence = " ".join(finding.evidence)
    for condition in conditions:
        if condition.code and condition.code in evidence:
            return condition
    return None


def _store_findings(screening: Screening, result: ScreeningResult, inp: ScreeningInput) -> None:
    rows = []
    for finding in result.findings:
        coding = _coding_for(finding, inp.conditions)
        rows.append(
            ScreeningFinding(
                practice_id=screening.practice_id,
                patient_id=screening.patient_id,
                screening=screening,
                rule_id=finding.rule_id,
                condition=finding.condition[:200],
                finding_class=finding.finding_class.value,
                action=finding.action,
                regions=list(finding.regions),
                areas=list(finding.areas),
                pressure_cap=finding.pressure_cap,
                restrictions=sorted(r.value for r in finding.restrictions),
                clearance_required=finding.clearance_required,
                cleared=finding.cleared,
                urgent=finding.urgent,
                sources=list(finding.sources),
                evidence="; ".join(finding.evidence),
                coding_system=coding.system if coding else "",
                coding_code=coding.code if coding else "",
                coding_display=coding.display if coding else "",
            )
        )
    ScreeningFinding.objects.bulk_create(rows)


def screening_rerun(*, patient: Patient, actor: Actor, trigger: str) -> Screening:
    """Screen patient again now; the new result becomes current. Raises ValidationError
    (naming the field) when a stored input is impossible, e.g. a surgery date in the future."""
    today = timezone.localdate(timezone=patient.practice.zone)
    try:
        inp, summary = screening_input_for(patient, today)
    except ValueError as error:
        raise ValidationError(str(error)) from error
    result = screen(inp)
    with transaction.atomic():
        Screening.objects.filter(
            practice_id=patient.practice_id, patient=patient, is_current=True
        ).update(is_current=False)
        screening = Screening.objects.create(
            practice_id=patient.practice_id,
            patient=patient,
            rules_version=result.rules_version,
            trigger=trigger[:80],
            computed_at=timezone.now(),
            is_current=True,
            blocks_treatment=result.blocks_treatment,
            urgent=result.urgent,
            pressure_cap=result.pressure_cap,
            inputs=summary,
        )
        _store_findings(screening, result, inp)
        audit_record(
            actor=actor,
            action="screening.run",
            category=Category.CLINICAL,
            patient=patient,
            detail={
                "screening": screening.pk,
                "trigger": trigger[:80],
                "findings": len(result.findings),
                "rules": result.rules_version,
            },
        )
    return screening


def current_screening(patient: Patient) -> Screening | None:
    return (
        Screening.objects.filter(practice_id=patient.practice_id, patient=patient, is_current=True)
        .prefetch_related("findings")
        .first()
    )
