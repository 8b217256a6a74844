"""The tablet form records a scored response on the case; bad answers are refused by name."""

from __future__ import annotations

from decimal import Decimal

from petrissage.audit.models import AuditEvent
from petrissage.outcomes.models import OutcomeResponse


def url(case, suffix=""):
    return f"/patients/{case.patient_id}/cases/{case.pk}/outcomes/{suffix}"


def test_nprs_form_records_a_baseline_response(login, therapist, case):
    client = login(therapist)
    page = client.get(url(case, "new/nprs/"))
    assert page.status_code == 200
    assert 'value="baseline" checked' in page.content.decode()
    response = client.post(url(case, "new/nprs/"), {"timepoint": "baseline", "pain": "7"})
    assert response.status_code == 302
    saved = OutcomeResponse.objects.get(case=case)
    assert saved.score == 7
    assert (saved.timepoint, saved.source, saved.recall) == ("baseline", "clinic", "right now")
    assert saved.collected_by == therapist
    assert AuditEvent.objects.filter(action="outcome.record").count() == 1


def test_psfs_keeps_activity_names_and_scores_the_mean(login, therapist, case):
    client = login(therapist)
    data = {"timepoint": "baseline"}
    for n, (name, rating) in enumerate([("Lift child", 2), ("Drive", 4), ("Type", 5)], 1):
        data[f"activity-{n}-name"] = name
        data[f"activity-{n}-rating"] = str(rating)
    assert client.post(url(case, "new/psfs/"), data).status_code == 302
    saved = OutcomeResponse.objects.get(case=case)
    assert saved.score == Decimal("3.667")
    assert saved.answers["activity-1-name"] == "Lift child"


def test_out_of_range_and_missing_answers_are_refused_naming_the_item(login, therapist, case):
    client = login(therapist)
    page = client.post(url(case, "new/nprs/"), {"timepoint": "baseline", "pain": "11"})
    assert page.status_code == 400
    assert "Choose one of the answers shown." in page.content.decode()
    page = client.post(url(case, "new/peg/"), {"timepoint": "interim", "peg-pain": "5"})
    assert page.status_code == 400
    assert "missing" in page.content.decode()
    page = client.post(url(case, "new/nprs/"), {"timepoint": "later", "pain": "4"})
    assert "Choose baseline, interim or discharge." in page.content.decode()
    assert not OutcomeResponse.objects.exists()


def test_unknown_instrument_other_practice_and_wrong_role(
    login, therapist, front_desk, outsider, case
):
    assert login(therapist).get(url(case, "new/odi/")).status_code == 404
    assert login(outsider).get(url(case, "new/nprs/")).status_code == 404
    assert login(front_desk).get(url(case, "new/nprs/")).status_code == 403
    assert login(front_desk).get(url(case)).status_code == 403


def test_lefs_form_offers_the_published_answer_labels(login, therapist, case):
    page = login(therapist).get(url(case, "new/lefs/")).content.decode()
    assert "Extreme difficulty or unable to perform activity" in page
    assert page.count('name="lefs-') == 20 * 5
