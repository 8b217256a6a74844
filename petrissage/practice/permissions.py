"""Who may do what: the role × action table, in one place.

Every view, API endpoint and FHIR handler asks `allowed(role, action)` through
the access helpers in `access.py`; tests check this table row by row.
"""

from __future__ import annotations

from enum import StrEnum

from petrissage.practice.models import Role


class Action(StrEnum):
    PATIENT_VIEW = "patient.view"  # demographics and contact details
    PATIENT_REGISTER = "patient.register"  # create and edit demographics
    COVERAGE_VIEW = "coverage.view"
    COVERAGE_EDIT = "coverage.edit"
    CLINICAL_VIEW = "clinical.view"  # intake, screening, assessments, SOAP notes
    CLINICAL_WRITE = "clinical.write"
    SCHEDULE_VIEW = "schedule.view"
    SCHEDULE_BOOK = "schedule.book"
    BILLING_VIEW = "billing.view"
    BILLING_WRITE = "billing.write"
    AUDIT_VIEW = "audit.view"
    STAFF_MANAGE = "staff.manage"
    PRACTICE_SETTINGS = "practice.settings"
    DATA_IMPORT = "data.import"
    DATA_EXPORT = "data.export"


_EVERYONE = frozenset(Role)

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.PATIENT_VIEW: _EVERYONE,
    Action.PATIENT_REGISTER: frozenset({Role.OWNER, Role.THERAPIST, Role.FRONT_DESK}),
    Action.COVERAGE_VIEW: _EVERYONE,
    Action.COVERAGE_EDIT: frozenset({Role.OWNER, Role.FRONT_DESK, Role.BILLER}),
    Action.CLINICAL_VIEW: frozenset({Role.OWNER, Role.THERAPIST}),
    Action.CLINICAL_WRITE: frozenset({Role.THERAPIST, Role.OWNER}),
    Action.SCHEDULE_VIEW: _EVERYONE,
    Action.SCHEDULE_BOOK: frozenset({Role.OWNER, Role.THERAPIST, Role.FRONT_DESK}),
    Action.BILLING_VIEW: frozenset({Role.OWNER, Role.BILLER, Role.FRONT_DESK}),
    Action.BILLING_WRITE: frozenset({Role.OWNER, Role.BILLER}),
    Action.AUDIT_VIEW: frozenset({Role.OWNER}),
    Action.STAFF_MANAGE: frozenset({Role.OWNER}),
    Action.PRACTICE_SETTINGS: frozenset({Role.OWNER}),
    Action.DATA_IMPORT: frozenset({Role.OWNER}),
    Action.DATA_EXPORT: frozenset({Role.OWNER}),
}


def allowed(role: str, action: Action) -> bool:
    return role in PERMISSIONS[action]
