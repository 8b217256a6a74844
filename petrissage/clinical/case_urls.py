"""Cases of a patient and their treatment plans: /patients/<patient_id>/cases/…

(The session notes of a case live under …/cases/<case_id>/sessions/, session_urls.)"""

from __future__ import annotations

from django.urls import path

from petrissage.clinical import case_views, plan_views

CASE = "<int:case_id>/"
PLAN = f"{CASE}plan/"

urlpatterns = [
    path("new/", case_views.case_new, name="case_new"),
    path(CASE, case_views.case_detail, name="case_detail"),
    path(f"{CASE}edit/", case_views.case_edit, name="case_edit"),
    path(f"{CASE}status/", case_views.case_status, name="case_status"),
    path(f"{PLAN}propose/", plan_views.plan_propose, name="plan_propose"),
    path(f"{PLAN}revise/", plan_views.plan_revise, name="plan_revise"),
    path(f"{PLAN}<int:plan_id>/", plan_views.plan_detail, name="plan_detail"),
    path(f"{PLAN}<int:plan_id>/edit/", plan_views.plan_edit, name="plan_edit"),
]
