"""The care team of a case: other clinicians treating the patient, and the reports sent to
them (each sending is a disclosure, audited under "Export and disclosure")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor
from petrissage.care.common import audit_care
from petrissage.care.models import CareReportSending, CareRole, CareTeamMember
from petrissage.clinical.models import Case
from petrissage.domain.regions import AREAS
from petrissage.practice.models import Staff

MEMBER_FIELDS = (
    "name",
    "role",
    "organisation",
    "phone",
    "fax",
    "email",
    "doing",
    "areas",
    "weekdays",
    "started_on",
    "ended_on",
    "receives_reports",
)


def _check(fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not str(fields.get("name", "")).strip():
        errors["name"] = "Enter the clinician's name."
    if fields.get("role") not in CareRole.values:
        errors["role"] = "Choose the clinician's role."
    if not str(fields.get("doing", "")).strip():
        errors["doing"] = "Say what this clinician is doing for the patient."
    if any(area not in AREAS for area in fields.get("areas", [])):
        errors["areas"] = "Choose areas from the list."
    if any(day not in range(7) for day in fields.get("weekdays", [])):
        errors["weekdays"] = "Choose days from Monday to Sunday."
    start, end = fields.get("started_on"), fields.get("ended_on")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors["ended_on"] = "The end date is before the start date."
    if fields.get("receives_reports") and not (fields.get("email") or fields.get("fax")):
        errors["email"] = "Reports need an email address or a fax number to go to."
    if errors:
        raise ValidationError(errors)
    return {name: fields.get(name) for name in MEMBER_FIELDS if name in fields}


def care_team_member_add(
    *, case: Case, staff: Staff, actor: Actor, fields: dict[str, Any]
) -> CareTeamMember:
    data = _check(fields)
    with transaction.atomic():
        member = CareTeamMember.objects.create(
            practice_id=case.practice_id,
            patient_id=case.patient_id,
            case=case,
            added_by=staff,
            **data,
        )
        audit_care(
            actor, "care_team.add", case.patient, case=case.pk, member=member.pk, role=member.role
        )
    return member


def care_team_member_update(
    *, member: CareTeamMember, actor: Actor, fields: dict[str, Any]
) -> CareTeamMember:
    data = _check(fields)
    changed = sorted(k for k, v in data.items() if getattr(member, k) != v)
    with transaction.atomic():
        for name, value in data.items():
            setattr(member, name, value)
        member.save()
        audit_care(
            actor, "care_team.update", member.case.patient, member=member.pk, changed=changed
        )
    return member


def care_report_send(
    *,
    case: Case,
    members: Sequence[CareTeamMember],
    staff: Staff,
    actor: Actor,
    subject: str,
    body: str,
    attachment: tuple[str, bytes, str] | None = None,
    reference: str = "",
) -> list[CareReportSending]:
    """Send one report or letter to several care-team members by email; each sending is
    recorded and audited as a disclosure. A member without an email address is refused
    before anything is sent (fax sending is not built: the refusal says so)."""
    if not members:
        raise ValidationError({"members": "Choose at least one member of the care team."})
    if not subject.strip() or not body.strip():
        raise ValidationError({"body": "The message needs a subject and a text."})
    for member in members:
        if member.case_id != case.pk:
            raise ValidationError({"members": f"{member.name} is not on this case's care team."})
        if not member.email:
            how = f" (fax {member.fax} must be sent by hand)" if member.fax else ""
            raise ValidationError(
                {"members": f"{member.name} has no email address to send the report to{how}."}
            )
    sent = []
    for member in members:
        message = EmailMessage(
            subject=subject.strip(),
            body=body.strip(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[member.email],
        )
        if attachment is not None:
            message.attach(*attachment)
        message.send()
        with transaction.atomic():
            sending = CareReportSending.objects.create(
                practice_id=case.practice_id,
                patient_id=case.patient_id,
                case=case,
                member=member,
                subject=subject.strip()[:200],
                address=member.email,
                reference=reference[:80],
                sent_by=staff,
                sent_at=timezone.now(),
            )
            audit_care(
                actor,
                "care_team.report_sent",
                case.patient,
                category=Category.EXPORT,
                member=member.pk,
                role=member.role,
                to=member.email,
                subject=sending.subject,
                reference=reference,
            )
        sent.append(sending)
    return sent


def care_progress_report_send(
    *, case: Case, report: Any, members: Sequence[CareTeamMember], staff: Staff, actor: Actor
) -> int:
    """Send a signed progress report (referrals app) to several care-team members: e-mail
    with the PDF where they have an address, otherwise recorded as faxed. Each sending goes
    through the referrals app's `progress_report_send`, which records the disclosure."""
    from petrissage.referrals.report_services import SendRequest, progress_report_send

    if not members:
        raise ValidationError({"members": "Choose at least one member of the care team."})
    if report.case_id != case.pk:
        raise ValidationError({"report": "That report is not of this case."})
    for member in members:
        if member.case_id != case.pk:
            raise ValidationError({"members": f"{member.name} is not on this case's care team."})
        if not (member.email or member.fax):
            raise ValidationError(
                {"members": f"{member.name} has no email address or fax number to send to."}
            )
    for member in members:
        request = SendRequest(
            method="email" if member.email else "fax",
            recipient=f"{member.name} ({member.get_role_display()})",
            address=member.email or member.fax,
        )
        progress_report_send(report=report, staff=staff, actor=actor, request=request)
    return len(members)
