"""The case page's progress-report panel and the therapist's to-do of due reports:
{% load referrals_case %}{% case_reports_panel case %} and {% reports_due_todo %}."""

from __future__ import annotations

from typing import Any

from django import template

from petrissage.clinical.models import Case
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action, allowed
from petrissage.referrals.report_selectors import due_reports, report_due_for_case, reports_of

register = template.Library()


def _staff(context: template.Context) -> Staff | None:
    staff = context.get("staff")
    return staff if isinstance(staff, Staff) else None


@register.inclusion_tag("referrals/_case_reports.html", takes_context=True)
def case_reports_panel(context: template.Context, case: Case) -> dict[str, Any]:
    staff = _staff(context)
    if staff is None or not allowed(staff.role, Action.CLINICAL_VIEW):
        return {"hidden": True}
    return {
        "case": case,
        "reports": list(reports_of(case).prefetch_related("sendings")),
        "due": report_due_for_case(case),
        "can_write": allowed(staff.role, Action.CLINICAL_WRITE),
    }


@register.inclusion_tag("referrals/_due_todo.html", takes_context=True)
def reports_due_todo(context: template.Context) -> dict[str, Any]:
    """A dashboard card listing the reports due (nothing when none are due)."""
    staff = _staff(context)
    if staff is None or not allowed(staff.role, Action.CLINICAL_VIEW):
        return {"due": []}
    return {"due": due_reports(staff)[:20]}
