"""Sign-in, second factor, dashboard, staff and API-token pages."""

from __future__ import annotations

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from petrissage.audit.models import Category, Outcome
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.session_selectors import overdue_unsigned_notes
from petrissage.patients.models import Patient
from petrissage.practice.access import get_scoped_or_404, scoped, staff_required
from petrissage.practice.forms import ApiTokenForm, PracticeSettingsForm, TokenForm
from petrissage.practice.http import StaffRequest
from petrissage.practice.mfa import confirmed_device
from petrissage.practice.models import ApiToken, Staff
from petrissage.practice.permissions import Action
from petrissage.practice.services import (
    SETTINGS_FIELDS,
    api_token_create,
    api_token_revoke,
    practice_update_settings,
)


class LoginView(auth_views.LoginView):
    template_name = "practice/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "practice/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        staff = getattr(self.request.user, "staff", None)
        audit_record(
            actor=Actor(user=self.request.user, practice=getattr(staff, "practice", None)),  # type: ignore[arg-type]
            action="auth.password_change",
            category=Category.AUTH,
        )
        messages.success(self.request, "Your password was changed.")
        return response


@staff_required()
def dashboard(request: StaffRequest) -> HttpResponse:
    patients = scoped(request.staff, Patient)
    context = {
        "patient_count": patients.filter(active=True).count(),
        "recent_patients": patients.order_by("-created_at")[:5],
        "overdue_notes": list(overdue_unsigned_notes(request.staff)[:20]),
    }
    return render(request, "practice/dashboard.html", context)


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


@staff_required()
def mfa_setup(request: StaffRequest) -> HttpResponse:
    """Enrol a TOTP device: show the QR code, confirm with one code."""
    if confirmed_device(request.user):
        return redirect("mfa_verify")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_record(
                actor=Actor.for_staff(request.staff, request),
                action="auth.mfa_enrolled",
                category=Category.AUTH,
            )
            messages.success(request, "Second factor enabled.")
            return redirect("dashboard")
        form.add_error(
            "otp_token", "That code did not match. Check your phone's clock and try again."
        )
    context = {
        "form": form,
        "qr": _qr_svg(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "practice/mfa_setup.html", context)


@staff_required()
def mfa_verify(request: StaffRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return redirect("mfa_setup")
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            otp_login(request, device)
            audit_record(
                actor=Actor.for_staff(request.staff, request),
                action="auth.mfa_verified",
                category=Category.AUTH,
            )
            return redirect(request.GET.get("next") or "dashboard")
        audit_record(
            actor=Actor.for_staff(request.staff, request),
            action="auth.mfa_failed",
            category=Category.AUTH,
            outcome=Outcome.FAILURE,
        )
        form.add_error("otp_token", "That code did not match or was already used.")
    return render(request, "practice/mfa_verify.html", {"form": form})


@staff_required()
def account(request: StaffRequest) -> HttpResponse:
    tokens = ApiToken.objects.filter(staff=request.staff).order_by("-created_at")
    new_secret = None
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _, new_secret = api_token_create(
            staff=request.staff,
            label=form.cleaned_data["label"],
            actor=Actor.for_staff(request.staff, request),
        )
    context = {"tokens": tokens, "form": form, "new_secret": new_secret}
    return render(request, "practice/account.html", context)


@require_POST
@staff_required()
def api_token_revoke_view(request: StaffRequest, token_id: int) -> HttpResponse:
    token = get_scoped_or_404(request.staff, ApiToken, token_id)
    if token.staff_id != request.staff.pk:
        token = get_scoped_or_404(request.staff, ApiToken, -1)
    api_token_revoke(token=token, actor=Actor.for_staff(request.staff, request))
    messages.success(request, f"Token {token.prefix}… revoked.")
    return redirect("account")


@staff_required(Action.STAFF_MANAGE)
def staff_list(request: StaffRequest) -> HttpResponse:
    members = scoped(request.staff, Staff).select_related("user").order_by("role", "display_name")
    return render(request, "practice/staff_list.html", {"members": members})


def locked_out(request: HttpRequest) -> HttpResponse:
    return render(request, "practice/locked_out.html", status=429)


@staff_required(Action.PRACTICE_SETTINGS)
def practice_settings(request: StaffRequest) -> HttpResponse:
    practice = request.staff.practice
    initial = {name: getattr(practice, name) for name in SETTINGS_FIELDS}
    form = PracticeSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            practice_update_settings(
                practice=practice,
                actor=Actor.for_staff(request.staff, request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "Practice settings saved.")
            return redirect("practice_settings")
    return render(request, "practice/settings.html", {"form": form})
