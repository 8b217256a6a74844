"""Treatment plans as FHIR CarePlan, validated by fhir.resources: status follows the plan
version and the case, diagnoses and goals are contained, each technique is an activity with
the dose as Timing; practice-scoped, clinical roles only, bad parameters refused."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.operationoutcome import OperationOutcome

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.clinical import plan_services
from petrissage.clinical.models import PlanStatus
from petrissage.clinical.plan_selectors import severity_of
from tests.factories import make_token
from tests.sessions.conftest import make_case, make_screening


def _get(client, url, staff):
    return client.get(url, headers={"Authorization": f"Bearer {make_token(staff)}"})


@pytest.fixture
def plans(patient, therapist):
    """v1 approved then superseded by v2 (approved), and a v3 draft."""
    case = make_case(patient, therapist)
    make_screening(patient)
    actor = Actor.for_staff(therapist)
    severity = severity_of(6, "moderate", 30)
    made = []
    for _ in range(2):
        plan = plan_services.plan_propose(
            case=case, actor=actor, staff=therapist, severity=severity, goals=["Drive 1 hour"]
        )
        plan_services.plan_approve(plan=plan, actor=actor, staff=therapist)
        made.append(plan)
    draft = plan_services.plan_propose(
        case=case, actor=actor, staff=therapist, severity=severity, goals=[]
    )
    for plan in made:
        plan.refresh_from_db()
    return case, made[0], made[1], draft


def test_care_plans_validate_with_status_diagnoses_goals_and_dose(
    client, therapist, patient, plans
):
    _, old, current, draft = plans
    assert old.status == PlanStatus.SUPERSEDED
    response = _get(client, f"/fhir/R4/CarePlan?patient=Patient/{patient.pk}", therapist)
    assert response.status_code == 200
    bundle = Bundle.model_validate(response.json())
    found = {e.resource.id: CarePlan.model_validate(e.resource.model_dump()) for e in bundle.entry}
    assert {k: v.status for k, v in found.items()} == {
        str(old.pk): "revoked",
        str(current.pk): "active",
        str(draft.pk): "draft",
    }
    plan = found[str(current.pk)]
    assert plan.intent == "plan"
    assert plan.subject.reference == f"Patient/{patient.pk}"
    contained = {c.get_resource_type(): c.model_dump() for c in plan.contained}
    condition = Condition.model_validate(contained["Condition"])
    assert (condition.code.coding[0].system, condition.code.coding[0].code) == (
        "http://hl7.org/fhir/sid/icd-10-cm",
        "M54.2",
    )
    assert plan.addresses[0].reference == f"#{condition.id}"
    goal = Goal.model_validate(contained["Goal"])
    assert goal.description.text == "Drive 1 hour"
    timing = plan.activity[0].detail.scheduledTiming.repeat
    assert (timing.frequency, timing.periodUnit, timing.duration, timing.count) == (2, "wk", 60, 8)
    assert timing.boundsDuration.value == 4
    assert any("Evidence (certainty Mod (U))" in n.text for n in plan.note)
    assert AuditEvent.objects.filter(action="plan.fhir_search").count() == 1


def test_read_one_and_status_search(client, therapist, plans):
    _, old, current, _ = plans
    response = _get(client, f"/fhir/R4/CarePlan/{current.pk}", therapist)
    assert CarePlan.model_validate(response.json()).status == "active"
    revoked = _get(
        client, f"/fhir/R4/CarePlan?patient={current.case.patient_id}&status=revoked", therapist
    )
    ids = [e["resource"]["id"] for e in revoked.json()["entry"]]
    assert ids == [str(old.pk)]


def test_other_practice_roles_and_bad_parameters(client, therapist, outsider, front_desk, plans):
    _, _, current, _ = plans
    assert _get(client, f"/fhir/R4/CarePlan/{current.pk}", outsider).status_code == 404
    assert _get(client, f"/fhir/R4/CarePlan/{current.pk}", front_desk).status_code == 404
    for query in (
        "",
        "?patient=Patient/x",
        f"?patient={current.case.patient_id}&status=nope",
        f"?patient={current.case.patient_id}&category=x",
    ):
        response = _get(client, f"/fhir/R4/CarePlan{query}", therapist)
        assert response.status_code == 400, query
        OperationOutcome.model_validate(response.json())


def test_capability_statement_lists_care_plan(client):
    statement = CapabilityStatement.model_validate(client.get("/fhir/R4/metadata").json())
    kinds = {r.type for r in statement.rest[0].resource}
    assert "CarePlan" in kinds
