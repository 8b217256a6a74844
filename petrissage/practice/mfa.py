"""TOTP second factor (django-otp): who needs it and whether this session has it."""

from __future__ import annotations

from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from petrissage.practice.models import Role


def mfa_required(user: object) -> bool:
    staff = getattr(user, "staff", None)
    if staff is None:
        return False
    return bool(
        staff.practice.require_mfa_for_owner_and_biller and staff.role in (Role.OWNER, Role.BILLER)
    )


def mfa_satisfied(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def confirmed_device(user: object) -> TOTPDevice | None:
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device
