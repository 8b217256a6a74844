"""Session notes of a case: /patients/<patient_id>/cases/<case_id>/sessions/…"""

from __future__ import annotations

from django.urls import path

from petrissage.clinical import session_views as views

urlpatterns = [
    path("", views.case_sessions, name="case_sessions"),
    path("rows/line/", views.session_line_row, name="session_line_row"),
    path("<int:note_id>/", views.session_note, name="session_note"),
    path("<int:note_id>/pre-check/", views.session_pre_check, name="session_pre_check"),
    path("<int:note_id>/sign/", views.session_sign, name="session_sign"),
    path("<int:note_id>/amend/", views.session_amend, name="session_amend"),
]
