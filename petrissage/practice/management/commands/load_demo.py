from __future__ import annotations

import os
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from petrissage.practice.demo.builder import (
    DEFAULT_PASSWORD,
    DEMO_SLUG,
    DEMO_TIME_ZONE,
    STAFF,
    DemoConflict,
    build_demo,
    demo_exists,
)
from petrissage.practice.demo.console import ProgressBar, table, validation_message
from petrissage.practice.demo.people import PATIENT_COUNT, demo_people
from petrissage.practice.demo.steps import DEMO_STEPS

PASSWORD_ENV = "PETRISSAGE_DEMO_PASSWORD"
DEMO_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = (
        f"Create the demo clinic (practice {DEMO_SLUG!r}): two locations, seven staff logins "
        "and about 150 patients with coverage. Does nothing if the demo already exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--patients",
            type=int,
            default=PATIENT_COUNT,
            help=f"How many patients (default {PATIENT_COUNT})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_exists():
            self.stdout.write(
                f"The demo practice {DEMO_SLUG!r} already exists; nothing changed. "
                f"Logins: {', '.join(member.username for member in STAFF)}."
            )
            return
        count = options["patients"]
        if count < 0:
            raise CommandError("--patients must be 0 or more.")
        password = self._password()
        today = datetime.now(ZoneInfo(DEMO_TIME_ZONE)).date()
        started = time.monotonic()
        bar = self._bar = ProgressBar(self.stdout, "Patients", count)
        try:
            # The demo's patients are invented (example.com): its check-in and alert mails
            # go nowhere instead of filling the terminal.
            with override_settings(EMAIL_BACKEND=DEMO_EMAIL_BACKEND):
                result = build_demo(
                    password=password,
                    today=today,
                    people=demo_people(today=today, count=count),
                    progress=bar.update,
                    on_step=self._step,
                )
        except DemoConflict as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError(f"Demo data rejected: {validation_message(error)}") from error
        rooms = sum(location.rooms.count() for location in result.locations)
        self.stdout.write(
            f"Created demo practice {result.practice.slug!r} ({result.practice.name}): "
            f"{len(result.locations)} locations, {rooms} rooms, {len(result.staff)} staff, "
            f"{result.patients} patients in {time.monotonic() - started:.1f} s."
        )
        rows = [(member.username, member.role.label, password) for member in STAFF]
        self.stdout.write("\nDemo logins:\n" + table(("Username", "Role", "Password"), rows))

    def _step(self, label: str) -> None:
        if label == DEMO_STEPS[0][0]:
            self._bar.finish()  # end the patients' progress bar line
        self.stdout.write(f"{label} …")

    def _password(self) -> str:
        password = os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(
                f"The password in ${PASSWORD_ENV} is too weak: {' '.join(error.messages)}"
            ) from error
        return password
