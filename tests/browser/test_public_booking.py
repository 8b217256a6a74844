"""A new patient books online: choose a visit type, pick a time, leave contact details.
Screenshot: public-booking."""

from __future__ import annotations

from datetime import time

import pytest

from petrissage.practice.models import Role
from petrissage.scheduling.models import BookingRequest, RequestStatus
from tests import factories
from tests.scheduling.helpers import add_location, give_hours

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_patient_requests_a_time_online(page, screenshot):
    practice = factories.make_practice("cedar-sage")
    location = add_location(practice, "Downtown")
    for name in ("tomas-herrera", "grace-whitfield"):
        give_hours(
            factories.make_staff(practice, Role.THERAPIST, name),
            location,
            start=time(9),
            end=time(17),
        )
    page.goto(f"/book/{practice.slug}/")
    page.get_by_role("heading", name="Book a visit").wait_for()
    screenshot(page, "public-booking")
    page.locator("a.slot").first.click()
    page.get_by_label("First name").fill("Nora")
    page.get_by_label("Last name").fill("Quinn")
    page.get_by_label("Date of birth").fill("1979-08-14")
    page.get_by_label("Email").fill("nora@example.org")
    page.get_by_label("Phone").fill("206-555-0142")
    page.get_by_role("button", name="Request this time").click()
    page.get_by_test_id("request-sent").wait_for()
    request = BookingRequest.objects.get()
    assert request.status == RequestStatus.PENDING
    assert request.kind == "initial-assessment"
