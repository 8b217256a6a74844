"""Memberships: a monthly fee with N visits, unused visits carried over up to the limit,
each month a self-pay invoice; negative fees and overdrawn months are refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.billing.models import Invoice
from petrissage.care import membership_services as services
from petrissage.care.models import MembershipPlan


@pytest.fixture
def plan(practice, owner):
    return services.membership_plan_save(
        practice=practice, actor=Actor.for_staff(owner), name="Maintenance monthly",
        monthly_fee="119.00", visits_per_month="2", carry_over_max="1",
    )  # fmt: skip


def test_monthly_invoices_visits_and_carry_over(plan, patient, front_desk):
    actor = Actor.for_staff(front_desk)
    membership = services.membership_start(
        patient=patient, plan=plan, started_on=date(2026, 9, 15), actor=actor
    )
    september = membership.periods.get()
    assert september.invoice.total == Decimal("119.00")
    assert september.visits_left == 2
    services.membership_visit_use(
        membership=membership, used_on=date(2026, 9, 20), staff=front_desk, actor=actor
    )
    october = services.membership_bill_month(
        membership=membership, month=date(2026, 10, 3), actor=actor
    )
    assert october.month == date(2026, 10, 1)
    assert (october.visits_included, october.carried_in, october.visits_left) == (2, 1, 3)
    again = services.membership_bill_month(
        membership=membership, month=date(2026, 10, 20), actor=actor
    )
    assert again.pk == october.pk
    assert Invoice.objects.filter(patient=patient).count() == 2
    for _ in range(3):
        services.membership_visit_use(
            membership=membership, used_on=date(2026, 10, 9), staff=front_desk, actor=actor
        )
    with pytest.raises(ValidationError, match="No visits left"):
        services.membership_visit_use(
            membership=membership, used_on=date(2026, 10, 30), staff=front_desk, actor=actor
        )
    november = services.membership_bill_month(
        membership=membership, month=date(2026, 11, 1), actor=actor
    )
    assert november.carried_in == 0
    assert AuditEvent.objects.filter(action="membership.bill", patient=patient).count() == 3


def test_unbilled_month_cannot_be_drawn(plan, patient, front_desk):
    actor = Actor.for_staff(front_desk)
    membership = services.membership_start(
        patient=patient, plan=plan, started_on=date(2026, 9, 1), actor=actor
    )
    with pytest.raises(ValidationError, match="has not been billed"):
        services.membership_visit_use(
            membership=membership, used_on=date(2026, 12, 2), staff=front_desk, actor=actor
        )


@pytest.mark.parametrize(
    ("fee", "visits", "carry", "field"),
    [
        ("-10", "2", "0", "monthly_fee"),
        ("12.345", "2", "0", "monthly_fee"),
        ("abc", "2", "0", "monthly_fee"),
        ("99", "0", "0", "visits_per_month"),
        ("99", "2", "3", "carry_over_max"),
    ],
)
def test_bad_plans_are_refused(practice, owner, fee, visits, carry, field):
    with pytest.raises(ValidationError) as error:
        services.membership_plan_save(
            practice=practice, actor=Actor.for_staff(owner), name="Bad",
            monthly_fee=fee, visits_per_month=visits, carry_over_max=carry,
        )  # fmt: skip
    assert field in error.value.message_dict
    assert not MembershipPlan.objects.exists()


def test_pages_roles_and_negative_fee_form(
    login, owner, front_desk, therapist, outsider, plan, patient
):
    response = login(owner).post(
        "/care/memberships/",
        {"name": "Cheap", "monthly_fee": "-5", "visits_per_month": "1", "carry_over_max": "0"},
    )
    assert response.status_code == 422
    assert "must not be negative" in response.content.decode()
    assert login(front_desk).post("/care/memberships/", {"name": "x"}).status_code == 403
    assert login(therapist).get("/care/memberships/").status_code == 403
    url = f"/care/patients/{patient.pk}/memberships/"
    response = login(front_desk).post(url, {"plan": plan.pk, "started_on": "2026-09-01"})
    assert response.status_code == 302
    page = login(front_desk).get(url).content.decode()
    assert "Maintenance monthly" in page
    assert "INV-" in page
    assert login(outsider).get(url).status_code == 404


def test_a_signed_session_draws_from_the_membership_for_billing(plan, care_case, therapist, today):
    from tests.care.conftest import signed_session

    actor = Actor.for_staff(therapist)
    note = signed_session(care_case, therapist, today)
    assert services.membership_draw_for_session(session=note, actor=actor) is None
    services.membership_start(patient=care_case.patient, plan=plan, started_on=today, actor=actor)
    visit = services.membership_draw_for_session(session=note, actor=actor)
    assert visit is not None
    assert visit.session_id == note.pk
    assert services.membership_draw_for_session(session=note, actor=actor) is None  # once


def test_signing_a_members_visit_draws_the_membership_instead_of_an_invoice(
    plan, practice, therapist, today
):
    from petrissage.billing.models import Charge
    from petrissage.care.models import MembershipVisit
    from tests.billing.builders import selfpay_patient, setup_billing
    from tests.care.conftest import signed_session
    from tests.sessions.conftest import make_case

    setup_billing(practice)
    member = selfpay_patient(practice)
    actor = Actor.for_staff(therapist)
    services.membership_start(patient=member, plan=plan, started_on=today, actor=actor)
    invoices_before = Invoice.objects.filter(patient=member).count()

    note = signed_session(make_case(member, therapist), therapist, today)

    assert MembershipVisit.objects.filter(session=note).count() == 1
    assert Charge.objects.filter(session=note).exists()
    assert Invoice.objects.filter(patient=member).count() == invoices_before
