from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from petrissage.practice.demo.console import validation_message
from petrissage.practice.models import Practice
from petrissage.practice.services import practice_create

OPTION_NAMES = {"slug": "SLUG", "name": "NAME", "time_zone": "--timezone"}


class Command(BaseCommand):
    help = "Create a practice (a tenant): manage.py create_practice SLUG 'Name' --timezone ZONE"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Short identifier, e.g. cedar-sage")
        parser.add_argument("name", help="The practice's name as patients see it")
        parser.add_argument(
            "--timezone",
            default="America/Los_Angeles",
            help="IANA time zone of the practice (default America/Los_Angeles)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug, name, time_zone = options["slug"], options["name"], options["timezone"]
        if Practice.objects.filter(slug=slug).exists():
            raise CommandError(f"A practice with the slug {slug!r} already exists.")
        try:
            practice = practice_create(slug=slug, name=name, time_zone=time_zone)
        except ValidationError as error:
            raise CommandError(validation_message(error, OPTION_NAMES)) from error
        mfa = "required" if practice.require_mfa_for_owner_and_biller else "not required"
        self.stdout.write(
            f"Created practice {practice.slug!r} ({practice.name}), time zone "
            f"{practice.time_zone}, MFA for owners and billers {mfa}."
        )
