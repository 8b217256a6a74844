from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "petrissage.audit"
    label = "audit"
    verbose_name = "Audit trail"
