"""The role × action table, row by row (A2)."""

from __future__ import annotations

import pytest

from petrissage.practice.models import Role
from petrissage.practice.permissions import PERMISSIONS, Action, allowed

OW, T, F, B = Role.OWNER, Role.THERAPIST, Role.FRONT_DESK, Role.BILLER

EXPECTED = {
    Action.PATIENT_VIEW: {OW, T, F, B},
    Action.PATIENT_REGISTER: {OW, T, F},
    Action.COVERAGE_VIEW: {OW, T, F, B},
    Action.COVERAGE_EDIT: {OW, F, B},
    Action.CLINICAL_VIEW: {OW, T},
    Action.CLINICAL_WRITE: {OW, T},
    Action.SCHEDULE_VIEW: {OW, T, F, B},
    Action.SCHEDULE_BOOK: {OW, T, F},
    Action.BILLING_VIEW: {OW, F, B},
    Action.BILLING_WRITE: {OW, B},
    Action.AUDIT_VIEW: {OW},
    Action.STAFF_MANAGE: {OW},
    Action.PRACTICE_SETTINGS: {OW},
    Action.DATA_IMPORT: {OW},
    Action.DATA_EXPORT: {OW},
}


def test_every_action_has_a_row():
    assert set(PERMISSIONS) == set(Action) == set(EXPECTED)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_role_may_do_action_exactly_as_the_table_says(role, action):
    assert allowed(role, action) is (role in EXPECTED[action])


def test_front_desk_cannot_read_clinical_notes_and_biller_cannot_read_soap_text():
    assert not allowed(Role.FRONT_DESK, Action.CLINICAL_VIEW)
    assert not allowed(Role.BILLER, Action.CLINICAL_VIEW)
    assert allowed(Role.BILLER, Action.BILLING_VIEW)
