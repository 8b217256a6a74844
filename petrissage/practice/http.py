"""Request types for views behind `staff_required`."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from petrissage.practice.models import Staff, User


class StaffRequest(HttpRequest):
    user: User
    staff: Staff
    htmx: HtmxDetails
