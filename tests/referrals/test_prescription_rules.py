"""The pure prescription rules (petrissage.domain.prescriptions), table-tested."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from petrissage.domain.prescriptions import (
    PrescriptionLimits,
    booking_warnings,
    claim_problems,
    entry_problems,
    plan_exceeds,
    prescription_status,
)

ISSUED = date(2025, 3, 1)
EXPIRES = date(2025, 5, 31)
LIMITS = PrescriptionLimits(
    issued_on=ISSUED, expires_on=EXPIRES, visit_cap=10, sessions_per_week=2, weeks=5
)


@pytest.mark.parametrize(
    ("used", "today", "remaining", "days", "renewal", "cap_reached", "expired"),
    [
        (0, date(2025, 3, 1), 10, 91, False, False, False),
        (7, date(2025, 4, 1), 3, 60, False, False, False),
        (8, date(2025, 4, 1), 2, 60, True, False, False),  # 80 % used
        (2, date(2025, 5, 17), 8, 14, True, False, False),  # 14 days left
        (2, date(2025, 5, 16), 8, 15, False, False, False),  # 15 days left
        (10, date(2025, 4, 1), 0, 60, True, True, False),
        (12, date(2025, 4, 1), 0, 60, True, True, False),  # over the cap: never negative
        (3, date(2025, 6, 1), 7, -1, True, False, True),  # the day after expiry
        (3, date(2025, 5, 31), 7, 0, True, False, False),  # expiry day is still valid
    ],
)
def test_status_counts_visits_and_days(used, today, remaining, days, renewal, cap_reached, expired):
    status = prescription_status(LIMITS, used, today)
    assert status.visits_remaining == remaining
    assert status.days_to_expiry == days
    assert status.renewal_due is renewal
    assert status.cap_reached is cap_reached
    assert status.expired is expired


def test_authorised_visits_below_the_cap_bind():
    limits = PrescriptionLimits(ISSUED, EXPIRES, visit_cap=12, authorised_visits=6)
    status = prescription_status(limits, 5, date(2025, 3, 20))
    assert (status.visits_allowed, status.visits_remaining, status.renewal_due) == (6, 1, True)
    assert "authorised visits" in status.renewal_reasons[0]


@pytest.mark.parametrize(
    ("every_visits", "every_days", "last", "at_last", "used", "today", "due"),
    [
        (6, None, None, 0, 5, date(2025, 3, 20), False),
        (6, None, None, 0, 6, date(2025, 3, 20), True),  # WA L&I: after 6 visits
        (None, 30, None, 0, 2, date(2025, 3, 31), True),  # ... or 1 month
        (None, 30, None, 0, 2, date(2025, 3, 30), False),
        (None, 30, None, 0, 0, date(2025, 4, 30), False),  # no visits, nothing to report
        (6, 30, date(2025, 3, 25), 6, 8, date(2025, 4, 10), False),
        (6, 30, date(2025, 3, 25), 6, 12, date(2025, 4, 10), True),
    ],
)
def test_report_due_by_visits_or_days(every_visits, every_days, last, at_last, used, today, due):
    limits = PrescriptionLimits(
        ISSUED,
        EXPIRES,
        visit_cap=40,
        report_every_visits=every_visits,
        report_every_days=every_days,
        last_report_on=last,
        visits_at_last_report=at_last,
    )
    assert prescription_status(limits, used, today).report_due is due


TODAY = date(2025, 4, 10)


@pytest.mark.parametrize(
    ("issued", "expires", "cap", "fields"),
    [
        (date(2025, 4, 1), date(2025, 6, 1), 12, set()),
        (date(2025, 4, 11), date(2025, 6, 1), 12, {"issued_on"}),  # future-dated
        (date(2025, 4, 1), date(2025, 3, 1), 12, {"expires_on"}),  # expiry before issue
        (date(2025, 1, 1), date(2025, 4, 9), 12, {"expires_on"}),  # already expired
        (date(2025, 1, 1), date(2025, 4, 10), 12, set()),  # expires today: still valid
        (date(2025, 4, 1), date(2025, 6, 1), 0, {"visit_cap"}),
        (date(2025, 4, 1), date(2025, 6, 1), 201, {"visit_cap"}),
        (date(2025, 4, 1), date(2025, 6, 1), 200, set()),
        (date(2025, 4, 1), date(2025, 6, 1), 1, set()),
    ],
)
def test_entry_problems_name_the_field(issued, expires, cap, fields):
    problems = entry_problems(issued_on=issued, expires_on=expires, visit_cap=cap, today=TODAY)
    assert set(problems) == fields


def test_already_expired_message_is_clear():
    problems = entry_problems(
        issued_on=date(2025, 1, 1), expires_on=date(2025, 4, 9), visit_cap=6, today=TODAY
    )
    assert "expired on 2025-04-09" in problems["expires_on"]


@pytest.mark.parametrize(
    ("per_week", "weeks", "total", "start", "expected"),
    [
        (2, 5, 10, None, []),
        (2, 6, 12, None, ["12 visits"]),  # over the cap
        (3, 5, 10, None, ["3 sessions a week"]),
        (2, 5, 10, date(2025, 5, 10), ["past the prescription's expiry"]),
    ],
)
def test_plan_exceeds(per_week, weeks, total, start, expected):
    warnings = plan_exceeds(LIMITS, per_week, weeks, total, start=start)
    if not expected:
        assert warnings == []
    for text in expected[:1]:
        assert any(text in w for w in warnings), warnings


def test_plan_longer_than_ordered_weeks_warns():
    warnings = plan_exceeds(LIMITS, 2, 6, 10)
    assert any("runs 6 weeks" in w for w in warnings)


@pytest.mark.parametrize(
    ("used", "booked", "day", "count", "text"),
    [
        (5, 2, date(2025, 4, 1), 0, ""),
        (8, 1, date(2025, 4, 1), 0, ""),  # visit 10 of 10 is fine
        (8, 2, date(2025, 4, 1), 1, "visit 11"),
        (2, 0, date(2025, 6, 1), 1, "expires on 2025-05-31"),
        (2, 0, date(2025, 2, 27), 1, "issued on 2025-03-01"),
        (10, 0, date(2025, 6, 2), 2, "visit 11"),
    ],
)
def test_booking_warnings(used, booked, day, count, text):
    warnings = booking_warnings(LIMITS, used, booked, day)
    assert len(warnings) == count
    if text:
        assert text in warnings[0]


@pytest.mark.parametrize(
    ("visit", "day", "codes", "texts"),
    [
        (3, date(2025, 4, 1), ["97124"], []),
        (3, date(2025, 6, 2), ["97124"], ["outside the prescription"]),
        (3, date(2025, 4, 1), ["97124", "97112"], ["CPT 97112 is not on the prescription"]),
        (11, date(2025, 4, 1), ["97124"], ["cap is 10"]),
    ],
)
def test_claim_problems(visit, day, codes, texts):
    problems = claim_problems(LIMITS, ["97124", "97140"], visit, day, codes)
    assert len(problems) == len(texts)
    for problem, text in zip(problems, texts, strict=True):
        assert text in problem


def test_claim_past_authorised_visits():
    limits = PrescriptionLimits(ISSUED, EXPIRES, visit_cap=12, authorised_visits=6)
    problems = claim_problems(limits, ["97124"], 7, date(2025, 4, 1), ["97124"])
    assert problems == ["This is visit 7; prior authorisation covers 6 visits."]


def test_domain_module_imports_no_django():
    import petrissage.domain.prescriptions as module

    source = Path(module.__file__).read_text(encoding="utf-8")
    assert "django" not in source
