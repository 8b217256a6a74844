"""The case page's schedule panel: "Book the plan" for the approved plan, "Book a visit"
with the case chosen, and the case's upcoming visits; hidden from other practices."""

from __future__ import annotations

import pytest
from django.template import Context
from django.urls import reverse

from petrissage.scheduling.templatetags.scheduling_case import case_schedule_panel
from tests.scheduling.helpers import approved_plan, book, local, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(patient, working_therapist):
    return approved_plan(patient, working_therapist, per_week=2, weeks=4)


def test_the_case_page_offers_book_the_plan_and_lists_visits(
    login, working_therapist, plan, patient, practice
):
    case = plan.case
    visit = book(patient, case.therapist, local(practice, next_weekday(1), 10), case=case)
    page = login(working_therapist).get(reverse("case_detail", args=[patient.pk, case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/schedule/plans/{plan.pk}/book/" data-testid="book-the-plan"' in html
    assert f"/schedule/book/?patient={patient.pk}&amp;case={case.pk}" in html
    assert f'href="/schedule/appointments/{visit.pk}/"' in html


def test_the_book_the_plan_link_opens_the_series_form(login, front_desk, plan):
    page = login(front_desk).get(f"/schedule/plans/{plan.pk}/book/")
    assert page.status_code == 200
    assert b'data-testid="series-form"' in page.content


def test_a_biller_sees_visits_but_no_booking_buttons(login, biller, plan, patient):
    panel = case_schedule_panel(Context({"staff": biller}), plan.case)
    assert panel["can_book"] is False
    assert panel["plan"] == plan


def test_staff_of_another_practice_get_nothing(outsider, plan):
    assert case_schedule_panel(Context({"staff": outsider}), plan.case) == {"hidden": True}
