"""Aging buckets (0–30, 31–60, 61–90, 90+) and the biller's work queue."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from petrissage.billing.charge_services import charges_create_for_session
from petrissage.billing.export_services import claims_export_837p
from petrissage.billing.models import Claim, ClaimStatus
from petrissage.billing.selectors import BUCKETS, aging_report, bucket_for, work_queue
from tests.billing.builders import (
    actor_for,
    insured_patient,
    open_case,
    selfpay_patient,
    session,
    setup_billing,
)

TODAY = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "0–30"),
        (30, "0–30"),
        (31, "31–60"),
        (60, "31–60"),
        (61, "61–90"),
        (90, "61–90"),
        (91, "90+"),
        (400, "90+"),
    ],
)
def test_bucket_edges(days, bucket):
    assert bucket_for(days) == bucket


@pytest.fixture
def ledger(practice, therapist):
    setup_billing(practice)
    for days in (10, 45, 75, 120):
        note = session(
            open_case(insured_patient(practice), therapist), on=TODAY - timedelta(days=days)
        )
        charges_create_for_session(session=note, actor=actor_for(practice))
    claims_export_837p(practice=practice, actor=actor_for(practice))
    note = session(open_case(selfpay_patient(practice), therapist), on=TODAY - timedelta(days=40))
    charges_create_for_session(session=note, actor=actor_for(practice))
    bad = session(open_case(insured_patient(practice), therapist, "M54.5"), on=TODAY)
    charges_create_for_session(session=bad, actor=actor_for(practice))


def test_aging_puts_each_balance_in_its_bucket(practice, ledger):
    report = aging_report(practice, TODAY)
    [premera, patients] = report.rows
    assert premera.label == "Premera Blue Cross"
    assert premera.cells == [Decimal("115.50")] * 4
    assert patients.amounts[BUCKETS[1]] == Decimal("90.00")
    assert report.totals.total == Decimal("552.00")


def test_queue_groups_claims_by_what_the_biller_does_next(practice, ledger):
    queue = work_queue(practice, TODAY)
    assert len(queue.needs_fix) == 1
    assert queue.needs_fix[0].problems
    assert queue.ready == []
    assert [c.service_date for c in queue.unpaid] == [
        TODAY - timedelta(days=d) for d in (120, 75, 45)
    ]
    Claim.objects.filter(status=ClaimStatus.SUBMITTED).update(status=ClaimStatus.DENIED)
    assert len(work_queue(practice, TODAY).denied) == 4
