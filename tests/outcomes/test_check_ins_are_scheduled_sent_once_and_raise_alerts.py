"""Signing a session schedules a check-in; it is sent once at its due time (even with two
concurrent senders), the patient answers on a link, and red flags raise an urgent alert
that staff acknowledge (audited)."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from petrissage.audit.models import AuditEvent
from petrissage.clinical import session_selectors
from petrissage.outcomes import delivery
from petrissage.outcomes.models import CheckIn, CheckInDelivery, DeliveryStatus
from petrissage.outcomes.selectors import last_check_in, open_urgent_alerts
from petrissage.outcomes.tasks import checkins_tick
from tests.outcomes.conftest import CALM


def send_due(now):
    with mock.patch("petrissage.outcomes.tasks.timezone.now", return_value=now):
        return checkins_tick.enqueue().return_value


def token_from_mail():
    return re.search(r"/checkin/([^/\s]+)/", str(mail.outbox[-1].body)).group(1)


def test_signing_a_session_schedules_a_check_in_24_hours_later(signed_note, check_in):
    assert check_in.due_at == signed_note.signed_at + timedelta(hours=24)
    assert check_in.deliveries.get().status == DeliveryStatus.PENDING
    assert AuditEvent.objects.filter(action="checkin.schedule").count() == 1


def test_it_is_sent_at_the_due_time_and_only_once(check_in):
    assert send_due(timezone.now()) == 0
    assert mail.outbox == []
    assert send_due(check_in.due_at + timedelta(minutes=1)) == 1
    assert send_due(check_in.due_at + timedelta(minutes=2)) == 0
    assert len(mail.outbox) == 1
    assert "/checkin/" in mail.outbox[0].body
    assert "911" in mail.outbox[0].body
    check_in.refresh_from_db()
    assert check_in.sent_at is not None


def test_a_failed_send_is_retried_later_and_never_sent_twice(check_in):
    row = check_in.deliveries.get()
    due = check_in.due_at + timedelta(minutes=1)
    with mock.patch.object(delivery, "send_mail", side_effect=OSError("mail server down")):
        assert delivery.checkin_send(delivery_id=row.pk, now=due) is False
    row.refresh_from_db()
    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 1)
    assert row.next_attempt_at == due + delivery.FIRST_BACKOFF
    assert delivery.checkin_send(delivery_id=row.pk, now=due) is False  # not yet
    assert delivery.checkin_send(delivery_id=row.pk, now=row.next_attempt_at) is True
    assert delivery.checkin_send(delivery_id=row.pk, now=row.next_attempt_at) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_senders_deliver_exactly_one_mail(patient, therapist):
    from tests.outcomes.conftest import make_case, sign_session

    note = sign_session(make_case(patient, therapist), therapist)
    row = CheckInDelivery.objects.get(check_in__session=note)
    due = row.next_attempt_at + timedelta(minutes=1)
    barrier = threading.Barrier(2)
    results = []

    def sender():
        barrier.wait()
        try:
            results.append(delivery.checkin_send(delivery_id=row.pk, now=due))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1


def test_calm_answers_are_recorded_without_an_alarm(client, check_in):
    send_due(check_in.due_at + timedelta(minutes=1))
    page = client.post(f"/checkin/{token_from_mail()}/", CALM)
    assert page.status_code == 200
    assert "Thank you" in page.content.decode()
    check_in.refresh_from_db()
    assert check_in.alert_level == "none"
    assert check_in.answers["pain_now"] == 3
    assert check_in.review_notes == []  # soreness within 36 h is the expected course [AE1]
    assert last_check_in(check_in.case) == check_in
    assert session_selectors.last_check_in(check_in.case) == check_in  # the pre-check shows it
    assert client.get(f"/checkin/{token_from_mail()}/").status_code == 410


def test_calf_swelling_raises_an_urgent_alert_that_staff_acknowledge(
    client, login, therapist, owner, check_in, django_capture_on_commit_callbacks
):
    for staff, address in ((therapist, "theo@example.org"), (owner, "olivia@example.org")):
        staff.user.email = address
        staff.user.save()
    send_due(check_in.due_at + timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/checkin/{token_from_mail()}/", {**CALM, "calf_swelling": "yes"})
    assert 'data-testid="seek-urgent-care"' in page.content.decode()
    assert mail.outbox[-1].subject.startswith("URGENT")
    assert sorted(mail.outbox[-1].to) == ["olivia@example.org", "theo@example.org"]
    assert f"/outcomes/check-ins/{check_in.pk}/" in mail.outbox[-1].body
    check_in.refresh_from_db()
    assert check_in.alert_level == "urgent"
    assert "possible DVT" in check_in.alert_reasons[0]
    assert list(open_urgent_alerts(therapist)) == [check_in]
    assert list(open_urgent_alerts(owner)) == [check_in]

    staff = login(therapist)
    patient_page = staff.get(f"/patients/{check_in.patient_id}/").content.decode()
    assert 'data-testid="patient-urgent-alert"' in patient_page
    assert "possible DVT" in staff.get("/outcomes/alerts/").content.decode()
    assert 'nav-alert-count">1<' in staff.get("/outcomes/alerts/").content.decode()
    refused = staff.post(f"/outcomes/check-ins/{check_in.pk}/acknowledge/", {"note": " "})
    assert refused.status_code == 400
    staff.post(f"/outcomes/check-ins/{check_in.pk}/acknowledge/", {"note": "Sent to ER"})
    check_in.refresh_from_db()
    assert check_in.acknowledged_by == therapist
    assert check_in.acknowledgement == "Sent to ER"
    assert AuditEvent.objects.filter(action="checkin.alert_acknowledge").count() == 1
    assert list(open_urgent_alerts(owner)) == []
    assert "No open urgent alerts" in staff.get("/outcomes/alerts/").content.decode()


def test_bad_check_in_answers_are_refused_naming_the_question(client, check_in):
    send_due(check_in.due_at + timedelta(minutes=1))
    page = client.post(f"/checkin/{token_from_mail()}/", {**CALM, "pain_now": "14"})
    assert page.status_code == 400
    assert "Choose a number from 0 to 10." in page.content.decode()
    check_in.refresh_from_db()
    assert check_in.answered_at is None


def test_expired_check_in_link_is_refused(client, check_in):
    send_due(check_in.due_at + timedelta(minutes=1))
    CheckIn.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/checkin/{token_from_mail()}/").status_code == 410


def test_other_practice_cannot_see_the_check_in(login, outsider, front_desk, check_in):
    assert login(outsider).get(f"/outcomes/check-ins/{check_in.pk}/").status_code == 404
    assert login(front_desk).get(f"/outcomes/check-ins/{check_in.pk}/").status_code == 403


def test_check_in_asks_about_the_patients_own_psfs_activity(client, therapist, check_in):
    from petrissage.audit.services import Actor
    from petrissage.outcomes.selectors import instrument_for
    from petrissage.outcomes.services import outcome_record

    answers = {"activity-1-name": "Lift my child", "activity-1-rating": 3}
    answers |= {"activity-2-rating": 4, "activity-3-rating": 5}
    outcome_record(
        case=check_in.case,
        instrument=instrument_for(check_in.practice, "psfs"),
        answers=answers,
        timepoint="baseline",
        actor=Actor.for_staff(therapist),
        staff=therapist,
    )
    send_due(check_in.due_at + timedelta(minutes=1))
    page = client.get(f"/checkin/{token_from_mail()}/").content.decode()
    assert "How well can you do this today: “Lift my child”?" in page


def test_scheduling_is_audited_as_the_signer_and_a_failure_keeps_the_signature(
    case, therapist, signed_note
):
    event = AuditEvent.objects.get(action="checkin.schedule")
    assert (event.user, event.source) == (therapist.user, "web")
    from tests.outcomes.conftest import sign_session

    with mock.patch(
        "petrissage.outcomes.checkin_services.CheckIn.objects.create",
        side_effect=RuntimeError("database hiccup"),
    ):
        note = sign_session(case, therapist)
    note.refresh_from_db()
    assert note.status == "signed"
    assert not CheckIn.objects.filter(session=note).exists()  # the sweep schedules it later
