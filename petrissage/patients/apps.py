from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "petrissage.patients"
    label = "patients"
    verbose_name = "Patients"
