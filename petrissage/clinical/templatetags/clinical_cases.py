"""The patient page's cases panel: {% load clinical_cases %}{% patient_cases_panel patient %}."""

from __future__ import annotations

from typing import Any

from django import template

from petrissage.clinical import case_selectors
from petrissage.clinical.models import TreatmentPlan
from petrissage.domain.session_rules import region_label, technique_label
from petrissage.patients.models import Patient

register = template.Library()


@register.inclusion_tag("clinical/_patient_cases.html", takes_context=True)
def patient_cases_panel(context: template.Context, patient: Patient) -> dict[str, Any]:
    cases = list(case_selectors.cases_of(patient))
    plans = {
        case.pk: case_selectors.approved_plan(case) for case in cases if case.status != "discharged"
    }
    return {
        "patient": patient,
        "rows": [(case, plans.get(case.pk)) for case in cases],
        "can": context.get("can", {}),
    }


@register.filter
def region_name(code: str) -> str:
    return region_label(str(code))


@register.filter
def technique_name(code: str) -> str:
    return technique_label(str(code))


@register.simple_tag
def plan_technique_groups(plan: TreatmentPlan) -> list[tuple[str, int, list[str]]]:
    """The plan's techniques as (technique, pressure, regions), in the order first planned."""
    groups: dict[tuple[str, int], list[str]] = {}
    for row in plan.techniques.all():
        groups.setdefault((row.technique, row.pressure), []).append(region_label(row.region_code))
    return [(technique_label(t), p, regions) for (t, p), regions in groups.items()]
