"""A report goes to several care-team members (a co-treating physical therapist among them),
each sending recorded as a disclosure; a member with no email stops the sending."""

from __future__ import annotations

from django.core import mail

from petrissage.audit.models import AuditEvent, Category
from petrissage.audit.services import Actor
from petrissage.care import selectors
from petrissage.care.models import CareReportSending
from petrissage.care.team_services import care_team_member_add

PT = {
    "name": "Jo Park, DPT",
    "role": "physical_therapist",
    "email": "jpark@rehab.example",
    "doing": "Core stabilisation programme twice weekly",
    "receives_reports": True,
}
MD = {
    "name": "Dr Lee",
    "role": "physician",
    "fax": "206-555-0199",
    "doing": "Prescriber",
    "receives_reports": True,
}
ACU = {"name": "Kim Acupuncture", "role": "acupuncturist", "doing": "Weekly acupuncture"}


def add(case, therapist, fields):
    return care_team_member_add(
        case=case, staff=therapist, actor=Actor.for_staff(therapist), fields=fields
    )


def test_report_goes_to_the_pt_and_each_sending_is_a_disclosure(login, therapist, care_case):
    pt = add(care_case, therapist, PT)
    md = add(care_case, therapist, MD)
    add(care_case, therapist, ACU)
    assert {m.pk for m in selectors.report_recipients(care_case)} == {pt.pk, md.pk}

    second_pt = add(care_case, therapist, {**PT, "name": "Sam Ortiz, PT", "email": "so@x.example"})
    url = f"/care/patients/{care_case.patient_id}/cases/{care_case.pk}/report/"
    response = login(therapist).post(
        url,
        {"members": [pt.pk, second_pt.pk], "subject": "Progress at visit 6", "body": "NPRS 6 → 3."},
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["jpark@rehab.example", "so@x.example"]
    assert CareReportSending.objects.filter(case=care_case).count() == 2
    disclosures = AuditEvent.objects.filter(
        action="care_team.report_sent", category=Category.EXPORT, patient=care_case.patient
    )
    assert disclosures.count() == 2


def test_a_member_without_email_is_refused_and_nothing_is_sent(login, therapist, care_case):
    pt = add(care_case, therapist, PT)
    md = add(care_case, therapist, MD)
    url = f"/care/patients/{care_case.patient_id}/cases/{care_case.pk}/report/"
    response = login(therapist).post(
        url, {"members": [pt.pk, md.pk], "subject": "Progress", "body": "Text kept"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Dr Lee has no email address" in page
    assert "Text kept" in page
    assert mail.outbox == []
    assert not CareReportSending.objects.exists()


def test_another_cases_member_cannot_be_chosen(login, therapist, care_case, patient):
    from tests.sessions.conftest import make_case

    other = make_case(patient, therapist, title="Other case")
    stranger = add(other, therapist, PT)
    url = f"/care/patients/{care_case.patient_id}/cases/{care_case.pk}/report/"
    response = login(therapist).post(url, {"members": [stranger.pk], "subject": "x", "body": "y"})
    assert response.status_code == 422
    assert mail.outbox == []


WRITTEN = {
    "assessment": "Pain 6 → 3 over four visits.",
    "recommendation": "continue",
    "recommended_sessions_per_week": 1,
    "recommended_weeks": 4,
    "plan_next": "Taper to weekly.",
}


def test_a_signed_progress_report_goes_to_the_pt_and_the_physician(
    login, therapist, treated_case, settings, tmp_path
):
    from petrissage.referrals import report_services
    from petrissage.referrals.models import ReportSending

    settings.MEDIA_ROOT = tmp_path
    actor = Actor.for_staff(therapist)
    report = report_services.progress_report_create(
        case=treated_case, staff=therapist, actor=actor, kind="progress"
    )
    report_services.progress_report_save(report=report, actor=actor, fields=WRITTEN)
    report = report_services.progress_report_sign(report=report, staff=therapist, actor=actor)
    pt = add(treated_case, therapist, PT)
    md = add(treated_case, therapist, MD)
    url = f"/care/patients/{treated_case.patient_id}/cases/{treated_case.pk}/report/"
    response = login(therapist).post(url, {"members": [pt.pk, md.pk], "report": report.pk})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["jpark@rehab.example"]]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    sendings = ReportSending.objects.filter(report=report).order_by("method")
    assert [(s.method, s.address) for s in sendings] == [
        ("email", "jpark@rehab.example"),
        ("fax", "206-555-0199"),
    ]
    disclosures = AuditEvent.objects.filter(
        action="progress_report.disclose", patient=report.patient
    )
    assert disclosures.count() == 2
