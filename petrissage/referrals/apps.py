from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "petrissage.referrals"
    label = "referrals"
    verbose_name = "Referrals: referring providers, prescriptions and renewal requests"
