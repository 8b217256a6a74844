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
