"""Memberships for maintenance care: a monthly fee that includes N visits, unused visits
carried into the next month up to the plan's limit, each month billed as a self-pay invoice
(billing.Invoice, numbered with the practice's invoice counter). Prepaid packages stay in
billing; a membership is the monthly alternative."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from petrissage.audit.models import Category
from petrissage.audit.services import Actor
from petrissage.billing.common import money, next_number
from petrissage.billing.models import Invoice, InvoiceStatus
from petrissage.care.common import audit_care
from petrissage.care.models import (
    Membership,
    MembershipPeriod,
    MembershipPlan,
    MembershipVisit,
)
from petrissage.clinical.models import SessionNote
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice, Staff

MAX_VISITS_PER_MONTH = 31


def _count(value: object, field: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: f"Enter a whole number from {low} to {high}."}) from None
    if not low <= number <= high:
        raise ValidationError({field: f"Enter a whole number from {low} to {high}."})
    return number


def membership_plan_save(
    *,
    practice: Practice,
    actor: Actor,
    name: str,
    monthly_fee: object,
    visits_per_month: object,
    carry_over_max: object,
    active: bool = True,
    plan: MembershipPlan | None = None,
) -> MembershipPlan:
    """Create or change a membership plan; a negative fee or zero visits is refused."""
    if not name.strip():
        raise ValidationError({"name": "Name the membership, e.g. Monthly maintenance."})
    fee = money(monthly_fee, "monthly_fee")
    visits = _count(visits_per_month, "visits_per_month", 1, MAX_VISITS_PER_MONTH)
    carry = _count(carry_over_max, "carry_over_max", 0, visits)
    with transaction.atomic():
        if plan is None:
            plan = MembershipPlan(practice=practice)
        plan.name, plan.monthly_fee, plan.visits_per_month = name.strip()[:80], fee, visits
        plan.carry_over_max, plan.active = carry, active
        plan.save()
        audit_care(
            actor, "membership_plan.save", None, category=Category.BILLING,
            plan=plan.pk, fee=str(fee), visits=visits, carry=carry,
        )  # fmt: skip
    return plan


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def membership_start(
    *, patient: Patient, plan: MembershipPlan, started_on: date, actor: Actor
) -> Membership:
    """Enrol a patient and bill the first month."""
    if plan.practice_id != patient.practice_id or not plan.active:
        raise ValidationError({"plan": "That membership is not offered by this practice."})
    current = Membership.objects.filter(
        practice_id=patient.practice_id, patient=patient, ended_on__isnull=True
    )
    if current.exists():
        raise ValidationError({"plan": "The patient already has a membership; end it first."})
    with transaction.atomic():
        membership = Membership.objects.create(
            practice_id=patient.practice_id,
            patient=patient,
            plan=plan,
            monthly_fee=plan.monthly_fee,
            visits_per_month=plan.visits_per_month,
            carry_over_max=plan.carry_over_max,
            started_on=started_on,
        )
        audit_care(
            actor, "membership.start", patient, category=Category.BILLING,
            membership=membership.pk, plan=plan.pk, fee=str(plan.monthly_fee),
        )  # fmt: skip
        membership_bill_month(membership=membership, month=started_on, actor=actor)
    return membership


def carried_into(membership: Membership, month: date) -> int:
    """Unused visits of the month before, up to the carry-over limit."""
    previous = (
        MembershipPeriod.objects.filter(membership=membership, month__lt=month)
        .order_by("-month")
        .first()
    )
    if previous is None:
        return 0
    return min(previous.visits_left, membership.carry_over_max)


def membership_bill_month(*, membership: Membership, month: date, actor: Actor) -> MembershipPeriod:
    """Bill one month (once): a self-pay invoice for the fee and that month's visits."""
    month = first_of_month(month)
    if membership.ended_on is not None and month > membership.ended_on:
        raise ValidationError({"month": "The membership had ended by then."})
    if month < first_of_month(membership.started_on):
        raise ValidationError({"month": "The membership had not started yet."})
    with transaction.atomic():
        existing = MembershipPeriod.objects.select_for_update().filter(
            membership=membership, month=month
        )
        if existing.exists():
            return existing.get()
        number = next_number(membership.patient.practice, "last_invoice_number")
        fee = membership.monthly_fee
        invoice = Invoice.objects.create(
            practice_id=membership.practice_id,
            patient=membership.patient,
            number=f"INV-{number:06d}",
            issued_on=month,
            total=fee,
            status=InvoiceStatus.OPEN if fee > 0 else InvoiceStatus.PAID,
        )
        period = MembershipPeriod.objects.create(
            practice_id=membership.practice_id,
            membership=membership,
            month=month,
            visits_included=membership.visits_per_month,
            carried_in=carried_into(membership, month),
            fee=fee,
            invoice=invoice,
        )
        audit_care(
            actor, "membership.bill", membership.patient, category=Category.BILLING,
            membership=membership.pk, month=month.isoformat(), invoice=invoice.number,
            total=str(fee), carried_in=period.carried_in,
        )  # fmt: skip
    return period


