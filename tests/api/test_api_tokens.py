"""API tokens: only a live token of an active staff member opens the API."""

from __future__ import annotations

import pytest

from petrissage.audit.services import Actor
from petrissage.practice.models import ApiToken
from petrissage.practice.services import api_token_revoke
from tests import factories

URL = "/api/v1/patients"


def get(client, url, authorization=None):
    headers = {"Authorization": authorization} if authorization is not None else {}
    return client.get(url, headers=headers)


def test_a_valid_token_is_accepted_and_its_use_recorded(client, therapist):
    secret = factories.make_token(therapist)
    assert get(client, URL, f"Bearer {secret}").status_code == 200
    assert ApiToken.objects.get(staff=therapist).last_used_at is not None


def test_no_token_is_401_with_a_json_body(client, db):
    response = get(client, URL)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize(
    "authorization",
    [
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Basic x",
        "Token pt_abcd1234_secret",
        "Bearer not-a-token",
        "Bearer pt_",
        "Bearer pt_deadbeef_wrongsecret",
        "Bearer " + "x" * 10_000,
    ],
)
def test_missing_or_malformed_tokens_are_401(client, therapist, authorization):
    factories.make_token(therapist)
    assert get(client, URL, authorization).status_code == 401


def test_a_token_with_the_right_prefix_but_wrong_secret_is_401(client, therapist):
    secret = factories.make_token(therapist)
    assert get(client, URL, f"Bearer {secret[:-4]}AAAA").status_code == 401


def test_a_revoked_token_is_401(client, therapist):
    secret = factories.make_token(therapist)
    token = ApiToken.objects.get(staff=therapist)
    api_token_revoke(token=token, actor=Actor.for_staff(therapist))
    assert get(client, URL, f"Bearer {secret}").status_code == 401


def test_a_token_of_a_deactivated_staff_member_is_401(client, therapist):
    secret = factories.make_token(therapist)
    therapist.active = False
    therapist.save(update_fields=["active"])
    assert get(client, URL, f"Bearer {secret}").status_code == 401


def test_a_session_login_does_not_open_the_api(login, therapist):
    assert login(therapist).get(URL).status_code == 401


def test_the_scheme_name_is_case_insensitive(client, therapist):
    secret = factories.make_token(therapist)
    assert get(client, URL, f"bearer {secret}").status_code == 200


@pytest.mark.parametrize("path", ["/patients/1", "/patients/1/coverages"])
def test_every_patient_route_needs_a_token(client, patient, path):
    assert client.get(f"/api/v1{path.replace('1', str(patient.pk))}").status_code == 401
    assert (
        client.patch(
            f"/api/v1/patients/{patient.pk}", "{}", content_type="application/json"
        ).status_code
        == 401
    )
    assert client.post(URL, "{}", content_type="application/json").status_code == 401


def test_openapi_declares_bearer_security(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
