"""The append-only, hash-chained audit trail.

Rows are chained per practice (practice 0 = events with no practice, such as a
failed login for an unknown user): each row stores the hash of the row before
it in its chain, so deleting, inserting, editing or reordering rows breaks a
link that `manage.py verify_audit` finds. The application never updates or
deletes a row; database triggers refuse it too (see the migration).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Category(models.TextChoices):
    AUTH = "auth", "Sign-in and sessions"
    DEMOGRAPHICS = "demographics", "Demographics"
    COVERAGE = "coverage", "Insurance coverage"
    CLINICAL = "clinical", "Clinical record"
    SCHEDULING = "scheduling", "Scheduling"
    BILLING = "billing", "Billing"
    ADMIN = "admin", "Practice administration"
    EXPORT = "export", "Export and disclosure"


class Outcome(models.TextChoices):
    SUCCESS = "success", "Success"
    DENIED = "denied", "Denied"
    FAILURE = "failure", "Failure"


class ReadOnlyAuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(db_index=True)  # UTC
    chain = models.BigIntegerField(default=0, help_text="practice id, 0 for none")
    practice = models.ForeignKey(
        "practice.Practice", null=True, blank=True, on_delete=models.PROTECT
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    username = models.CharField(max_length=150, blank=True)
    patient = models.ForeignKey("patients.Patient", null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(max_length=80)
    category = models.CharField(max_length=20, choices=Category.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    source = models.CharField(max_length=20, default="web", help_text="web, api, fhir, cli, task")
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = ReadOnlyAuditQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["practice", "occurred_at"], name="audit_practice_time"),
            models.Index(fields=["practice", "patient", "occurred_at"], name="audit_patient_time"),
            models.Index(fields=["chain", "id"], name="audit_chain"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted.")
