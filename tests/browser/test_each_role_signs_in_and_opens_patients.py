"""Each role signs in through the real form, opens the patient list and a chart."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from petrissage.practice.models import Role
from tests import factories
from tests.browser.conftest import sign_in

ROLES = {
    "owner": Role.OWNER,
    "therapist": Role.THERAPIST,
    "front_desk": Role.FRONT_DESK,
    "biller": Role.BILLER,
}


@pytest.fixture
def clinic(transactional_db):
    practice = factories.make_practice("cedar-clinic")
    staff = {
        name: factories.make_staff(practice, role, f"{name.replace('_', '')}1")
        for name, role in ROLES.items()
    }
    for given, family in [
        ("Maria", "Lopez"),
        ("Jamal", "Carter"),
        ("Zoë", "Nguyễn"),
        ("Ivan", "Petrov"),
    ]:
        factories.make_patient(practice, given_name=given, family_name=family)
    return practice, staff


@pytest.mark.parametrize("role", list(ROLES))
def test_role_signs_in_and_opens_a_patient(page, clinic, screenshot, role):
    _, staff = clinic
    sign_in(page, staff[role].user.username, factories.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Good day")
    screenshot(page, f"dashboard-{role}")
    page.get_by_role("link", name="Patients", exact=True).click()
    expect(page.get_by_role("heading", name="Patients")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(4)
    screenshot(page, f"patient-list-{role}")
    page.get_by_role("link", name="Lopez, Maria").click()
    expect(page.get_by_test_id("patient-name")).to_have_text("Maria Lopez")
    clinical = page.get_by_role("heading", name="Contraindication screening")
    if role in ("owner", "therapist"):
        expect(clinical).to_be_visible()
    else:
        expect(clinical).to_have_count(0)
        expect(page.get_by_text("does not open clinical notes")).to_be_visible()
    audit_link = page.get_by_role("link", name="Audit log")
    expect(audit_link).to_have_count(1 if role == "owner" else 0)
    screenshot(page, f"patient-page-{role}")


def test_search_as_you_type_narrows_the_list(page, clinic, screenshot):
    _, staff = clinic
    sign_in(page, staff["front_desk"].user.username, factories.PASSWORD)
    page.goto("/patients/")
    page.get_by_label("Search patients").fill("nguy")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Nguyễn, Zoë")
    expect(page).to_have_url(re.compile(r"q=nguy"))
    screenshot(page, "patient-search")


def test_wrong_password_shows_a_clear_message(page, clinic, screenshot):
    _, staff = clinic
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(staff["therapist"].user.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("did not match")
    screenshot(page, "login-failed")


def test_patient_list_is_usable_on_a_phone(phone_page, clinic, screenshot):
    _, staff = clinic
    sign_in(phone_page, staff["therapist"].user.username, factories.PASSWORD)
    phone_page.goto("/patients/")
    expect(phone_page.locator("tbody tr")).to_have_count(4)
    screenshot(phone_page, "patient-list-phone")
