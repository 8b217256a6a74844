"""Case pages: opening a case checks every diagnosis (a retired code is refused with its
replacements, nothing stored), the case page shows diagnoses/plan/sessions/progress/
prescription, status moves open → on hold → discharged with a summary, roles and practices."""

from __future__ import annotations

from django.utils import timezone

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.clinical import session_services
from petrissage.clinical.models import Case, CaseStatus, TreatmentPlan
from tests.referrals import builders
from tests.sessions.conftest import NECK_MFR, make_case, make_plan, save_lines, start_note


def _new_url(patient):
    return f"/patients/{patient.pk}/cases/new/"


def _post(therapist, *codes, title="Low back pain after lifting"):
    data = {
        "title": title,
        "therapist": str(therapist.pk),
        "opened_on": "2026-10-01",
        "condition_key": "",
    }
    for i, code in enumerate(codes, start=1):
        data[f"diagnosis_{i}"] = code
    return data


def test_retired_code_is_refused_with_its_replacements_and_nothing_stored(
    login, patient, therapist
):
    response = login(therapist).post(_new_url(patient), _post(therapist, "M54.5"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "M54.5 is no longer billable" in page
    for code in ("M54.50", "M54.51", "M54.59"):
        assert f'data-code="{code}"' in page
    assert 'value="Low back pain after lifting"' in page  # the input is kept
    assert not Case.objects.filter(patient=patient).exists()


def test_a_heading_and_a_duplicate_are_refused_per_field(login, patient, therapist):
    response = login(therapist).post(_new_url(patient), _post(therapist, "M54.2", "M54.2", "S16"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "M54.2 is entered twice." in page
    assert "S16" in page
    assert "suggestions-diagnosis_3" in page


def test_valid_codes_open_the_case_in_claim_order_and_audit_it(login, patient, therapist):
    response = login(therapist).post(_new_url(patient), _post(therapist, "m5450", "M62.830"))
    case = Case.objects.get(patient=patient)
    assert response.status_code == 302
    assert response.url == f"/patients/{patient.pk}/cases/{case.pk}/"
    assert [(d.code, d.position) for d in case.diagnoses.all()] == [
        ("M54.50", 1),
        ("M62.830", 2),
    ]
    assert case.condition_key == "chronic_low_back_pain"
    assert case.therapist == therapist
    event = AuditEvent.objects.filter(action="case.open").get()
    assert event.detail["diagnoses"] == ["M54.50", "M62.830"]


def test_case_page_shows_diagnoses_plan_sessions_and_progress(login, patient, therapist):
    case = make_case(patient, therapist)
    make_plan(case, therapist)
    note = start_note(case, therapist)
    save_lines(note, therapist, NECK_MFR)
    session_services.session_sign(note=note, staff=therapist, actor=Actor.for_staff(therapist))
    page = login(therapist).get(f"/patients/{patient.pk}/cases/{case.pk}/").content.decode()
    assert "M54.2" in page
    assert "Cervicalgia" in page
    assert "<strong>1</strong> of 8 planned" in page
    assert "Visit 1" in page
    assert "No prescription on file for this case." in page
    assert "app panels" not in page  # the hook is a template comment, not output
    patient_page = login(therapist).get(f"/patients/{patient.pk}/").content.decode()
    assert case.title in patient_page
    assert "1 of 8" in patient_page


def test_status_moves_need_a_reason_or_a_summary(login, patient, therapist):
    case = make_case(patient, therapist)
    url = f"/patients/{patient.pk}/cases/{case.pk}/status/"
    client = login(therapist)
    today = case.opened_on.isoformat()
    response = client.post(url, {"status": "on_hold", "on": today, "reason": ""})
    assert response.status_code == 400
    assert "Say why." in response.content.decode()
    assert (
        client.post(url, {"status": "on_hold", "on": today, "reason": "Travelling"}).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ON_HOLD
    response = client.post(url, {"status": "discharged", "on": today, "summary": ""})
    assert response.status_code == 400
    assert "discharge summary" in response.content.decode()
    summary = "Goals met: sits through a workday. NDI 18 → 8. Home stretches."
    assert (
        client.post(url, {"status": "discharged", "on": today, "summary": summary}).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.DISCHARGED
    assert case.discharge_summary == summary
    page = client.get(f"/patients/{patient.pk}/cases/{case.pk}/").content.decode()
    assert summary in page
    edit = client.get(f"/patients/{patient.pk}/cases/{case.pk}/edit/")
    assert edit.status_code == 302  # a discharged case is not edited


def test_other_practice_gets_404_and_front_desk_403(
    login, patient, therapist, outsider, front_desk
):
    case = make_case(patient, therapist)
    url = f"/patients/{patient.pk}/cases/{case.pk}/"
    assert login(outsider).get(url).status_code == 404
    assert login(front_desk).get(url).status_code == 403
    assert login(front_desk).post(_new_url(patient), _post(therapist, "M54.2")).status_code == 403


def test_documentation_checklist_follows_section_4d(login, patient, therapist):
    case = make_case(patient, therapist)
    page = login(therapist).get(f"/patients/{patient.pk}/cases/{case.pk}/").content.decode()
    assert "No physician order on file." in page
    assert "No approved plan." in page
    assert "No assessment with objective findings yet." in page
    plan = make_plan(case, therapist)
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        approved_at=timezone.now(), approved_by=therapist, goals=[{"text": "Drive 1 hour"}]
    )
    builders.prescription(patient, therapist, diagnoses=("M54.2",))
    start_note(case, therapist)  # an unsigned draft
    page = login(therapist).get(f"/patients/{patient.pk}/cases/{case.pk}/").content.decode()
    assert "Dr Anna Reyes, 2×/week × 6 weeks, 0 of 12 visits used." in page
    assert "v1 approved" in page
    assert "recertify by" in page
    assert "1 not signed yet." in page
