"""The patient's own link: no login, their own draft only, single use, expiring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.patients import intake_services
from petrissage.patients.models import Intake, IntakeLink, IntakeStatus
from tests.factories import make_patient
from tests.intake.helpers import all_no, form_data


@pytest.fixture
def link_and_token(front_desk, patient):
    return intake_services.intake_link_create(
        patient=patient, actor=Actor.for_staff(front_desk), staff=front_desk
    )


@pytest.fixture
def token(link_and_token):
    return link_and_token[1]


def _url(token, name="intake_public"):
    return reverse(name, args=[token])


def test_the_link_opens_without_login_and_shows_no_staff_navigation(client, token, patient):
    response = client.get(_url(token))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hello Maria" in page
    assert "Your health history" in page
    assert 'class="side"' not in page
    assert "Lopez" not in page
    assert patient.chart_number not in page
    intake = Intake.objects.get(patient=patient)
    assert intake.filled_by_patient
    assert intake.status == IntakeStatus.DRAFT


def test_only_the_digest_of_the_token_is_stored(link_and_token):
    link, token = link_and_token
    assert len(token) >= 43
    assert token not in link.digest
    assert len(link.digest) == 64


def test_autosave_through_the_link_survives_a_reload(client, token):
    client.get(_url(token))
    response = client.post(
        _url(token, "intake_public_autosave"), form_data({"goals": "Hike again"})
    )
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    assert "Hike again" in client.get(_url(token)).content.decode()


def test_saving_a_draft_does_not_use_up_the_link(client, token, link_and_token):
    response = client.post(_url(token), form_data({"goals": "Sleep"}, save="1"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert IntakeLink.objects.get(pk=link_and_token[0].pk).used_at is None


def test_submitting_through_the_link_uses_it_up(client, token, link_and_token, patient):
    data = form_data(
        all_no(calf_swelling=True, calf_swelling_side="left"),
        consent_signature="Maria Lopez",
        submit="1",
    )
    response = client.post(_url(token), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("intake_public_thanks")
    assert "Thank you" in client.get(response["Location"]).content.decode()
    link = IntakeLink.objects.get(pk=link_and_token[0].pk)
    intake = Intake.objects.get(patient=patient)
    assert link.used_at is not None
    assert link.intake == intake
    assert intake.status == IntakeStatus.SUBMITTED
    assert intake.filled_by_patient
    events = AuditEvent.objects.filter(patient=patient, action="intake.submit")
    assert events.get().source == "intake-link"
    assert events.get().user is None
    again = client.get(_url(token))
    assert again.status_code == 410
    assert "already been sent in" in again.content.decode()
    assert client.post(_url(token), data).status_code == 410
    assert client.post(_url(token, "intake_public_autosave"), data).status_code == 410


def test_an_expired_link_is_gone(client, token, link_and_token):
    IntakeLink.objects.filter(pk=link_and_token[0].pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(_url(token))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert "Maria" not in response.content.decode()


def test_an_unknown_link_is_not_found(client, token):
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "nope"):
        response = client.get(_url(bad))
        assert response.status_code == 404
        assert "Maria" not in response.content.decode()
    assert client.post(_url("nope", "intake_public_autosave"), {"goals": "x"}).status_code == 404


def test_a_link_reaches_only_its_own_patient(client, practice, therapist, patient, token):
    other = make_patient(practice, given_name="Olga", family_name="Other")
    others_draft = intake_services.intake_start(patient=other, actor=Actor.for_staff(therapist))
    intake_services.intake_save_draft(
        intake=others_draft, actor=Actor.for_staff(therapist), answers={"goals": "Olga's secret"}
    )
    page = client.get(_url(token)).content.decode()
    assert "Olga" not in page
    client.post(_url(token, "intake_public_autosave"), form_data({"goals": "Mine"}))
    assert Intake.objects.get(pk=others_draft.pk).answers == {"goals": "Olga's secret"}
    assert Intake.objects.get(patient=patient).answers == {"goals": "Mine"}


def test_the_link_continues_the_patients_open_draft(client, therapist, patient, token):
    draft = intake_services.intake_start(patient=patient, actor=Actor.for_staff(therapist))
    intake_services.intake_save_draft(
        intake=draft, actor=Actor.for_staff(therapist), answers={"goals": "Started at the desk"}
    )
    assert "Started at the desk" in client.get(_url(token)).content.decode()


def test_the_add_row_button_returns_a_blank_row(client, token):
    response = client.get(reverse("intake_public_row", args=[token, "surgeries", 1]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="surgeries-1-on"' in page
    assert 'hx-swap-oob="true"' in page
    assert "/surgeries/2/" in page
    assert client.get(reverse("intake_public_row", args=[token, "nothing", 1])).status_code == 404
    assert (
        "rxnorm"
        not in client.get(
            reverse("intake_public_row", args=[token, "medications", 0])
        ).content.decode()
    )
