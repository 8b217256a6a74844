"""Prescription pages, nested under a patient: /patients/<id>/prescriptions/…"""

from __future__ import annotations

from django.urls import path

from petrissage.referrals import renewal_views, views

ONE = "<int:prescription_id>/"
RENEWAL = f"{ONE}renewals/<int:renewal_id>/"

urlpatterns = [
    path("panel/", views.prescription_panel, name="prescription_panel"),
    path("new/", views.prescription_new, name="prescription_new"),
    path(ONE, views.prescription_detail, name="prescription_detail"),
    path(f"{ONE}edit/", views.prescription_edit, name="prescription_edit"),
    path(f"{ONE}document/", views.prescription_document, name="prescription_document"),
    path(f"{ONE}renewals/new/", renewal_views.renewal_new, name="renewal_new"),
    path(RENEWAL, renewal_views.renewal_edit, name="renewal_edit"),
    path(f"{RENEWAL}letter.pdf", renewal_views.renewal_letter, name="renewal_letter"),
]
