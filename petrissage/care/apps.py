from __future__ import annotations

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "petrissage.care"
    label = "care"
    verbose_name = "Care beyond the visit"
