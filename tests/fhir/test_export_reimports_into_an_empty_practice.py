"""export_fhir writes the practice as bulk NDJSON with a manifest; import_fhir reads it back
into an empty practice with the same records (counts and content)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from fhir.resources.R4B import get_fhir_model_class

from petrissage.fhir.mapping.patient import chart_number_system
from petrissage.patients.models import (
    Coverage,
    PastEncounter,
    PastProcedure,
    Patient,
    PatientAllergy,
    PatientCondition,
    PatientMedication,
    VitalSign,
)
from petrissage.practice.models import Role
from petrissage.referrals.models import Prescription, ReferringProvider
from tests import factories
from tests.fhir.fhir_import_helpers import (
    SYNTHEA,
    WARFARIN_OSTEOPOROSIS,
    condition,
    patient,
    run_import,
    write_bundle,
)

pytestmark = pytest.mark.django_db

NPI = "1234567893"  # the CMS example NPI (passes the Luhn check)


def _referral(today: date) -> list[dict]:
    """A physician's massage order, as an EHR would send it (ours, hand-made)."""
    doctor = {
        "resourceType": "Practitioner",
        "id": "dr-1",
        "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": NPI}],
        "name": [{"family": "Reyes", "given": ["Anna"], "prefix": ["Dr"], "suffix": ["MD"]}],
        "telecom": [{"system": "fax", "value": "555-0101"}],
    }
    order = {
        "resourceType": "ServiceRequest",
        "id": "sr-1",
        "status": "active",
        "intent": "order",
        "code": {"text": "Therapeutic massage, lumbar region"},
        "subject": {"reference": "urn:uuid:p-1"},
        "requester": {"reference": "urn:uuid:dr-1"},
        "authoredOn": (today - timedelta(days=3)).isoformat(),
        "occurrenceTiming": {
            "repeat": {
                "boundsPeriod": {
                    "start": (today - timedelta(days=3)).isoformat(),
                    "end": (today + timedelta(days=53)).isoformat(),
                },
                "count": 8,
                "frequency": 1,
                "period": 1,
                "periodUnit": "wk",
            }
        },
        "reasonCode": [{"coding": [{"system": "http://snomed.info/sct", "code": "278860009"}]}],
    }
    cover = {
        "resourceType": "Coverage",
        "id": "cov-1",
        "status": "active",
        "beneficiary": {"reference": "urn:uuid:p-1"},
        "subscriberId": "W123456",
        "payor": [{"display": "Acme Health"}],
        "relationship": {"coding": [{"code": "self"}]},
    }
    allergy = {
        "resourceType": "AllergyIntolerance",
        "id": "al-1",
        "code": {"text": "Lavender oil"},
        "category": ["environment"],
        "patient": {"reference": "urn:uuid:p-1"},
    }
    return [patient(), condition("c-1", "95417003", "Primary fibromyalgia syndrome"),
            doctor, order, cover, allergy]  # fmt: skip


NOT_CONTENT = {"id", "practice", "patient", "chart_number", "phone_digits", "source",
               "external_id", "created_at", "updated_at"}  # fmt: skip


def _every_field(model, practice, who) -> list[tuple]:
    """Each row of a patient-record table with every field that is content (not ids)."""
    names = [f.attname for f in model._meta.concrete_fields if f.name not in NOT_CONTENT]
    rows = model.objects.filter(practice=practice)
    owner = (lambda row: who(row.pk)) if model is Patient else (lambda row: who(row.patient_id))
    return sorted((owner(row), *(str(getattr(row, n)) for n in names)) for row in rows)


