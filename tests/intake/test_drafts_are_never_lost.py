"""Draft answers are merged and kept; a bad answer is reported and never wipes a good one."""

from __future__ import annotations

import pytest

from petrissage.audit.services import Actor
from petrissage.patients import intake_services
from petrissage.patients.intake_services import IntakeLocked
from petrissage.patients.models import Intake
from tests.intake.helpers import all_no, autosave_url, edit_url, form_data, submitted_intake


@pytest.fixture
def draft(therapist, patient):
    return intake_services.intake_start(
        patient=patient, actor=Actor.for_staff(therapist), staff=therapist
    )


def test_partial_saves_merge(therapist, draft):
    actor = Actor.for_staff(therapist)
    intake_services.intake_save_draft(intake=draft, actor=actor, answers={"goals": "Sleep"})
    intake_services.intake_save_draft(
        intake=draft, actor=actor, answers={"pregnant": "no", "fever_or_infection": "yes"}
    )
    assert Intake.objects.get(pk=draft.pk).answers == {
        "goals": "Sleep",
        "pregnant": False,
        "fever_or_infection": True,
    }


def test_clearing_an_answer_removes_it(therapist, draft):
    actor = Actor.for_staff(therapist)
    intake_services.intake_save_draft(intake=draft, actor=actor, answers={"goals": "Sleep"})
    intake_services.intake_save_draft(intake=draft, actor=actor, answers={"goals": ""})
    assert Intake.objects.get(pk=draft.pk).answers == {}


def test_autosave_stores_good_answers_and_keeps_the_old_value_of_a_bad_one(login, therapist, draft):
    client = login(therapist)
    first = form_data({"pregnant": True, "pregnancy_weeks": "20", "goals": "Walk"})
    assert client.post(autosave_url(draft), first, HTTP_HX_REQUEST="true").status_code == 200
    second = form_data({"pregnant": True, "pregnancy_weeks": "50", "goals": "Walk far"})
    response = client.post(autosave_url(draft), second, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    assert "1 answer to check" in response.content.decode()
    answers = Intake.objects.get(pk=draft.pk).answers
    assert answers["pregnancy_weeks"] == 20  # the last good answer, not lost
    assert answers["goals"] == "Walk far"


def test_a_bad_row_keeps_the_stored_list(login, therapist, draft):
    client = login(therapist)
    good = [{"on": "2020-01-01", "description": "Knee", "region": "knee-left"}]
    client.post(autosave_url(draft), form_data({"surgeries": good}))
    client.post(autosave_url(draft), form_data({"surgeries": [{"on": "2999-01-01"}]}))
    assert Intake.objects.get(pk=draft.pk).answers["surgeries"] == good


def test_save_draft_button_shows_errors_and_keeps_what_was_typed(login, therapist, draft):
    client = login(therapist)
    response = client.post(
        edit_url(draft),
        form_data({"goals": "Lift my grandchild", "pregnancy_weeks": "50"}, save="1"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a number from 0 to 45." in page
    assert "Lift my grandchild" in page
    assert 'value="50"' in page


def test_save_draft_without_errors_redirects_back(login, therapist, draft):
    response = login(therapist).post(edit_url(draft), form_data({"goals": "Run"}, save="1"))
    assert response.status_code == 302
    assert response["Location"] == edit_url(draft)


def test_a_submitted_intake_refuses_drafts(login, therapist, patient):
    intake = submitted_intake(patient, therapist)
    with pytest.raises(IntakeLocked):
        intake_services.intake_save_draft(
            intake=intake, actor=Actor.for_staff(therapist), answers={"goals": "x"}
        )
    client = login(therapist)
    assert client.post(autosave_url(intake), form_data({"goals": "x"})).status_code == 409
    response = client.post(edit_url(intake), form_data(all_no(goals="changed"), save="1"))
    assert response.status_code == 302
    assert Intake.objects.get(pk=intake.pk).answers.get("goals") is None
