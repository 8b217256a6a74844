from __future__ import annotations

import os
from datetime import date
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from petrissage.audit.services import Actor
from petrissage.domain.npi import npi_problem
from petrissage.practice.demo.console import validation_message
from petrissage.practice.models import Practice, Role, User
from petrissage.practice.services import TherapistCredentials, generate_password, staff_create

PASSWORD_ENV = "PETRISSAGE_PASSWORD"
OPTION_NAMES = {
    "username": "USERNAME",
    "email": "--email",
    "display_name": "--name",
    "licence_number": "--licence-number",
    "licence_state": "--licence-state",
    "licence_expires": "--licence-expires",
    "npi": "--npi",
    "credentials": "--credentials",
}


def parse_role(value: str) -> Role:
    normalised = value.strip().lower().replace("-", "_").replace(" ", "_")
    if normalised == "frontdesk":
        normalised = Role.FRONT_DESK.value
    if normalised not in Role.values:
        raise CommandError(f"Unknown role {value!r}; choose one of {', '.join(Role.values)}.")
    return Role(normalised)


def parse_date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{option}: {value!r} is not a date like 2027-06-30.") from error


class Command(BaseCommand):
    help = (
        "Create a staff login in a practice. Prints a generated password, or uses "
        f"${PASSWORD_ENV} when it is set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--practice", required=True, help="Slug of the practice")
        parser.add_argument("--role", required=True, help=", ".join(Role.values))
        parser.add_argument("--name", default="", help="Display name (default: the username)")
        parser.add_argument("--email", default="")
        parser.add_argument("--credentials", default=None, help="e.g. LMT (therapists' default)")
        parser.add_argument("--licence-number", default="")
        parser.add_argument("--licence-state", default="", help="Two letters, e.g. WA")
        parser.add_argument("--licence-expires", default=None, help="YYYY-MM-DD")
        parser.add_argument("--npi", default="", help="10-digit National Provider Identifier")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        practice = Practice.objects.filter(slug=options["practice"]).first()
        if practice is None:
            raise CommandError(
                f"Unknown practice {options['practice']!r}: no practice has that slug."
            )
        role = parse_role(options["role"])
        if User.objects.filter(username=username).exists():
            raise CommandError(f"The username {username!r} is taken.")
        npi = options["npi"].strip()
        if npi and (problem := npi_problem(npi)):
            raise CommandError(f"Invalid NPI {npi!r}: {problem}")
        password, generated = self._password(username, options["email"])
        try:
            staff = staff_create(
                practice=practice,
                username=username,
                role=role,
                display_name=options["name"] or username,
                password=password,
                email=options["email"],
                therapist=self._credentials(role, options),
                actor=Actor.system(practice, source="cli"),
            )
        except ValidationError as error:
            raise CommandError(validation_message(error, OPTION_NAMES)) from error
        self.stdout.write(
            f"Created {staff.get_role_display().lower()} {username!r} ({staff.signature}) "
            f"in practice {practice.slug!r}."
        )
        shown = password if generated else f"from ${PASSWORD_ENV}"
        self.stdout.write(f"Password: {shown}")

    def _password(self, username: str, email: str) -> tuple[str, bool]:
        """The password and whether it was generated here."""
        chosen = os.environ.get(PASSWORD_ENV, "")
        if not chosen:
            return generate_password(), True
        try:
            validate_password(chosen, User(username=username, email=email))
        except ValidationError as error:
            raise CommandError(
                f"The password in ${PASSWORD_ENV} is too weak: {' '.join(error.messages)}"
            ) from error
        return chosen, False

    def _credentials(self, role: Role, options: dict[str, Any]) -> TherapistCredentials | None:
        given = [
            options["licence_number"],
            options["licence_state"],
            options["npi"],
            options["licence_expires"],
            options["credentials"],
        ]
        if role != Role.THERAPIST and not any(given):
            return None
        default_credentials = "LMT" if role == Role.THERAPIST else ""
        return TherapistCredentials(
            credentials=options["credentials"]
            if options["credentials"] is not None
            else default_credentials,
            licence_number=options["licence_number"].strip(),
            licence_state=options["licence_state"].strip().upper(),
            licence_expires=parse_date(options["licence_expires"], "--licence-expires"),
            npi=options["npi"].strip(),
        )