def membership_visit_use(
    *,
    membership: Membership,
    used_on: date,
    staff: Staff,
    actor: Actor,
    session: SessionNote | None = None,
) -> MembershipVisit:
    """Draw one visit from the month it falls in; refused when none is left."""
    with transaction.atomic():
        period = (
            MembershipPeriod.objects.select_for_update()
            .filter(membership=membership, month=first_of_month(used_on))
            .first()
        )
        if period is None:
            raise ValidationError(
                {"used_on": f"{used_on:%B %Y} has not been billed for this membership."}
            )
        if period.visits_left <= 0:
            raise ValidationError(
                {"used_on": f"No visits left in {used_on:%B %Y} ({period.visits_available} used)."}
            )
        if session is not None and MembershipVisit.objects.filter(session=session).exists():
            raise ValidationError({"session": "That session already used a membership visit."})
        period.visits_used += 1
        period.save(update_fields=["visits_used"])
        visit = MembershipVisit.objects.create(
            practice_id=membership.practice_id,
            period=period,
            session=session,
            used_on=used_on,
            recorded_by=staff,
        )
        audit_care(
            actor, "membership.visit", membership.patient, category=Category.BILLING,
            membership=membership.pk, left=period.visits_left,
        )  # fmt: skip
    return visit


def membership_end(*, membership: Membership, ended_on: date, actor: Actor) -> Membership:
    if membership.ended_on is not None:
        raise ValidationError({"ended_on": "This membership has already ended."})
    if ended_on < membership.started_on:
        raise ValidationError({"ended_on": "The end date is before the start."})
    with transaction.atomic():
        membership.ended_on = ended_on
        membership.save(update_fields=["ended_on"])
        audit_care(
            actor, "membership.end", membership.patient, category=Category.BILLING,
            membership=membership.pk, ended_on=ended_on.isoformat(),
        )  # fmt: skip
    return membership


def membership_draw_for_session(*, session: SessionNote, actor: Actor) -> MembershipVisit | None:
    """For self-pay billing (one call before packages): draw a signed session from the
    patient's active membership when its month is billed and has a visit left; None when
    there is no such membership (then the package or an invoice pays, as before)."""
    membership = (
        Membership.objects.filter(
            practice_id=session.practice_id, patient_id=session.patient_id, ended_on__isnull=True
        )
        .order_by("-started_on")
        .first()
    )
    if membership is None or MembershipVisit.objects.filter(session=session).exists():
        return None
    period = MembershipPeriod.objects.filter(
        membership=membership, month=first_of_month(session.session_date)
    ).first()
    if period is None or period.visits_left <= 0:
        return None
    return membership_visit_use(
        membership=membership,
        used_on=session.session_date,
        staff=session.therapist,
        actor=actor,
        session=session,
    )
