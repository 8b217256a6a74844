"""Care panels for other apps' pages, one include line each:

{% load care_panels %}{% care_case_panel case %}        (templates/clinical/case_detail.html)
{% load care_panels %}{% care_patient_panel patient %}  (templates/patients/detail.html)
"""

from __future__ import annotations

from typing import Any

from django import template

from petrissage.care import recall_services, selectors
from petrissage.care.common import practice_today
from petrissage.care.models import MaintenancePlan, Membership
from petrissage.clinical.models import Case
from petrissage.patients.models import Patient
from petrissage.practice.access import staff_of
from petrissage.practice.permissions import Action, allowed

register = template.Library()


def _role(context: template.Context) -> str:
    request = context.get("request")
    staff = staff_of(getattr(request, "user", None)) if request is not None else None
    return staff.role if staff is not None else ""


@register.inclusion_tag("care/_case_panel.html", takes_context=True)
def care_case_panel(context: template.Context, case: Case) -> dict[str, Any]:
    role = _role(context)
    if not role or not allowed(role, Action.CLINICAL_VIEW):
        return {"visible": False}
    today = practice_today(case.practice)
    maintenance = MaintenancePlan.objects.filter(case=case).first()
    return {
        "visible": True,
        "case": case,
        "members": list(selectors.care_team_of(case).filter(ended_on__isnull=True)),
        "overlaps": selectors.case_overlap_warnings(case, today),
        "maintenance": maintenance,
        "recall": recall_services.recall_row(maintenance, today) if maintenance else None,
    }


@register.inclusion_tag("care/_patient_panel.html", takes_context=True)
def care_patient_panel(context: template.Context, patient: Patient) -> dict[str, Any]:
    role = _role(context)
    today = practice_today(patient.practice)
    clinical = bool(role) and allowed(role, Action.CLINICAL_VIEW)
    billing = bool(role) and allowed(role, Action.BILLING_VIEW)
    cases = list(Case.objects.filter(practice_id=patient.practice_id, patient=patient))
    recalls = [
        row
        for plan in MaintenancePlan.objects.filter(
            practice_id=patient.practice_id, patient=patient, interval_weeks__isnull=False
        ).select_related("case", "practice", "patient")
        if (row := recall_services.recall_row(plan, today)) is not None
    ]
    return {
        "patient": patient,
        "clinical": clinical,
        "billing": billing,
        "cases": cases if clinical else [],
        "recalls": recalls,
        "memberships": list(
            Membership.objects.filter(
                practice_id=patient.practice_id, patient=patient, ended_on__isnull=True
            ).select_related("plan")
        )
        if billing
        else [],
    }
