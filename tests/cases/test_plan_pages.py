"""Plan pages: the proposal respects the screening (cap removes deep techniques, a local
finding removes its region, a relative one adds its modification), shows evidence and
certainty; edits beyond the prescription need an acknowledgement; approved versions are
kept and a revision supersedes the old one; edits breaking the screening are refused."""

from __future__ import annotations

import pytest

from petrissage.audit.models import AuditEvent
from petrissage.clinical.models import PlanStatus, TreatmentPlan
from tests.referrals import builders
from tests.sessions.conftest import make_case, make_screening

AVOID = {
    "rule_id": "injection",
    "condition": "Recent corticosteroid injection",
    "finding_class": "local",
    "action": "Avoid direct pressure at the site for 48 h.",
    "regions": ["upper-trapezius-left"],
    "restrictions": ["avoid_area"],
}
CAP = {
    "rule_id": "anticoagulant",
    "condition": "Anticoagulant (apixaban)",
    "finding_class": "relative",
    "action": "No deep pressure; watch for bruising.",
    "restrictions": ["no_deep_pressure"],
    "pressure_cap": 3,
}


@pytest.fixture
def neck_case(patient, therapist):
    case = make_case(patient, therapist)
    make_screening(patient, AVOID, CAP)
    builders.prescription(patient, therapist, diagnoses=("M54.2",), sessions_per_week=2, weeks=6)
    return case


def _base(case):
    return f"/patients/{case.patient_id}/cases/{case.pk}/plan/"


def _propose(client, case, **data):
    values = {"pain_nprs": "6", "function_limitation": "moderate", "symptom_weeks": "30"}
    values.update(data)
    response = client.post(f"{_base(case)}propose/", values)
    assert response.status_code == 302, response.content.decode()[:2000]
    return TreatmentPlan.objects.get(case=case, status=PlanStatus.DRAFT)


def _edit_post(plan, rows, *, per_week=2, weeks=4, visits=8, **extra):
    data = {
        "session_minutes": "60",
        "sessions_per_week": str(per_week),
        "weeks": str(weeks),
        "total_visits": str(visits),
        "goals": "Sit through a workday",
        "home_care": "Chin tucks twice a day",
        "t-TOTAL_FORMS": str(len(rows)),
        "t-INITIAL_FORMS": "0",
        "t-MIN_NUM_FORMS": "0",
        "t-MAX_NUM_FORMS": "1000",
    }
    for i, (region, technique, pressure) in enumerate(rows):
        data[f"t-{i}-region"] = region
        data[f"t-{i}-technique"] = technique
        data[f"t-{i}-pressure"] = str(pressure)
    data.update(extra)
    return data


def test_proposal_respects_the_screening_and_shows_the_evidence(login, neck_case, therapist):
    client = login(therapist)
    plan = _propose(client, neck_case)
    rows = list(plan.techniques.values_list("region_code", "technique", "pressure"))
    techniques = {t for _, t, _ in rows}
    assert (plan.session_minutes, plan.sessions_per_week, plan.weeks) == (60, 2, 4)  # [N3]
    assert "deep_tissue" not in techniques  # pressure cap 3 / no deep pressure
    assert "trigger_point" not in techniques
    assert {"swedish", "myofascial_release"} <= techniques
    assert "upper-trapezius-left" not in {r for r, _, _ in rows}  # local: region removed
    assert "upper-trapezius-right" in {r for r, _, _ in rows}
    assert all(p <= 3 for _, _, p in rows)
    assert "No deep pressure; watch for bruising." in plan.modifications  # relative
    assert plan.pressure_cap == 3
    assert plan.reassessment_visits == [4, 8]
    page = client.get(f"{_base(neck_case)}{plan.pk}/edit/").content.decode()
    assert "60 min, 2-3x/wk, 4 wk (dose trial) [N3]" in page
    assert 'data-testid="certainty">Mod (U)<' in page
    assert AuditEvent.objects.filter(action="plan.propose").count() == 1


