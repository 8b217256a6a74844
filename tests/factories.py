"""Small builders for test data. Objects are made through the services, like the app does."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from petrissage.audit.services import Actor
from petrissage.patients.models import Patient
from petrissage.patients.services import patient_create
from petrissage.practice.models import Practice, Role, Staff
from petrissage.practice.services import (
    TherapistCredentials,
    api_token_create,
    practice_create,
    staff_create,
)

PASSWORD = "correct-horse-battery-9"
_serial = count(1)


def make_practice(slug: str | None = None, *, time_zone: str = "America/Los_Angeles") -> Practice:
    slug = slug or f"clinic-{next(_serial)}"
    return practice_create(slug=slug, name=slug.replace("-", " ").title(), time_zone=time_zone)


def make_staff(practice: Practice, role: Role, username: str | None = None) -> Staff:
    username = username or f"{role.value}-{next(_serial)}"
    therapist = (
        TherapistCredentials(licence_number="MA60123456", licence_state="WA", npi="1234567893")
        if role == Role.THERAPIST
        else None
    )
    return staff_create(
        practice=practice,
        username=username,
        role=role,
        display_name=username.replace("-", " ").title(),
        password=PASSWORD,
        actor=Actor.system(practice),
        therapist=therapist,
    )


def make_patient(practice: Practice, **overrides: Any) -> Patient:
    n = next(_serial)
    data: dict[str, Any] = {
        "given_name": f"Pat{n}",
        "family_name": "Example",
        "birth_date": date(1980, 5, 17),
        "sex": "female",
        "phone": "206-555-0100",
        "email": f"pat{n}@example.org",
    }
    data.update(overrides)
    return patient_create(practice=practice, actor=Actor.system(practice), data=data)


def make_token(staff: Staff) -> str:
    _, secret = api_token_create(staff=staff, label="test", actor=Actor.for_staff(staff))
    return secret
