"""Screening re-runs when an input changes, records its rules version, and blocks
treatment until a clearance is recorded (every clearance audited)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.clinical.models import Clearance, Screening
from petrissage.clinical.screening_services import current_screening, screening_rerun
from petrissage.domain.screening import RULES_VERSION
from petrissage.patients import history_services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_healthy_patient_screens_clear(patient, therapist):
    screening = screening_rerun(patient=patient, actor=Actor.for_staff(therapist), trigger="test")
    assert screening.rules_version == RULES_VERSION
    assert list(screening.findings.all()) == []
    assert not screening.blocks_treatment


def test_adding_warfarin_reruns_screening_and_caps_pressure(login, therapist, patient):
    client = login(therapist)
    response = client.post(reverse("medication_add", args=[patient.pk]), {"name": "Warfarin 5 mg"})
    assert response.status_code == 302
    screening = current_screening(patient)
    assert screening.trigger.startswith("medication added")
    finding = screening.findings.get()
    assert finding.finding_class == "relative"
    assert finding.pressure_cap is not None
    assert finding.pressure_cap <= 2
    assert screening.pressure_cap == finding.pressure_cap
    assert AuditEvent.objects.filter(action="screening.run", patient=patient).exists()


def test_stopping_the_medication_reruns_again_and_only_one_screening_is_current(
    login, therapist, patient
):
    actor = Actor.for_staff(therapist)
    medication = history_services.medication_add(patient=patient, actor=actor, name="Eliquis")
    history_services.medication_stop(medication=medication, actor=actor)
    assert Screening.objects.filter(patient=patient).count() == 2
    assert Screening.objects.filter(patient=patient, is_current=True).count() == 1
    assert list(current_screening(patient).findings.all()) == []


def test_a_coded_condition_is_recognised_by_family(therapist, patient):
    actor = Actor.for_staff(therapist)
    history_services.condition_add(
        patient=patient,
        actor=actor,
        system="snomed",
        code="64859006",
        display="Osteoporosis (disorder)",
    )
    finding = current_screening(patient).findings.get()
    assert "osteoporosis" in finding.condition.lower()
    assert finding.coding_code == "64859006"


def _refer_out(patient, therapist):
    """An uncleared refer-out finding: a hypertensive emergency (ICD-10-CM I16.1)."""
    actor = Actor.for_staff(therapist)
    history_services.condition_add(
        patient=patient, actor=actor, system="icd10", code="I16.1", display="Hypertensive emergency"
    )
    return current_screening(patient)


def test_a_blocking_finding_needs_clearance_and_the_clearance_is_audited(login, therapist, patient):
    screening = _refer_out(patient, therapist)
    blocking = [f for f in screening.findings.all() if f.blocks_treatment]
    assert blocking, [f.rule_id for f in screening.findings.all()]
    rule = blocking[0].rule_id
    document = SimpleUploadedFile("../../etc/letter.pdf", PDF, content_type="application/pdf")
    response = login(therapist).post(
        reverse("clearance_add", args=[patient.pk]),
        {
            "rule_id": rule,
            "cleared_by": "Dr. Ana Ruiz, MD",
            "cleared_on": date.today().isoformat(),
            "scope": "Light pressure only; avoid the abdomen",
            "document": document,
        },
    )
    assert response.status_code == 302
    clearance = Clearance.objects.get()
    assert clearance.document_name == "letter.pdf"
    assert "etc" not in clearance.document.name
    after = current_screening(patient)
    assert all(not f.blocks_treatment for f in after.findings.all() if f.rule_id == rule)
    assert AuditEvent.objects.filter(action="clearance.record", patient=patient).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cleared_by": ""}, "Cleared by"),
        ({"cleared_on": (date.today() + timedelta(days=5)).isoformat()}, "in the future"),
        (
            {
                "document": SimpleUploadedFile(
                    "x.exe", b"MZ\x90\x00", content_type="application/pdf"
                )
            },
            "PDF, PNG or JPEG",
        ),
        ({"rule_id": "no-such-rule"}, "No current screening finding"),
    ],
)
def test_bad_clearances_are_refused_with_a_message(login, therapist, patient, change, message):
    screening = _refer_out(patient, therapist)
    rule = next(f.rule_id for f in screening.findings.all() if f.blocks_treatment)
    data = {
        "rule_id": rule,
        "cleared_by": "Dr. A",
        "cleared_on": date.today().isoformat(),
        "scope": "ok",
        **change,
    }
    response = login(therapist).post(reverse("clearance_add", args=[patient.pk]), data, follow=True)
    assert message in response.content.decode()
    assert Clearance.objects.count() == 0


def test_oversized_documents_are_refused(login, therapist, patient, settings):
    screening = _refer_out(patient, therapist)
    rule = next(f.rule_id for f in screening.findings.all() if f.blocks_treatment)
    big = SimpleUploadedFile(
        "big.pdf", PDF + b"0" * (10 * 1024 * 1024 + 1), content_type="application/pdf"
    )
    response = login(therapist).post(
        reverse("clearance_add", args=[patient.pk]),
        {
            "rule_id": rule,
            "cleared_by": "Dr. A",
            "cleared_on": date.today().isoformat(),
            "scope": "ok",
            "document": big,
        },
        follow=True,
    )
    assert "limit is 10 MB" in response.content.decode()
    assert Clearance.objects.count() == 0


def test_clearance_documents_download_as_attachments_to_clinicians_only(
    login, therapist, front_desk, outsider, patient
):
    screening = _refer_out(patient, therapist)
    rule = next(f.rule_id for f in screening.findings.all() if f.blocks_treatment)
    login(therapist).post(
        reverse("clearance_add", args=[patient.pk]),
        {
            "rule_id": rule,
            "cleared_by": "Dr. A",
            "cleared_on": date.today().isoformat(),
            "scope": "ok",
            "document": SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
        },
    )
    clearance = Clearance.objects.get()
    url = reverse("clearance_document", args=[patient.pk, clearance.pk])
    response = login(therapist).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(front_desk).get(url).status_code == 403
    assert login(outsider).get(url).status_code == 404


def test_screening_page_roles(login, personas, outsider, patient):
    url = reverse("screening_page", args=[patient.pk])
    for role, staff in personas.items():
        expected = 200 if role in ("owner", "therapist") else 403
        assert login(staff).get(url).status_code == expected, role
    assert login(outsider).get(url).status_code == 404
    assert (
        login(outsider)
        .post(reverse("medication_add", args=[patient.pk]), {"name": "x"})
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Name"),
        ({"name": "Warfarin", "rxnorm": "abc"}, "only digits"),
        ({"name": "x" * 300}, "at most 255"),
    ],
)
def test_bad_medications_are_refused(login, therapist, patient, data, message):
    response = login(therapist).post(
        reverse("medication_add", args=[patient.pk]), data, follow=True
    )
    assert message in response.content.decode()
    assert patient.medications.count() == 0


def test_patient_page_shows_the_banner_to_clinicians_only(login, therapist, front_desk, patient):
    history_services.medication_add(
        patient=patient, actor=Actor.for_staff(therapist), name="warfarin"
    )
    page = login(therapist).get(reverse("patient_detail", args=[patient.pk])).content.decode()
    assert "Treat with precautions" in page
    assert (
        "warfarin"
        not in login(front_desk)
        .get(reverse("patient_detail", args=[patient.pk]))
        .content.decode()
        .lower()
    )
