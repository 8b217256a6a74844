"""Referring providers at /referrals/providers/."""

from __future__ import annotations

from django.urls import path

from petrissage.referrals import provider_views

urlpatterns = [
    path("providers/", provider_views.provider_list, name="referring_provider_list"),
    path("providers/new/", provider_views.provider_edit, name="referring_provider_create"),
    path(
        "providers/<int:provider_id>/edit/",
        provider_views.provider_edit,
        name="referring_provider_edit",
    ),
]
