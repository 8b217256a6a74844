"""python manage.py export_fhir --practice SLUG --out DIR"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petrissage.audit.services import Actor
from petrissage.fhir.exporting.services import fhir_export
from petrissage.fhir.importing.progress import ProgressBar
from petrissage.practice.models import Practice


class Command(BaseCommand):
    help = (
        "Export a whole practice as FHIR R4 NDJSON (one file per resource type plus a bulk-data "
        "manifest.json) that import_fhir can read back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--practice", required=True, help="The practice's slug")
        parser.add_argument("--out", required=True, type=Path, help="Folder to write")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        practice = Practice.objects.filter(slug=options["practice"]).first()
        if practice is None:
            raise CommandError(f"No practice with slug {options['practice']!r}.")
        out = Path(options["out"])
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} exists and is not a folder.")
        summary = fhir_export(
            practice=practice,
            actor=Actor.system(practice, source="cli"),
            out=out,
            progress=ProgressBar(self.stderr, enabled=not options["no_progress"]),
        )
        for kind, count in sorted(summary.counts.items()):
            if count:
                self.stdout.write(f"{kind:<22}{count:>8}")
        self.stdout.write(
            f"{summary.total:,} resources written to {out} in {summary.seconds:.1f} s "
            "(manifest.json lists the files)."
        )
