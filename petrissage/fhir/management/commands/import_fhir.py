"""python manage.py import_fhir PATH [PATH …] --practice SLUG"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petrissage.audit.services import Actor
from petrissage.fhir.importing.progress import ProgressBar
from petrissage.fhir.importing.services import fhir_import
from petrissage.fhir.importing.summary import ImportSummary
from petrissage.practice.models import Practice


class Command(BaseCommand):
    help = (
        "Import FHIR R4 JSON Bundles (transaction/collection) and bulk NDJSON files or folders "
        "into a practice. Idempotent: importing the same data again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Bundle .json, .ndjson, folders")
        parser.add_argument("--practice", required=True, help="The practice's slug")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")
        parser.add_argument(
            "--errors", type=int, default=50, help="How many errors to list (default 50)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        practice = Practice.objects.filter(slug=options["practice"]).first()
        if practice is None:
            raise CommandError(f"No practice with slug {options['practice']!r}.")
        bar = ProgressBar(self.stderr, enabled=not options["no_progress"])
        summary = fhir_import(
            practice=practice,
            actor=Actor.system(practice, source="cli"),
            paths=options["paths"],
            progress=bar,
        )
        self._report(summary, options["errors"])

    def _report(self, summary: ImportSummary, max_errors: int) -> None:
        self.stdout.write(summary.table())
        rate = summary.total_read / summary.seconds if summary.seconds else 0.0
        self.stdout.write(
            f"\n{summary.units} unit(s), {summary.total_read:,} resources read in "
            f"{summary.seconds:.1f} s ({rate:,.0f}/s); {summary.total_imported:,} imported; "
            f"{summary.screened} patient(s) re-screened."
        )
        if summary.matches:
            self.stdout.write("\nPatients:")
            for match in summary.matches:
                self.stdout.write(
                    f"  {match.source}: {match.how} -> {match.chart_number} {match.name}"
                )
        if summary.staff_matches:
            self.stdout.write("\nStaff (who the imported cases, plans and notes are under):")
            for staff_match, records in summary.staff_rows():
                plural = "" if records == 1 else "s"
                self.stdout.write(f"  {staff_match}: {records} record{plural}")
        if summary.records:
            self.stdout.write("\nPetrissage records (from a Petrissage export):")
            for what, count in summary.record_rows():
                self.stdout.write(f"  {what}: {count}")
        if summary.errors:
            self.stdout.write(f"\n{len(summary.errors)} error(s):")
            for where, reason in summary.errors[:max_errors]:
                self.stdout.write(f"  {where}: {reason}")
            if len(summary.errors) > max_errors:
                self.stdout.write(f"  … and {len(summary.errors) - max_errors} more")
