"""TOTP second factor: required for owners and billers when the practice says so (B5)."""

from __future__ import annotations

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from petrissage.audit.models import AuditEvent
from tests.factories import PASSWORD


def _code(device: TOTPDevice, offset: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{value:06d}"


def _require_mfa(practice):
    practice.require_mfa_for_owner_and_biller = True
    practice.save()


def test_owner_without_a_device_must_enrol_before_seeing_patients(client, owner, patient, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = (
        0  # the wrong code below would otherwise delay the right one
    )
    _require_mfa(owner.practice)
    client.post(reverse("login"), {"username": owner.user.username, "password": PASSWORD})
    response = client.get(reverse("patient_detail", args=[patient.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_verify")
    assert client.get(reverse("mfa_verify"))["Location"] == reverse("mfa_setup")
    setup = client.get(reverse("mfa_setup"))
    assert b"data:image/svg+xml;base64," in setup.content
    device = TOTPDevice.objects.get(user=owner.user)
    response = client.post(
        reverse("mfa_setup"), {"otp_token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert b"did not match" in response.content
    response = client.post(reverse("mfa_setup"), {"otp_token": _code(device)})
    assert response.status_code == 302
    assert client.get(reverse("patient_detail", args=[patient.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="auth.mfa_enrolled").exists()


def test_enrolled_biller_must_enter_a_code_each_sign_in_and_a_code_cannot_be_replayed(
    client, biller
):
    _require_mfa(biller.practice)
    device = TOTPDevice.objects.create(user=biller.user, name="phone", confirmed=True)
    client.post(reverse("login"), {"username": biller.user.username, "password": PASSWORD})
    assert client.get(reverse("patient_list"))["Location"] == reverse("mfa_verify")
    code = _code(device)
    assert client.post(reverse("mfa_verify"), {"otp_token": code}).status_code == 302
    assert client.get(reverse("patient_list")).status_code == 200
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": biller.user.username, "password": PASSWORD})
    replay = client.post(reverse("mfa_verify"), {"otp_token": code})
    assert replay.status_code == 200
    assert b"already used" in replay.content
    assert client.get(reverse("patient_list")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.mfa_failed").exists()


def test_therapists_are_not_asked_for_a_second_factor(client, therapist):
    _require_mfa(therapist.practice)
    client.post(reverse("login"), {"username": therapist.user.username, "password": PASSWORD})
    assert client.get(reverse("patient_list")).status_code == 200


def test_demo_style_practices_without_the_setting_let_owners_straight_in(client, owner):
    assert owner.practice.require_mfa_for_owner_and_biller is False
    client.post(reverse("login"), {"username": owner.user.username, "password": PASSWORD})
    assert client.get(reverse("patient_list")).status_code == 200


def test_malformed_codes_get_a_clear_message(client, owner):
    _require_mfa(owner.practice)
    TOTPDevice.objects.create(user=owner.user, name="phone", confirmed=True)
    client.post(reverse("login"), {"username": owner.user.username, "password": PASSWORD})
    response = client.post(reverse("mfa_verify"), {"otp_token": "12ab56"})
    assert b"The code is 6 digits" in response.content
