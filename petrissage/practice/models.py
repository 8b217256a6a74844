"""Practices (tenants), their locations and rooms, staff and API tokens."""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from petrissage.domain.npi import npi_problem

THERAPIST_TAXONOMY = "225700000X"  # NUCC: Massage Therapist (clinical.md §4e)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (e.g. America/Los_Angeles).")


def validate_npi(value: str) -> None:
    problem = npi_problem(value)
    if problem:
        raise ValidationError(problem)


class Practice(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    time_zone = models.CharField(
        max_length=64, default="America/Los_Angeles", validators=[validate_time_zone]
    )
    require_mfa_for_owner_and_biller = models.BooleanField(
        default=False, help_text="Owners and billers must use a TOTP second factor."
    )
    idle_timeout_minutes = models.PositiveSmallIntegerField(default=15)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Location(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=120)
    address_line = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=80, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "name"], name="location_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="rooms")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=80)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="room_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.location.name} · {self.name}"


class User(AbstractUser):
    """A login. Practice membership and role live on Staff."""


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    THERAPIST = "therapist", "Therapist"
    FRONT_DESK = "front_desk", "Front desk"
    BILLER = "biller", "Biller"


class Staff(models.Model):
    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="staff")
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=20, choices=Role.choices)
    display_name = models.CharField(max_length=120)
    credentials = models.CharField(max_length=40, blank=True, help_text="e.g. LMT")
    licence_number = models.CharField(max_length=40, blank=True)
    licence_state = models.CharField(max_length=2, blank=True)
    licence_expires = models.DateField(null=True, blank=True)
    npi = models.CharField(max_length=10, blank=True, validators=[validate_npi])
    taxonomy = models.CharField(max_length=10, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "staff"
        indexes = [models.Index(fields=["practice", "role"], name="staff_practice_role")]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def is_therapist(self) -> bool:
        return self.role == Role.THERAPIST

    @property
    def signature(self) -> str:
        return f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest of the secret is stored."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="api_tokens")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="api_tokens")
    label = models.CharField(max_length=80, blank=True)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.staff})"
