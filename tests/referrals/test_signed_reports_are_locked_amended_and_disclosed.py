"""Signing locks a report and stores its PDF; an amendment keeps the report as signed;
sending it (e-mail with the PDF attached, or fax/print) is a disclosure in the audit log."""

from __future__ import annotations

import hashlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from petrissage.audit.models import AuditEvent, Category
from petrissage.practice.models import Role
from petrissage.referrals import report_services as services
from petrissage.referrals.models import ReportSending, ReportStatus
from tests.factories import make_staff
from tests.referrals.builders import actor_for
from tests.referrals.report_builders import case_with_visits

pytestmark = pytest.mark.django_db

WRITTEN = {
    "assessment": "Pain 7 → 3 over six visits; sitting tolerance up to an hour.",
    "recommendation": "continue",
    "recommended_sessions_per_week": 1,
    "recommended_weeks": 4,
    "plan_next": "Taper to weekly; home stretches.",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def signed(patient, therapist):
    data = case_with_visits(patient, therapist)
    actor = actor_for(patient.practice)
    report = services.progress_report_create(
        case=data.case, staff=therapist, actor=actor, kind="progress"
    )
    services.progress_report_save(report=report, actor=actor, fields=WRITTEN)
    return services.progress_report_sign(report=report, staff=therapist, actor=actor)


def test_signing_stores_the_pdf_and_locks_the_report(signed, therapist):
    assert signed.status == ReportStatus.SIGNED
    assert signed.signature == therapist.signature
    stored = signed.pdf.read()
    assert stored.startswith(b"%PDF")
    assert hashlib.sha256(stored).hexdigest() == signed.pdf_sha256
    actor = actor_for(therapist.practice)
    with pytest.raises(PermissionDenied):
        services.progress_report_save(report=signed, actor=actor, fields={"assessment": "x"})
    with pytest.raises(PermissionDenied):
        services.progress_report_refresh(report=signed, actor=actor)
    with pytest.raises(PermissionDenied):
        services.progress_report_sign(report=signed, staff=therapist, actor=actor)


def test_signing_needs_the_written_parts(patient, therapist):
    data = case_with_visits(patient, therapist, visits=2)
    actor = actor_for(patient.practice)
    report = services.progress_report_create(
        case=data.case, staff=therapist, actor=actor, kind="progress"
    )
    services.progress_report_save(report=report, actor=actor, fields={"recommendation": "continue"})
    with pytest.raises(ValidationError) as caught:
        services.progress_report_sign(report=report, staff=therapist, actor=actor)
    assert set(caught.value.message_dict) == {"assessment", "recommended_sessions_per_week"}
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert not report.pdf


def test_only_the_cases_therapist_signs(patient, therapist, practice):
    data = case_with_visits(patient, therapist, visits=2)
    actor = actor_for(patient.practice)
    report = services.progress_report_create(
        case=data.case, staff=therapist, actor=actor, kind="progress"
    )
    services.progress_report_save(report=report, actor=actor, fields=WRITTEN)
    colleague = make_staff(practice, Role.THERAPIST)
    with pytest.raises(PermissionDenied):
        services.progress_report_sign(report=report, staff=colleague, actor=actor)


def test_bad_written_values_name_the_field(patient, therapist):
    data = case_with_visits(patient, therapist, visits=2)
    actor = actor_for(patient.practice)
    report = services.progress_report_create(
        case=data.case, staff=therapist, actor=actor, kind="progress"
    )
    with pytest.raises(ValidationError) as caught:
        services.progress_report_save(
            report=report,
            actor=actor,
            fields={"recommendation": "pray", "recommended_weeks": 99},
        )
    assert set(caught.value.message_dict) == {"recommendation", "recommended_weeks"}


def test_amendment_keeps_the_report_as_signed(signed, therapist):
    first_pdf, first_hash = signed.pdf.name, signed.pdf_sha256
    amendment = services.progress_report_amend(
        report=signed,
        author=therapist,
        actor=actor_for(therapist.practice),
        reason="Wrong frequency",
        fields={**WRITTEN, "recommended_sessions_per_week": 2},
    )
    signed.refresh_from_db()
    assert signed.recommended_sessions_per_week == 2
    assert amendment.original["recommended_sessions_per_week"] == 1
    assert amendment.original["assessment"] == WRITTEN["assessment"]
    assert amendment.changes == {"recommended_sessions_per_week": {"before": 1, "after": 2}}
    assert (amendment.original_pdf.name, amendment.original_pdf_sha256) == (first_pdf, first_hash)
    assert amendment.original_pdf.read().startswith(b"%PDF")  # the signed file is still there
    assert signed.pdf.name != first_pdf
    assert signed.pdf_sha256 != first_hash


def test_amendment_needs_a_reason_and_a_change(signed, therapist):
    actor = actor_for(therapist.practice)
    with pytest.raises(ValidationError):
        services.progress_report_amend(
            report=signed, author=therapist, actor=actor, reason=" ", fields=WRITTEN
        )
    with pytest.raises(ValidationError):
        services.progress_report_amend(
            report=signed, author=therapist, actor=actor, reason="typo", fields=WRITTEN
        )
    assert not signed.amendments.exists()


def test_email_sends_the_pdf_and_logs_a_disclosure(signed, therapist, patient):
    sending = services.progress_report_send(
        report=signed,
        staff=therapist,
        actor=actor_for(therapist.practice),
        request=services.SendRequest("email", "Dr Anna Reyes", "reyes@clinic.example"),
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reyes@clinic.example"]
    assert patient.full_name not in message.subject
    assert patient.full_name in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    assert name.endswith(".pdf")
    assert hashlib.sha256(content).hexdigest() == signed.pdf_sha256
    event = AuditEvent.objects.filter(action="progress_report.disclose").get()
    assert event.category == Category.EXPORT
    assert event.patient_id == signed.patient_id
    assert event.detail["recipient"] == "Dr Anna Reyes"
    assert event.detail["address"] == "reyes@clinic.example"
    assert event.detail["method"] == "email"
    assert event.detail["date"].startswith(sending.sent_at.date().isoformat())
    assert event.detail["content"]["pdf_sha256"] == signed.pdf_sha256


def test_fax_is_recorded_without_mail(signed, therapist):
    services.progress_report_send(
        report=signed,
        staff=therapist,
        actor=actor_for(therapist.practice),
        request=services.SendRequest("fax", "Dr Anna Reyes", "206-555-0199"),
    )
    assert mail.outbox == []
    assert ReportSending.objects.get(report=signed).method == "fax"
    assert AuditEvent.objects.filter(action="progress_report.disclose").count() == 1


@pytest.mark.parametrize(
    ("method", "address", "field"),
    [("email", "not-an-address", "address"), ("fax", "12", "address"), ("pigeon", "x", "method")],
)
def test_bad_sending_is_refused_and_nothing_is_logged(signed, therapist, method, address, field):
    with pytest.raises(ValidationError) as caught:
        services.progress_report_send(
            report=signed,
            staff=therapist,
            actor=actor_for(therapist.practice),
            request=services.SendRequest(method, "Dr Reyes", address),
        )
    assert field in caught.value.message_dict
    assert not ReportSending.objects.exists()
    assert not AuditEvent.objects.filter(action="progress_report.disclose").exists()


def test_a_draft_cannot_be_sent(patient, therapist):
    data = case_with_visits(patient, therapist, visits=2)
    actor = actor_for(patient.practice)
    report = services.progress_report_create(
        case=data.case, staff=therapist, actor=actor, kind="progress"
    )
    with pytest.raises(ValidationError):
        services.progress_report_send(
            report=report,
            staff=therapist,
            actor=actor,
            request=services.SendRequest("fax", "Dr Reyes", "2065550199"),
        )
