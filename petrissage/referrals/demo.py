"""Demo referring providers and prescriptions, built through the referrals services.

`build_referrals(practice, actor, today)` adds five prescribers (NPIs with a valid check
digit, made with luhn_check_digit; names are invented) and one prescription per open case:
some close to their visit cap, some close to expiry, so the renewal proposal shows.
Safe to call twice: providers are matched by NPI, cases that already have a prescription
are skipped.
"""

from __future__ import annotations

from datetime import date, timedelta

from petrissage.audit.services import Actor
from petrissage.clinical.models import Case, CaseStatus, NoteStatus
from petrissage.domain.icd10 import check_diagnosis
from petrissage.domain.npi import NPI_PREFIX, luhn_check_digit
from petrissage.practice.models import Practice
from petrissage.referrals.models import Prescription, ReferringProvider
from petrissage.referrals.services import (
    PrescriptionInput,
    prescription_create,
    referring_provider_save,
)

PROVIDERS = (
    ("Dr Anna Reyes", "MD", "Family medicine", "Capitol Hill Family Practice", "100000101"),
    ("Dr Marcus Webb", "DO", "Physical medicine & rehabilitation", "Eastside Spine", "100000202"),
    ("Dr Priya Natarajan", "MD", "Rheumatology", "Sound Rheumatology", "100000303"),
    ("Jordan Ellis", "PA-C", "Orthopaedics", "Harbor Orthopaedics", "100000404"),
    ("Dr Helen Okafor", "MD", "Occupational medicine", "WorkWell Clinic", "100000505"),
)
# (cap, weeks, sessions a week, days until expiry, CPT) — varied so some are near the end.
# A cap of 0 here means "one visit left after the visits already signed".
SHAPES = (
    (0, 6, 2, 40, ("97124", "97140")),
    (8, 8, 1, 10, ("97124",)),
    (6, 3, 2, 75, ("97140", "97112")),
    (16, 8, 2, 60, ("97124", "97140")),
)


def demo_npi(base: str) -> str:
    """A 10-digit NPI whose last digit is the Luhn check of 80840 + base."""
    return base + str(luhn_check_digit(NPI_PREFIX + base))


def _providers(practice: Practice, actor: Actor) -> list[ReferringProvider]:
    made = []
    for name, credentials, specialty, organisation, base in PROVIDERS:
        npi = demo_npi(base)
        existing = ReferringProvider.objects.filter(practice=practice, npi=npi).first()
        data = {
            "name": name,
            "credentials": credentials,
            "npi": npi,
            "specialty": specialty,
            "organisation": organisation,
            "phone": f"206-555-01{base[-2:]}",
            "fax": f"206-555-02{base[-2:]}",
            "email": "",
        }
        made.append(existing or referring_provider_save(practice=practice, actor=actor, data=data))
    return made


def _signed_visits(case: Case) -> int:
    return case.sessions.filter(status=NoteStatus.SIGNED).count()


def _prescription_for(
    case: Case,
    provider: ReferringProvider,
    shape: tuple[int, int, int, int, tuple[str, ...]],
    actor: Actor,
    today: date,
) -> Prescription:
    cap, weeks, per_week, days_left, cpt = shape
    first_visit = case.sessions.order_by("session_date").values_list("session_date", flat=True)
    issued = min([case.opened_on, today, *first_visit[:1]])
    used = _signed_visits(case)
    entered = case.diagnoses.values_list("code", flat=True)
    codes = tuple(c for c in entered if check_diagnosis(c).ok) or ("M54.50",)
    data = PrescriptionInput(
        provider=provider,
        case=case,
        issued_on=issued,
        expires_on=today + timedelta(days=days_left),
        diagnoses=codes,
        regions=(),
        cpt_codes=cpt,
        sessions_per_week=per_week,
        weeks=weeks,
        visit_cap=min(200, max(cap, used + 2) if cap else used + 1),
        report_every_visits=6,
        report_every_days=30,
    )
    return prescription_create(
        patient=case.patient, staff=case.therapist, actor=actor, data=data, today=today
    )


def build_referrals(practice: Practice, actor: Actor, today: date) -> list[Prescription]:
    """Providers, and a prescription for each open case that has none yet."""
    providers = _providers(practice, actor)
    cases = Case.objects.filter(practice=practice, status=CaseStatus.OPEN).order_by("id")
    made = []
    for index, case in enumerate(cases):
        if Prescription.objects.filter(practice=practice, case=case).exists():
            continue
        provider = providers[index % len(providers)]
        made.append(_prescription_for(case, provider, SHAPES[index % len(SHAPES)], actor, today))
    return made
