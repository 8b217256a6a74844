"""Server-side session rules: idle timeout, absolute lifetime, second factor, no-store."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.practice.mfa import mfa_required, mfa_satisfied

SESSION_STARTED = "petrissage_started_at"
SESSION_SEEN = "petrissage_seen_at"

Handler = Callable[[HttpRequest], HttpResponse]


def _exempt(request: HttpRequest) -> bool:
    return request.path.startswith(
        (
            settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else "/" + settings.STATIC_URL,
            "/api/",
            "/fhir/",
        )
    )


def _redirect_to_login(request: HttpRequest) -> HttpResponse:
    login_url = reverse("login")
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = login_url
        return response
    return HttpResponseRedirect(f"{login_url}?next={request.get_full_path()}")


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not _exempt(request):
            expired = self._expired_reason(request)
            if expired:
                staff = getattr(request.user, "staff", None)
                audit_record(
                    actor=Actor(user=request.user, practice=getattr(staff, "practice", None)),
                    action=f"session.{expired}",
                    category=Category.AUTH,
                )
                logout(request)
                messages.info(request, "Your session ended after inactivity. Please sign in again.")
                return _redirect_to_login(request)
            request.session[SESSION_SEEN] = int(time.time())
        return self.get_response(request)

    def _expired_reason(self, request: HttpRequest) -> str | None:
        now = int(time.time())
        started = request.session.get(SESSION_STARTED, now)
        seen = request.session.get(SESSION_SEEN, now)
        staff = getattr(request.user, "staff", None)
        idle_minutes = getattr(getattr(staff, "practice", None), "idle_timeout_minutes", None)
        idle_limit = 60 * min(idle_minutes or settings.SESSION_IDLE_TIMEOUT_MINUTES, 30)
        if now - started > 3600 * settings.SESSION_ABSOLUTE_HOURS:
            return "expired_absolute"
        if now - seen > idle_limit:
            return "expired_idle"
        return None


class SecondFactorMiddleware:
    """Staff whose practice requires a second factor reach only the MFA pages until verified."""

    ALLOWED_NAMES = ("mfa_setup", "mfa_verify", "logout")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not _exempt(request)
            and mfa_required(user)
            and not mfa_satisfied(request)
        ):
            allowed_paths = {reverse(name) for name in self.ALLOWED_NAMES}
            if request.path not in allowed_paths:
                return HttpResponseRedirect(reverse("mfa_verify"))
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for signed-in users hold patient data: never cache them."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or request.path.startswith(("/api/", "/fhir/")):
            response["Cache-Control"] = "no-store"
        return response


class PracticeTimeZoneMiddleware:
    """Show times in the signed-in staff member's practice time zone (UTC is stored)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        staff = getattr(request.user, "staff", None) if request.user.is_authenticated else None
        if staff is None:
            return self.get_response(request)
        with timezone.override(staff.practice.zone):
            return self.get_response(request)
