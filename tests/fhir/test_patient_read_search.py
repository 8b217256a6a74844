"""FHIR Patient read and search: valid R4 JSON, scoped to the token's practice, audited."""

from __future__ import annotations

from datetime import date

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.patient import Patient as FhirPatient

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.patients.services import patient_create, patient_update
from petrissage.practice.models import ApiToken
from petrissage.practice.services import api_token_revoke
from tests import factories

BASE = "/fhir/R4"
FHIR_JSON = "application/fhir+json; charset=utf-8"
CHART_SYSTEM = "https://petrissage.dev/fhir/sid/chart-number/alpha-clinic"
MRN_SYSTEM = "urn:oid:1.2.36.146.595.217.0.1"


@pytest.fixture
def fhir(client):
    """fhir(staff)(url) → response, with the staff member's bearer token."""

    def as_staff(staff):
        headers = {"Authorization": f"Bearer {factories.make_token(staff)}"}
        return lambda url: client.get(url, headers=headers)

    return as_staff


@pytest.fixture
def full_patient(practice):
    patient = patient_create(
        practice=practice,
        actor=Actor.system(practice),
        data={
            "given_name": "Ada",
            "family_name": "Okafor",
            "preferred_name": "Addie",
            "birth_date": date(1990, 2, 28),
            "sex": "female",
            "phone": "206-555-0142",
            "email": "ada@example.org",
            "address_line": "1 Pine St",
            "city": "Seattle",
            "state": "WA",
            "postal_code": "98101",
            "emergency_contact_name": "Ben Okafor",
            "emergency_contact_phone": "206-555-0143",
            "emergency_contact_relationship": "Brother",
        },
        identifiers=[(MRN_SYSTEM, "MRN-778")],
    )
    return patient


def bundle_of(response) -> Bundle:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == FHIR_JSON
    return Bundle.model_validate(response.json())


def ids(bundle: Bundle) -> list[str]:
    return [entry.resource.id for entry in bundle.entry or []]


def outcome_of(response, status: int) -> OperationOutcome:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == FHIR_JSON
    return OperationOutcome.model_validate(response.json())


# Read -----------------------------------------------------------------------------------


def test_read_returns_a_valid_patient_with_chart_number_and_identifiers(
    fhir, therapist, full_patient
):
    response = fhir(therapist)(f"{BASE}/Patient/{full_patient.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON
    resource = FhirPatient.model_validate(response.json())
    assert resource.id == str(full_patient.pk)
    assert resource.gender == "female"
    assert resource.birthDate == date(1990, 2, 28)
    assert resource.name[0].family == "Okafor"
    systems = {(i.system, i.value) for i in resource.identifier}
    assert (CHART_SYSTEM, full_patient.chart_number) in systems
    assert (MRN_SYSTEM, "MRN-778") in systems
    assert resource.contact[0].name.text == "Ben Okafor"


def test_read_is_audited_with_source_fhir(fhir, therapist, patient):
    fhir(therapist)(f"{BASE}/Patient/{patient.pk}")
    event = AuditEvent.objects.get(action="patient.view", patient=patient)
    assert event.source == "fhir"
    assert event.username == therapist.user.username


def test_another_practices_patient_is_404_operation_outcome(fhir, outsider, patient):
    outcome = outcome_of(fhir(outsider)(f"{BASE}/Patient/{patient.pk}"), 404)
    assert outcome.issue[0].code == "not-found"
    assert not AuditEvent.objects.filter(action="patient.view").exists()


@pytest.mark.parametrize("bad_id", ["abc", "0", "99999999999999999999999", "1.5"])
def test_unknown_ids_are_404_operation_outcome(fhir, therapist, bad_id):
    outcome_of(fhir(therapist)(f"{BASE}/Patient/{bad_id}"), 404)


@pytest.mark.parametrize("authorization", [None, "Basic x", "Bearer nonsense", "Bearer pt_x_y"])
def test_without_a_valid_token_it_is_401_operation_outcome(client, patient, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    for url in (f"{BASE}/Patient/{patient.pk}", f"{BASE}/Patient?name=Maria"):
        response = client.get(url, headers=headers)
        outcome = outcome_of(response, 401)
        assert outcome.issue[0].code == "login"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_401(client, therapist, patient):
    secret = factories.make_token(therapist)
    api_token_revoke(token=ApiToken.objects.get(staff=therapist), actor=Actor.for_staff(therapist))
    response = client.get(
        f"{BASE}/Patient/{patient.pk}", headers={"Authorization": f"Bearer {secret}"}
    )
    outcome_of(response, 401)


# Search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "name=oka",
        "name=ADA",
        "name=addie",
        "family=Okafor",
        "given=ad",
        "name:contains=kaf",
        "name:exact=Okafor",
    ],
)
def test_name_search_matches_given_family_or_preferred(
    fhir, therapist, full_patient, patient, query
):
    bundle = bundle_of(fhir(therapist)(f"{BASE}/Patient?{query}"))
    assert ids(bundle) == [str(full_patient.pk)]
    assert bundle.total == 1
    assert bundle.type == "searchset"


