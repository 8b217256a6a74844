from django.urls import path

from petrissage.clinical import screening_views as views

urlpatterns = [
    path("", views.screening_page, name="screening_page"),
    path("run/", views.screening_run, name="screening_run"),
    path("clearance/", views.clearance_add, name="clearance_add"),
    path(
        "clearance/<int:clearance_id>/document/",
        views.clearance_document,
        name="clearance_document",
    ),
    path("medications/", views.medication_add, name="medication_add"),
    path("medications/<int:medication_id>/stop/", views.medication_stop, name="medication_stop"),
    path("conditions/", views.condition_add, name="condition_add"),
]
