"""Role scoping over FHIR (issue 10: "an empty result and a forbidden one look the same"),
for every role × each of the fourteen types, following the role table
(petrissage/practice/permissions.py): clinical records (CLINICAL_VIEW) for owner and
therapist only, claims (BILLING_VIEW) for owner, biller and front desk, patients and
appointments for everyone.

A record the role may not see reads exactly like a missing id (the same 404 body), a search
for it is exactly the empty searchset a search matching nothing answers (byte for byte), a
bad parameter is still a 400 for everyone, and Patient/{id}/$everything carries only the
types the role may read. The refusal itself is still audited."""

from __future__ import annotations

import pytest

from petrissage.audit.models import AuditEvent
from petrissage.practice.permissions import PERMISSIONS, Action
from tests import factories
from tests.fhir.test_search_parameters_every_type import (
    BASE,
    CASES,
    Api,
    TypeCase,
    World,
    _search,
)

pytestmark = pytest.mark.django_db

# The action each type needs (views: resource_views.Spec.action).
NEEDS = {case.resource: Action.CLINICAL_VIEW for case in CASES}
NEEDS |= {
    "Patient": Action.PATIENT_VIEW,
    "Appointment": Action.SCHEDULE_VIEW,
    "Claim": Action.BILLING_VIEW,
}


def visible(role: str, resource: str) -> bool:
    return role in PERMISSIONS[NEEDS[resource]]


def test_the_role_table_is_what_the_issue_expects():
    """Front desk and billers read no clinical record; therapists read no claim."""
    assert not visible("front_desk", "Encounter")
    assert not visible("biller", "QuestionnaireResponse")
    assert not visible("biller", "Observation")
    assert not visible("therapist", "Claim")
    assert visible("front_desk", "Claim")
    assert visible("front_desk", "Appointment")


@pytest.fixture
def world(practice, other_practice, owner, therapist) -> World:
    from petrissage.practice.models import Role

    return World(practice, owner, therapist, factories.make_staff(other_practice, Role.OWNER))


@pytest.fixture
def api(client) -> Api:
    return Api(client)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.resource)
def test_forbidden_reads_and_searches_look_like_misses(api, world, personas, case: TypeCase):
    built = case.build(world)
    spare = factories.make_patient(world.practice)  # a patient with no rows of this type
    missing = api.outcome(world.owner, f"{BASE}/{case.resource}/999999999", 404)
    nothing = api.get(world.owner, _search(case, spare))
    assert nothing.status_code == 200
    for role, staff in personas.items():
        allowed = visible(role, case.resource)
        for resource_id in built.ids_a:
            url = f"{BASE}/{case.resource}/{resource_id}"
            if allowed:
                assert api.get(staff, url).status_code == 200, (role, url)
            else:
                assert api.outcome(staff, url, 404) == missing, (role, url)
        found = api.ids(staff, _search(case, built.a))
        assert found == (built.ids_a if allowed else set()), role
        same = api.get(staff, _search(case, spare))
        assert (same.status_code, same["Content-Type"]) == (200, nothing["Content-Type"])
        assert same.content == nothing.content, role
        bad = api.outcome(staff, _search(case, built.a, "colour=blue"), 400)
        assert bad["issue"][0]["expression"] == ["colour"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.resource)
def test_everything_carries_only_what_the_role_may_read(api, world, personas, case: TypeCase):
    built = case.build(world)
    for role, staff in personas.items():
        bundle = api.bundle(staff, f"{BASE}/Patient/{built.a.pk}/$everything")
        entries = {(e["resource"]["resourceType"], e["resource"]["id"]) for e in bundle["entry"]}
        kinds = {kind for kind, _ in entries} - {"Coverage"}  # coverage: every role
        assert all(visible(role, kind) for kind in kinds), (role, kinds)
        ours = {(case.resource, resource_id) for resource_id in built.ids_a}
        assert (ours <= entries) == visible(role, case.resource), role
        assert not {(case.resource, i) for i in built.ids_b} & entries  # only this patient
    other = api.outcome(world.other_owner, f"{BASE}/Patient/{built.a.pk}/$everything", 404)
    assert other == api.outcome(world.owner, f"{BASE}/Patient/999999999/$everything", 404)


def test_a_refusal_is_still_audited(api, world, front_desk):
    from tests.fhir.test_search_parameters_every_type import build_encounter

    built = build_encounter(world)
    note = sorted(i for i in built.ids_a if i.isdigit())[0]
    api.outcome(front_desk, f"{BASE}/Encounter/{note}", 404)
    api.bundle(front_desk, f"{BASE}/Encounter?patient={built.a.pk}")
    denied = AuditEvent.objects.filter(action="permission.denied", user=front_desk.user)
    assert denied.count() == 2
    assert {e.detail["attempted"] for e in denied} == {Action.CLINICAL_VIEW.value}


def test_include_is_refused_for_every_role(api, world, personas):
    patient = factories.make_patient(world.practice)
    for staff in personas.values():
        for url in (
            f"{BASE}/Encounter?patient={patient.pk}&_include=Encounter:patient",
            f"{BASE}/Patient?_id={patient.pk}&_revinclude=Encounter:patient",
            f"{BASE}/Claim?patient={patient.pk}&_include=Claim:patient",
        ):
            outcome = api.outcome(staff, url, 400)
            assert outcome["issue"][0]["expression"][0] in ("_include", "_revinclude")
