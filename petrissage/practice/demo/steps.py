"""The clinical layers of the demo clinic, built after its practice, staff and patients.

Each app that has demo data ships a `demo.py` with a builder taking
`(practice, actor, today)` and writing through that app's services. `DEMO_STEPS` lists them
in the order they depend on one another: intake and screening before cases, cases and
signed sessions before prescriptions, outcomes and charges, the schedule before billing.
Names are dotted paths so the practice app does not import every other app at load time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils.module_loading import import_string

from petrissage.audit.services import Actor
from petrissage.practice.models import Practice

DEMO_STEPS: tuple[tuple[str, str], ...] = (
    ("Billing setup", "petrissage.billing.demo.build_billing_setup"),  # before notes are signed
    ("Intake and screening", "petrissage.clinical.demo_screening.build_intake_and_screening"),
    ("Cases, plans and sessions", "petrissage.clinical.demo_cases.build_cases"),
    ("Prescriptions", "petrissage.referrals.demo.build_referrals"),
    ("Outcomes and check-ins", "petrissage.outcomes.demo.build_outcomes"),
    ("Progress reports", "petrissage.referrals.demo.build_progress_reports"),
    ("Schedule", "petrissage.scheduling.demo.build_schedule"),
    ("Billing", "petrissage.billing.demo.build_billing"),
    ("Care beyond the visit", "petrissage.care.demo.build_care"),  # last
)


def build_clinical_layers(
    practice: Practice,
    actor: Actor,
    today: date,
    report: Callable[[str], None] | None = None,
) -> None:
    """Run every demo step in order; `report` hears each step's label as it starts."""
    for label, dotted in DEMO_STEPS:
        if report is not None:
            report(label)
        builder: Callable[[Practice, Actor, date], Any] = import_string(dotted)
        builder(practice, actor, today)
