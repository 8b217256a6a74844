"""When a report to the prescriber is due, table-tested with the WA L&I rule: a progress
report after 6 visits or 1 month (clinical.md §4d, §4g [B10][B16]); and a discharge
summary once the case is discharged (§4d [B17])."""

from __future__ import annotations

from datetime import date

import pytest

from petrissage.domain.prescriptions import PrescriptionLimits
from petrissage.domain.progress_reports import (
    DISCHARGE,
    PROGRESS,
    TreatmentLine,
    interval_label,
    pain_trend,
    report_due,
    treatment_summary,
)

ISSUED = date(2025, 3, 1)
WA_LNI = PrescriptionLimits(
    issued_on=ISSUED,
    expires_on=date(2025, 6, 30),
    visit_cap=12,
    report_every_visits=6,
    report_every_days=30,
)


@pytest.mark.parametrize(
    ("visits", "today", "last_on", "at_last", "due", "next_visit", "next_on"),
    [
        (5, date(2025, 3, 20), None, 0, False, 6, date(2025, 3, 31)),
        (6, date(2025, 3, 20), None, 0, True, 6, date(2025, 3, 31)),  # 6 visits
        (3, date(2025, 3, 31), None, 0, True, 6, date(2025, 3, 31)),  # ... or 1 month
        (3, date(2025, 3, 30), None, 0, False, 6, date(2025, 3, 31)),
        (0, date(2025, 4, 15), None, 0, False, 6, date(2025, 3, 31)),  # nothing to report
        (8, date(2025, 4, 10), date(2025, 3, 25), 6, False, 12, date(2025, 4, 24)),
        (12, date(2025, 4, 10), date(2025, 3, 25), 6, True, 12, date(2025, 4, 24)),
        (7, date(2025, 4, 24), date(2025, 3, 25), 6, True, 12, date(2025, 4, 24)),
        (
            6,
            date(2025, 4, 24),
            date(2025, 3, 25),
            6,
            False,
            12,
            date(2025, 4, 24),
        ),  # no visit since
    ],
)
def test_wa_lni_progress_report_every_6_visits_or_1_month(
    visits, today, last_on, at_last, due, next_visit, next_on
):
    result = report_due(
        WA_LNI, visits, today, last_report_on=last_on, visits_at_last_report=at_last
    )
    assert (result.due, result.kind) == (due, PROGRESS)
    assert (result.next_due_visit, result.next_due_on) == (next_visit, next_on)
    assert bool(result.reasons) is due


def test_reasons_name_the_interval_that_was_reached():
    result = report_due(WA_LNI, 6, date(2025, 3, 31))
    assert result.reasons == (
        "6 visits since the last report (every 6)",
        "30 days since the last report (every 30)",
    )


def test_no_interval_means_no_progress_report_due():
    limits = PrescriptionLimits(issued_on=ISSUED, expires_on=date(2025, 6, 30), visit_cap=12)
    result = report_due(limits, 12, date(2025, 6, 1))
    assert (result.due, result.next_due_visit, result.next_due_on) == (False, None, None)


@pytest.mark.parametrize(("reported", "due"), [(False, True), (True, False)])
def test_discharge_summary_is_due_until_one_is_signed(reported, due):
    result = report_due(
        WA_LNI, 4, date(2025, 4, 2), discharged_on=date(2025, 4, 1), discharge_reported=reported
    )
    assert (result.kind, result.due) == (DISCHARGE, due)


@pytest.mark.parametrize(
    ("visits", "days", "label"),
    [
        (6, 30, "every 6 visits or 30 days, whichever comes first"),
        (10, None, "every 10 visits"),
        (None, 1, "every 1 day"),
        (None, None, ""),
    ],
)
def test_interval_label(visits, days, label):
    assert interval_label(visits, days) == label


def test_treatment_summary_adds_minutes_and_counts_sessions_once():
    visit_1 = [
        TreatmentLine("neck", "swedish", 10),
        TreatmentLine("neck", "swedish", 5),
        TreatmentLine("back", "trigger_point", 20),
    ]
    visit_2 = [TreatmentLine("neck", "swedish", 15)]
    rows = treatment_summary([visit_1, visit_2])
    assert [(r.region, r.technique, r.sessions, r.minutes) for r in rows] == [
        ("neck", "swedish", 2, 30),
        ("back", "trigger_point", 1, 20),
    ]


@pytest.mark.parametrize(
    ("series", "change", "words"),
    [
        ([7, 5, 3], -4, "improved"),  # 2 points or more: the NPRS MCID [OM1][OM2]
        ([3, 2], -1, "improved"),  # 33 % of a low baseline also counts
        ([8, 7], -1, "slightly better (less than the MCID)"),
        ([4, 6], 2, "worse"),
        ([6], 0, "no change"),
        ([5, 5], 0, "no change"),
    ],
)
def test_pain_trend_against_the_nprs_mcid(series, change, words):
    trend = pain_trend(series)
    assert trend is not None
    assert (trend.first, trend.last, trend.change, trend.words) == (
        series[0],
        series[-1],
        change,
        words,
    )


def test_no_pain_ratings_no_trend():
    assert pain_trend([]) is None
