"""The front desk registers a patient using only the keyboard; errors name the field."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from petrissage.patients.models import Patient
from petrissage.practice.models import Role
from tests import factories
from tests.browser.conftest import sign_in


@pytest.fixture
def desk(transactional_db):
    practice = factories.make_practice("keyboard-clinic")
    return factories.make_staff(practice, Role.FRONT_DESK, "desk1")


def test_register_with_an_error_then_fix_it(page, desk, screenshot):
    sign_in(page, "desk1", factories.PASSWORD)
    page.goto("/patients/new/")
    page.get_by_label("First name").focus()
    page.keyboard.type("Amara")
    page.keyboard.press("Tab")
    page.keyboard.type("Okafor")
    page.get_by_label("Date of birth").fill("2091-01-01")
    page.locator("#id_phone").fill("(206) 555-0177")
    page.get_by_label("Email").fill("amara@example.org")
    page.get_by_role("button", name="Register patient").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Please correct the 1 field")
    expect(page.locator("#id_birth_date_errors")).to_contain_text("in the future")
    expect(page.get_by_label("First name")).to_have_value("Amara")  # nothing typed is lost
    screenshot(page, "register-patient-error")
    page.get_by_label("Date of birth").fill("1988-09-14")
    page.get_by_label("Date of birth").press("Enter")
    expect(page.get_by_test_id("patient-name")).to_have_text("Amara Okafor")
    expect(page.get_by_text("registered as P000001")).to_be_visible()
    screenshot(page, "register-patient-done")
    assert Patient.objects.filter(family_name="Okafor").count() == 1


def test_duplicate_warning_in_the_browser(page, desk, screenshot):
    factories.make_patient(
        desk.practice,
        given_name="Amara",
        family_name="Okafor",
        birth_date=__import__("datetime").date(1988, 9, 14),
    )
    sign_in(page, "desk1", factories.PASSWORD)
    page.goto("/patients/new/")
    page.get_by_label("First name").fill("amara")
    page.get_by_label("Last name").fill("OKAFOR")
    page.get_by_label("Date of birth").fill("1988-09-14")
    page.get_by_role("button", name="Register patient").click()
    expect(page.get_by_test_id("duplicate-warning")).to_contain_text("Possible duplicate")
    screenshot(page, "register-patient-duplicate")
    assert Patient.objects.count() == 1
