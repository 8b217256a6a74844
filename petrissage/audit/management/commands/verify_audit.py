from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from petrissage.audit.verify import verify_all


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains; exit non-zero at the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_all()
        if result.broken:
            b = result.broken
            raise CommandError(
                f"Audit chain broken at event {b.event_id} (chain {b.chain}): {b.reason}. "
                f"{result.rows_checked} rows checked."
            )
        self.stdout.write(f"Audit trail intact: {result.rows_checked} rows verified.")
