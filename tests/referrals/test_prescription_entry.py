"""Entering prescriptions and providers: bad input is refused naming the field, nothing is
stored; good input is stored with its audit event; the scanned original is kept safely."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from petrissage.audit.models import AuditEvent, Category
from petrissage.referrals.models import Prescription, ReferringProvider
from tests.referrals.builders import (
    PDF_BYTES,
    VALID_NPI,
    actor_for,
    pdf_upload,
    prescription,
    provider,
    today_of,
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def refused(patient, therapist, **overrides) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        prescription(patient, therapist, **overrides)
    assert not Prescription.objects.exists()
    return caught.value.message_dict


def test_a_valid_prescription_is_stored_and_audited(patient, therapist):
    rx = prescription(patient, therapist, diagnoses=("m5450", "M62.830"))
    assert rx.diagnosis_codes == ["M54.50", "M62.830"]
    assert rx.cpt_codes == ["97124", "97140"]
    event = AuditEvent.objects.filter(action="prescription.create").get()
    assert event.category == Category.CLINICAL
    assert event.patient_id == patient.pk


def test_future_dated_prescription_is_refused(patient, therapist):
    today = today_of(patient.practice)
    problems = refused(patient, therapist, issued_on=today + timedelta(days=1))
    assert "in the future" in problems["issued_on"][0]


def test_expired_prescription_is_refused(patient, therapist):
    today = today_of(patient.practice)
    problems = refused(
        patient,
        therapist,
        issued_on=today - timedelta(days=90),
        expires_on=today - timedelta(days=1),
    )
    assert "expired on" in problems["expires_on"][0]


def test_expiry_before_issue_is_refused(patient, therapist):
    today = today_of(patient.practice)
    problems = refused(patient, therapist, expires_on=today - timedelta(days=20))
    assert "before the issue date" in problems["expires_on"][0]


@pytest.mark.parametrize("cap", [0, 201, -3])
def test_visit_cap_outside_1_to_200_is_refused(patient, therapist, cap):
    assert "between 1 and 200" in refused(patient, therapist, visit_cap=cap)["visit_cap"][0]


def test_non_billable_diagnosis_is_refused_with_suggestions(patient, therapist):
    problems = refused(patient, therapist, diagnoses=("M54",))
    assert "M54" in problems["diagnoses"][0]
    assert "Try:" in problems["diagnoses"][0]


def test_retired_diagnosis_is_refused_with_replacements(patient, therapist):
    problems = refused(patient, therapist, diagnoses=("M54.5",))
    assert "retired" in problems["diagnoses"][0]
    assert "M54.50" in problems["diagnoses"][0]


def test_unknown_cpt_and_region_are_refused(patient, therapist):
    problems = refused(patient, therapist, cpt_codes=("99213",), regions=("elbow-middle",))
    assert set(problems) == {"cpt_codes", "regions"}


def test_authorised_visits_need_the_authorisation_number(patient, therapist):
    problems = refused(patient, therapist, authorised_visits=6)
    assert "prior_auth_number" in problems


def test_scanned_original_is_stored_under_a_uuid_name(patient, therapist, media):
    rx = prescription(patient, therapist, document=pdf_upload("../../etc/passwd.pdf"))
    assert rx.document_name == "passwd.pdf"
    stored = rx.document.name
    assert stored.startswith("prescriptions/")
    assert "passwd" not in stored
    assert (media / stored).read_bytes() == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("rx.pdf", b"<html><script>alert(1)</script>", "PDF, PNG or JPEG"),
        ("rx.exe", b"MZ\x90\x00", "PDF, PNG or JPEG"),
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "limit is 10 MB"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_bad_uploads_are_refused(patient, therapist, media, name, content, text):
    upload = SimpleUploadedFile(name, content)
    problems = refused(patient, therapist, document=upload)
    assert text in problems["document"][0]


def test_path_like_names_are_neutralised(patient, therapist, media):
    rx = prescription(patient, therapist, document=pdf_upload("C:\\scans\\<b>rx</b>.pdf"))
    assert "\\" not in rx.document_name
    assert "<" not in rx.document_name


@pytest.mark.parametrize(
    ("npi", "text"),
    [("123456789", "10 digits"), ("12345678AB", "only digits"), ("1234567890", "check digit")],
)
def test_invalid_npi_is_refused(practice, npi, text):
    with pytest.raises(ValidationError) as caught:
        provider(practice, npi=npi)
    assert text in caught.value.message_dict["npi"][0]
    assert not ReferringProvider.objects.exists()


def test_duplicate_npi_in_a_practice_is_refused(practice, other_practice):
    provider(practice)
    provider(other_practice)  # another practice may have the same prescriber
    with pytest.raises(ValidationError) as caught:
        provider(practice, name="Someone Else")
    assert "already has this NPI" in caught.value.message_dict["npi"][0]


def test_provider_without_npi_is_allowed_and_audited(practice):
    saved = provider(practice, npi="", name="Dr No Npi")
    assert saved.npi == ""
    assert saved.practice == practice
    assert AuditEvent.objects.filter(action="referring_provider.create").count() == 1


def test_update_keeps_an_old_order_editable(patient, therapist):
    """A prescription that has since expired can still be corrected without changing dates."""
    from petrissage.referrals.services import prescription_update
    from tests.referrals.builders import rx_input

    rx = prescription(patient, therapist)
    today = today_of(patient.practice)
    Prescription.objects.filter(pk=rx.pk).update(
        issued_on=today - timedelta(days=100), expires_on=today - timedelta(days=5)
    )
    rx.refresh_from_db()
    data = rx_input(
        rx.provider, issued_on=rx.issued_on, expires_on=rx.expires_on, precautions="No deep work"
    )
    prescription_update(prescription=rx, actor=actor_for(patient.practice), data=data)
    rx.refresh_from_db()
    assert rx.precautions == "No deep work"


def test_valid_npi_fixture_is_valid():
    from petrissage.domain.npi import npi_is_valid

    assert npi_is_valid(VALID_NPI)
