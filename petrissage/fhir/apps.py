from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "petrissage.fhir"
    label = "fhir"
    verbose_name = "FHIR R4"
