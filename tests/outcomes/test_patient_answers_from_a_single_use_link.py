"""A single-use, expiring link lets the patient answer on a phone without logging in."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from petrissage.outcomes.models import OutcomeLink, OutcomeResponse


def make_link(client, case, instrument="nprs", timepoint="interim"):
    page = client.post(
        f"/patients/{case.patient_id}/cases/{case.pk}/outcomes/link/",
        {"instrument": instrument, "timepoint": timepoint},
    )
    assert page.status_code == 200
    return re.search(r'data-testid="outcome-link"', page.content.decode()) and re.search(
        r"http://testserver(/o/[^/\"]+/)", page.content.decode()
    ).group(1)


def test_link_is_emailed_answered_once_and_attached_to_the_case(client, login, therapist, case):
    path = make_link(login(therapist), case)
    assert len(mail.outbox) == 1
    assert path in mail.outbox[0].body
    client.logout()
    form = client.get(path)
    assert form.status_code == 200
    assert 'name="pain"' in form.content.decode()
    assert client.post(path, {"pain": "4"}).status_code == 200
    saved = OutcomeResponse.objects.get(case=case)
    assert (saved.score, saved.source, saved.timepoint) == (4, "link", "interim")
    again = client.get(path)
    assert again.status_code == 410
    assert "already been sent in" in again.content.decode()
    assert client.post(path, {"pain": "2"}).status_code == 410
    assert OutcomeResponse.objects.count() == 1


def test_expired_and_unknown_links_are_refused(client, login, therapist, case):
    path = make_link(login(therapist), case)
    OutcomeLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    assert client.get(path).status_code == 410
    assert client.get("/o/not-a-token/").status_code == 404


def test_bad_answer_on_the_link_keeps_it_usable(client, login, therapist, case):
    path = make_link(login(therapist), case)
    client.logout()
    page = client.post(path, {"pain": "12"})
    assert page.status_code == 400
    assert client.post(path, {"pain": "3"}).status_code == 200
