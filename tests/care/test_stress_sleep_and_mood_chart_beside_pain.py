"""Single-item stress, sleep and mood ratings are recorded at a session and charted beside
pain on the case's care page; out-of-range ratings are refused with the field named."""

from __future__ import annotations

from petrissage.care.models import WellbeingRating


def test_ratings_are_saved_and_charted_beside_pain(login, therapist, treated_case, today):
    url = f"/care/patients/{treated_case.patient_id}/cases/{treated_case.pk}/"
    client = login(therapist)
    data = {"on": today.isoformat(), "context": "session", "stress": "7", "sleep": "4", "mood": ""}
    assert client.post(url + "wellbeing/", data).status_code == 302
    row = WellbeingRating.objects.get()
    assert (row.stress, row.sleep, row.mood, row.case_id) == (7, 4, None, treated_case.pk)
    page = client.get(url).content.decode()
    assert 'id="series-pain"' in page
    assert 'id="series-stress"' in page
    assert 'id="series-sleep"' in page
    assert 'id="series-mood"' not in page


def test_out_of_range_and_empty_ratings_are_refused(login, therapist, treated_case, today):
    url = f"/care/patients/{treated_case.patient_id}/cases/{treated_case.pk}/wellbeing/"
    client = login(therapist)
    bad = {"on": today.isoformat(), "context": "session", "stress": "11"}
    response = client.post(url, bad)
    assert response.status_code == 422
    assert "Stress" in response.content.decode()
    empty = {"on": today.isoformat(), "context": "intake"}
    response = client.post(url, empty)
    assert response.status_code == 422
    assert "at least one rating" in response.content.decode()
    assert not WellbeingRating.objects.exists()
