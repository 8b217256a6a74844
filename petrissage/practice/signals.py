"""Sign-in events from django.contrib.auth, written to the audit trail."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from petrissage.audit.models import Category, Outcome
from petrissage.audit.services import Actor, audit_record, client_ip
from petrissage.practice.models import User


def _actor(user: User | None, request: HttpRequest | None, username: str = "") -> Actor:
    staff = getattr(user, "staff", None) if user is not None else None
    return Actor(
        user=user,
        practice=staff.practice if staff is not None else None,
        ip=client_ip(request) if request is not None else None,
        username=username or (user.get_username() if user is not None else ""),
    )


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    from petrissage.practice.middleware import SESSION_SEEN, SESSION_STARTED

    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED] = now
        request.session[SESSION_SEEN] = now
    audit_record(actor=_actor(user, request), action="auth.login", category=Category.AUTH)


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=_actor(user, request), action="auth.logout", category=Category.AUTH)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    user = User.objects.filter(username=username).select_related("staff__practice").first()
    audit_record(
        actor=_actor(user, request, username=username),
        action="auth.login_failed",
        category=Category.AUTH,
        outcome=Outcome.FAILURE,
    )
