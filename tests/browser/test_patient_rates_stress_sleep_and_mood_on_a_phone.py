"""The patient rates stress, sleep quality and mood in the post-session check-in on a phone;
the therapist then sees those ratings charted beside pain on the case's care page.

Screenshots: wellbeing-checkin-phone-form, wellbeing-checkin-phone-refused,
wellbeing-care-chart-after-checkin."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from petrissage.audit.services import Actor
from petrissage.care import wellbeing
from petrissage.care.models import WellbeingRating
from petrissage.clinical.assessment_services import practice_today
from petrissage.outcomes.delivery import checkin_send
from petrissage.outcomes.models import CheckIn
from petrissage.practice.models import Role
from tests import factories
from tests.browser.conftest import sign_in
from tests.care.conftest import BACK_SWEDISH, NECK_DEEP, signed_session
from tests.sessions.conftest import make_case, make_plan


@pytest.fixture
def clinic(transactional_db):
    practice = factories.make_practice("wellbeing-clinic")
    therapist = factories.make_staff(practice, Role.THERAPIST, "thera-wellbeing")
    patient = factories.make_patient(practice, given_name="Nora", family_name="Quinn")
    today = practice_today(practice)
    case = make_case(patient, therapist, opened_on=today - timedelta(days=60))
    make_plan(case, therapist)
    wellbeing.wellbeing_record(  # the intake baseline, before the case
        patient=patient,
        on=today - timedelta(days=40),
        context="intake",
        ratings={"stress": 8, "sleep": 3, "mood": 4},
        actor=Actor.for_staff(therapist),
    )
    for week in range(4):
        day = today - timedelta(days=35 - 7 * week)
        signed_session(case, therapist, day, NECK_DEEP, BACK_SWEDISH, before=7 - week, after=3)
    return case, today


def _pick(page, name: str, value: str) -> None:
    page.locator(f"input[name='{name}'][value='{value}']").check(force=True)


def test_patient_rates_stress_sleep_and_mood_and_the_chart_shows_them(
    page, phone_page, clinic, screenshot
):
    case, today = clinic
    for each in (page, phone_page):
        each.set_default_timeout(30_000)
    check_in = CheckIn.objects.filter(case=case).order_by("-due_at").first()
    delivery = check_in.deliveries.get()
    assert checkin_send(delivery_id=delivery.pk, now=check_in.due_at + timedelta(minutes=1))
    token = re.search(r"/checkin/([^/\s]+)/", str(mail.outbox[-1].body)).group(1)

    phone_page.goto(f"/checkin/{token}/")
    for name, value in (
        ("pain_now", "3"), ("pain_worst", "4"), ("soreness", "no"), ("bruising", "no"),
        ("numbness_weakness", "no"), ("calf_swelling", "no"), ("breathless_chest_pain", "no"),
        ("fever_site_redness", "no"), ("sleep", "better"), ("global_change", "2"),
        ("home_care", "yes"), ("medication_changes", "no"), ("ready_next_visit", "yes"),
        ("stress_rating", "4"), ("sleep_rating", "7"), ("mood_rating", "7"),
    ):  # fmt: skip
        _pick(phone_page, name, value)
    ratings = phone_page.locator("[data-item='stress_rating']")
    expect(ratings).to_contain_text("0 = not at all, 10 = extremely")
    ratings.scroll_into_view_if_needed()
    screenshot(phone_page, "wellbeing-checkin-phone-form")

    # A tampered rating is refused naming the item; the other answers stay ticked.
    phone_page.evaluate(
        "document.querySelector(\"input[name='mood_rating'][value='10']\").value = '11'"
    )
    _pick(phone_page, "mood_rating", "11")
    phone_page.get_by_role("button", name="Send my check-in").click()
    mood = phone_page.locator("[data-item='mood_rating']")
    expect(mood).to_contain_text("Choose a number from 0 to 10.")
    expect(phone_page.locator("input[name='stress_rating'][value='4']")).to_be_checked()
    mood.scroll_into_view_if_needed()
    screenshot(phone_page, "wellbeing-checkin-phone-refused")
    assert not WellbeingRating.objects.filter(context="checkin").exists()

    _pick(phone_page, "mood_rating", "7")
    phone_page.get_by_role("button", name="Send my check-in").click()
    expect(phone_page.get_by_text("Thank you", exact=False).first).to_be_visible()
    row = WellbeingRating.objects.get(context="checkin")
    assert (row.stress, row.sleep, row.mood, row.on) == (4, 7, 7, today)

    sign_in(page, "thera-wellbeing", factories.PASSWORD)
    page.goto(f"/care/patients/{case.patient_id}/cases/{case.pk}/")
    chart = page.get_by_test_id("wellbeing-chart")
    for key in ("pain", "stress", "sleep", "mood"):
        expect(chart.locator(f"#series-{key}")).to_have_count(1)
    # Two points per rating: the intake baseline and the check-in.
    expect(chart.locator("#series-stress path")).not_to_have_count(0)
    page.get_by_test_id("wellbeing").scroll_into_view_if_needed()
    screenshot(page, "wellbeing-care-chart-after-checkin")
