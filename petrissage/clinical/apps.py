from django.apps import AppConfig


class ClinicalConfig(AppConfig):
    name = "petrissage.clinical"
    label = "clinical"
    verbose_name = "Clinical record"