def test_name_search_does_not_match_the_middle_without_contains(fhir, therapist, full_patient):
    assert bundle_of(fhir(therapist)(f"{BASE}/Patient?name=kaf")).total == 0


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("birthdate=1990-02-28", True),
        ("birthdate=eq1990-02-28", True),
        ("birthdate=1990-02", True),
        ("birthdate=1990", True),
        ("birthdate=1990-03-01", False),
        ("birthdate=ge1990-02-28", True),
        ("birthdate=ge1990-03-01", False),
        ("birthdate=le1990-02-28", True),
        ("birthdate=le1990-02-27", False),
        ("birthdate=gt1990-02-27", True),
        ("birthdate=lt1990-02-28", False),
        ("birthdate=ne1990-02-28", False),
    ],
)
def test_birthdate_search_with_prefixes(fhir, therapist, full_patient, query, found):
    bundle = bundle_of(fhir(therapist)(f"{BASE}/Patient?{query}"))
    assert ids(bundle) == ([str(full_patient.pk)] if found else [])


@pytest.mark.parametrize(
    "bad", ["1990-13-01", "1990-02-30", "yesterday", "xx1990-01-01", "1990/02/28", "19900228"]
)
def test_a_malformed_birthdate_is_400(fhir, therapist, bad):
    outcome = outcome_of(fhir(therapist)(f"{BASE}/Patient?birthdate={bad}"), 400)
    assert outcome.issue[0].expression == ["birthdate"]


@pytest.mark.parametrize(
    "identifier",
    [f"{MRN_SYSTEM}|MRN-778", "MRN-778", f"{MRN_SYSTEM}|", "CHART"],
)
def test_identifier_search_finds_the_patient(fhir, therapist, full_patient, patient, identifier):
    identifier = identifier.replace("CHART", f"{CHART_SYSTEM}|{full_patient.chart_number}")
    bundle = bundle_of(fhir(therapist)(f"{BASE}/Patient?identifier={identifier}"))
    assert ids(bundle) == [str(full_patient.pk)]


def test_identifier_search_misses_a_wrong_system_or_value(fhir, therapist, full_patient):
    caller = fhir(therapist)
    assert bundle_of(caller(f"{BASE}/Patient?identifier=urn:other|MRN-778")).total == 0
    assert bundle_of(caller(f"{BASE}/Patient?identifier={MRN_SYSTEM}|MRN-779")).total == 0


def test_parameters_combine_with_and_and_commas_with_or(
    fhir, therapist, practice, full_patient, patient
):
    caller = fhir(therapist)
    both = bundle_of(caller(f"{BASE}/Patient?name=ada,maria"))
    assert set(ids(both)) == {str(full_patient.pk), str(patient.pk)}
    one = bundle_of(caller(f"{BASE}/Patient?name=ada,maria&birthdate=1990"))
    assert ids(one) == [str(full_patient.pk)]


