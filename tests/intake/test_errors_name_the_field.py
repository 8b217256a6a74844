"""Bad answers get a message naming the question; text is stored as typed, shown escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from petrissage.patients.models import Intake
from tests.intake.helpers import all_no, detail_url, edit_url, form_data, submitted_intake


@pytest.fixture
def draft_url(login, therapist, patient):
    login(therapist).post(reverse("intake_start", args=[patient.pk]))
    return edit_url(Intake.objects.get(patient=patient))


@pytest.mark.parametrize(
    ("answers", "field_id", "message"),
    [
        (
            {"surgeries": [{"on": "2999-05-01", "description": "Knee"}]},
            "q-surgeries-0-on",
            "in the future",
        ),
        ({"pregnant": True, "pregnancy_weeks": "50"}, "q-pregnancy_weeks", "from 0 to 45"),
        (
            {"skin_lesions": True, "skin_lesion_regions": ["wing-left"]},
            "q-skin_lesion_regions",
            "not a body region",
        ),
        ({"goals": "a" * 5000}, "q-goals", "under 2000 characters"),
    ],
)
def test_each_error_is_shown_at_its_field(client, draft_url, answers, field_id, message):
    response = client.post(
        draft_url, form_data(all_no(**answers), consent_signature="M L", submit="1")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="#{field_id}"' in page  # the summary links to the field
    assert f'id="{field_id}-error"' in page
    assert message in page


def test_script_tags_are_stored_as_text_and_rendered_escaped(login, therapist, patient):
    intake = submitted_intake(patient, therapist, goals="<script>alert('x')</script>")
    assert intake.answers["goals"] == "<script>alert('x')</script>"
    page = login(therapist).get(detail_url(intake)).content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page
