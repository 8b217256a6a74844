"""Clinical pages, nested under a patient: /clinical/patients/<id>/assessments/…"""

from __future__ import annotations

from django.urls import path

from petrissage.clinical import assessment_views as views

ASSESSMENTS = "patients/<int:patient_id>/assessments/"

urlpatterns = [
    path(f"{ASSESSMENTS}new/", views.assessment_new, name="assessment_new"),
    path(f"{ASSESSMENTS}panel/", views.assessment_panel, name="assessment_panel"),
    path(f"{ASSESSMENTS}rows/finding/", views.finding_row_new, name="assessment_finding_row"),
    path(f"{ASSESSMENTS}rows/rom/", views.rom_row_new, name="assessment_rom_row"),
    path(f"{ASSESSMENTS}rows/goal/", views.goal_row_new, name="assessment_goal_row"),
    path(f"{ASSESSMENTS}<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path(f"{ASSESSMENTS}<int:assessment_id>/edit/", views.assessment_edit, name="assessment_edit"),
]
