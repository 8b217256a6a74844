"""The owner edits after-care texts (empty or oversized refused, reset restores the
default); the printable sheet of a signed session uses them; the patient link works without
signing in and expires; the check-in mail section carries the link and the red flags."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from petrissage.audit.models import AuditEvent
from petrissage.care.aftercare_services import aftercare_mail_section
from petrissage.care.models import AftercareLink, AftercareNotice, AftercareText
from petrissage.domain.aftercare import DEFAULT_TEXTS, MAX_TEXT_LENGTH
from tests.care.conftest import signed_session


def test_owner_edits_and_resets_a_text(login, owner, therapist):
    client = login(owner)
    url = "/care/aftercare-texts/technique:deep_tissue/"
    assert client.post(url, {"text": ""}).status_code == 422
    long = "x" * (MAX_TEXT_LENGTH + 1)
    response = client.post(url, {"text": long})
    assert response.status_code == 422
    assert "characters" in response.content.decode()
    assert client.post(url, {"text": "Expect a day of soreness."}).status_code == 302
    assert AftercareText.objects.get().text == "Expect a day of soreness."
    assert "Expect a day of soreness." in client.get("/care/aftercare-texts/").content.decode()
    client.post(url, {"reset": "1"})
    assert not AftercareText.objects.exists()
    assert AuditEvent.objects.filter(action="aftercare_text.reset").exists()
    assert client.get("/care/aftercare-texts/nonsense/").status_code == 404
    assert login(therapist).get(url).status_code == 403


def test_printable_sheet_and_patient_link(client, login, owner, therapist, care_case, today):
    AftercareText.objects.create(
        practice=care_case.practice, key="technique:deep_tissue",
        text="Our own deep-tissue advice.", updated_by=owner,
    )  # fmt: skip
    note = signed_session(care_case, therapist, today - timedelta(days=1))
    url = (
        f"/care/patients/{care_case.patient_id}/cases/{care_case.pk}/sessions/{note.pk}/aftercare/"
    )
    staff_client = login(therapist)
    page = staff_client.get(url).content.decode()
    assert "Our own deep-tissue advice." in page
    assert "911" in page
    page = staff_client.post(url).content.decode()
    link = page.split("<code>")[1].split("</code>")[0]
    staff_client.logout()
    public = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert public.status_code == 200
    assert "Our own deep-tissue advice." in public.content.decode()
    AftercareLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(link.replace("http://127.0.0.1:8000", "")).status_code == 404
    assert client.get("/care/a/not-a-token/").status_code == 404


def test_check_in_mail_section_has_the_link_and_red_flags(therapist, care_case, today):
    note = signed_session(care_case, therapist, today)
    text = aftercare_mail_section(note)
    assert "/care/a/" in text
    assert "911" in text
    notice = AftercareNotice.objects.get(session=note)
    assert notice.sent_at is not None
    assert [i["key"] for i in notice.items][:2] == ["general", "technique:deep_tissue"]
    assert DEFAULT_TEXTS["technique:deep_tissue"].text not in text  # no health data in mail


def test_the_check_in_email_carries_the_days_after_care_link(client, therapist, care_case, today):
    from django.core import mail

    from petrissage.outcomes.delivery import checkin_send
    from petrissage.outcomes.models import CheckInDelivery

    note = signed_session(care_case, therapist, today)
    delivery = CheckInDelivery.objects.get(check_in__session=note)
    assert checkin_send(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    body = mail.outbox[-1].body
    assert "/checkin/" in body
    assert "/care/a/" in body
    path = body.split("/care/a/")[1].split()[0]
    aftercare_mail_section(note)  # a second link (e.g. made at the desk) …
    page = client.get(f"/care/a/{path}").content.decode()  # … leaves the mailed one working
    assert "Deep tissue work" in page
    assert "Upper trapezius" in page
