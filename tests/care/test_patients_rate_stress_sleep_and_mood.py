"""Patients give the stress, sleep quality and mood ratings themselves: in the post-session
check-in (from its link) and in the intake (staff or the patient's link). Each becomes a
WellbeingRating in the chart series beside pain; a rating outside 0–10 is refused naming
the field and nothing typed is lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.care import wellbeing
from petrissage.care.models import WellbeingRating
from petrissage.outcomes.checkin_services import token_digest
from petrissage.outcomes.models import CheckIn
from petrissage.patients import intake_services
from petrissage.patients.models import Intake, IntakeStatus
from tests.intake.helpers import all_no, form_data
from tests.outcomes.conftest import CALM

TOKEN = "a-check-in-token-for-the-wellbeing-tests-0123"


@pytest.fixture
def open_check_in(treated_case):
    check_in = CheckIn.objects.filter(case=treated_case).order_by("-due_at").first()
    check_in.token_digest = token_digest(TOKEN)
    check_in.expires_at = timezone.now() + timedelta(days=2)
    check_in.save(update_fields=["token_digest", "expires_at"])
    return check_in


def test_check_in_ratings_join_the_care_chart(client, login, therapist, open_check_in):
    rated = {**CALM, "stress_rating": "7", "sleep_rating": "3", "mood_rating": "5"}
    page = client.get(f"/checkin/{TOKEN}/").content.decode()
    assert "How stressed have you felt since your visit?" in page
    assert client.post(f"/checkin/{TOKEN}/", rated).status_code == 200
    row = WellbeingRating.objects.get()
    assert (row.context, row.stress, row.sleep, row.mood) == ("checkin", 7, 3, 5)
    assert (row.case_id, row.session_id) == (open_check_in.case_id, open_check_in.session_id)
    assert row.recorded_by is None
    series = wellbeing.series(open_check_in.patient, open_check_in.case)
    today = timezone.localdate(timezone=open_check_in.practice.zone)
    assert series["stress"] == [(today, 7)]
    assert series["sleep"] == [(today, 3)]
    assert series["mood"] == [(today, 5)]
    assert len(series["pain"]) == 4
    case = open_check_in.case
    care = login(therapist).get(f"/care/patients/{case.patient_id}/cases/{case.pk}/")
    assert 'id="series-stress"' in care.content.decode()


def test_a_check_in_without_ratings_records_none(client, open_check_in):
    assert client.post(f"/checkin/{TOKEN}/", CALM).status_code == 200
    open_check_in.refresh_from_db()
    assert open_check_in.answered_at is not None
    assert not WellbeingRating.objects.exists()


@pytest.mark.parametrize("bad", ["11", "-1", "x"])
def test_an_out_of_range_check_in_rating_is_refused_and_nothing_lost(client, open_check_in, bad):
    posted = {**CALM, "stress_rating": "4", "mood_rating": bad}
    response = client.post(f"/checkin/{TOKEN}/", posted)
    assert response.status_code == 400
    page = response.content.decode()
    mood_box = page.split('data-item="mood_rating"')[1].split("data-item=")[0]
    assert "Choose a number from 0 to 10." in mood_box
    stress_box = page.split('data-item="stress_rating"')[1].split("data-item=")[0]
    assert 'value="4" checked' in stress_box  # what was typed stays on the form
    open_check_in.refresh_from_db()
    assert open_check_in.answered_at is None
    assert not WellbeingRating.objects.exists()


def _intake(patient, staff):
    actor = Actor.for_staff(staff)
    return intake_services.intake_start(patient=patient, actor=actor, staff=staff), actor


def test_intake_ratings_are_a_baseline_on_the_chart(therapist, treated_case):
    intake, actor = _intake(treated_case.patient, therapist)
    answers = all_no(stress_rating=8, sleep_rating="2", mood_rating="")
    intake_services.intake_submit(
        intake=intake, actor=actor, answers=answers, consent_signature="Maria Lopez"
    )
    row = WellbeingRating.objects.get()
    assert (row.context, row.stress, row.sleep, row.mood) == ("intake", 8, 2, None)
    assert (row.case_id, row.recorded_by) == (None, therapist)
    for series in (
        wellbeing.series(treated_case.patient),
        wellbeing.series(treated_case.patient, treated_case),
    ):
        assert [value for _, value in series["stress"]] == [8]
        assert series["mood"] == []


def test_intake_through_the_patients_link_records_ratings_without_staff(
    client, front_desk, patient
):
    _, token = intake_services.intake_link_create(
        patient=patient, actor=Actor.for_staff(front_desk), staff=front_desk
    )
    page = client.get(reverse("intake_public", args=[token])).content.decode()
    assert "Over the past week, how stressed have you felt?" in page
    answers = all_no(stress_rating=3, sleep_rating=6, mood_rating=7)
    data = form_data(answers, consent_signature="Maria Lopez", submit="1")
    assert client.post(reverse("intake_public", args=[token]), data).status_code == 302
    row = WellbeingRating.objects.get()
    assert (row.context, row.stress, row.sleep, row.mood) == ("intake", 3, 6, 7)
    assert row.recorded_by is None


@pytest.mark.parametrize(("bad", "message"), [("11", "from 0 to 10"), ("-1", "from 0 to 10"),
                                               ("x", "whole number")])  # fmt: skip
def test_an_out_of_range_intake_rating_is_refused_and_the_draft_kept(
    login, therapist, patient, bad, message
):
    intake, actor = _intake(patient, therapist)
    answers = all_no(goals="Sleep through the night", stress_rating="5", sleep_rating=bad)
    with pytest.raises(intake_services.IntakeIncomplete) as refused:
        intake_services.intake_submit(
            intake=intake, actor=actor, answers=answers, consent_signature="Maria Lopez"
        )
    assert set(refused.value.errors) == {"sleep_rating"}
    assert message in refused.value.errors["sleep_rating"]
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.DRAFT
    assert intake.answers["stress_rating"] == 5
    assert intake.answers["goals"] == "Sleep through the night"
    assert "sleep_rating" not in intake.answers
    assert not WellbeingRating.objects.exists()
    assert Intake.objects.count() == 1
