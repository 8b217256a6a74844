"""Sign-in, lockout, idle timeout, absolute lifetime, logout (B1–B4, B6, B7, C1)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from petrissage.audit.models import AuditEvent
from petrissage.practice.middleware import SESSION_SEEN, SESSION_STARTED
from tests.factories import PASSWORD


def _sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_sign_in_lands_on_today_and_is_audited(client, therapist):
    response = _sign_in(client, "theo-therapist")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    event = AuditEvent.objects.get(action="auth.login")
    assert event.practice_id == therapist.practice_id
    assert event.source_ip == "127.0.0.1"


def test_failed_sign_in_is_audited_with_the_practice_and_a_clear_message(client, therapist):
    response = _sign_in(client, "theo-therapist", "wrong-password-123")
    assert response.status_code == 200
    assert b"did not match" in response.content
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.outcome == "failure"
    assert event.practice_id == therapist.practice_id


def test_five_failures_lock_the_account_even_with_the_right_password(client, therapist):
    for _ in range(5):
        _sign_in(client, "theo-therapist", "wrong-password-123")
    response = _sign_in(client, "theo-therapist")
    assert response.status_code in (403, 429)
    assert b"locked" in response.content
    assert "_auth_user_id" not in client.session


def test_session_key_changes_at_sign_in(client, therapist):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    _sign_in(client, "theo-therapist")
    assert client.session.session_key != before


def _age_session(client, *, idle_seconds=0, age_seconds=0):
    session = client.session
    now = int(time.time())
    session[SESSION_SEEN] = now - idle_seconds
    session[SESSION_STARTED] = now - age_seconds
    session.save()


def test_idle_session_ends_after_the_practice_timeout(login, therapist, patient):
    client = login(therapist)
    _age_session(client, idle_seconds=14 * 60)
    assert client.get(reverse("patient_list")).status_code == 200
    _age_session(client, idle_seconds=15 * 60 + 5)
    response = client.get(reverse("patient_detail", args=[patient.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert AuditEvent.objects.filter(action="session.expired_idle").exists()
    assert client.get(reverse("patient_list")).status_code == 302  # cookie no longer works


def test_htmx_requests_of_an_expired_session_are_redirected_by_header(login, therapist):
    client = login(therapist)
    _age_session(client, idle_seconds=3600)
    response = client.get(reverse("patient_list"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("login")


def test_sessions_end_after_twelve_hours_even_when_active(login, therapist):
    client = login(therapist)
    _age_session(client, age_seconds=12 * 3600 + 60)
    assert client.get(reverse("patient_list")).status_code == 302
    assert AuditEvent.objects.filter(action="session.expired_absolute").exists()


def test_a_shorter_practice_idle_timeout_applies(login, therapist):
    therapist.practice.idle_timeout_minutes = 5
    therapist.practice.save()
    client = login(therapist)
    _age_session(client, idle_seconds=6 * 60)
    assert client.get(reverse("patient_list")).status_code == 302


def test_signed_out_cookie_cannot_be_replayed(client, therapist):
    _sign_in(client, "theo-therapist")
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))
    client.cookies[django_settings.SESSION_COOKIE_NAME] = cookie
    assert client.get(reverse("patient_list")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout").exists()


def test_password_change_requires_the_old_password_and_a_strong_new_one(login, therapist):
    client = login(therapist)
    url = reverse("password_change")
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert b"too short" in response.content
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-better-passphrase-7",
            "new_password2": "a-much-better-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.password_change").exists()


def test_passwords_are_stored_with_a_slow_key_derivation_function():
    assert django_settings.PASSWORD_HASHERS == [
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]  # tests only
    from petrissage import settings as project_settings

    assert not hasattr(project_settings, "PASSWORD_HASHERS")  # Django's default: PBKDF2 first
    from django.conf import global_settings

    assert global_settings.PASSWORD_HASHERS[0].endswith("PBKDF2PasswordHasher")


@pytest.mark.parametrize("url", ["/", "/patients/", "/accounts/"])
def test_pages_for_signed_in_staff_are_never_cached(login, therapist, url):
    response = login(therapist).get(url)
    assert response["Cache-Control"] == "no-store"
