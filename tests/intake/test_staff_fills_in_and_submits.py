"""A therapist fills in the intake with the patient and submits it."""

from __future__ import annotations

from django.urls import reverse

from petrissage.audit.models import AuditEvent
from petrissage.clinical.models import Screening
from petrissage.patients.models import Intake, IntakeStatus, PatientCondition, PatientMedication
from tests.intake.helpers import all_no, detail_url, edit_url, form_data


def _start(client, patient):
    response = client.post(reverse("intake_start", args=[patient.pk]))
    assert response.status_code == 302
    return Intake.objects.get(patient=patient, status=IntakeStatus.DRAFT)


def test_therapist_starts_fills_and_submits(login, therapist, patient):
    client = login(therapist)
    intake = _start(client, patient)
    assert client.get(edit_url(intake)).status_code == 200
    answers = all_no(
        calf_swelling=True,
        calf_swelling_side="right",
        medications=[{"name": "Eliquis 5 mg", "dose": "twice a day"}],
        conditions=[{"name": "Fibromyalgia", "system": "snomed", "code": "203082005"}],
        surgeries=[{"on": "2015-06-01", "description": "Appendix out", "region": "abdomen"}],
    )
    response = client.post(
        edit_url(intake), form_data(answers, consent_signature="Maria Lopez", submit="1")
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(intake)
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.SUBMITTED
    assert intake.consent_signature == "Maria Lopez"
    assert intake.submitted_at is not None
    assert intake.consent_at is not None
    assert intake.staff == therapist
    assert not intake.filled_by_patient
    assert intake.answers["calf_swelling"] is True
    assert intake.answers["surgeries"] == [
        {"on": "2015-06-01", "description": "Appendix out", "region": "abdomen"}
    ]
    page = client.get(detail_url(intake)).content.decode()
    assert "Theo Therapist" in page
    assert "Appendix out" in page
    assert "Maria Lopez" in page


def test_submitting_syncs_medications_and_conditions_from_the_intake(login, therapist, patient):
    client = login(therapist)
    PatientMedication.objects.create(
        practice=patient.practice, patient=patient, name="Imported aspirin", source="import"
    )
    for version, medicine in ((1, "Eliquis"), (2, "Ibuprofen")):
        intake = _start(client, patient)
        answers = all_no(
            medications=[{"name": medicine}],
            conditions=[{"name": "Osteoporosis"}],
        )
        client.post(edit_url(intake), form_data(answers, consent_signature="M L", submit="1"))
        assert Intake.objects.get(pk=intake.pk).version == version
    names = set(PatientMedication.objects.filter(patient=patient).values_list("name", "source"))
    assert names == {("Imported aspirin", "import"), ("Ibuprofen", "intake")}
    condition = PatientCondition.objects.get(patient=patient)
    assert (condition.display, condition.source, condition.code) == ("Osteoporosis", "intake", "")


def test_submitting_reruns_screening_with_the_red_flags(login, therapist, patient):
    client = login(therapist)
    intake = _start(client, patient)
    answers = all_no(calf_swelling=True, calf_swelling_side="left")
    client.post(edit_url(intake), form_data(answers, consent_signature="M L", submit="1"))
    screening = Screening.objects.get(patient=patient, is_current=True)
    assert screening.trigger == "intake v1 submitted"
    assert screening.blocks_treatment
    assert screening.urgent


def test_each_step_writes_a_clinical_audit_event(login, therapist, patient):
    client = login(therapist)
    intake = _start(client, patient)
    client.post(edit_url(intake), form_data({"goals": "Sleep"}, save="1"))
    client.post(edit_url(intake), form_data(all_no(), consent_signature="M L", submit="1"))
    client.get(detail_url(intake))
    actions = list(
        AuditEvent.objects.filter(patient=patient, category="clinical")
        .order_by("id")
        .values_list("action", flat=True)
    )
    for expected in ("intake.start", "intake.save_draft", "intake.submit", "intake.view"):
        assert expected in actions
    assert actions.index("intake.submit") < actions.index("screening.run")


def test_a_submission_with_missing_answers_is_refused_and_the_draft_kept(login, therapist, patient):
    client = login(therapist)
    intake = _start(client, patient)
    response = client.post(
        edit_url(intake), form_data({"goals": "Garden again"}, consent_signature="", submit="1")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please check" in page
    assert "What brings you in?" in page
    assert "Type your full name to sign." in page
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.DRAFT
    assert intake.answers == {"goals": "Garden again"}


def test_the_patient_page_lists_the_versions(login, therapist, patient):
    client = login(therapist)
    intake = _start(client, patient)
    page = client.get(reverse("patient_detail", args=[patient.pk])).content.decode()
    assert "Health history" in page
    assert "Intake v1" in page
    assert edit_url(intake) in page
