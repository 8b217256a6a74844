"""Field rules shared by the HTML forms and the API schemas."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError

MARKUP = re.compile(r"[<>]")
PHONE = re.compile(r"^[0-9+().\-\s x]{7,30}$")


def no_markup(value: str) -> None:
    if MARKUP.search(value):
        raise ValidationError("Cannot contain < or >.")


def valid_phone(value: str) -> None:
    if value and not PHONE.match(value):
        raise ValidationError("Use digits, spaces and + ( ) - only, 7 to 30 characters.")


def valid_birth_date(value: date, today: date | None = None) -> None:
    today = today or date.today()
    if value > today:
        raise ValidationError("The date of birth is in the future.")
    if value.year < today.year - 130:
        raise ValidationError("The date of birth is more than 130 years ago.")
