"""Care beyond the visit: /care/…"""

from __future__ import annotations

from django.urls import path

from petrissage.care import case_views, practice_views

CASE = "patients/<int:patient_id>/cases/<int:case_id>/"

urlpatterns = [
    path(CASE, case_views.care_case, name="care_case"),
    path(f"{CASE}team/new/", case_views.care_member_new, name="care_member_new"),
    path(f"{CASE}team/<int:member_id>/", case_views.care_member_edit, name="care_member_edit"),
    path(f"{CASE}report/", case_views.care_report, name="care_report"),
    path(f"{CASE}maintenance/", case_views.care_maintenance, name="care_maintenance"),
    path(f"{CASE}wellbeing/", case_views.care_wellbeing, name="care_wellbeing"),
    path(
        f"{CASE}sessions/<int:note_id>/aftercare/",
        case_views.care_aftercare_session,
        name="care_aftercare_session",
    ),
    path("aftercare-texts/", practice_views.aftercare_texts, name="aftercare_texts"),
    path(
        "aftercare-texts/<str:key>/", practice_views.aftercare_text_edit, name="aftercare_text_edit"
    ),
    path("a/<str:token>/", practice_views.aftercare_public, name="aftercare_public"),
    path("recalls/", practice_views.recall_list, name="recall_list"),
    path("recalls/send/", practice_views.recall_send, name="recall_send"),
    path(
        "recalls/<int:plan_id>/<str:decision>/",
        practice_views.recall_decide,
        name="recall_decide",
    ),
    path("memberships/", practice_views.membership_plans, name="membership_plans"),
    path(
        "patients/<int:patient_id>/memberships/",
        practice_views.patient_memberships,
        name="patient_memberships",
    ),
    path(
        "memberships/<int:membership_id>/<str:action>/",
        practice_views.membership_action,
        name="membership_action",
    ),
]
