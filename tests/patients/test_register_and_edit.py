"""Registering and editing patients from the browser forms; bad input names the field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from petrissage.audit.models import AuditEvent
from petrissage.patients.models import Patient

VALID = {
    "given_name": "Zoë",
    "family_name": "Nguyễn-Smith",
    "birth_date": "1979-03-02",
    "sex": "female",
    "phone": "(206) 555-0142",
    "email": "zoe@example.org",
    "preferred_language": "English",
    "state": "wa",
    "postal_code": "98101",
}


def test_front_desk_registers_a_patient_and_the_audit_row_is_written(login, front_desk):
    response = login(front_desk).post(reverse("patient_create"), VALID)
    patient = Patient.objects.get()
    assert response["Location"] == reverse("patient_detail", args=[patient.pk])
    assert patient.chart_number == "P000001"
    assert patient.state == "WA"
    assert patient.phone_digits == "2065550142"
    event = AuditEvent.objects.get(action="patient.create")
    assert (event.patient_id, event.username, event.category) == (
        patient.pk,
        "fran-frontdesk",
        "demographics",
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"given_name": ""}, "given_name", "This field is required"),
        ({"family_name": "x" * 5000}, "family_name", "at most 100 characters"),
        ({"given_name": "<script>alert(1)</script>"}, "given_name", "Cannot contain &lt; or &gt;"),
        ({"birth_date": "not-a-date"}, "birth_date", "Enter a valid date"),
        ({"birth_date": str(date.today() + timedelta(days=3))}, "birth_date", "in the future"),
        ({"birth_date": "1850-01-01"}, "birth_date", "more than 130 years"),
        ({"sex": "robot"}, "sex", "Select a valid choice"),
        ({"phone": "call me maybe"}, "phone", "Use digits"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"state": "W1"}, "state", "two-letter"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(
    login, front_desk, change, field, message
):
    response = login(front_desk).post(reverse("patient_create"), {**VALID, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert Patient.objects.count() == 0


def test_a_same_name_same_birthday_patient_is_flagged_before_creating(login, front_desk):
    client = login(front_desk)
    client.post(reverse("patient_create"), VALID)
    response = client.post(reverse("patient_create"), {**VALID, "given_name": "ZOË", "phone": ""})
    assert response.status_code == 200
    assert b"Possible duplicate" in response.content
    assert Patient.objects.count() == 1
    response = client.post(reverse("patient_create"), {**VALID, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Patient.objects.count() == 2


def test_editing_keeps_unchanged_fields_and_audits_what_changed(login, therapist, patient):
    client = login(therapist)
    form = client.get(reverse("patient_edit", args=[patient.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update({"birth_date": "1980-05-17", "phone": "206-555-0199"})
    response = client.post(reverse("patient_edit", args=[patient.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    patient.refresh_from_db()
    assert patient.phone == "206-555-0199"
    assert patient.given_name == "Maria"
    event = AuditEvent.objects.get(action="patient.update")
    assert event.detail == {"fields": ["phone"]}


def test_a_rejected_edit_loses_nothing_already_stored(login, therapist, patient):
    response = login(therapist).post(
        reverse("patient_edit", args=[patient.pk]), {"given_name": "", "family_name": "y" * 300}
    )
    assert response.status_code == 200
    patient.refresh_from_db()
    assert (patient.given_name, patient.family_name) == ("Maria", "Lopez")