def test_beyond_the_prescription_needs_the_acknowledgement(login, neck_case, therapist):
    client = login(therapist)
    plan = _propose(client, neck_case)
    rows = [("upper-trapezius-right", "myofascial_release", 3)]
    post = _edit_post(plan, rows, per_week=3, weeks=7, visits=21, approve="1")
    response = client.post(f"{_base(neck_case)}{plan.pk}/edit/", post)
    page = response.content.decode()
    assert response.status_code == 400
    assert "exceeds prescription: 3×/week &gt; 2×/week prescribed" in page
    assert "visit cap of 12" in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.sessions_per_week == 3  # the edit itself was saved, only approval waits
    post["acknowledge"] = "on"
    response = client.post(f"{_base(neck_case)}{plan.pk}/edit/", post)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.warnings_acknowledged
    assert plan.approved_by == therapist
    event = AuditEvent.objects.filter(action="plan.approve").get()
    assert len(event.detail["acknowledged"]) == 3


def test_edit_breaking_the_screening_is_refused_naming_the_line(login, neck_case, therapist):
    client = login(therapist)
    plan = _propose(client, neck_case)
    rows = [
        ("upper-trapezius-right", "swedish", 2),
        ("upper-trapezius-left", "swedish", 2),
        ("scm-right", "deep_tissue", 5),
    ]
    response = client.post(f"{_base(neck_case)}{plan.pk}/edit/", _edit_post(plan, rows))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 2: Upper trapezius, left is to be avoided" in page
    assert "(Recent corticosteroid injection)" in page
    assert "Line 3: Deep tissue is not allowed at" in page
    plan.refresh_from_db()
    assert "deep_tissue" not in set(plan.techniques.values_list("technique", flat=True))


def test_revision_is_a_new_version_and_the_old_one_is_kept(login, neck_case, therapist):
    client = login(therapist)
    plan = _propose(client, neck_case)
    rows = [("upper-trapezius-right", "myofascial_release", 3)]
    client.post(f"{_base(neck_case)}{plan.pk}/edit/", _edit_post(plan, rows, approve="1"))
    response = client.post(f"{_base(neck_case)}revise/")
    draft = TreatmentPlan.objects.get(case=neck_case, status=PlanStatus.DRAFT)
    assert response.url == f"{_base(neck_case)}{draft.pk}/edit/"
    assert draft.version == 2
    rows = [("upper-trapezius-right", "swedish", 2)]
    client.post(f"{_base(neck_case)}{draft.pk}/edit/", _edit_post(draft, rows, approve="1"))
    plan.refresh_from_db()
    draft.refresh_from_db()
    assert (plan.status, draft.status) == (PlanStatus.SUPERSEDED, PlanStatus.APPROVED)
    assert list(plan.techniques.values_list("technique", flat=True)) == ["myofascial_release"]
    old = client.get(f"{_base(neck_case)}{plan.pk}/").content.decode()
    assert "replaced by a later approved version" in old
    assert "Myofascial release" in old
    # an approved version is not edited: the edit page sends you to the read-only view
    assert client.get(f"{_base(neck_case)}{plan.pk}/edit/").status_code == 302


def test_other_practice_and_front_desk_cannot_reach_plans(
    login, neck_case, therapist, outsider, front_desk
):
    url = f"{_base(neck_case)}propose/"
    assert login(outsider).get(url).status_code == 404
    assert login(front_desk).post(url, {"pain_nprs": "5"}).status_code == 403


def test_without_prescription_or_screening_the_proposal_says_so(login, patient, therapist):
    case = make_case(patient, therapist)
    client = login(therapist)
    page = client.get(f"{_base(case)}propose/").content.decode()
    assert "none on file" in page
    assert "not screened" in page
    plan = _propose(client, case)
    page = client.get(f"{_base(case)}{plan.pk}/edit/").content.decode()
    assert "No screening result: screen before the first session" in page
    assert 'data-testid="exceeding"' not in page
