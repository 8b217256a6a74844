"""FHIR Claim read and search, validated with fhir.resources.R4B."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claim import Claim as FhirClaim

from petrissage.billing.charge_services import charges_create_for_session
from petrissage.billing.models import Claim
from petrissage.practice.models import Role
from tests import factories
from tests.billing.builders import actor_for, insured_patient, open_case, session, setup_billing


@pytest.fixture
def claim(practice, therapist):
    setup_billing(practice)
    lines = (("massage", "lumbar-paraspinals", 30), ("myofascial release", "upper-trapezius", 23))
    note = session(open_case(insured_patient(practice), therapist, "M54.50", "M62.830"), lines)
    charges_create_for_session(session=note, actor=actor_for(practice))
    return Claim.objects.get()


def get(client, token, url):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_read_is_a_valid_r4_claim(client, biller, claim):
    response = get(client, factories.make_token(biller), f"/fhir/R4/Claim/{claim.pk}")
    assert response.status_code == 200
    resource = FhirClaim.parse_obj(response.json())
    assert resource.status == "draft"
    assert len(resource.item) == 2
    assert resource.item[1].modifier[0].coding[0].code == "59"


def test_search_by_patient_and_status(client, biller, claim):
    token = factories.make_token(biller)
    found = get(client, token, f"/fhir/R4/Claim?patient=Patient/{claim.patient_id}&status=draft")
    bundle = Bundle.parse_obj(found.json())
    assert bundle.total == 1
    none = get(client, token, f"/fhir/R4/Claim?patient={claim.patient_id}&status=cancelled")
    assert none.json()["total"] == 0


def test_bad_search_parameter_is_a_400_outcome(client, biller, claim):
    response = get(client, factories.make_token(biller), "/fhir/R4/Claim?status=nonsense")
    assert response.status_code == 400
    assert response.json()["resourceType"] == "OperationOutcome"


def test_therapist_is_refused_and_outsider_sees_404(client, therapist, other_practice, claim):
    assert (
        get(client, factories.make_token(therapist), f"/fhir/R4/Claim/{claim.pk}").status_code
        == 404
    )
    outsider = factories.make_staff(other_practice, Role.BILLER, "out-biller")
    assert (
        get(client, factories.make_token(outsider), f"/fhir/R4/Claim/{claim.pk}").status_code == 404
    )
    search = get(client, factories.make_token(outsider), "/fhir/R4/Claim")
    assert search.json()["total"] == 0


def test_capability_statement_lists_claim(client):
    types = [r["type"] for r in client.get("/fhir/R4/metadata").json()["rest"][0]["resource"]]
    assert "Claim" in types
