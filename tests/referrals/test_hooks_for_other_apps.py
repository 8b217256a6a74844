"""The selectors scheduling and billing call: visits used from signed notes, the
prescription in force, booking warnings and claim problems; plus the demo builder."""

from __future__ import annotations

from datetime import timedelta

from petrissage.clinical.models import CaseDiagnosis
from petrissage.referrals.demo import build_referrals
from petrissage.referrals.models import Prescription, ReferringProvider
from petrissage.referrals.selectors import (
    active_prescription,
    booking_warnings_for,
    claim_prescription_problems,
    prescription_status_for_case,
    prescription_warning_for_case,
)
from tests.referrals.builders import (
    actor_for,
    open_case,
    prescription,
    provider,
    signed_note,
    today_of,
)


def test_visits_used_counts_signed_notes_on_or_after_issue(patient, therapist):
    case = open_case(patient, therapist)
    today = today_of(patient.practice)
    prescription(patient, therapist, case=case, issued_on=today - timedelta(days=10))
    signed_note(case, today - timedelta(days=11))  # before the order: not counted
    signed_note(case, today - timedelta(days=10))
    signed_note(case, today - timedelta(days=3))
    signed_note(case, today, signed=False)  # draft: not counted
    status = prescription_status_for_case(case)
    assert status is not None
    assert (status.visits_used, status.visits_remaining) == (2, 10)


def test_case_without_prescription_has_no_status(patient, therapist):
    case = open_case(patient, therapist)
    assert prescription_status_for_case(case) is None
    assert prescription_warning_for_case(case) == "No prescription on file for this case."
    assert prescription_warning_for_case(None) is None


def test_unlinked_prescription_covers_the_patients_cases(patient, therapist):
    case = open_case(patient, therapist)
    rx = prescription(patient, therapist)
    assert active_prescription(case) == rx


def test_case_linked_prescription_wins(patient, therapist):
    case = open_case(patient, therapist)
    prov = provider(patient.practice)
    prescription(patient, therapist, prov)
    earlier = today_of(patient.practice) - timedelta(days=20)
    linked = prescription(patient, therapist, prov, case=case, issued_on=earlier)
    assert active_prescription(case) == linked


def test_booking_past_cap_and_expiry_warns(patient, therapist):
    case = open_case(patient, therapist)
    today = today_of(patient.practice)
    prescription(patient, therapist, case=case, visit_cap=2, expires_on=today + timedelta(days=5))
    signed_note(case, today - timedelta(days=2))
    signed_note(case, today - timedelta(days=1))
    warnings = booking_warnings_for(case, today + timedelta(days=7))
    assert any("visit 3" in w for w in warnings)
    assert any("expires on" in w for w in warnings)
    assert "used up" in (prescription_warning_for_case(case) or "")


def test_claim_problems_for_uncovered_date_cpt_and_cap(patient, therapist):
    case = open_case(patient, therapist)
    today = today_of(patient.practice)
    prescription(patient, therapist, case=case, visit_cap=1, cpt_codes=("97124",))
    before = claim_prescription_problems(case, today - timedelta(days=40), ["97124"])
    assert "No prescription on file covers" in before[0]
    signed_note(case, today - timedelta(days=2))
    assert claim_prescription_problems(case, today - timedelta(days=2), ["97124"]) == []
    signed_note(case, today - timedelta(days=1))
    problems = claim_prescription_problems(case, today - timedelta(days=1), ["97124", "97140"])
    assert any("CPT 97140" in p for p in problems)
    assert any("cap is 1" in p for p in problems)


def test_demo_builds_providers_and_prescriptions_for_open_cases(practice, therapist, patient):
    case = open_case(patient, therapist)
    CaseDiagnosis.objects.create(
        practice=practice, case=case, code="M54.2", description="Cervicalgia", position=1
    )
    today = today_of(practice)
    for days in range(1, 8):
        signed_note(case, today - timedelta(days=days))
    made = build_referrals(practice, actor_for(practice), today)
    assert len(made) == 1
    assert made[0].diagnosis_codes == ["M54.2"]
    assert ReferringProvider.objects.filter(practice=practice).count() == 5
    status = prescription_status_for_case(case)
    assert status is not None
    assert status.renewal_due
    assert build_referrals(practice, actor_for(practice), today) == []  # idempotent
    assert Prescription.objects.count() == 1
