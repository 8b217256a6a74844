"""The front desk books a plan's series (seeing a conflict first), then drags one visit to
another day in the week view. Screenshots: schedule-series-conflicts, schedule-week,
schedule-after-drag."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from petrissage.practice.models import Role
from petrissage.scheduling.models import Appointment, AppointmentSeries
from tests import factories
from tests.browser.conftest import sign_in
from tests.scheduling.helpers import (
    add_location,
    approved_plan,
    block_treatment,
    book,
    give_hours,
    local,
    next_weekday,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _clinic():
    practice = factories.make_practice("cedar-clinic")
    location = add_location(practice, "Downtown", rooms=3)
    desk = factories.make_staff(practice, Role.FRONT_DESK, "dani-desk")
    therapist = factories.make_staff(practice, Role.THERAPIST, "tomas-herrera")
    colleague = factories.make_staff(practice, Role.THERAPIST, "grace-whitfield")
    give_hours(therapist, location, start=time(9), end=time(18))
    give_hours(colleague, location, start=time(9), end=time(18))
    patient = factories.make_patient(practice, given_name="Maria", family_name="Lopez")
    plan = approved_plan(patient, therapist, per_week=2, weeks=4)
    return practice, desk, therapist, colleague, patient, plan


def test_front_desk_books_a_series_and_drags_a_visit(page, screenshot):
    practice, _desk, therapist, colleague, _patient, plan = _clinic()
    monday = next_weekday(0)
    others = [
        factories.make_patient(practice, given_name=n, family_name="Nguyen")
        for n in ("Ava", "Ben", "Cy", "Dee")
    ]
    block_treatment(others[1])
    book(others[0], therapist, local(practice, monday + timedelta(days=1), 16, 30), minutes=30)
    for day in range(5):
        book(others[(day + 1) % 4], therapist, local(practice, monday + timedelta(days=day), 10))
        book(
            others[(day + 2) % 4],
            colleague,
            local(practice, monday + timedelta(days=day), 11),
            kind="treatment-45",
        )
    sign_in(page, "dani-desk", factories.PASSWORD)

    page.goto(f"/schedule/plans/{plan.pk}/book/")
    page.get_by_label("First visit on or after").fill(monday.isoformat())
    page.get_by_label("Time").fill("16:00")
    page.get_by_role("button", name="Check for conflicts").click()
    page.get_by_test_id("series-preview").wait_for()
    assert "1 of 8 visits conflict" in page.get_by_test_id("series-preview").inner_text()
    screenshot(page, "schedule-series-conflicts")
    page.get_by_label("Book the other visits and skip the ones that conflict").check()
    page.get_by_test_id("book-series").click()
    page.wait_for_url("**/schedule/series/*/")
    series = AppointmentSeries.objects.get()
    assert series.appointments.count() == 7

    page.set_viewport_size({"width": 1280, "height": 1100})  # the whole working day in view
    page.goto(f"/schedule/?therapist={therapist.pk}&date={monday.isoformat()}")
    first = series.appointments.order_by("starts_at").first()
    visit = page.get_by_test_id(f"appt-{first.pk}")
    visit.wait_for()
    screenshot(page, "schedule-week")

    grid = page.get_by_test_id("schedule-grid")
    first_minute = int(grid.get_attribute("data-first-minute"))
    px = float(grid.get_attribute("data-px-per-minute"))
    target_day = first.starts_at.astimezone(practice.zone).date() + timedelta(days=1)
    column = page.get_by_test_id(f"col-{target_day.isoformat()}").bounding_box()
    box = visit.bounding_box()
    grab_y = box["height"] / 2
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + grab_y)
    page.mouse.down()
    target_y = column["y"] + (14 * 60 - first_minute) * px + grab_y
    page.mouse.move(column["x"] + column["width"] / 2, target_y, steps=12)
    with page.expect_navigation():
        page.mouse.up()
    first.refresh_from_db()
    moved = first.starts_at.astimezone(practice.zone)
    assert (moved.date(), moved.time()) == (target_day, time(14))
    assert first.series_id == series.pk
    page.get_by_test_id(f"appt-{first.pk}").wait_for()
    screenshot(page, "schedule-after-drag")


def test_a_refused_drop_explains_why_and_puts_the_visit_back(page):
    practice, _desk, therapist, _colleague, patient, _plan = _clinic()
    day = next_weekday(2)
    visit = book(patient, therapist, local(practice, day, 9))
    blocker = book(factories.make_patient(practice), therapist, local(practice, day, 13))
    sign_in(page, "dani-desk", factories.PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.goto(f"/schedule/?therapist={therapist.pk}&date={day.isoformat()}")
    block = page.get_by_test_id(f"appt-{visit.pk}")
    target = page.get_by_test_id(f"appt-{blocker.pk}").bounding_box()
    box = block.bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(target["x"] + 10, target["y"] + 20, steps=10)
    page.mouse.up()
    alert = page.locator("#schedule-alert")
    alert.wait_for(state="visible")
    assert "Overlaps" in alert.inner_text()
    assert Appointment.objects.get(pk=visit.pk).starts_at == visit.starts_at
