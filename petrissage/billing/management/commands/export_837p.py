"""Write X12 837P files for every claim of a practice that passes the scrubber."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petrissage.audit.services import Actor
from petrissage.billing.export_services import claims_export_837p
from petrissage.practice.models import Practice


class Command(BaseCommand):
    help = (
        "Scrub the practice's draft and ready claims and write one 837P interchange per "
        "payer for the clean ones into --out; the claims are marked submitted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--practice", required=True, help="Practice slug")
        parser.add_argument("--out", required=True, type=Path, help="Folder for the files")
        parser.add_argument(
            "--test", action="store_true", help="Mark the interchanges as test data (ISA15 T)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        practice = Practice.objects.filter(slug=options["practice"]).first()
        if practice is None:
            raise CommandError(f"No practice with slug {options['practice']!r}.")
        out: Path = options["out"]
        out.mkdir(parents=True, exist_ok=True)
        result = claims_export_837p(
            practice=practice,
            actor=Actor.system(practice, source="cli"),
            usage="T" if options["test"] else "P",
        )
        for number, batch in enumerate(result.batches, start=1):
            (out / batch.filename).write_text(batch.content, encoding="ascii")
            self.stdout.write(
                f"[{number}/{len(result.batches)}] {batch.filename}: {batch.claim_count} "
                f"claim(s), {batch.total} to {batch.payer.name}"
            )
        for claim in result.held_back:
            first = claim.problems[0] if claim.problems else ""
            self.stdout.write(f"Held back {claim.account_number}: {first}")
        self.stdout.write(
            f"{result.claim_count} claim(s) in {len(result.batches)} file(s); "
            f"{len(result.held_back)} need a fix."
        )
