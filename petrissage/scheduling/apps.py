from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "petrissage.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"
