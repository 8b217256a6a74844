"""Builds the demo clinic through the services, so every row has its audit event.

Small steps (build_practice, build_locations, build_staff, build_patients) that later
features extend with prescriptions, sessions and claims; `build_demo` runs them all in
one transaction, so a failure leaves nothing half-built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from django.db import transaction

from petrissage.audit.services import Actor
from petrissage.domain.npi import NPI_PREFIX, luhn_check_digit
from petrissage.patients.services import coverage_save, patient_create
from petrissage.practice.demo.people import DEMO_SEED, DemoPerson
from petrissage.practice.demo.places import LOCATIONS
from petrissage.practice.demo.steps import build_clinical_layers
from petrissage.practice.models import Location, Practice, Role, Staff, User
from petrissage.practice.services import (
    TherapistCredentials,
    location_create,
    practice_create,
    practice_update_settings,
    room_create,
    staff_create,
)

DEMO_SLUG = "demo"
DEMO_NAME = "Cedar & Sage Medical Massage"
DEMO_TIME_ZONE = "America/Los_Angeles"
DEMO_IDLE_TIMEOUT_MINUTES = 15
DEFAULT_PASSWORD = "petrissage-demo"


@dataclass(frozen=True)
class DemoStaff:
    username: str
    role: Role
    display_name: str
    email: str


STAFF: tuple[DemoStaff, ...] = (
    DemoStaff("owner", Role.OWNER, "Maren Lindqvist", "maren.lindqvist@example.com"),
    DemoStaff("frontdesk", Role.FRONT_DESK, "Dani Okafor", "dani.okafor@example.com"),
    DemoStaff("biller", Role.BILLER, "Priya Raman", "priya.raman@example.com"),
    DemoStaff("therapist1", Role.THERAPIST, "Tomás Herrera", "tomas.herrera@example.com"),
    DemoStaff("therapist2", Role.THERAPIST, "Grace Whitfield", "grace.whitfield@example.com"),
    DemoStaff("therapist3", Role.THERAPIST, "Kenji Watanabe", "kenji.watanabe@example.com"),
    DemoStaff("therapist4", Role.THERAPIST, "Amina Warsame", "amina.warsame@example.com"),
)
DEMO_USERNAMES = tuple(member.username for member in STAFF)


class DemoConflict(Exception):
    """The database holds something the demo would collide with."""


@dataclass(frozen=True)
class DemoResult:
    practice: Practice
    locations: list[Location]
    staff: list[Staff]
    patients: int


def demo_exists() -> bool:
    return Practice.objects.filter(slug=DEMO_SLUG).exists()


def check_no_conflicts() -> None:
    existing = User.objects.filter(username__in=DEMO_USERNAMES)
    taken = sorted(existing.values_list("username", flat=True))
    if taken:
        raise DemoConflict(
            f"Cannot load the demo: the username(s) {', '.join(taken)} already exist "
            "outside a demo practice."
        )


def build_practice() -> tuple[Practice, Actor]:
    """The demo practice, without MFA so a newcomer logs straight in."""
    practice = practice_create(slug=DEMO_SLUG, name=DEMO_NAME, time_zone=DEMO_TIME_ZONE)
    actor = Actor.system(practice, source="cli")
    if (
        practice.require_mfa_for_owner_and_biller
        or practice.idle_timeout_minutes != DEMO_IDLE_TIMEOUT_MINUTES
    ):
        practice_update_settings(
            practice=practice,
            actor=actor,
            require_mfa_for_owner_and_biller=False,
            idle_timeout_minutes=DEMO_IDLE_TIMEOUT_MINUTES,
        )
    return practice, actor


def build_locations(practice: Practice, actor: Actor) -> list[Location]:
    locations = []
    for spec in LOCATIONS:
        location = location_create(
            practice=practice,
            name=spec.name,
            actor=actor,
            address_line=spec.address_line,
            city=spec.city,
            state=spec.state,
            postal_code=spec.postal_code,
            phone=spec.phone,
        )
        for room in spec.rooms:
            room_create(location=location, name=room, actor=actor)
        locations.append(location)
    return locations


def demo_npi(rng: Random) -> str:
    """A valid individual NPI (starts with 1; Luhn check over 80840 + the first nine)."""
    base = "1" + "".join(rng.choice("0123456789") for _ in range(8))
    return base + str(luhn_check_digit(NPI_PREFIX + base))


def therapist_credentials(rng: Random, today: date, *, expiring_soon: bool) -> TherapistCredentials:
    """WA LMT licence (MA60 + six digits) and NPI; one licence expires within the month."""
    days = rng.randint(10, 25) if expiring_soon else rng.randint(90, 700)
    return TherapistCredentials(
        credentials="LMT",
        licence_number=f"MA60{rng.randint(0, 999_999):06d}",
        licence_state="WA",
        licence_expires=today + timedelta(days=days),
        npi=demo_npi(rng),
    )


def build_staff(practice: Practice, actor: Actor, *, password: str, today: date) -> list[Staff]:
    rng = Random(DEMO_SEED + 1)
    therapists = [member for member in STAFF if member.role == Role.THERAPIST]
    staff = []
    for member in STAFF:
        credentials = None
        if member.role == Role.THERAPIST:
            credentials = therapist_credentials(rng, today, expiring_soon=member is therapists[-1])
        staff.append(
            staff_create(
                practice=practice,
                username=member.username,
                role=member.role,
                display_name=member.display_name,
                password=password,
                actor=actor,
                email=member.email,
                therapist=credentials,
            )
        )
    return staff


def build_patients(
    practice: Practice,
    actor: Actor,
    people: list[DemoPerson],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Register each person and save their coverage; report progress after each."""
    for done, person in enumerate(people, start=1):
        patient = patient_create(practice=practice, actor=actor, data=person.patient_data())
        coverage_save(patient=patient, actor=actor, data=person.coverage)
        if progress is not None:
            progress(done)
    return len(people)


def build_demo(
    *,
    password: str,
    today: date,
    people: list[DemoPerson],
    progress: Callable[[int], None] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> DemoResult:
    """The whole demo clinic, all or nothing."""
    check_no_conflicts()
    with transaction.atomic():
        practice, actor = build_practice()
        locations = build_locations(practice, actor)
        staff = build_staff(practice, actor, password=password, today=today)
        patients = build_patients(practice, actor, people, progress)
        build_clinical_layers(practice, actor, today, report=on_step)
    return DemoResult(practice=practice, locations=locations, staff=staff, patients=patients)
