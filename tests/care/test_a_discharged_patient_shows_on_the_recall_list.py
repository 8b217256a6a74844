"""At discharge the therapist chooses maintenance (proposed from pain coming back); the
patient shows on the front desk's recall list when it is due, gets one reminder per due
date, and drops to "booked" or "declined"."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from petrissage.audit.services import Actor
from petrissage.care import recall_services
from petrissage.care.models import MaintenancePlan, RecallReminder
from petrissage.scheduling.models import Appointment
from tests.care.conftest import discharge


def choose(case, therapist, weeks):
    return recall_services.maintenance_choose(
        case=case, weeks=weeks, staff=therapist, actor=Actor.for_staff(therapist)
    )


def test_weekly_pain_return_proposes_weekly_maintenance(treated_case, today):
    discharge(treated_case, today - timedelta(days=1))
    proposal = recall_services.maintenance_proposal(treated_case)
    assert proposal.weeks == 1
    assert proposal.observations >= 3


def test_choice_is_refused_before_discharge_and_for_bad_intervals(login, therapist, treated_case):
    with pytest.raises(ValidationError):
        choose(treated_case, therapist, 4)
    discharge(treated_case, treated_case.opened_on + timedelta(days=29))
    url = f"/care/patients/{treated_case.patient_id}/cases/{treated_case.pk}/maintenance/"
    for weeks in ("0", "53", ""):
        response = login(therapist).post(url, {"choice": "every", "weeks": weeks})
        assert response.status_code == 422
        assert "weeks" in response.content.decode().lower()
    assert not MaintenancePlan.objects.exists()


def test_due_patient_is_listed_reminded_once_then_booked(
    login, therapist, front_desk, treated_case, today
):
    discharge(treated_case, today - timedelta(days=26))
    plan = choose(treated_case, therapist, 4)
    assert plan.next_due == today + timedelta(days=2)

    page = login(front_desk).get("/care/recalls/").content.decode()
    assert treated_case.patient.full_name in page
    assert ">due<" in page

    client = login(front_desk)
    client.post("/care/recalls/send/")
    client.post("/care/recalls/send/")
    assert len(mail.outbox) == 1
    assert "/book/" in mail.outbox[0].body
    assert RecallReminder.objects.filter(maintenance=plan).count() == 1

    zone = treated_case.practice.zone
    starts = datetime.combine(today + timedelta(days=3), time(10), tzinfo=zone)
    Appointment.objects.create(
        practice_id=plan.practice_id, patient=plan.patient, therapist=therapist,
        kind="massage-60", starts_at=starts, ends_at=starts + timedelta(hours=1),
    )  # fmt: skip
    row = recall_services.recall_row(plan, today)
    assert row is not None
    assert row.state == "booked"


def test_overdue_then_declined(login, therapist, front_desk, treated_case, today):
    discharge(treated_case, today - timedelta(days=20))
    plan = choose(treated_case, therapist, 2)
    assert recall_services.recall_row(plan, today).state == "overdue"
    response = login(front_desk).post(f"/care/recalls/{plan.pk}/decline/", {"reason": "Moving"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert recall_services.recall_row(plan, today).state == "declined"
    page = login(front_desk).get("/care/recalls/?show=declined").content.decode()
    assert "Moving" in page


def test_no_maintenance_means_no_recall(therapist, treated_case, today):
    discharge(treated_case, today - timedelta(days=60))
    choose(treated_case, therapist, None)
    assert recall_services.recall_list(treated_case.practice, today) == []


def test_biller_may_see_but_not_send(login, biller, outsider, treated_case):
    assert login(biller).get("/care/recalls/").status_code == 200
    assert login(biller).post("/care/recalls/send/").status_code == 403


def test_the_daily_command_sends_due_reminders_once(therapist, treated_case, today):
    from django.core.management import call_command

    discharge(treated_case, today - timedelta(days=30))
    choose(treated_case, therapist, 4)
    call_command("send_recalls")
    call_command("send_recalls")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [treated_case.patient.email]
