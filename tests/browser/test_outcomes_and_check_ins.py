"""The therapist records a baseline on the clinic tablet, the patient answers a follow-up
and a post-session check-in on a phone from links, a red flag raises an urgent alert the
therapist acknowledges, and the case outcomes panel shows the progress chart."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from petrissage.outcomes.delivery import checkin_send
from petrissage.outcomes.models import CheckIn
from petrissage.practice.models import Role
from tests import factories
from tests.outcomes.conftest import make_case, sign_session


@pytest.fixture
def clinic(transactional_db):
    practice = factories.make_practice("outcome-clinic")
    therapist = factories.make_staff(practice, Role.THERAPIST, "thera-outcomes")
    patient = factories.make_patient(practice, given_name="Maria", family_name="Lopez")
    case = make_case(patient, therapist)
    return {"therapist": therapist, "case": case}


def _pick(page, name: str, value: str) -> None:
    page.locator(f"input[name='{name}'][value='{value}']").check(force=True)


def test_outcomes_and_check_in_with_an_urgent_alert(page, phone_page, clinic, screenshot):
    from tests.browser.conftest import sign_in

    for each in (page, phone_page):
        each.set_default_timeout(30_000)  # a loaded CI machine is slow to serve the first page
    case = clinic["case"]
    base = f"/patients/{case.patient_id}/cases/{case.pk}/outcomes/"
    sign_in(page, "thera-outcomes", factories.PASSWORD)

    # Baseline NPRS on the clinic tablet form.
    page.goto(base + "new/nprs/")
    _pick(page, "pain", "7")
    screenshot(page, "outcomes-clinic-form")
    page.get_by_role("button", name="Save NPRS").click()
    expect(page.get_by_text("NPRS recorded.")).to_be_visible()

    # The patient answers the follow-up on a phone from a link.
    page.select_option("#link-instrument", "nprs")
    page.get_by_role("button", name="Create link").click()
    url = page.get_by_test_id("outcome-link").input_value()
    phone_page.goto(re.sub(r"^https?://[^/]+", "", url))
    _pick(phone_page, "pain", "3")
    screenshot(phone_page, "outcomes-phone-link")
    phone_page.get_by_role("button", name="Send my answers").click()
    expect(phone_page.get_by_test_id("outcome-thanks")).to_be_visible()

    # The case panel shows the change and the chart with the MCID band.
    page.goto(base)
    panel = page.get_by_test_id("outcomes-panel")
    expect(panel).to_contain_text("Pain down 4 points on NPRS (57%)")
    expect(panel.locator("svg.chart .mcid-band")).to_have_count(1)
    screenshot(page, "outcomes-case-panel")
    page.goto(f"/patients/{case.patient_id}/cases/{case.pk}/")  # the case page's panel
    expect(page.get_by_test_id("outcomes-panel").locator("svg.chart .mcid-band")).to_have_count(1)
    page.get_by_test_id("outcomes-panel").scroll_into_view_if_needed()
    screenshot(page, "outcomes-case-page")

    # A signed session → check-in sent → patient reports calf swelling on the phone.
    note = sign_session(case, clinic["therapist"])
    check_in = CheckIn.objects.get(session=note)
    delivery = check_in.deliveries.get()
    assert checkin_send(delivery_id=delivery.pk, now=check_in.due_at + timedelta(minutes=1))
    token = re.search(r"/checkin/([^/\s]+)/", str(mail.outbox[-1].body)).group(1)
    phone_page.goto(f"/checkin/{token}/")
    for name, value in (
        ("pain_now", "4"), ("pain_worst", "6"), ("soreness", "no"), ("bruising", "no"),
        ("numbness_weakness", "no"), ("calf_swelling", "yes"), ("breathless_chest_pain", "no"),
        ("fever_site_redness", "no"), ("sleep", "same"), ("global_change", "4"),
        ("home_care", "partly"), ("medication_changes", "no"), ("ready_next_visit", "unsure"),
    ):  # fmt: skip
        _pick(phone_page, name, value)
    screenshot(phone_page, "checkin-phone-form")
    phone_page.get_by_role("button", name="Send my check-in").click()
    expect(phone_page.get_by_test_id("seek-urgent-care")).to_be_visible()
    screenshot(phone_page, "checkin-phone-urgent")

    # The therapist sees the alert and acknowledges it.
    page.goto("/")
    expect(page.get_by_test_id("nav-alerts")).to_contain_text("1")
    page.get_by_test_id("nav-alerts").click()
    expect(page.get_by_test_id("alert-row")).to_contain_text("possible DVT")
    page.get_by_role("link", name="Open and acknowledge").click()
    page.get_by_label("What was done").fill("Called Maria; sent to urgent care")
    screenshot(page, "checkin-alert-detail")
    page.get_by_role("button", name="Acknowledge alert").click()
    expect(page.get_by_test_id("acknowledged")).to_contain_text("Called Maria")
