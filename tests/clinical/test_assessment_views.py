"""The assessment pages: who may open them, saving from the form, errors on the right row."""

from __future__ import annotations

from datetime import date

import pytest

from petrissage.audit.models import AuditEvent
from petrissage.clinical.models import Assessment
from tests.clinical.test_assessment_services import make_assessment, make_screening


def new_url(patient) -> str:
    return f"/clinical/patients/{patient.pk}/assessments/new/"


def form_post(**extra) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "initial",
        "assessed_on": "2025-03-04",
        "posture_notes": "Left shoulder elevated",
        "notes": "",
        "finding": ["upper-trapezius-left", "lumbar-paraspinals-right"],
        "finding-upper-trapezius-left-nprs": "7",
        "finding-upper-trapezius-left-pain_quality": "aching",
        "finding-upper-trapezius-left-tenderness": "2",
        "finding-upper-trapezius-left-trigger_points": "on",
        "finding-lumbar-paraspinals-right-nprs": "3",
        "finding-lumbar-paraspinals-right-tenderness": "0",
        "rom": ["a1"],
        "rom-a1-movement": "cervical:rotation",
        "rom-a1-side": "left",
        "rom-a1-degrees": "40",
        "goal": ["g1"],
        "goal-g1-activity": "Check my blind spot when driving",
        "goal-g1-score": "4",
    }
    data.update(extra)
    return data


def test_a_therapist_opens_the_editor_with_the_chart_and_region_list(login, therapist, patient):
    response = login(therapist).get(new_url(patient))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="body-chart"' in html
    assert 'id="bc-add"' in html
    assert ">Upper trapezius, left</option>" in html
    assert 'data-testid="screening-banner"' in html


def test_saving_the_form_creates_the_assessment_and_shows_it(login, therapist, patient):
    client = login(therapist)
    response = client.post(new_url(patient), form_post())
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/clinical/patients/{patient.pk}/assessments/{assessment.pk}/"
    assert assessment.therapist == therapist
    assert assessment.region_findings.get(region_code="upper-trapezius-left").trigger_points
    page = client.get(response["Location"]).content.decode()
    assert "Cervical spine rotation" in page
    assert "below reference · 67%" in page
    assert "Check my blind spot when driving" in page
    assert 'class="bc-region pain-strong" data-region="upper-trapezius-left"' in page
    assert AuditEvent.objects.filter(action="assessment.view", patient=patient).exists()


def test_errors_are_shown_on_the_row_and_nothing_typed_is_lost(login, therapist, patient):
    response = login(therapist).post(
        new_url(patient), form_post(**{"finding-upper-trapezius-left-nprs": "12"})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct the 1 field" in html
    assert 'id="id_finding-upper-trapezius-left-nprs_errors"' in html
    assert 'value="Check my blind spot when driving"' in html
    assert not Assessment.objects.exists()


def test_an_unknown_region_is_refused_on_its_row(login, therapist, patient):
    response = login(therapist).post(
        new_url(patient),
        form_post(
            finding=["upper-trapezius-left", "no-such-region"],
            **{"finding-no-such-region-nprs": "2"},
        ),
    )
    assert response.status_code == 400
    assert "is not a known body region" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_service_error_lands_on_its_field(login, therapist, patient):
    response = login(therapist).post(new_url(patient), form_post(assessed_on="2999-01-01"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_assessed_on_errors"' in html
    assert "cannot be in the future" in html
    assert not Assessment.objects.exists()


def test_editing_prefills_and_replaces(login, therapist, patient):
    assessment = make_assessment(patient, therapist, pains={"calf-left": 6})
    client = login(therapist)
    url = f"/clinical/patients/{patient.pk}/assessments/{assessment.pk}/edit/"
    assert 'value="6"' in client.get(url).content.decode()
    response = client.post(url, form_post(kind="reassessment"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.kind == "reassessment"
    assert set(assessment.region_findings.values_list("region_code", flat=True)) == {
        "upper-trapezius-left",
        "lumbar-paraspinals-right",
    }


def test_the_row_endpoints_return_one_row(login, therapist, patient):
    client = login(therapist)
    base = f"/clinical/patients/{patient.pk}/assessments/rows/"
    row = client.get(f"{base}finding/?region=calf-right").content.decode()
    assert 'name="finding" value="calf-right"' in row
    assert "Calf (gastrocnemius / soleus), right" in row
    assert client.get(f"{base}finding/?region=nonsense").status_code == 400
    assert 'name="rom"' in client.get(f"{base}rom/").content.decode()
    assert 'name="goal"' in client.get(f"{base}goal/").content.decode()


@pytest.mark.parametrize("role", ["front_desk", "biller"])
def test_front_desk_and_biller_may_not_open_assessments(login, personas, patient, therapist, role):
    assessment = make_assessment(patient, therapist)
    client = login(personas[role])
    base = f"/clinical/patients/{patient.pk}/assessments/"
    for url in (
        f"{base}new/",
        f"{base}{assessment.pk}/",
        f"{base}panel/",
        f"{base}rows/finding/?region=calf-left",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{base}new/", form_post()).status_code == 403
    assert Assessment.objects.count() == 1


def test_the_owner_may_read_and_write(login, owner, patient):
    client = login(owner)
    assert client.get(new_url(patient)).status_code == 200
    assert client.post(new_url(patient), form_post()).status_code == 302


def test_another_practice_gets_404_for_everything(login, outsider, patient, therapist):
    assessment = make_assessment(patient, therapist)
    client = login(outsider)
    base = f"/clinical/patients/{patient.pk}/assessments/"
    for url in (
        f"{base}new/",
        f"{base}{assessment.pk}/",
        f"{base}{assessment.pk}/edit/",
        f"{base}panel/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}new/", form_post()).status_code == 404


def test_an_assessment_of_another_patient_is_404(login, therapist, patient, practice):
    from tests import factories

    other = factories.make_patient(practice)
    assessment = make_assessment(other, therapist)
    url = f"/clinical/patients/{patient.pk}/assessments/{assessment.pk}/"
    assert login(therapist).get(url).status_code == 404


def test_the_patient_page_loads_the_panel_with_list_and_trend(login, therapist, patient):
    make_assessment(patient, therapist, on=date(2025, 1, 10), pains={"calf-left": 8})
    make_assessment(
        patient, therapist, on=date(2025, 2, 10), pains={"calf-left": 3}, kind="reassessment"
    )
    client = login(therapist)
    detail = client.get(f"/patients/{patient.pk}/").content.decode()
    assert f"/clinical/patients/{patient.pk}/assessments/panel/" in detail
    assert "New assessment" in detail
    panel = client.get(f"/clinical/patients/{patient.pk}/assessments/panel/").content.decode()
    assert "Re-assessment" in panel
    assert "Initial assessment" in panel
    assert 'data-testid="region-trend"' in panel
    assert "↓ -5" in panel


def test_the_editor_marks_restricted_regions_from_the_current_screening(login, therapist, patient):
    make_screening(patient, regions=["calf-left"])
    html = login(therapist).get(new_url(patient)).content.decode()
    assert 'class="bc-region restricted" data-region="calf-left"' in html
    assert 'data-testid="legend-restricted"' in html
