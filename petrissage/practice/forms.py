from __future__ import annotations

from django import forms


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label="6-digit code from your authenticator app",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
    )

    def clean_otp_token(self) -> str:
        token = str(self.cleaned_data["otp_token"]).strip()
        if not token.isdigit():
            raise forms.ValidationError("The code is 6 digits.")
        return token


class ApiTokenForm(forms.Form):
    label = forms.CharField(max_length=80, required=False, label="What is this token for?")


class PracticeSettingsForm(forms.Form):
    name = forms.CharField(max_length=200)
    time_zone = forms.CharField(max_length=64, help_text="e.g. America/Los_Angeles")
    require_mfa_for_owner_and_biller = forms.BooleanField(
        required=False, label="Owners and billers must use an authenticator app (TOTP)"
    )
    idle_timeout_minutes = forms.IntegerField(
        min_value=1, max_value=30, label="Sign out after this many idle minutes"
    )
