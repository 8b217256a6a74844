from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from petrissage.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: audit rows can be looked at, never added, changed or deleted."""

    list_display = (
        "occurred_at",
        "practice",
        "username",
        "action",
        "category",
        "outcome",
        "patient",
    )
    list_filter = ("category", "outcome")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
