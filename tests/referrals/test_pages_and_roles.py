"""Referral pages: who may open what, outsiders get 404 everywhere, forms keep what was
typed when they refuse it, the scanned original downloads safely."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from petrissage.audit.models import AuditEvent
from petrissage.referrals.models import Prescription, ReferringProvider
from petrissage.referrals.services import renewal_request_create
from tests.referrals.builders import (
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


@pytest.fixture
def rx(patient, therapist, media):
    return prescription(patient, therapist, document=pdf_upload())


@pytest.fixture
def renewal(rx, therapist):
    data = {
        "progress_summary": "Better",
        "requested_sessions_per_week": 2,
        "requested_weeks": 4,
        "requested_visits": 8,
    }
    return renewal_request_create(
        prescription=rx, staff=therapist, actor=actor_for(rx.practice), visits_used=3, data=data
    )


def urls(rx, renewal) -> dict[str, str]:
    p, r = rx.patient_id, rx.pk
    return {
        "providers": reverse("referring_provider_list"),
        "provider_new": reverse("referring_provider_create"),
        "provider_edit": reverse("referring_provider_edit", args=[rx.provider_id]),
        "panel": reverse("prescription_panel", args=[p]),
        "new": reverse("prescription_new", args=[p]),
        "detail": reverse("prescription_detail", args=[p, r]),
        "edit": reverse("prescription_edit", args=[p, r]),
        "document": reverse("prescription_document", args=[p, r]),
        "renewal_new": reverse("renewal_new", args=[p, r]),
        "renewal_edit": reverse("renewal_edit", args=[p, r, renewal.pk]),
        "letter": reverse("renewal_letter", args=[p, r, renewal.pk]),
    }


ALL = {"owner", "therapist", "front_desk", "biller"}
EXPECTED_OK = {
    "providers": ALL,
    "provider_new": ALL - {"biller"},
    "provider_edit": ALL - {"biller"},
    "panel": ALL,
    "new": ALL - {"biller"},
    "detail": ALL,
    "edit": ALL - {"biller"},
    "document": ALL - {"biller"},
    "renewal_new": {"owner", "therapist"},
    "renewal_edit": {"owner", "therapist"},
    "letter": {"owner", "therapist"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED_OK))
def test_role_table(client, personas, rx, renewal, name):
    url = urls(rx, renewal)[name]
    for role, staff in personas.items():
        client.force_login(staff.user)
        status = client.get(url).status_code
        expected = 200 if role in EXPECTED_OK[name] else 403
        assert status == expected, (role, name, status)


def test_outsider_gets_404_on_every_url(client, outsider, rx, renewal):
    client.force_login(outsider.user)
    for name, url in urls(rx, renewal).items():
        if name in ("providers", "provider_new"):
            continue  # practice-wide pages: the outsider sees their own (empty) practice
        assert client.get(url).status_code == 404, name
        assert client.post(url, {}).status_code in (404, 405), name
    listing = client.get(reverse("referring_provider_list")).content.decode()
    assert "Anna Reyes" not in listing


def test_outsider_cannot_pick_another_practices_provider(client, outsider, rx):
    mine = provider(outsider.practice, npi="", name="Dr Other")
    assert mine.practice_id != rx.practice_id
    client.force_login(outsider.user)
    # the prescription form only lists the outsider's own providers
    from tests import factories

    their_patient = factories.make_patient(outsider.practice)
    page = client.get(reverse("prescription_new", args=[their_patient.pk])).content.decode()
    assert "Dr Other" in page
    assert "Anna Reyes" not in page


def test_document_downloads_as_attachment_with_nosniff(client, therapist, rx):
    client.force_login(therapist.user)
    response = client.get(reverse("prescription_document", args=[rx.patient_id, rx.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="rx scan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="prescription.document_view").exists()


def test_biller_sees_order_but_not_precautions_or_scan(client, biller, patient, therapist, media):
    rx = prescription(patient, therapist, precautions="Avoid deep pressure over the left calf")
    client.force_login(biller.user)
    page = client.get(reverse("prescription_detail", args=[patient.pk, rx.pk])).content.decode()
    assert "M54.50" in page
    assert "97124" in page
    assert "left calf" not in page


def form_data(prov, **overrides):
    today = today_of(prov.practice)
    data = {
        "provider": prov.pk,
        "issued_on": (today - timedelta(days=3)).isoformat(),
        "expires_on": (today + timedelta(days=60)).isoformat(),
        "diagnoses": "M54.50, M62.830",
        "cpt_codes": ["97124", "97140"],
        "regions": ["lumbar-paraspinals-left"],
        "sessions_per_week": "2",
        "weeks": "6",
        "visit_cap": "12",
        "report_every_visits": "6",
        "report_every_days": "30",
        "precautions": "No prone position after 20 min",
    }
    data.update(overrides)
    return data


def test_front_desk_enters_a_prescription_with_its_scan(client, front_desk, patient, media):
    prov = provider(patient.practice)
    client.force_login(front_desk.user)
    data = form_data(prov, document=pdf_upload())
    response = client.post(reverse("prescription_new", args=[patient.pk]), data)
    assert response.status_code == 302
    rx = Prescription.objects.get()
    assert rx.recorded_by == front_desk
    assert rx.case is None
    assert rx.document_name == "rx scan.pdf"
    panel = client.get(reverse("prescription_panel", args=[patient.pk])).content.decode()
    assert "visits remaining" in panel
    assert "days to expiry" in panel


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"visit_cap": "0"}, "visit_cap", "between 1 and 200"),
        ({"visit_cap": "201"}, "visit_cap", "between 1 and 200"),
        ({"diagnoses": "M54.5"}, "diagnoses", "retired"),
        ({"issued_on": "2099-01-01", "expires_on": "2099-06-01"}, "issued_on", "future"),
        ({"issued_on": "2020-01-01", "expires_on": "2020-06-01"}, "expires_on", "expired"),
    ],
)
def test_form_refusals_keep_what_was_typed(client, therapist, patient, overrides, field, text):
    prov = provider(patient.practice)
    client.force_login(therapist.user)
    response = client.post(
        reverse("prescription_new", args=[patient.pk]), form_data(prov, **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert text in " ".join(errors[field])
    page = response.content.decode()
    assert "No prone position after 20 min" in page  # nothing typed is lost
    assert not Prescription.objects.exists()


def test_bad_upload_through_the_form_says_choose_again(client, therapist, patient, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    prov = provider(patient.practice)
    client.force_login(therapist.user)
    bad = SimpleUploadedFile("evil.html", b"<html><script>x</script>")
    response = client.post(
        reverse("prescription_new", args=[patient.pk]), form_data(prov, document=bad)
    )
    page = response.content.decode()
    assert "Upload a PDF, PNG or JPEG file." in page
    assert "choose the scanned original again" in page


def test_provider_form_refuses_a_bad_npi_naming_the_field(client, therapist):
    client.force_login(therapist.user)
    url = reverse("referring_provider_create")
    response = client.post(url, {"name": "Dr Typo", "npi": "1234567890", "active": "on"})
    assert response.status_code == 200
    assert "check digit" in " ".join(response.context["form"].errors["npi"])
    assert not ReferringProvider.objects.exists()
    ok = client.post(url, {"name": "Dr Good", "npi": VALID_NPI, "active": "on"})
    assert ok.status_code == 302
    assert ReferringProvider.objects.get().name == "Dr Good"


def test_provider_search(client, therapist):
    provider(therapist.practice, name="Dr Anna Reyes", specialty="Family medicine")
    provider(therapist.practice, name="Dr Marcus Webb", npi="", specialty="Spine")
    client.force_login(therapist.user)
    page = client.get(reverse("referring_provider_list"), {"q": "spine"}).content.decode()
    assert "Marcus Webb" in page
    assert "Anna Reyes" not in page


def test_renewal_proposed_when_near_the_cap(client, therapist, patient, media):
    from tests.referrals.builders import open_case, signed_note

    case = open_case(patient, therapist)
    today = today_of(patient.practice)
    prescription(patient, therapist, case=case, visit_cap=5)
    for days in range(1, 5):
        signed_note(case, today - timedelta(days=days))
    client.force_login(therapist.user)
    panel = client.get(reverse("prescription_panel", args=[patient.pk])).content.decode()
    assert "Draft a renewal request" in panel
    assert "4 of 5 prescribed visits used" in panel
