"""export_fhir carries cases, plan versions and signed session notes (CarePlan and Encounter
with petrissage extensions, Procedure per line); import_fhir writes them back into an empty
practice field by field, relinks the prescription to its case, matches the therapist by NPI
and does it once only."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from fhir.resources.R4B import get_fhir_model_class

from petrissage.audit.models import AuditEvent
from petrissage.clinical.models import (
    Case,
    CaseDiagnosis,
    NoteStatus,
    PlanTechnique,
    SessionNote,
    TreatmentLine,
    TreatmentPlan,
)
from petrissage.domain.fhir_import.care import CARE_EXTENSION, SESSION_EXTENSION
from petrissage.practice.models import Practice, Role, Staff
from petrissage.referrals.models import Prescription
from tests import factories
from tests.fhir.fhir_import_helpers import run_import, write_bundle
from tests.fhir.test_export_reimports_into_an_empty_practice import _referral

pytestmark = pytest.mark.django_db

SIGNED_AT = datetime(2026, 3, 4, 18, 30, tzinfo=UTC)


def _plan(case: Case, therapist: Staff, version: int, status: str, **extra: Any) -> TreatmentPlan:
    values: dict[str, Any] = {
        "session_minutes": 60,
        "sessions_per_week": 2,
        "weeks": 4,
        "total_visits": 8,
        "reassessment_visits": [4, 8],
        "goals": [{"text": "Sit 60 min without pain", "measure": "NPRS", "target": "2"}],
        "home_care": "Heat 15 min, cat-cow stretch",
        "modifications": "Light pressure over the left calf",
        "evidence_note": "Massage helps chronic low back pain short term",
        "evidence_certainty": "moderate",
        "sources": ["cochrane-2015-lbp"],
        "warnings": ["anticoagulant"],
        "warnings_acknowledged": True,
        "pressure_cap": 3,
    }
    values.update(extra)
    plan = TreatmentPlan.objects.create(
        practice=case.practice, case=case, version=version, status=status, created_by=therapist,
        approved_by=therapist if status != "draft" else None,
        approved_at=SIGNED_AT - timedelta(days=10) if status != "draft" else None, **values,
    )  # fmt: skip
    for region, technique, pressure in [
        ("lumbar-paraspinals-left", "swedish", 2),
        ("lumbar-paraspinals-right", "myofascial", 3),
    ]:
        PlanTechnique.objects.create(
            practice=case.practice, plan=plan, region_code=region, technique=technique,
            pressure=pressure,
        )  # fmt: skip
    return plan


def _note(case: Case, plan: TreatmentPlan | None, visit: int, status: str) -> SessionNote:
    therapist = case.therapist
    signed = status == NoteStatus.SIGNED
    note = SessionNote.objects.create(
        practice=case.practice, patient=case.patient, case=case, plan=plan, therapist=therapist,
        session_date=date(2026, 3, visit), visit_number=visit, status=status,
        appointment_minutes=60, pre_check={"fever": False, "new_injury": False}, pain_before=6,
        subjective=f"Visit {visit}: stiff after work", objective="Hypertonic erector spinae",
        response="Tone eased, range improved", pain_after=3, plan_next="Add glute work",
        home_care="Walk 20 min daily", total_minutes=53, timed_minutes=53,
        signed_at=SIGNED_AT + timedelta(days=visit) if signed else None,
        signed_by=therapist if signed else None,
        signature=therapist.signature if signed else "",
    )  # fmt: skip
    for region, technique, minutes, pressure, why in [
        ("lumbar-paraspinals-left", "swedish", 23, 2, ""),
        ("lumbar-paraspinals-right", "myofascial", 30, 3, "Cleared by Dr Reyes"),
    ]:
        TreatmentLine.objects.create(
            practice=case.practice, session=note, region_code=region, technique=technique,
            minutes=minutes, pressure=pressure, restriction_reason=why,
        )  # fmt: skip
    return note


def _build(practice: Practice, tmp_path: Path) -> None:
    assert (
        run_import(practice, write_bundle(tmp_path, "r.json", _referral(date.today()))).errors == []
    )
    therapist = factories.make_staff(practice, Role.THERAPIST, "ana-therapist")
    prescription = Prescription.objects.get(practice=practice)
    case = Case.objects.create(
        practice=practice, patient=prescription.patient, therapist=therapist,
        title="Chronic low back pain", condition_key="low_back_pain", status="discharged",
        opened_on=date(2026, 2, 20), discharged_on=date(2026, 3, 30),
        discharge_summary="Goals met; home programme",
    )  # fmt: skip
    for position, code, text in [(1, "M54.50", "Low back pain"), (2, "M62.830", "Spasm")]:
        CaseDiagnosis.objects.create(
            practice=practice, case=case, position=position, code=code, description=text
        )
    _plan(case, therapist, 1, "superseded", weeks=3, total_visits=6)
    plan = _plan(case, therapist, 2, "approved")
    _note(case, plan, 2, NoteStatus.SIGNED)
    _note(case, plan, 5, NoteStatus.SIGNED)
    _note(case, plan, 9, NoteStatus.DRAFT)  # work in progress: travels as a Basic row
    Prescription.objects.filter(pk=prescription.pk).update(case=case)
    neck = Case.objects.create(
        practice=practice, patient=prescription.patient, therapist=therapist,
        title="Neck tension", status="open", opened_on=date(2026, 3, 10),
    )  # fmt: skip
    _note(neck, None, 12, NoteStatus.SIGNED)  # a case with a session but no plan yet


def _content(practice: Practice) -> dict[str, list[tuple[Any, ...]]]:
    cases = Case.objects.filter(practice=practice).select_related("patient", "therapist")
    return {
        "cases": sorted(
            (
                c.patient.family_name,
                c.therapist.npi,
                c.title,
                c.condition_key,
                c.status,
                c.opened_on,
                c.discharged_on,
                c.discharge_summary,
                tuple(
                    c.diagnoses.order_by("position").values_list("position", "code", "description")
                ),
            )
            for c in cases
        ),
        "plans": sorted(
            (
                p.case.title,
                p.version,
                p.status,
                p.session_minutes,
                p.sessions_per_week,
                p.weeks,
                p.total_visits,
                json.dumps(p.reassessment_visits),
                json.dumps(p.goals),
                p.home_care,
                p.modifications,
                p.evidence_note,
                p.evidence_certainty,
                json.dumps(p.sources),
                json.dumps(p.warnings),
                p.warnings_acknowledged,
                p.pressure_cap,
                p.created_by.npi,
                p.approved_by.npi if p.approved_by else None,
                p.approved_at,
                tuple(
                    p.techniques.order_by("pk").values_list("region_code", "technique", "pressure")
                ),
            )
            for p in TreatmentPlan.objects.filter(practice=practice).select_related("case")
        ),
        "signed sessions": sorted(
            (
                n.case.title,
                n.plan.version if n.plan else None,
                n.therapist.npi,
                n.session_date,
                n.visit_number,
                n.status,
                n.appointment_minutes,
                json.dumps(n.pre_check, sort_keys=True),
                n.pain_before,
                n.subjective,
                n.objective,
                n.response,
                n.pain_after,
                n.plan_next,
                n.home_care,
                n.total_minutes,
                n.timed_minutes,
                n.signed_at,
                n.signed_by.npi if n.signed_by else None,
                n.signature,
                tuple(
                    n.lines.order_by("pk").values_list(
                        "region_code", "technique", "minutes", "pressure", "restriction_reason"
                    )
                ),
            )
            for n in SessionNote.objects.filter(practice=practice, status=NoteStatus.SIGNED)
        ),
        "prescription cases": sorted(
            (p.patient.family_name, p.case.title if p.case else None)
            for p in Prescription.objects.filter(practice=practice)
        ),
    }


def test_cases_plans_and_signed_sessions_survive_export_and_import(practice, owner, tmp_path):
    _build(practice, tmp_path)
    out = tmp_path / "export"
    call_command(
        "export_fhir", practice=practice.slug, out=str(out), stdout=StringIO(), stderr=StringIO()
    )
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    listed = {item["type"]: item["count"] for item in manifest["output"]}
    assert listed["CarePlan"] == 2
    assert listed["Encounter"] == 3  # the signed notes only
    assert listed["Procedure"] == 6  # one per line
    for item in manifest["output"]:  # still valid R4
        model = get_fhir_model_class(item["type"])
        for line in (out / item["url"]).read_text("utf-8").splitlines():
            model.model_validate_json(line)

    empty = factories.make_practice("beta-clinic")
    factories.make_staff(empty, Role.OWNER, "beta-owner")
    other = factories.make_staff(empty, Role.THERAPIST, "beta-therapist")  # same NPI
    summary = run_import(empty, out)

    assert summary.errors == []
    got, want = _content(empty), _content(practice)
    assert all(want.values())
    for kind in want:  # one kind at a time, naming the first field that differs
        differ = [
            (index, mine, theirs)
            for g, w in zip(got[kind], want[kind], strict=False)
            for index, (mine, theirs) in enumerate(zip(g, w, strict=True))
            if mine != theirs
        ]
        assert got[kind] == want[kind], (kind, differ[:3])
    assert {c.therapist for c in Case.objects.filter(practice=empty)} == {other}
    assert any(other.display_name in m and "(npi)" in m for m in summary.staff_matches)
    assert SessionNote.objects.filter(practice=empty, status=NoteStatus.DRAFT).count() == 1
    assert AuditEvent.objects.filter(action="session.import").count() == 3

    again = run_import(empty, out)
    assert again.total_imported == 0
    assert _content(empty) == got


def test_a_broken_care_extension_is_reported_and_the_rest_imports(practice, owner, tmp_path):
    subject = {"reference": "Patient/p-1"}
    person = {
        "resourceType": "Patient", "id": "p-1", "birthDate": "1980-05-17",
        "name": [{"family": "Rivera", "given": ["Ana"]}], "gender": "female",
    }  # fmt: skip
    broken = {
        "resourceType": "CarePlan", "id": "cp-1", "status": "active", "intent": "plan",
        "subject": subject,
        "extension": [{"url": CARE_EXTENSION, "valueString": "{not json"}],
    }  # fmt: skip
    orphan_note = {
        "note": {"case": 99, "plan": None}, "lines": [], "case": None,
    }  # fmt: skip
    orphan = {
        "resourceType": "Encounter", "id": "e-1", "status": "finished",
        "class": {"code": "AMB"}, "subject": subject,
        "extension": [{"url": SESSION_EXTENSION, "valueString": json.dumps(orphan_note)}],
    }  # fmt: skip
    partial = {"note": {"case": 1}, "lines": [], "case": {"id": 1, "title": "Neck"}}
    half = {**orphan, "id": "e-2", "extension": [{"url": SESSION_EXTENSION,
                                                  "valueString": json.dumps(partial)}]}  # fmt: skip
    bundle: list[dict[str, Any]] = [person, broken, orphan, half]
    summary = run_import(practice, write_bundle(tmp_path, "b.json", bundle))

    reasons = dict(summary.errors)
    assert any("CarePlan/cp-1" in where and "not JSON" in why for where, why in reasons.items())
    assert any("Encounter/e-1" in where and "Case/99" in why for where, why in reasons.items())
    assert any("Encounter/e-2" in where and "malformed" in why for where, why in reasons.items())
    assert summary.created["Patient"] == 1
    assert not Case.objects.filter(practice=practice).exists()
