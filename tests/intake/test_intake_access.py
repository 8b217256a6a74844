"""Who may do what with intakes: therapists and owners fill and read them, the front desk
sends links but cannot read answers, another practice sees nothing (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from petrissage.audit.models import AuditEvent
from petrissage.patients.models import Intake, IntakeLink
from tests.intake.helpers import autosave_url, detail_url, edit_url, form_data, submitted_intake


def _urls(patient, intake):
    return [
        ("get", detail_url(intake)),
        ("get", edit_url(intake)),
        ("post", autosave_url(intake)),
        ("post", reverse("intake_start", args=[patient.pk])),
        ("get", reverse("intake_row", args=[patient.pk, "surgeries", 1])),
        ("get", reverse("intake_link_send", args=[patient.pk])),
        ("post", reverse("intake_link_send", args=[patient.pk])),
    ]


def test_front_desk_sends_a_link_and_the_patient_gets_an_email(
    login, front_desk, patient, mailoutbox
):
    client = login(front_desk)
    assert client.get(reverse("intake_link_send", args=[patient.pk])).status_code == 200
    response = client.post(reverse("intake_link_send", args=[patient.pk]))
    assert response.status_code == 200
    url = response.context["url"]
    assert "/intake/" in url
    assert url in response.content.decode()
    link = IntakeLink.objects.get(patient=patient)
    assert link.created_by == front_desk
    assert link.digest not in url
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [patient.email]
    assert url in mailoutbox[0].body
    assert "Lopez" not in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="intake.link_email", patient=patient).exists()


def test_a_patient_without_email_gets_the_link_to_pass_on(login, front_desk, patient, mailoutbox):
    patient.email = ""
    patient.save()
    response = login(front_desk).post(reverse("intake_link_send", args=[patient.pk]))
    assert response.status_code == 200
    assert not response.context["emailed"]
    assert mailoutbox == []


@pytest.mark.parametrize("role", ["front_desk", "biller"])
def test_front_desk_and_biller_cannot_read_or_fill_answers(
    login, personas, therapist, patient, role
):
    intake = submitted_intake(patient, therapist)
    client = login(personas[role])
    for method, url in _urls(patient, intake)[:5]:
        assert getattr(client, method)(url).status_code == 403, url
    assert AuditEvent.objects.filter(action="permission.denied", outcome="denied").exists()


def test_the_biller_cannot_send_links(login, biller, patient):
    assert login(biller).post(reverse("intake_link_send", args=[patient.pk])).status_code == 403


def test_owner_reads_and_fills(login, owner, therapist, patient):
    intake = submitted_intake(patient, therapist)
    client = login(owner)
    assert client.get(detail_url(intake)).status_code == 200
    assert client.post(reverse("intake_start", args=[patient.pk])).status_code == 302


def test_outsider_gets_404_on_every_intake_url(login, outsider, therapist, patient):
    intake = submitted_intake(patient, therapist)
    client = login(outsider)
    for method, url in _urls(patient, intake):
        assert getattr(client, method)(url).status_code == 404, url
    assert Intake.objects.count() == 1
    assert IntakeLink.objects.count() == 0


def test_an_intake_of_another_patient_is_404_under_this_patient(
    login, therapist, patient, practice
):
    from tests.factories import make_patient

    other = make_patient(practice)
    intake = submitted_intake(other, therapist)
    url = reverse("intake_detail", args=[patient.pk, intake.pk])
    assert login(therapist).get(url).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, therapist, patient):
    intake = submitted_intake(patient, therapist)
    response = client.get(detail_url(intake))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert client.post(autosave_url(intake), form_data({"goals": "x"})).status_code == 302
