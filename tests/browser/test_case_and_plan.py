"""A therapist opens a case from the patient page: a retired code (M54.5) is refused with its
replacements, one click fixes it; proposes a plan that respects the screening, edits it past
the prescription (needs the acknowledgement), approves it, and starts a session from the case
page. Screenshots: case-retired-code, case-detail-new, plan-proposed, plan-acknowledge,
case-detail-with-plan."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from petrissage.audit.services import Actor
from petrissage.clinical import case_services, plan_services
from petrissage.clinical.models import Case, PlanStatus, TreatmentPlan
from petrissage.clinical.plan_selectors import severity_of
from petrissage.practice.models import Role, Staff
from tests import factories
from tests.browser.conftest import sign_in
from tests.referrals import builders
from tests.referrals.builders import today_of
from tests.sessions.conftest import make_screening


@pytest.fixture
def setting(transactional_db):
    practice = factories.make_practice("case-clinic")
    therapist = factories.make_staff(practice, Role.THERAPIST, "samlee")
    Staff.objects.filter(pk=therapist.pk).update(display_name="Sam Lee", credentials="LMT")
    therapist.refresh_from_db()
    patient = factories.make_patient(practice, given_name="Nora", family_name="Quinn")
    make_screening(
        patient,
        {
            "rule_id": "anticoagulant",
            "condition": "Anticoagulant (apixaban)",
            "finding_class": "relative",
            "action": "No deep pressure; watch for bruising.",
            "restrictions": ["no_deep_pressure"],
            "pressure_cap": 3,
        },
    )
    builders.prescription(patient, therapist, sessions_per_week=1, weeks=10, visit_cap=10)
    return patient


def test_open_case_fix_code_propose_edit_approve_and_start_session(page, setting, screenshot):
    patient = setting
    sign_in(page, "samlee", factories.PASSWORD)
    page.goto(f"/patients/{patient.pk}/")
    expect(page.get_by_test_id("cases-panel")).to_contain_text("No case yet")
    page.get_by_role("link", name="Open a case").click()

    page.get_by_label("Case title").fill("Low back pain after lifting")
    page.get_by_label("Diagnosis 1 (primary)").fill("M54.5")
    page.get_by_role("button", name="Open case").click()
    suggestions = page.get_by_test_id("suggestions-diagnosis_1")
    expect(suggestions).to_contain_text("M54.59")
    expect(page.get_by_text("M54.5 is no longer billable")).to_be_visible()
    screenshot(page, "case-retired-code")
    assert not Case.objects.exists()
    suggestions.get_by_role("button", name="M54.50").click()
    expect(page.get_by_label("Diagnosis 1 (primary)")).to_have_value("M54.50")
    page.get_by_role("button", name="Open case").click()

    expect(page.get_by_test_id("case-title")).to_have_text("Low back pain after lifting")
    expect(page.get_by_test_id("diagnoses")).to_contain_text("M54.50")
    expect(page.get_by_test_id("prescription-usage")).to_contain_text("0 of 10")
    screenshot(page, "case-detail-new")

    page.get_by_role("link", name="Propose a plan").click()
    page.get_by_label("Pain now (NPRS 0–10)").fill("6")
    page.get_by_label("Symptoms for (weeks)").fill("20")
    page.get_by_label("Goals (one per line)").fill("Sit through a workday")
    page.get_by_role("button", name="Propose the plan").click()

    expect(
        page.get_by_role("heading", name="Treatment plan v1: review and approve")
    ).to_be_visible()
    expect(page.get_by_test_id("certainty")).to_have_text("Low")
    expect(page.get_by_test_id("evidence")).to_contain_text("Cherkin")
    expect(page.get_by_test_id("modifications")).to_contain_text("No deep pressure")
    proposed = set(TreatmentPlan.objects.get().techniques.values_list("technique", flat=True))
    assert proposed.isdisjoint({"trigger_point", "deep_tissue"})  # no deep pressure, cap 3
    assert max(TreatmentPlan.objects.get().techniques.values_list("pressure", flat=True)) <= 3
    screenshot(page, "plan-proposed")

    page.get_by_label("Sessions per week").fill("2")
    page.get_by_label("Weeks").fill("6")
    page.get_by_label("Visits planned").fill("12")
    page.get_by_role("button", name="Approve plan").click()
    expect(page.get_by_test_id("exceeding")).to_contain_text("2×/week > 1×/week prescribed")
    expect(page.get_by_text("tick the acknowledgement to approve it")).to_be_visible()
    screenshot(page, "plan-acknowledge")
    page.get_by_label("I have read the prescription limits").check()
    page.get_by_role("button", name="Approve plan").click()

    expect(page.get_by_text("Plan v1 approved.")).to_be_visible()
    expect(page.get_by_test_id("plan-summary")).to_contain_text("12 visits")
    expect(page.get_by_test_id("progress")).to_contain_text("0 of 12 planned")
    expect(page.get_by_test_id("documentation")).to_contain_text("Plan of care")
    page.mouse.move(0, 0)
    screenshot(page, "case-detail-with-plan")
    plan = TreatmentPlan.objects.get()
    assert plan.status == PlanStatus.APPROVED
    assert plan.warnings_acknowledged
    assert plan.sessions_per_week == 2

    page.get_by_test_id("new-session").click()
    expect(page.get_by_label("Appointment length (minutes)")).to_have_value(
        str(plan.session_minutes)
    )
    page.get_by_role("button", name="Start session").click()
    expect(page.get_by_role("heading", name="Visit 1: pre-session check")).to_be_visible()


def test_revise_plan_view_old_version_edit_case_and_discharge(page, setting, screenshot):
    patient = setting
    therapist = Staff.objects.get(user__username="samlee")
    actor = Actor.for_staff(therapist)
    case = case_services.case_open(
        patient=patient,
        actor=actor,
        therapist=therapist,
        title="Chronic neck pain",
        opened_on=today_of(patient.practice),
        diagnoses=["M54.2"],
    )
    plan = plan_services.plan_propose(
        case=case, actor=actor, staff=therapist, severity=severity_of(5, "low", 20), goals=[]
    )
    plan_services.plan_approve(plan=plan, actor=actor, staff=therapist, acknowledged=True)
    sign_in(page, "samlee", factories.PASSWORD)
    page.goto(f"/patients/{patient.pk}/cases/{case.pk}/")
    page.get_by_role("button", name="Revise the plan").click()
    expect(
        page.get_by_role("heading", name="Treatment plan v2: review and approve")
    ).to_be_visible()
    page.get_by_label("Session length").select_option("45")
    page.get_by_role("button", name="Approve plan").click()
    expect(page.get_by_test_id("plan-summary")).to_contain_text("45-minute sessions")

    page.get_by_text("All versions (2)").click()
    page.get_by_role("link", name="v1").click()
    expect(page.get_by_text("replaced by a later approved version")).to_be_visible()
    expect(page.get_by_test_id("plan-summary")).to_contain_text("60-minute sessions")
    screenshot(page, "plan-superseded-version")

    page.get_by_role("link", name="Chronic neck pain").click()
    page.get_by_role("link", name="Edit case").click()
    page.get_by_label("Diagnosis 2").fill("M62.838")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_test_id("diagnoses")).to_contain_text("M62.838")

    page.get_by_label("Change to").select_option("discharged")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("Write the discharge summary")).to_be_visible()
    page.get_by_label("Discharge summary").fill("Goals met; NDI 16 → 6. Home stretches.")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Discharged")
    expect(page.get_by_test_id("discharge-summary")).to_contain_text("Goals met")
    page.mouse.move(0, 0)
    screenshot(page, "case-discharged")
    page.goto(f"/patients/{patient.pk}/")
    expect(page.get_by_test_id("cases-panel")).to_contain_text("Discharged")
