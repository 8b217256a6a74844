"""Every patient URL: allowed roles get 200, others 403 (audited), other practices 404 (A1, A5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.patients.models import Coverage
from petrissage.patients.services import coverage_save

PATIENT_PAGES = {
    "patient_detail": {"owner", "therapist", "front_desk", "biller"},
    "patient_edit": {"owner", "therapist", "front_desk"},
    "coverage_create": {"owner", "front_desk", "biller"},
}


@pytest.mark.parametrize("name", list(PATIENT_PAGES))
@pytest.mark.parametrize("role", ["owner", "therapist", "front_desk", "biller"])
def test_role_access_to_patient_pages(login, personas, patient, name, role):
    client = login(personas[role])
    response = client.get(reverse(name, args=[patient.pk]))
    expected = 200 if role in PATIENT_PAGES[name] else 403
    assert response.status_code == expected
    if expected == 403:
        assert AuditEvent.objects.filter(
            action="permission.denied", username=personas[role].user.username, patient=patient
        ).exists()


@pytest.mark.parametrize("name", [*PATIENT_PAGES, "coverage_edit"])
def test_outsider_gets_404_for_every_patient_url(login, outsider, patient, name):
    coverage = coverage_save(
        patient=patient, actor=Actor.system(patient.practice), data={"channel": "self_pay"}
    )
    args = [patient.pk, coverage.pk] if name == "coverage_edit" else [patient.pk]
    client = login(outsider)
    assert client.get(reverse(name, args=args)).status_code == 404
    assert client.post(reverse(name, args=args), {"given_name": "Hacked"}).status_code == 404
    patient.refresh_from_db()
    assert patient.given_name == "Maria"


def test_outsider_list_and_search_show_nothing_of_another_practice(login, outsider, patient):
    response = login(outsider).get(reverse("patient_list"), {"q": "Lopez"})
    assert response.status_code == 200
    assert b"Maria" not in response.content
    assert response.context["page"].paginator.count == 0


def test_coverage_of_another_patient_is_not_reachable_through_this_patient(
    login, front_desk, practice, patient
):
    from tests.factories import make_patient

    stranger = make_patient(practice, given_name="Other")
    coverage = coverage_save(
        patient=stranger, actor=Actor.system(practice), data={"channel": "self_pay"}
    )
    response = login(front_desk).get(reverse("coverage_edit", args=[patient.pk, coverage.pk]))
    assert response.status_code == 404
    assert Coverage.objects.filter(patient=stranger).count() == 1


def test_malformed_ids_are_404_not_500(login, therapist):
    client = login(therapist)
    assert client.get("/patients/99999999999999999999/").status_code == 404
    assert client.get("/patients/abc/").status_code == 404


@pytest.mark.parametrize(
    ("url_name", "roles"), [("audit_log", {"owner"}), ("staff_list", {"owner"})]
)
def test_owner_only_pages(login, personas, url_name, roles):
    for role, staff in personas.items():
        status = login(staff).get(reverse(url_name)).status_code
        assert status == (200 if role in roles else 403), role


def test_anonymous_users_are_sent_to_sign_in(client, patient):
    response = client.get(reverse("patient_detail", args=[patient.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_viewing_a_chart_is_audited(login, therapist, patient):
    login(therapist).get(reverse("patient_detail", args=[patient.pk]))
    event = AuditEvent.objects.filter(action="patient.view", patient=patient).get()
    assert event.username == "theo-therapist"
    assert event.category == "demographics"
    assert event.outcome == "success"
    assert event.source_ip == "127.0.0.1"


def test_front_desk_sees_no_clinical_sections_on_the_patient_page(
    login, front_desk, therapist, patient
):
    page = login(front_desk).get(reverse("patient_detail", args=[patient.pk])).content.decode()
    assert "Contraindication screening" not in page
    assert "does not open clinical notes" in page
    page = login(therapist).get(reverse("patient_detail", args=[patient.pk])).content.decode()
    assert "Contraindication screening" in page
