"""`manage.py send_recalls`: send due maintenance-recall reminders (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from petrissage.care.tasks import recalls_tick


class Command(BaseCommand):
    help = "Email a reminder to every discharged patient whose maintenance visit is due."

    def handle(self, *args: Any, **options: Any) -> None:
        result = recalls_tick.enqueue()
        self.stdout.write(f"Recall run enqueued ({result.status}).")
