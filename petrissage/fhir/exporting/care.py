"""Exporters for what other parts of the FHIR facade serve: treatment plans (CarePlan),
signed progress reports (DocumentReference, PDF by URL, not inlined), outcome scores
(Observation) and every
QuestionnaireResponse source (intake, outcomes, check-ins …). import_fhir counts and skips
these types."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from petrissage.clinical.models import CaseDiagnosis, TreatmentPlan
from petrissage.clinical.models import PlanTechnique as PlanTechniqueRow
from petrissage.fhir.exporting.registry import register
from petrissage.fhir.mapping.care_plan import care_plan_resource
from petrissage.fhir.mapping.document_reference import document_reference_resource
from petrissage.fhir.mapping.outcome_observation import outcome_to_observation
from petrissage.fhir.questionnaire_sources import QUESTIONNAIRE_SOURCES
from petrissage.outcomes.models import OutcomeResponse
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice
from petrissage.referrals.models import ProgressReport, ReportStatus


@register("CarePlan", "treatment plans")
def care_plans(practice: Practice) -> Iterator[dict[str, Any]]:
    plans = TreatmentPlan.objects.filter(practice=practice).select_related("case", "created_by")
    for plan in plans.order_by("pk").iterator(500):
        diagnoses = list(CaseDiagnosis.objects.filter(practice=practice, case=plan.case))
        techniques = list(PlanTechniqueRow.objects.filter(practice=practice, plan=plan))
        yield care_plan_resource(plan, plan.case, diagnoses, techniques)


@register("DocumentReference", "signed progress reports")
def progress_reports(practice: Practice) -> Iterator[dict[str, Any]]:
    reports = ProgressReport.objects.filter(practice=practice, status=ReportStatus.SIGNED)
    for report in reports.order_by("pk").iterator(500):
        yield document_reference_resource(report, pdf_url=reverse("report_pdf", args=[report.pk]))


@register("QuestionnaireResponse", "form answers")
def questionnaire_responses(practice: Practice) -> Iterator[dict[str, Any]]:
    searchers = [source.searcher() for source in QUESTIONNAIRE_SOURCES]
    for patient in Patient.objects.filter(practice=practice).order_by("pk").iterator(500):
        for search in searchers:
            for found in search(practice, patient):
                yield found.resource


@register("Observation", "outcome scores")
def outcome_scores(practice: Practice) -> Iterator[dict[str, Any]]:
    """Scored instruments (ids outcome-{pk}, apart from pain findings and vitals)."""
    for response in OutcomeResponse.objects.filter(practice=practice).order_by("pk").iterator(500):
        yield outcome_to_observation(response)
