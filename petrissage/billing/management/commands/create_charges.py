"""Create charges (and claims or invoices) for every signed session that has none."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from petrissage.audit.services import Actor
from petrissage.billing.charge_services import charges_create_for_session, sessions_without_charges
from petrissage.practice.demo.console import ProgressBar
from petrissage.practice.models import Practice


class Command(BaseCommand):
    help = "Create charges for all signed session notes without charges (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--practice", help="Only this practice (slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        practice_id = None
        if options.get("practice"):
            practice = Practice.objects.filter(slug=options["practice"]).first()
            if practice is None:
                raise CommandError(f"No practice with slug {options['practice']!r}.")
            practice_id = practice.pk
        notes = sessions_without_charges(practice_id)
        bar = ProgressBar(self.stdout, "Sessions", len(notes))
        made = empty = 0
        for done, note in enumerate(notes, start=1):
            try:
                charges = charges_create_for_session(
                    session=note, actor=Actor.system(note.practice, source="cli")
                )
            except ValidationError as error:
                self.stderr.write(f"Session {note.pk}: {'; '.join(error.messages)}")
                continue
            made += len(charges)
            empty += not charges
            bar.update(done)
        bar.finish()
        self.stdout.write(
            f"{made} charge(s) from {len(notes)} signed session(s); "
            f"{empty} session(s) had no billable minutes."
        )
