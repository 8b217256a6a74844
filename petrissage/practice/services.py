"""Writes for practices, staff and API tokens.

Each writes its audit event in the same transaction."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.practice.models import (
    THERAPIST_TAXONOMY,
    ApiToken,
    Location,
    Practice,
    Role,
    Room,
    Staff,
    User,
)


def practice_create(
    *, slug: str, name: str, time_zone: str, actor: Actor | None = None
) -> Practice:
    practice = Practice(
        slug=slug,
        name=name,
        time_zone=time_zone,
        require_mfa_for_owner_and_biller=settings.PRODUCTION,
    )
    practice.full_clean()
    with transaction.atomic():
        practice.save()
        audit_record(
            actor=actor or Actor.system(practice),
            action="practice.create",
            category=Category.ADMIN,
            detail={"slug": slug},
        )
    return practice


def location_create(*, practice: Practice, name: str, actor: Actor, **fields: str) -> Location:
    location = Location(practice=practice, name=name, **fields)
    location.full_clean()
    with transaction.atomic():
        location.save()
        audit_record(
            actor=actor,
            action="location.create",
            category=Category.ADMIN,
            detail={"location": location.pk, "name": name},
        )
    return location


def room_create(*, location: Location, name: str, actor: Actor) -> Room:
    room = Room(practice=location.practice, location=location, name=name)
    room.full_clean()
    with transaction.atomic():
        room.save()
        audit_record(
            actor=actor,
            action="room.create",
            category=Category.ADMIN,
            detail={"room": room.pk, "name": name},
        )
    return room


@dataclass(frozen=True)
class TherapistCredentials:
    credentials: str = "LMT"
    licence_number: str = ""
    licence_state: str = ""
    licence_expires: date | None = None
    npi: str = ""


def generate_password() -> str:
    return secrets.token_urlsafe(15)


def staff_create(
    *,
    practice: Practice,
    username: str,
    role: Role,
    display_name: str,
    password: str,
    actor: Actor,
    email: str = "",
    therapist: TherapistCredentials | None = None,
) -> Staff:
    """Create a login and its staff membership. Raises ValidationError naming the field."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"The username {username!r} is taken."})
    user = User(username=username, email=email)
    validate_password(password, user)
    creds = therapist or TherapistCredentials(credentials="")
    staff = Staff(
        practice=practice,
        role=role,
        display_name=display_name,
        credentials=creds.credentials,
        licence_number=creds.licence_number,
        licence_state=creds.licence_state,
        licence_expires=creds.licence_expires,
        npi=creds.npi,
        taxonomy=THERAPIST_TAXONOMY if role == Role.THERAPIST else "",
    )
    with transaction.atomic():
        user.set_password(password)
        user.full_clean()
        user.save()
        staff.user = user
        staff.full_clean()
        staff.save()
        audit_record(
            actor=actor,
            action="staff.create",
            category=Category.ADMIN,
            detail={"username": username, "role": role.value},
        )
    return staff


def staff_set_role(*, staff: Staff, role: Role, actor: Actor) -> Staff:
    previous = staff.role
    if previous == role:
        return staff
    with transaction.atomic():
        staff.role = role
        staff.taxonomy = THERAPIST_TAXONOMY if role == Role.THERAPIST else staff.taxonomy
        staff.save(update_fields=["role", "taxonomy"])
        audit_record(
            actor=actor,
            action="staff.role_change",
            category=Category.ADMIN,
            detail={"username": staff.user.username, "from": previous, "to": role.value},
        )
    return staff


TOKEN_PREFIX_LENGTH = 8


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, staff: Staff, label: str, actor: Actor) -> tuple[ApiToken, str]:
    """Return the token row and the secret, which is shown once and never stored."""
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    secret = f"pt_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        practice=staff.practice,
        staff=staff,
        label=label[:80],
        prefix=prefix,
        digest=token_digest(secret),
    )
    with transaction.atomic():
        token.save()
        audit_record(
            actor=actor,
            action="api_token.create",
            category=Category.ADMIN,
            detail={"prefix": prefix, "for": staff.user.username},
        )
    return token, secret


def api_token_revoke(*, token: ApiToken, actor: Actor) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            category=Category.ADMIN,
            detail={"prefix": token.prefix},
        )


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The live token for a presented secret, or None. Compares digests in constant time."""
    parts = secret.split("_")
    if len(parts) < 3 or parts[0] != "pt" or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("staff__practice", "staff__user")
        .filter(prefix=parts[1], revoked_at__isnull=True)
        .first()
    )
    if token is None or not secrets.compare_digest(token.digest, token_digest(secret)):
        return None
    if not token.staff.active or not token.staff.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


SETTINGS_FIELDS = ("name", "time_zone", "require_mfa_for_owner_and_biller", "idle_timeout_minutes")


def practice_update_settings(*, practice: Practice, actor: Actor, **changes: object) -> Practice:
    """Change practice settings (SETTINGS_FIELDS). Raises ValidationError naming the field."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError({name: "Not a practice setting." for name in unknown})
    timeout = changes.get("idle_timeout_minutes", practice.idle_timeout_minutes)
    if not isinstance(timeout, int) or not 1 <= timeout <= 30:
        raise ValidationError({"idle_timeout_minutes": "Choose 1 to 30 minutes."})
    stored = Practice.objects.get(pk=practice.pk)
    changed = {k: v for k, v in changes.items() if getattr(stored, k) != v}
    if not changed:
        return practice
    for field, value in changed.items():
        setattr(practice, field, value)
    practice.full_clean()
    with transaction.atomic():
        practice.save(update_fields=list(changed))
        audit_record(
            actor=actor,
            action="practice.settings_change",
            category=Category.ADMIN,
            detail={k: str(v) for k, v in changed.items()},
        )
    return practice