def test_the_outsider_finds_nothing_of_another_practice(fhir, outsider, full_patient):
    caller = fhir(outsider)
    assert bundle_of(caller(f"{BASE}/Patient")).total == 0
    assert bundle_of(caller(f"{BASE}/Patient?name=Ada")).total == 0
    assert bundle_of(caller(f"{BASE}/Patient?identifier=MRN-778")).total == 0
    assert bundle_of(caller(f"{BASE}/Patient?_id={full_patient.pk}")).total == 0


@pytest.mark.parametrize(
    "parameter",
    [
        "address",
        "_sort",
        "_include",
        "_revinclude",
        "_has:Observation:patient:code",
        "name:missing",
        "birthdate:exact",
        "_summary",
        "general-practitioner.name",
    ],
)
def test_unsupported_parameters_are_400_naming_them(fhir, therapist, patient, parameter):
    outcome = outcome_of(fhir(therapist)(f"{BASE}/Patient?{parameter}=x"), 400)
    assert outcome.issue[0].code == "invalid"
    assert outcome.issue[0].expression == [parameter]
    assert parameter in outcome.issue[0].diagnostics


@pytest.mark.parametrize(
    "query",
    [
        "_count=abc",
        "_count=-1",
        "gender=robot",
        "name=",
        f"name={'a' * 10_000}",
        "_format=xml",
        "name=ana%00",
    ],
)
def test_bad_values_are_400(fhir, therapist, query):
    outcome_of(fhir(therapist)(f"{BASE}/Patient?{query}"), 400)


def test_count_is_capped_at_100_and_pages_link_on(fhir, therapist, practice):
    for _ in range(103):
        factories.make_patient(practice, email="")
    caller = fhir(therapist)
    bundle = bundle_of(caller(f"{BASE}/Patient?_count=100000"))
    assert bundle.total == 103
    assert len(bundle.entry) == 100
    links = {link.relation: link.url for link in bundle.link}
    assert "_count=100" in links["self"]
    next_page = bundle_of(caller(links["next"].removeprefix("http://testserver")))
    assert len(next_page.entry) == 3
    assert "next" not in {link.relation for link in next_page.link}
    assert not set(ids(bundle)) & set(ids(next_page))


def test_count_zero_gives_only_the_total(fhir, therapist, patient):
    bundle = bundle_of(fhir(therapist)(f"{BASE}/Patient?_count=0"))
    assert bundle.total == 1
    assert not bundle.entry


def test_entries_have_full_urls(fhir, therapist, patient):
    bundle = bundle_of(fhir(therapist)(f"{BASE}/Patient?name=maria"))
    assert bundle.entry[0].fullUrl == f"http://testserver/fhir/R4/Patient/{patient.pk}"
    assert bundle.entry[0].search.mode == "match"


def test_a_search_is_audited_once_naming_a_single_patient(fhir, therapist, practice, patient):
    factories.make_patient(practice)
    bundle_of(fhir(therapist)(f"{BASE}/Patient?name=maria"))
    event = AuditEvent.objects.get(action="patient.search")
    assert event.source == "fhir"
    assert event.detail["count"] == 1
    assert event.detail["patient"] == patient.pk
    assert event.patient == patient


def test_search_audit_has_no_patient_when_several_match(fhir, therapist, practice, patient):
    factories.make_patient(practice)
    bundle_of(fhir(therapist)(f"{BASE}/Patient"))
    event = AuditEvent.objects.get(action="patient.search")
    assert event.detail["count"] == 2
    assert event.patient is None


def test_an_inactive_patient_is_still_valid_fhir(fhir, therapist, patient):
    patient_update(patient=patient, actor=Actor.system(patient.practice), data={"phone": ""})
    type(patient).objects.filter(pk=patient.pk).update(active=False)
    resource = FhirPatient.model_validate(fhir(therapist)(f"{BASE}/Patient/{patient.pk}").json())
    assert resource.active is False
    assert all(t.system != "phone" for t in resource.telecom or [])
