"""Parse boundary of the patients API: what a client may send, and what it gets back.

Input schemas reject unknown fields (no mass assignment), enforce the model's max lengths
and reuse the HTML form rules from `patients.validation`, so both doors check the same way.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

from petrissage.patients.models import Sex
from petrissage.patients.validation import no_markup, valid_birth_date, valid_phone

TEXT_WITHOUT_MARKUP = (
    "given_name",
    "family_name",
    "preferred_name",
    "address_line",
    "city",
    "emergency_contact_name",
    "emergency_contact_relationship",
    "preferred_language",
)
PHONES = ("phone", "emergency_contact_phone")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def no_control_characters(value: str) -> str:
    """Single-line text only; a NUL byte would also break PostgreSQL queries."""
    if CONTROL_CHARACTERS.search(value):
        raise ValueError("Cannot contain control characters (such as tabs, newlines or NUL).")
    return value


def _django_rule(rule: Any, value: Any) -> None:
    """Run a Django field validator; turn its error into the ValueError pydantic reports."""
    try:
        rule(value)
    except DjangoValidationError as error:
        raise ValueError(" ".join(error.messages)) from None


class _PatientRules(Schema):
    """Rules shared by create and update: strict parsing, no unknown fields, form rules."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*")
    @classmethod
    def _single_line(cls, value: Any) -> Any:
        return no_control_characters(value) if isinstance(value, str) else value

    @field_validator(*TEXT_WITHOUT_MARKUP, check_fields=False)
    @classmethod
    def _no_markup(cls, value: str | None) -> str | None:
        if value is not None:
            _django_rule(no_markup, value)
        return value

    @field_validator(*PHONES, check_fields=False)
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value:
            _django_rule(valid_phone, value)
        return value

    @field_validator("email", check_fields=False)
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value:
            _django_rule(validate_email, value)
        return value

    @field_validator("state", check_fields=False)
    @classmethod
    def _state(cls, value: str | None) -> str | None:
        if value and not (len(value) == 2 and value.isalpha()):
            raise ValueError("Use the two-letter state code, e.g. WA.")
        return value.upper() if value else value

    @field_validator("birth_date", mode="before", check_fields=False)
    @classmethod
    def _birth_date_is_text(cls, value: Any) -> Any:
        # Pydantic would read a number as a Unix timestamp; a birth date is an ISO date string.
        if value is not None and not isinstance(value, str | date):
            raise ValueError("Give the date of birth as YYYY-MM-DD.")
        return value

    @field_validator("birth_date", check_fields=False)
    @classmethod
    def _birth_date(cls, value: date | None) -> date | None:
        if value is not None:
            _django_rule(valid_birth_date, value)
        return value


class PatientCreateIn(_PatientRules):
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    preferred_name: str = Field("", max_length=100)
    birth_date: date
    sex: Sex = Sex.UNKNOWN
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    address_line: str = Field("", max_length=200)
    city: str = Field("", max_length=80)
    state: str = Field("", max_length=2)
    postal_code: str = Field("", max_length=10)
    preferred_language: str = Field("English", min_length=1, max_length=40)
    emergency_contact_name: str = Field("", max_length=120)
    emergency_contact_phone: str = Field("", max_length=30)
    emergency_contact_relationship: str = Field("", max_length=40)
    allow_duplicate: bool = Field(
        False, description="Register even if a patient with this name and birth date exists."
    )


class PatientUpdateIn(_PatientRules):
    """A partial update: only the fields sent change. null is refused (send "" to clear)."""

    given_name: str | None = Field(None, min_length=1, max_length=100)
    family_name: str | None = Field(None, min_length=1, max_length=100)
    preferred_name: str | None = Field(None, max_length=100)
    birth_date: date | None = None
    sex: Sex | None = None
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    address_line: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=80)
    state: str | None = Field(None, max_length=2)
    postal_code: str | None = Field(None, max_length=10)
    preferred_language: str | None = Field(None, min_length=1, max_length=40)
    emergency_contact_name: str | None = Field(None, max_length=120)
    emergency_contact_phone: str | None = Field(None, max_length=30)
    emergency_contact_relationship: str | None = Field(None, max_length=40)

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError('May not be null; send "" to clear a text field.')
        return value


class PatientListQuery(Schema):
    q: str = Field(
        "",
        max_length=100,
        description="Words matched against name, birth date, phone or chart number",
    )
    page: int = Field(1, ge=1, le=100_000)

    @field_validator("q")
    @classmethod
    def _single_line(cls, value: str) -> str:
        return no_control_characters(value)


class PatientSummaryOut(Schema):
    id: int
    chart_number: str
    given_name: str
    family_name: str
    preferred_name: str
    birth_date: date
    sex: str
    phone: str
    active: bool


class PatientOut(PatientSummaryOut):
    email: str
    address_line: str
    city: str
    state: str
    postal_code: str
    preferred_language: str
    emergency_contact_name: str
    emergency_contact_phone: str
    emergency_contact_relationship: str
    created_at: datetime
    updated_at: datetime


class PatientPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[PatientSummaryOut]


class CoverageOut(Schema):
    id: int
    channel: str
    payer_name: str
    payer_identifier: str
    member_id: str
    group_number: str
    subscriber_name: str
    subscriber_birth_date: date | None
    relationship: str
    claim_number: str
    injury_date: date | None
    employer_name: str
    accident_state: str
    priority: int
    active: bool
    valid_from: date | None
    valid_to: date | None


class DuplicateOut(Schema):
    detail: str
    duplicates: list[int]


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str = "value_error"


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]
