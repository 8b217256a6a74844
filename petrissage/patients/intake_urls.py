"""Intake pages: staff ones under /patients/<id>/intake/, the patient's link under /intake/."""

from __future__ import annotations

from django.urls import path

from petrissage.patients import intake_views as views

STAFF = "patients/<int:patient_id>/intake"

urlpatterns = [
    path(f"{STAFF}/start/", views.intake_start, name="intake_start"),
    path(f"{STAFF}/link/", views.intake_link_send, name="intake_link_send"),
    path(f"{STAFF}/row/<slug:group>/<int:index>/", views.intake_row, name="intake_row"),
    path(f"{STAFF}/<int:intake_id>/", views.intake_detail, name="intake_detail"),
    path(f"{STAFF}/<int:intake_id>/edit/", views.intake_edit, name="intake_edit"),
    path(f"{STAFF}/<int:intake_id>/autosave/", views.intake_autosave, name="intake_autosave"),
    # The patient's link. "thanks/" comes first: a token never equals it (43 characters).
    path("intake/thanks/", views.intake_public_thanks, name="intake_public_thanks"),
    path("intake/<str:token>/", views.intake_public, name="intake_public"),
    path(
        "intake/<str:token>/autosave/",
        views.intake_public_autosave,
        name="intake_public_autosave",
    ),
    path(
        "intake/<str:token>/row/<slug:group>/<int:index>/",
        views.intake_public_row,
        name="intake_public_row",
    ),
]
