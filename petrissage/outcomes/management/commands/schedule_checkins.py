"""`manage.py schedule_checkins`: one check-in run (schedule missing, send due ones)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from petrissage.outcomes.tasks import checkins_tick


class Command(BaseCommand):
    help = "Schedule check-ins for signed sessions and enqueue the sends that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        result = checkins_tick.enqueue()
        self.stdout.write(f"Check-in run enqueued ({result.status}).")
