"""Outcome panels other pages include: `{% case_outcomes_panel case %}` (case page),
`{% patient_outcomes_panel patient %}` (patient page), `{% checkin_alerts_card %}`
(dashboard) and `{% urgent_alert_count as n %}` (navigation); `{% load outcomes_case %}`."""

from __future__ import annotations

from typing import Any

from django import template

from petrissage.clinical.models import Case
from petrissage.outcomes.models import AlertLevel, CheckIn
from petrissage.outcomes.panel import case_panel_context
from petrissage.outcomes.selectors import open_urgent_alerts
from petrissage.patients.models import Patient
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action, allowed

register = template.Library()


@register.inclusion_tag("outcomes/_case_panel.html", takes_context=True)
def case_outcomes_panel(context: template.Context, case: Case) -> dict[str, Any]:
    staff = context.get("staff")
    if not isinstance(staff, Staff) or not allowed(staff.role, Action.CLINICAL_VIEW):
        return {"hidden": True}
    if staff.practice_id != case.practice_id:
        return {"hidden": True}
    panel = case_panel_context(case, charts=True)
    panel["can_write"] = allowed(staff.role, Action.CLINICAL_WRITE)
    return panel


@register.simple_tag(takes_context=True)
def urgent_alert_count(context: template.Context) -> int:
    staff = context.get("staff")
    if not isinstance(staff, Staff) or not allowed(staff.role, Action.CLINICAL_VIEW):
        return 0
    return open_urgent_alerts(staff).count()


@register.inclusion_tag("outcomes/_patient_panel.html", takes_context=True)
def patient_outcomes_panel(context: template.Context, patient: Patient) -> dict[str, Any]:
    """The patient page: open urgent check-in alerts, and each case's latest summaries."""
    staff = context.get("staff")
    if not isinstance(staff, Staff) or not allowed(staff.role, Action.CLINICAL_VIEW):
        return {"hidden": True}
    if staff.practice_id != patient.practice_id:
        return {"hidden": True}
    cases = Case.objects.filter(practice_id=patient.practice_id, patient=patient).order_by(
        "-opened_on", "-id"
    )
    rows = [(case, case_panel_context(case, charts=False)) for case in cases[:10]]
    alerts = CheckIn.objects.filter(
        practice_id=patient.practice_id,
        patient=patient,
        alert_level=AlertLevel.URGENT,
        acknowledged_at__isnull=True,
    )
    return {"patient": patient, "rows": rows, "alerts": list(alerts)}


@register.inclusion_tag("outcomes/_alerts_card.html", takes_context=True)
def checkin_alerts_card(context: template.Context) -> dict[str, Any]:
    """The dashboard's to-do card of open urgent check-in alerts."""
    staff = context.get("staff")
    if not isinstance(staff, Staff) or not allowed(staff.role, Action.CLINICAL_VIEW):
        return {"alerts": []}
    return {"alerts": list(open_urgent_alerts(staff)[:20])}
