"""Enqueue the reminders that are due (run from cron every 5 minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from petrissage.scheduling.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Send appointment reminders that are due (24 h before each visit), each once."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_due_reminders.enqueue()
        self.stdout.write(f"Reminder run enqueued ({result.status}).")
