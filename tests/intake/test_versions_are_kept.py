"""Each submitted intake is a version that never changes; a new answer set is a new version."""

from __future__ import annotations

from django.urls import reverse

from petrissage.audit.services import Actor
from petrissage.patients import intake_services
from petrissage.patients.models import Intake
from tests.intake.helpers import all_no, detail_url, edit_url, form_data, submitted_intake


def test_a_second_intake_is_version_two_and_version_one_is_unchanged(login, therapist, patient):
    v1 = submitted_intake(patient, therapist, goals="First goals")
    before = Intake.objects.get(pk=v1.pk)
    client = login(therapist)
    client.post(reverse("intake_start", args=[patient.pk]))
    v2 = Intake.objects.get(patient=patient, version=2)
    client.post(
        edit_url(v2), form_data(all_no(goals="New goals"), consent_signature="M L", submit="1")
    )
    after = Intake.objects.get(pk=v1.pk)
    assert (after.answers, after.submitted_at, after.consent_signature) == (
        before.answers,
        before.submitted_at,
        before.consent_signature,
    )
    assert after.answers["goals"] == "First goals"
    assert Intake.objects.get(pk=v2.pk).answers["goals"] == "New goals"
    page = client.get(detail_url(v1)).content.decode()
    assert "First goals" in page
    assert "New goals" not in page


def test_starting_again_reuses_the_open_draft(therapist, patient):
    actor = Actor.for_staff(therapist)
    first = intake_services.intake_start(patient=patient, actor=actor)
    again = intake_services.intake_start(patient=patient, actor=actor, filled_by_patient=True)
    assert first.pk == again.pk
    assert Intake.objects.filter(patient=patient).count() == 1


def test_the_edit_page_of_a_submitted_version_shows_it_read_only(login, therapist, patient):
    v1 = submitted_intake(patient, therapist)
    response = login(therapist).get(edit_url(v1))
    assert response.status_code == 302
    assert response["Location"] == detail_url(v1)


def test_submitting_twice_is_refused(therapist, patient):
    v1 = submitted_intake(patient, therapist)
    try:
        intake_services.intake_submit(
            intake=v1, actor=Actor.for_staff(therapist), answers=all_no(), consent_signature="X Y"
        )
    except intake_services.IntakeLocked:
        pass
    else:  # pragma: no cover
        raise AssertionError("a submitted intake was submitted again")
    assert Intake.objects.get(pk=v1.pk).consent_signature == "Maria Lopez"