def _content(practice):
    patients = {
        p.pk: (p.given_name, p.family_name, p.birth_date, p.sex, p.phone, p.city, p.state)
        for p in Patient.objects.filter(practice=practice)
    }
    who = patients.__getitem__
    own = chart_number_system(practice)
    return {
        "patients": sorted(patients.values()),
        "identifiers": sorted(
            (who(p.pk), i.system, i.value)
            for p in Patient.objects.filter(practice=practice)
            for i in p.identifiers.all()
            if not i.system.startswith(own.rsplit("/", 1)[0])
        ),
        "conditions": sorted(
            (who(c.patient_id), c.system, c.code, c.icd10_code, c.clinical_status, c.onset)
            for c in PatientCondition.objects.filter(practice=practice)
        ),
        "medications": sorted(
            (who(m.patient_id), m.name, m.rxnorm, m.active)
            for m in PatientMedication.objects.filter(practice=practice)
        ),
        "allergies": sorted(
            (who(a.patient_id), a.display, a.category)
            for a in PatientAllergy.objects.filter(practice=practice)
        ),
        "procedures": sorted(
            (who(p.patient_id), p.code, p.performed_on)
            for p in PastProcedure.objects.filter(practice=practice)
        ),
        "encounters": sorted(
            (who(e.patient_id), e.type_code, e.started_at, e.ended_at)
            for e in PastEncounter.objects.filter(practice=practice)
        ),
        "vitals": sorted(
            (who(v.patient_id), v.systolic, v.diastolic, v.effective_at)
            for v in VitalSign.objects.filter(practice=practice)
        ),
        "coverage": sorted(
            (
                who(c.patient_id),
                c.channel,
                c.payer_name,
                c.payer_identifier,
                c.member_id,
                c.group_number,
                c.subscriber_name,
                c.subscriber_birth_date,
                c.relationship,
                c.priority,
                c.active,
                c.valid_from,
                c.valid_to,
                c.claim_number,
                c.injury_date,
                c.employer_name,
                c.accident_state,
            )
            for c in Coverage.objects.filter(practice=practice)
        ),
        **{
            f"every field of {model.__name__}": _every_field(model, practice, who)
            for model in (Patient, PatientCondition, PatientMedication, PatientAllergy)
        },
        "providers": sorted(
            (p.name, p.credentials, p.npi, p.specialty, p.organisation, p.phone, p.fax, p.email)
            for p in ReferringProvider.objects.filter(practice=practice)
        ),
        "prescriptions": sorted(
            (
                who(p.patient_id),
                p.provider.npi,
                p.issued_on,
                p.expires_on,
                tuple(p.cpt_codes),
                p.visit_cap,
                p.weeks,
                p.sessions_per_week,
                tuple(p.diagnosis_codes),
                tuple(p.regions),
                p.prior_auth_number,
                p.authorised_visits,
                p.report_every_visits,
                p.report_every_days,
                p.precautions,
            )
            for p in Prescription.objects.filter(practice=practice).select_related("provider")
        ),
    }


def _fill_in_what_an_import_does_not_set(practice, today: date) -> None:
    """Details staff add by hand after a referral arrives: a prior authorisation with its
    visits, a progress-report interval, the subscriber, and a second (self-pay) coverage."""
    Prescription.objects.filter(practice=practice).update(
        prior_auth_number="PA-2026-0042",
        authorised_visits=6,
        report_every_visits=6,
        report_every_days=30,
        regions=["lumbar-paraspinals-left", "lumbar-paraspinals-right"],
        precautions="No deep work over the left kidney",
    )
    Coverage.objects.filter(practice=practice).update(
        payer_identifier="60054",
        group_number="GRP-881",
        subscriber_name="Maria Lopez",
        subscriber_birth_date=date(1970, 3, 9),
        relationship="01",
        valid_from=today - timedelta(days=200),
        valid_to=today + timedelta(days=165),
    )
    ReferringProvider.objects.filter(practice=practice).update(
        specialty="Physical medicine and rehabilitation",
        organisation="Harbour Spine Clinic",
        phone="555-0100",
        email="reyes@example.com",
    )
    patient = Patient.objects.filter(practice=practice).order_by("pk").first()
    Patient.objects.filter(pk=patient.pk).update(
        preferred_name="Annie",
        email="ana.rivera@example.com",
        address_line="12 Harbour Road, Unit 4",
        postal_code="98101",
        preferred_language="Spanish",
        emergency_contact_name="Luis Rivera",
        emergency_contact_phone="555-0199",
        emergency_contact_relationship="Brother",
    )
    Coverage.objects.create(
        practice=practice, patient=patient, channel="self_pay", priority=2, active=False
    )
    Coverage.objects.create(
        practice=practice,
        patient=patient,
        channel="auto",
        payer_name="Roadway Mutual",
        member_id="AUTO-17",
        claim_number="CLM-5521",
        injury_date=today - timedelta(days=40),
        accident_state="WA",
        priority=3,
    )


def test_export_then_import_into_an_empty_practice_loses_nothing(
    practice, owner, shared_data, tmp_path
):
    today = date.today()
    first = run_import(practice, write_bundle(tmp_path, "referral.json", _referral(today)))
    assert first.errors == []
    run_import(practice, shared_data / SYNTHEA / WARFARIN_OSTEOPOROSIS)
    assert Prescription.objects.filter(practice=practice).count() == 1
    _fill_in_what_an_import_does_not_set(practice, today)

    out = tmp_path / "export"
    call_command(
        "export_fhir", practice=practice.slug, out=str(out), stdout=StringIO(), stderr=StringIO()
    )
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    listed = {item["type"]: item["count"] for item in manifest["output"]}
    assert listed["Patient"] == 2
    assert listed["ServiceRequest"] == 1
    for item in manifest["output"]:  # every exported resource is valid R4
        model = get_fhir_model_class(item["type"])
        for line in (out / item["url"]).read_text("utf-8").splitlines():
            model.model_validate_json(line)

    empty = factories.make_practice("beta-clinic")
    factories.make_staff(empty, Role.OWNER, "beta-owner")
    summary = run_import(empty, out)

    assert summary.errors == []
    got, want = _content(empty), _content(practice)
    assert any("Annie" in row for row in want["every field of Patient"])
    assert all(want[f"every field of {m.__name__}"] for m in (PatientCondition, PatientAllergy))
    for kind in want:  # one kind at a time, so a failure names what was lost
        assert got[kind] == want[kind], kind
    again = run_import(empty, out)
    assert again.total_imported == 0
