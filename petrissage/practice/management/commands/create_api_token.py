from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petrissage.audit.services import Actor
from petrissage.practice.models import Staff
from petrissage.practice.services import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for a staff login. The secret is printed once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--label", default="cli", help="What the token is for (max 80)")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        staff = (
            Staff.objects.select_related("practice", "user").filter(user__username=username).first()
        )
        if staff is None:
            raise CommandError(f"No staff member has the username {username!r}.")
        if not staff.active or not staff.user.is_active:
            raise CommandError(f"The staff member {username!r} is inactive; reactivate them first.")
        token, secret = api_token_create(
            staff=staff, label=options["label"], actor=Actor.system(staff.practice, source="cli")
        )
        self.stdout.write(
            f"Created API token {token.prefix}… for {username!r} in practice "
            f"{staff.practice.slug!r}. It is shown once; store it now:"
        )
        self.stdout.write(secret)
