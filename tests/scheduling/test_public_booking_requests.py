"""The public page shows open slots; requests wait as pending; two requests for one slot
cannot both be confirmed."""

from __future__ import annotations

import pytest

from petrissage.audit.services import Actor
from petrissage.scheduling.booking import BookingConflict
from petrissage.scheduling.models import Appointment, BookingRequest, RequestStatus
from petrissage.scheduling.public import booking_request_confirm

pytestmark = pytest.mark.django_db


def _request(client, practice, choice, name):
    data = {
        "given_name": name,
        "family_name": "Public",
        "birth_date": "1985-04-02",
        "email": f"{name.lower()}@example.org",
        "phone": "206-555-0199",
    }
    url = f"/book/{practice.slug}/?kind=treatment-60&start={choice.slot.start.isoformat()}&therapist={choice.therapist_id}"
    return client.post(url, data)


def test_two_pending_requests_for_one_slot_cannot_both_be_confirmed(
    client, practice, working_therapist, front_desk
):
    page = client.get(f"/book/{practice.slug}/", {"kind": "treatment-60"})
    assert page.status_code == 200
    first_day = next(iter(page.context["days"].values()))
    _, choice = first_day[0]
    assert b"request-sent" in _request(client, practice, choice, "Ana").content
    assert b"request-sent" in _request(client, practice, choice, "Ben").content
    ana, ben = BookingRequest.objects.order_by("pk")
    assert ana.status == ben.status == RequestStatus.PENDING
    assert Appointment.objects.count() == 0
    actor = Actor.for_staff(front_desk)
    booking_request_confirm(request=ana, actor=actor, staff=front_desk)
    with pytest.raises(BookingConflict):
        booking_request_confirm(request=ben, actor=actor, staff=front_desk)
    ben.refresh_from_db()
    assert ben.status == RequestStatus.PENDING
    assert Appointment.objects.get().patient.given_name == "Ana"


def test_staff_confirm_from_the_requests_page(
    client, login, practice, working_therapist, front_desk, biller
):
    page = client.get(f"/book/{practice.slug}/")
    _, choice = next(iter(page.context["days"].values()))[0]
    _request(client, practice, choice, "Cleo")
    pending = BookingRequest.objects.get()
    assert (
        login(biller).post(f"/schedule/requests/{pending.pk}/", {"decision": "confirm"}).status_code
        == 403
    )
    staff_client = login(front_desk)
    assert b"Cleo" in staff_client.get("/schedule/requests/").content
    staff_client.post(f"/schedule/requests/{pending.pk}/", {"decision": "confirm"})
    pending.refresh_from_db()
    assert pending.status == RequestStatus.CONFIRMED
    assert pending.appointment is not None


def test_bad_contact_details_are_named_and_unknown_practices_404(
    client, practice, working_therapist
):
    page = client.get(f"/book/{practice.slug}/")
    _, choice = next(iter(page.context["days"].values()))[0]
    url = f"/book/{practice.slug}/?start={choice.slot.start.isoformat()}&therapist={choice.therapist_id}"
    response = client.post(
        url,
        {
            "given_name": "X",
            "family_name": "Y",
            "birth_date": "2999-01-01",
            "email": "nope",
            "phone": "1",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"birth_date", "email"}
    assert client.get("/book/no-such-clinic/").status_code == 404
    assert client.get(f"/book/{practice.slug}/?start=garbage&therapist=1").status_code == 404
