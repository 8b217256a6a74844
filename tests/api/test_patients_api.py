"""The patients JSON API: role rules, practice scoping, input checks and audit."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from petrissage.audit.models import AuditEvent
from petrissage.patients.models import Coverage, Patient
from tests import factories

API = "/api/v1/patients"

NEW_PATIENT = {
    "given_name": "Ana",
    "family_name": "Silva",
    "birth_date": "1975-03-02",
    "sex": "female",
    "phone": "206-555-0199",
    "email": "ana@example.org",
    "state": "wa",
}


@pytest.fixture
def api(client):
    """Call the API as a staff member: api(staff).get(url), .post(url, data), .patch(...)."""

    class Caller:
        def __init__(self, staff):
            self.headers = {"Authorization": f"Bearer {factories.make_token(staff)}"}

        def get(self, url):
            return client.get(url, headers=self.headers)

        def post(self, url, data):
            return client.post(
                url, json.dumps(data), content_type="application/json", headers=self.headers
            )

        def patch(self, url, data):
            return client.patch(
                url, json.dumps(data), content_type="application/json", headers=self.headers
            )

    return Caller


def error_fields(response) -> set[str]:
    return {str(item["loc"][-1]) for item in response.json()["detail"]}


# Roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "therapist", "front_desk", "biller"])
def test_every_role_reads_and_lists_patients(api, personas, patient, role):
    caller = api(personas[role])
    assert caller.get(f"{API}/{patient.pk}").status_code == 200
    listing = caller.get(API).json()
    assert listing["count"] == 1
    assert listing["items"][0]["id"] == patient.pk


@pytest.mark.parametrize("role", ["owner", "therapist", "front_desk"])
def test_registering_roles_can_create_a_patient(api, personas, role):
    response = api(personas[role]).post(API, NEW_PATIENT)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["chart_number"].startswith("P")
    assert body["state"] == "WA"
    created = Patient.objects.get(pk=body["id"])
    assert created.practice == personas[role].practice
    assert AuditEvent.objects.filter(
        action="patient.create", patient=created, source="api"
    ).exists()


def test_biller_cannot_create_a_patient(api, biller):
    response = api(biller).post(API, NEW_PATIENT)
    assert response.status_code == 403
    assert "patient.register" in response.json()["detail"]
    assert not Patient.objects.exists()
    assert AuditEvent.objects.filter(
        action="permission.denied", username=biller.user.username, source="api"
    ).exists()


def test_biller_cannot_update_a_patient(api, biller, patient):
    response = api(biller).patch(f"{API}/{patient.pk}", {"given_name": "Changed"})
    assert response.status_code == 403
    assert response.json()["detail"]
    patient.refresh_from_db()
    assert patient.given_name == "Maria"


def test_front_desk_updates_only_the_fields_sent(api, front_desk, patient):
    response = api(front_desk).patch(f"{API}/{patient.pk}", {"phone": "425-555-0123"})
    assert response.status_code == 200
    patient.refresh_from_db()
    assert patient.phone == "425-555-0123"
    assert patient.given_name == "Maria"
    event = AuditEvent.objects.filter(action="patient.update", patient=patient).get()
    assert event.detail == {"fields": ["phone"]}
    assert event.source == "api"


def test_a_read_is_audited_with_source_api(api, therapist, patient):
    api(therapist).get(f"{API}/{patient.pk}")
    event = AuditEvent.objects.filter(action="patient.view", patient=patient).get()
    assert event.source == "api"
    assert event.username == therapist.user.username
    assert event.source_ip == "127.0.0.1"


def test_a_likely_duplicate_needs_confirmation(api, front_desk, patient):
    twin = {"given_name": "maria", "family_name": "LOPEZ", "birth_date": "1980-05-17"}
    first = api(front_desk).post(API, twin)
    assert first.status_code == 409
    assert first.json()["duplicates"] == [patient.pk]
    confirmed = api(front_desk).post(API, {**twin, "allow_duplicate": True})
    assert confirmed.status_code == 201


def test_coverages_are_listed(api, biller, patient):
    Coverage.objects.create(
        practice=patient.practice,
        patient=patient,
        channel="commercial",
        payer_name="Premera",
        member_id="XYZ123",
    )
    response = api(biller).get(f"{API}/{patient.pk}/coverages")
    assert response.status_code == 200
    assert [row["member_id"] for row in response.json()] == ["XYZ123"]


# Another practice -----------------------------------------------------------------------


def test_outsider_gets_404_for_read_update_and_coverages(api, outsider, patient):
    caller = api(outsider)
    assert caller.get(f"{API}/{patient.pk}").status_code == 404
    assert caller.get(f"{API}/{patient.pk}/coverages").status_code == 404
    response = caller.patch(f"{API}/{patient.pk}", {"given_name": "Hacked"})
    assert response.status_code == 404
    assert response.json() == {"detail": "No such patient."}
    patient.refresh_from_db()
    assert patient.given_name == "Maria"


def test_outsider_sees_no_patients_in_list_or_search(api, outsider, patient):
    caller = api(outsider)
    assert caller.get(API).json()["count"] == 0
    assert caller.get(f"{API}?q=Maria").json() == {
        "count": 0,
        "page": 1,
        "page_size": 50,
        "items": [],
    }


def test_an_outsiders_create_lands_in_their_own_practice(api, outsider, practice):
    response = api(outsider).post(API, NEW_PATIENT)
    assert response.status_code == 201
    assert Patient.objects.get(pk=response.json()["id"]).practice == outsider.practice
    assert not Patient.objects.filter(practice=practice).exists()


# Search and pages -------------------------------------------------------------------------


def test_search_matches_name_and_birth_date(api, therapist, practice, patient):
    factories.make_patient(practice, given_name="John", family_name="Doe")
    caller = api(therapist)
    assert [p["id"] for p in caller.get(f"{API}?q=lop").json()["items"]] == [patient.pk]
    assert caller.get(f"{API}?q=1980-05-17").json()["count"] == 2


def test_pages_hold_fifty_and_count_all(api, therapist, practice):
    for _ in range(53):
        factories.make_patient(practice, given_name="Same", family_name="Name", email="")
    caller = api(therapist)
    first, second = caller.get(f"{API}?page=1").json(), caller.get(f"{API}?page=2").json()
    assert (first["count"], len(first["items"])) == (53, 50)
    assert (second["count"], len(second["items"])) == (53, 3)
    assert caller.get(f"{API}?page=0").status_code == 422


# Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"given_name": ""}, "given_name"),
        ({"given_name": "   "}, "given_name"),
        ({"family_name": "x" * 10_000}, "family_name"),
        ({"given_name": 12345}, "given_name"),
        ({"given_name": ["Ana"]}, "given_name"),
        ({"given_name": "<script>alert(1)</script>"}, "given_name"),
        ({"city": "Seattle<b>"}, "city"),
        ({"birth_date": (date.today() + timedelta(days=1)).isoformat()}, "birth_date"),
        ({"birth_date": "not a date"}, "birth_date"),
        ({"birth_date": 86400}, "birth_date"),
        ({"sex": "robot"}, "sex"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"state": "Washington"}, "state"),
        ({"practice": 99}, "practice"),
        ({"chart_number": "X1"}, "chart_number"),
        ({"family_name": "Silva\x00"}, "family_name"),
        ({"address_line": "1 Pine St\nDROP TABLE"}, "address_line"),
    ],
)
def test_bad_input_on_create_is_422_naming_the_field(api, front_desk, change, field):
    response = api(front_desk).post(API, {**NEW_PATIENT, **change})
    assert response.status_code == 422, response.content
    assert field in error_fields(response)
    assert not Patient.objects.exists()


def test_an_empty_body_is_422_naming_the_required_fields(api, front_desk):
    response = api(front_desk).post(API, {})
    assert response.status_code == 422
    assert {"given_name", "family_name", "birth_date"} <= error_fields(response)


def test_a_body_that_is_not_json_is_rejected(api, front_desk, client):
    caller = api(front_desk)
    response = client.post(
        API, "given_name=Ana", content_type="application/json", headers=caller.headers
    )
    assert response.status_code in (400, 422)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"given_name": ""}, "given_name"),
        ({"given_name": None}, "given_name"),
        ({"family_name": "x" * 10_000}, "family_name"),
        ({"birth_date": True}, "birth_date"),
        ({"given_name": "<script>alert(1)</script>"}, "given_name"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"active": False}, "active"),
        ({"practice_id": 2}, "practice_id"),
    ],
)
def test_a_rejected_update_changes_nothing(api, front_desk, patient, change, field):
    before = Patient.objects.values().get(pk=patient.pk)
    response = api(front_desk).patch(f"{API}/{patient.pk}", change)
    assert response.status_code == 422, response.content
    assert field in error_fields(response)
    assert Patient.objects.values().get(pk=patient.pk) == before
    assert not AuditEvent.objects.filter(action="patient.update").exists()


def test_a_service_level_error_is_422_not_500(api, front_desk, patient):
    # A stored value the model refuses (say, from an old import) fails the service's
    # full_clean on the next update: a 422 naming that field, and nothing saved.
    Patient.objects.filter(pk=patient.pk).update(email="broken")
    response = api(front_desk).patch(f"{API}/{patient.pk}", {"phone": "425-555-0123"})
    assert response.status_code == 422
    assert error_fields(response) == {"email"}
    patient.refresh_from_db()
    assert patient.phone == "206-555-0100"


@pytest.mark.parametrize("query", ["a" * 10_000, "ana%00"])
def test_an_over_long_or_binary_search_is_422(api, therapist, query):
    response = api(therapist).get(f"{API}?q={query}")
    assert response.status_code == 422
    assert "q" in error_fields(response)


@pytest.mark.parametrize("bad_id", ["abc", "99999999999999999999999", "-1"])
def test_odd_ids_are_404_or_422_never_500(api, therapist, bad_id):
    assert api(therapist).get(f"{API}/{bad_id}").status_code in (404, 422)


# OpenAPI --------------------------------------------------------------------------------


def test_openapi_lists_the_patient_endpoints(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert {
        "/api/v1/patients",
        "/api/v1/patients/{patient_id}",
        "/api/v1/patients/{patient_id}/coverages",
    } <= set(schema["paths"])
    create = schema["components"]["schemas"]["PatientCreateIn"]
    assert create["additionalProperties"] is False
    assert create["properties"]["family_name"]["maxLength"] == 100
