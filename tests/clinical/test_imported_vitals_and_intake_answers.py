"""The screening takes blood pressure from the newer of the submitted intake answer and the
latest imported reading (VitalSign), dated in the practice's time zone; readings older than
a year or dated after today do not count."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

import pytest
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.clinical.screening_services import current_screening, screening_rerun
from petrissage.patients import intake_services
from petrissage.patients.models import HistorySource, Intake, VitalSign
from tests.intake.helpers import all_no

pytestmark = pytest.mark.django_db


def _today(patient) -> date:
    return timezone.localdate(timezone=patient.practice.zone)


def _reading(patient, day: date, systolic, diastolic, at: clock = clock(9, 0), **extra):
    return VitalSign.objects.create(
        practice=patient.practice,
        patient=patient,
        loinc="85354-9",
        display="Blood pressure panel",
        effective_at=datetime.combine(day, at, tzinfo=patient.practice.zone),
        systolic=Decimal(systolic) if systolic is not None else None,
        diastolic=Decimal(diastolic) if diastolic is not None else None,
        source=extra.pop("source", HistorySource.IMPORT),
        **extra,
    )


def _submit_intake(patient, therapist, blood_pressure: str, days_ago: int = 0) -> Intake:
    actor = Actor.for_staff(therapist)
    intake = intake_services.intake_start(patient=patient, actor=actor, staff=therapist)
    intake = intake_services.intake_submit(
        intake=intake,
        actor=actor,
        answers=all_no(blood_pressure=blood_pressure),
        consent_signature="Maria Lopez",
    )
    if days_ago:
        submitted = timezone.now() - timedelta(days=days_ago)
        Intake.objects.filter(pk=intake.pk).update(submitted_at=submitted)
    return intake


def _rerun(patient, therapist):
    screening = screening_rerun(patient=patient, actor=Actor.for_staff(therapist), trigger="test")
    return screening, {f.rule_id: f for f in screening.findings.all()}


def test_a_newer_intake_answer_outranks_an_older_reading(patient, therapist):
    _reading(patient, _today(patient) - timedelta(days=30), 182, 112)
    _submit_intake(patient, therapist, "none")

    screening = current_screening(patient)

    assert screening.trigger.startswith("intake v1")
    assert not any(f.rule_id.startswith("hypertension") for f in screening.findings.all())
    assert not screening.blocks_treatment


def test_a_newer_reading_outranks_an_older_intake_answer(patient, therapist):
    _submit_intake(patient, therapist, "none", days_ago=90)
    taken = _today(patient) - timedelta(days=5)
    _reading(patient, taken, 182, 112)

    screening, findings = _rerun(patient, therapist)

    assert screening.blocks_treatment
    answered = (timezone.now() - timedelta(days=90)).astimezone(patient.practice.zone).date()
    assert findings["hypertension-uncontrolled"].evidence == (
        f"imported reading 182/112 mmHg on {taken.isoformat()} (at or above 180/110 mmHg; "
        f"newer than the intake answer of {answered.isoformat()}: no high blood pressure)"
    )


def test_a_reading_in_range_shows_reported_high_blood_pressure_is_controlled(patient, therapist):
    _submit_intake(patient, therapist, "uncontrolled", days_ago=200)
    assert current_screening(patient).blocks_treatment  # the intake alone refers out
    _reading(patient, _today(patient) - timedelta(days=3), 128, 82)

    screening, findings = _rerun(patient, therapist)

    assert not screening.blocks_treatment
    assert list(findings) == ["hypertension-controlled"]
    assert findings["hypertension-controlled"].evidence.startswith("imported reading 128/82 mmHg")
    assert "slow_position_changes" in findings["hypertension-controlled"].restrictions


def test_the_intake_answer_alone_still_decides(patient, therapist):
    _submit_intake(patient, therapist, "uncontrolled")

    findings = {f.rule_id: f for f in current_screening(patient).findings.all()}

    assert findings["hypertension-uncontrolled"].evidence == (
        "intake: high blood pressure, not controlled"
    )


def test_the_reading_date_is_the_practice_day(patient, therapist):
    # 23:30 in Los Angeles is already the next day in UTC; the evidence names the local day.
    day = _today(patient) - timedelta(days=2)
    _reading(patient, day, 150, 96, at=clock(23, 30))

    _, findings = _rerun(patient, therapist)

    assert f"150/96 mmHg on {day.isoformat()}" in findings["hypertension-controlled"].evidence


def test_the_newest_reading_wins_and_stale_or_future_ones_do_not_count(patient, therapist):
    today = _today(patient)
    _reading(patient, today - timedelta(days=400), 190, 120)
    screening, findings = _rerun(patient, therapist)
    assert findings == {}
    assert screening.inputs["blood_pressure_reading"].startswith("imported reading 190/120")

    _reading(patient, today - timedelta(days=20), 184, 100)
    _reading(patient, today + timedelta(days=3), 120, 70)  # dated after today: ignored
    _, findings = _rerun(patient, therapist)
    assert list(findings) == ["hypertension-uncontrolled"]
    assert "184/100 mmHg" in findings["hypertension-uncontrolled"].evidence


def test_a_staff_recorded_reading_is_named_as_recorded(patient, therapist):
    _reading(patient, _today(patient), 181, 90, source=HistorySource.MANUAL)

    _, findings = _rerun(patient, therapist)

    assert findings["hypertension-uncontrolled"].evidence.startswith("recorded reading 181/90")


def test_a_pregnancy_status_row_is_not_a_blood_pressure(patient, therapist):
    VitalSign.objects.create(
        practice=patient.practice,
        patient=patient,
        loinc="82810-3",
        display="Pregnancy status",
        effective_at=timezone.now(),
        value_system="http://snomed.info/sct",
        value_code="60001007",
        value_display="Not pregnant",
    )

    screening, findings = _rerun(patient, therapist)

    assert findings == {}
    assert screening.inputs["blood_pressure_reading"] is None
