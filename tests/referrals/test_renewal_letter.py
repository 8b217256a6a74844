"""The renewal request letter renders as a PDF; its first page is kept as
test-results/screenshots/renewal-letter.png to look at."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse

from petrissage.referrals.letters import renewal_draft
from petrissage.referrals.models import RenewalRequest
from petrissage.referrals.selectors import status_of
from tests.conftest import REPO
from tests.referrals.builders import open_case, prescription, signed_note, today_of

SCREENSHOTS = REPO / "test-results" / "screenshots"


def test_draft_fills_in_the_letter_and_the_pdf_renders(client, therapist, patient, tmp_path):
    case = open_case(patient, therapist)
    today = today_of(patient.practice)
    rx = prescription(patient, therapist, case=case, visit_cap=6, diagnoses=("M54.50", "M62.830"))
    for days in range(1, 6):
        signed_note(case, today - timedelta(days=days))
    draft = renewal_draft(rx, status_of(rx))
    assert "attended 5 of 6 visits" in draft["progress_summary"]
    assert draft["requested_visits"] == 12

    client.force_login(therapist.user)
    page = client.get(reverse("renewal_new", args=[patient.pk, rx.pk]))
    assert "attended 5 of 6 visits" in page.content.decode()
    data = {**draft, "progress_summary": "NPRS 7 -> 4. PSFS 3 -> 6. Lifting groceries again."}
    response = client.post(reverse("renewal_new", args=[patient.pk, rx.pk]), data)
    assert response.status_code == 302
    renewal = RenewalRequest.objects.get()
    assert renewal.visits_used == 5

    pdf = client.get(reverse("renewal_letter", args=[patient.pk, rx.pk, renewal.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "renewal-letter.pdf"
    source.write_bytes(pdf.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(source), str(tmp_path / "letter")],
        check=True,
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "renewal-letter.png"
    shutil.copyfile(tmp_path / "letter.png", target)
    assert target.stat().st_size > 5000


def test_renewal_request_refuses_out_of_range_numbers(client, therapist, patient):
    rx = prescription(patient, therapist)
    client.force_login(therapist.user)
    data = {
        "progress_summary": "x",
        "requested_sessions_per_week": "9",
        "requested_weeks": "4",
        "requested_visits": "0",
    }
    response = client.post(reverse("renewal_new", args=[patient.pk, rx.pk]), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "requested_sessions_per_week",
        "requested_visits",
    }
    assert not RenewalRequest.objects.exists()
