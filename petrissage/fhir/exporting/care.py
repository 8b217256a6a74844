"""Exporters for what other parts of the FHIR facade serve: treatment plans (CarePlan),
signed progress reports (DocumentReference, PDF by URL, not inlined), outcome scores
(Observation) and every
QuestionnaireResponse source (intake, outcomes, check-ins …). import_fhir reads the
CarePlans back (case and plan version, from their petrissage-care extension) and counts and
skips the other types."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from petrissage.clinical.models import CaseDiagnosis, TreatmentPlan
from petrissage.clinical.models import PlanTechnique as PlanTechniqueRow
from petrissage.fhir.exporting.carried import care_extension
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
    """Each carries its case and plan version exactly (petrissage-care) for import_fhir."""
    plans = TreatmentPlan.objects.filter(practice=practice).select_related(
        "case", "case__therapist", "created_by", "approved_by"
    )
    for plan in plans.order_by("pk").iterator(500):
        diagnoses = list(
            CaseDiagnosis.objects.filter(practice=practice, case=plan.case).order_by("position")
        )
        techniques = list(
            PlanTechniqueRow.objects.filter(practice=practice, plan=plan).order_by("pk")
        )
        resource = care_plan_resource(plan, plan.case, diagnoses, techniques)
        resource["extension"] = [care_extension(plan.case, diagnoses, plan, techniques)]
        yield resource


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
