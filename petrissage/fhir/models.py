"""What the FHIR importer has written: one row per imported resource, so a second import of
the same data changes nothing and a changed resource updates the record it created."""

from __future__ import annotations

from django.db import models


class ImportedResource(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    resource_type = models.CharField(max_length=40)
    resource_id = models.CharField(max_length=255, help_text="The source's id (or fullUrl)")
    content_hash = models.CharField(max_length=40, help_text="Digest of the mapped content")
    target_model = models.CharField(max_length=60, help_text="app_label.model written")
    target_id = models.BigIntegerField()
    patient = models.ForeignKey(
        "patients.Patient", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "resource_type", "resource_id"],
                name="imported_resource_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource_type}/{self.resource_id} -> {self.target_model}#{self.target_id}"
