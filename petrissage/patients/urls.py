from django.urls import path

from petrissage.patients import views

urlpatterns = [
    path("", views.patient_list, name="patient_list"),
    path("new/", views.patient_create, name="patient_create"),
    path("<int:patient_id>/", views.patient_detail, name="patient_detail"),
    path("<int:patient_id>/edit/", views.patient_edit, name="patient_edit"),
    path("<int:patient_id>/coverage/new/", views.coverage_edit, name="coverage_create"),
    path("<int:patient_id>/coverage/<int:coverage_id>/", views.coverage_edit, name="coverage_edit"),
]
