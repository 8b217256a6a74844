"""/api/v1 scheduling: 201 on a booking, 409 with a reason on any overlap, 422 naming the
field, 403 for a role that may not book, 404 for another practice's ids."""

from __future__ import annotations

from datetime import timedelta

import pytest

from petrissage.scheduling.models import Appointment, AppointmentStatus
from tests.factories import make_token
from tests.scheduling.helpers import local, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def call(staff, method, url, **kwargs):
        headers = {"Authorization": f"Bearer {make_token(staff)}"}
        return getattr(client, method)(
            f"/api/v1{url}", headers=headers, content_type="application/json", **kwargs
        )

    return call


@pytest.fixture
def slot(practice):
    return local(practice, next_weekday(1), 10)


def _booking(patient, therapist, start, **extra):
    return {
        "patient": patient.pk,
        "therapist": therapist.pk,
        "start": start.isoformat(),
        "minutes": 60,
        "type": "treatment-60",
        **extra,
    }


def test_therapists_and_availability(api, front_desk, working_therapist, slot):
    therapists = api(front_desk, "get", "/therapists").json()
    assert [t["id"] for t in therapists] == [working_therapist.pk]
    day_start = slot.replace(hour=0)
    response = api(
        front_desk,
        "get",
        f"/availability?therapist={working_therapist.pk}&start={day_start.isoformat()}&end={(day_start + timedelta(days=1)).isoformat()}&minutes=60".replace(
            "+", "%2B"
        ),
    )
    assert response.status_code == 200, response.content
    slots = response.json()
    assert slots[0]["start"].startswith(f"{slot.date()}T08:00")
    assert all(s["therapist"] == working_therapist.pk for s in slots)


def test_book_201_then_overlap_409_and_back_to_back_201(
    api, front_desk, patient, working_therapist, slot
):
    created = api(
        front_desk, "post", "/appointments", data=_booking(patient, working_therapist, slot)
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "booked"
    overlap = api(
        front_desk,
        "post",
        "/appointments",
        data=_booking(patient, working_therapist, slot + timedelta(minutes=30)),
    )
    assert overlap.status_code == 409
    assert "Overlaps" in overlap.json()["detail"]
    after = api(
        front_desk,
        "post",
        "/appointments",
        data=_booking(patient, working_therapist, slot + timedelta(hours=1)),
    )
    assert after.status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 720}, "minutes"),
        ({"start": "2031-02-30T10:00:00-08:00"}, "start"),
        ({"start": "2031-02-03T10:00:00"}, "start"),
        ({"type": "hot-stones"}, "kind"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    api, front_desk, patient, working_therapist, slot, change, field
):
    response = api(
        front_desk,
        "post",
        "/appointments",
        data={**_booking(patient, working_therapist, slot), **change},
    )
    assert response.status_code == 422, response.content
    assert any(field in str(error["loc"]) for error in response.json()["detail"])
    assert Appointment.objects.count() == 0


def test_past_and_outside_hours_are_422(api, front_desk, patient, working_therapist, slot):
    past = api(
        front_desk,
        "post",
        "/appointments",
        data=_booking(patient, working_therapist, slot - timedelta(days=60)),
    )
    assert past.status_code == 422
    late = api(
        front_desk,
        "post",
        "/appointments",
        data=_booking(patient, working_therapist, slot.replace(hour=20)),
    )
    assert late.status_code == 422
    assert "working hours" in late.json()["detail"][0]["msg"]


def test_move_and_cancel(api, front_desk, patient, working_therapist, slot):
    booked = api(
        front_desk, "post", "/appointments", data=_booking(patient, working_therapist, slot)
    ).json()
    moved = api(
        front_desk,
        "patch",
        f"/appointments/{booked['id']}",
        data={"start": (slot + timedelta(hours=2)).isoformat()},
    )
    assert moved.status_code == 200
    assert moved.json()["start"] != booked["start"]
    no_reason = api(front_desk, "delete", f"/appointments/{booked['id']}")
    assert no_reason.status_code == 422
    cancelled = api(front_desk, "delete", f"/appointments/{booked['id']}?reason=ill")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == AppointmentStatus.CANCELLED


def test_roles_and_practices(api, biller, outsider, front_desk, patient, working_therapist, slot):
    assert api(biller, "get", "/therapists").status_code == 200
    assert (
        api(
            biller, "post", "/appointments", data=_booking(patient, working_therapist, slot)
        ).status_code
        == 403
    )
    assert (
        api(
            outsider, "post", "/appointments", data=_booking(patient, working_therapist, slot)
        ).status_code
        == 404
    )
    booked = api(
        front_desk, "post", "/appointments", data=_booking(patient, working_therapist, slot)
    ).json()
    assert api(outsider, "get", f"/appointments/{booked['id']}").status_code == 404
    assert api(outsider, "delete", f"/appointments/{booked['id']}?reason=x").status_code == 404
    assert (
        api(
            outsider, "patch", f"/appointments/{booked['id']}", data={"start": slot.isoformat()}
        ).status_code
        == 404
    )


def test_another_practices_therapist_is_refused(api, front_desk, patient, outsider, slot):
    response = api(front_desk, "post", "/appointments", data=_booking(patient, outsider, slot))
    assert response.status_code == 404
