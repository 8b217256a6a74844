"""The demo step gives patients intakes, screenings with every finding class, clearances
and assessments with body-chart findings, written through the services."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.clinical.demo_screening import build_intake_and_screening
from petrissage.clinical.models import (
    Assessment,
    AssessmentVersion,
    Clearance,
    RegionFinding,
    ScreeningFinding,
)
from petrissage.patients.models import Intake, IntakeStatus
from petrissage.practice.demo.steps import DEMO_STEPS
from petrissage.practice.models import Role
from tests import factories


@pytest.fixture
def clinic(db):
    practice = factories.make_practice("demo-like")
    for role in (Role.OWNER, Role.FRONT_DESK, *[Role.THERAPIST] * 4):
        factories.make_staff(practice, role)
    for n in range(45):
        factories.make_patient(
            practice,
            sex="female" if n % 2 else "male",
            birth_date=date(1940 + (n * 7) % 60, 1 + n % 12, 10),
        )
    today = timezone.localdate(timezone=practice.zone)
    build_intake_and_screening(practice, Actor.system(practice), today)
    return practice


def _current(practice):
    return ScreeningFinding.objects.filter(practice=practice, screening__is_current=True)


def test_intakes_are_submitted_versioned_and_some_left_half_filled(clinic):
    statuses = Counter(Intake.objects.filter(practice=clinic).values_list("status", flat=True))
    assert statuses == {IntakeStatus.SUBMITTED: 41, IntakeStatus.DRAFT: 2}
    assert Intake.objects.filter(practice=clinic, version=2).count() == 1
    assert Intake.objects.filter(practice=clinic, filled_by_patient=True).count() >= 10
    drafts = Intake.objects.filter(practice=clinic, status=IntakeStatus.DRAFT)
    assert all(d.answers.get("reason_for_visit") for d in drafts)


def test_screenings_show_every_finding_class_and_the_red_flag_profiles(clinic):
    findings = _current(clinic)
    assert set(findings.values_list("finding_class", flat=True)) == {
        "absolute",
        "local",
        "relative",
        "refer",
    }
    rules = set(findings.values_list("rule_id", flat=True))
    assert {
        "bleeding-risk",
        "osteoporosis",
        "pregnancy",
        "recent-surgery",
        "skin-lesion",
        "dvt-signs",
        "cancer-active",
        "lymph-node-dissection",
        "hypertension-uncontrolled",
        "diabetic-neuropathy",
    } <= rules
    dvt = findings.get(rule_id="dvt-signs")
    assert dvt.urgent
    assert not dvt.cleared
    pregnant = Intake.objects.get(practice=clinic, answers__pregnancy_weeks=24)
    assert pregnant.status == IntakeStatus.SUBMITTED


def test_some_clearances_are_received_and_others_still_awaited(clinic):
    assert Clearance.objects.filter(practice=clinic).count() >= 3
    needing = _current(clinic).filter(clearance_required=True)
    assert needing.filter(cleared=True).exists()
    assert needing.filter(cleared=False, rule_id="dvt-signs").exists()


def test_thirty_patients_are_assessed_by_the_four_therapists(clinic):
    initial = Assessment.objects.filter(practice=clinic, kind="initial")
    assert initial.count() == 30
    assert initial.values("therapist").distinct().count() == 4
    assert Assessment.objects.filter(practice=clinic, kind="reassessment").count() == 8
    for assessment in initial:
        assert assessment.region_findings.exists()
        assert assessment.range_of_motion.exists()
        assert assessment.goals.exists()
    findings = RegionFinding.objects.filter(practice=clinic)
    assert findings.filter(trigger_points=True).exists()
    assert all(0 <= f.nprs <= 10 for f in findings)
    assert AssessmentVersion.objects.filter(practice=clinic).count() == 1
    dvt_patient = _current(clinic).get(rule_id="dvt-signs").patient
    assert not Assessment.objects.filter(patient=dvt_patient).exists()


def test_running_it_twice_adds_nothing(clinic):
    before = (Intake.objects.count(), Assessment.objects.count(), Clearance.objects.count())
    today = timezone.localdate(timezone=clinic.zone)
    build_intake_and_screening(clinic, Actor.system(clinic), today)
    assert (Intake.objects.count(), Assessment.objects.count(), Clearance.objects.count()) == before


def test_it_runs_before_the_clinical_steps_that_need_it():
    mine = ("Intake and screening", "petrissage.clinical.demo_screening.build_intake_and_screening")
    paths = [dotted for _, dotted in DEMO_STEPS]
    assert mine in DEMO_STEPS
    later = [p for p in paths if "referrals" in p or ("clinical" in p and p != mine[1])]
    assert all(paths.index(mine[1]) < paths.index(p) for p in later)
