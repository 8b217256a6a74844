"""Editing an assessment keeps the version it replaces, whole, and the page lists it."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from petrissage.audit.services import Actor
from petrissage.clinical.assessment_services import assessment_update
from petrissage.clinical.models import AssessmentVersion
from petrissage.practice.models import Role
from tests import factories
from tests.clinical.test_assessment_services import finding, make_assessment, payload


def _edit(assessment, staff, pains, goals=()):
    return assessment_update(
        assessment=assessment,
        staff=staff,
        actor=Actor.for_staff(staff),
        **payload(
            region_findings=[finding(code, nprs) for code, nprs in pains.items()],
            goals=[{"activity": a, "score": s} for a, s in goals],
        ),
    )


def test_each_edit_keeps_the_version_it_replaced(patient, therapist, practice):
    colleague = factories.make_staff(practice, Role.THERAPIST, "second-thera")
    assessment = make_assessment(patient, therapist, pains={"calf-left": 8, "calf-right": 2})
    _edit(assessment, colleague, {"calf-left": 5}, goals=[("Walk the dog", 4)])
    latest = _edit(assessment, therapist, {"calf-left": 3})

    assert latest.version == 3
    assert list(latest.region_findings.values_list("region_code", "nprs")) == [("calf-left", 3)]
    first, second = AssessmentVersion.objects.filter(assessment=assessment).order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert {r["region_code"]: r["nprs"] for r in first.snapshot["region_findings"]} == {
        "calf-left": 8,
        "calf-right": 2,
    }
    assert first.snapshot["rom"][0]["degrees"] == 40
    assert [g["activity"] for g in second.snapshot["goals"]] == ["Walk the dog"]
    assert (first.recorded_by, first.replaced_by) == (therapist, colleague)
    assert (second.recorded_by, second.replaced_by) == (colleague, therapist)
    assert first.practice_id == first.patient.practice_id == practice.pk


def test_the_page_shows_the_version_and_lists_earlier_ones(login, patient, therapist):
    assessment = make_assessment(patient, therapist, pains={"calf-left": 8}, on=date(2025, 3, 4))
    _edit(assessment, therapist, {"calf-left": 5})
    page = login(therapist).get(reverse("assessment_detail", args=[patient.pk, assessment.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="assessment-version">version 2' in html
    assert 'data-testid="earlier-versions"' in html
    assert "Version 1 · 2025-03-04" in html
    assert "Calf (gastrocnemius / soleus), left" in html


def test_an_assessment_never_edited_lists_no_earlier_versions(login, patient, therapist):
    assessment = make_assessment(patient, therapist)
    page = login(therapist).get(reverse("assessment_detail", args=[patient.pk, assessment.pk]))
    assert 'data-testid="earlier-versions"' not in page.content.decode()
