"""region_trend: per region, NPRS across assessments in date order, first -> last change."""

from __future__ import annotations

from datetime import date

from petrissage.clinical.assessment_selectors import region_trend
from tests import factories
from tests.clinical.test_assessment_services import make_assessment


def test_points_are_in_date_order_not_entry_order(patient, therapist):
    make_assessment(patient, therapist, on=date(2025, 3, 1), pains={"calf-left": 4})
    make_assessment(
        patient, therapist, on=date(2025, 1, 1), pains={"calf-left": 8, "knee-right": 2}
    )
    make_assessment(patient, therapist, on=date(2025, 2, 1), pains={"calf-left": 6})
    trends = {t.code: t for t in region_trend(patient)}
    calf = trends["calf-left"]
    assert [(p.assessed_on, p.nprs) for p in calf.points] == [
        (date(2025, 1, 1), 8),
        (date(2025, 2, 1), 6),
        (date(2025, 3, 1), 4),
    ]
    assert calf.change == -4
    assert calf.direction == "better"
    assert calf.label == "Calf (gastrocnemius / soleus), left"
    assert trends["knee-right"].direction == "same"
    assert len(trends["knee-right"].points) == 1


def test_same_day_assessments_keep_the_order_they_were_made(patient, therapist):
    make_assessment(patient, therapist, on=date(2025, 1, 1), pains={"calf-left": 3})
    make_assessment(patient, therapist, on=date(2025, 1, 1), pains={"calf-left": 5})
    (trend,) = region_trend(patient)
    assert [p.nprs for p in trend.points] == [3, 5]
    assert trend.direction == "worse"


def test_rows_are_sorted_by_label_and_other_patients_are_left_out(patient, therapist, practice):
    other = factories.make_patient(practice)
    make_assessment(other, therapist, pains={"abdomen": 9})
    make_assessment(patient, therapist, pains={"wrist-left": 1, "calf-left": 2})
    assert [t.code for t in region_trend(patient)] == ["calf-left", "wrist-left"]


def test_no_assessment_no_rows(patient):
    assert region_trend(patient) == []
