"""Demo referring providers and prescriptions, built through the referrals services.

`build_referrals(practice, actor, today)` adds five prescribers (NPIs with a valid check
digit, made with luhn_check_digit; names are invented) and one prescription per open case:
some close to their visit cap, some close to expiry, so the renewal proposal shows.
Safe to call twice: providers are matched by NPI, cases that already have a prescription
are skipped. `build_progress_reports` then signs a few reports to the prescribers (one
recorded as faxed) and leaves the other due ones on the therapists' to-do list.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError

from petrissage.audit.services import Actor
from petrissage.clinical.models import Case, CaseStatus, NoteStatus, TreatmentLine
from petrissage.domain.billing.cpt import technique_to_cpt
from petrissage.domain.icd10 import check_diagnosis
from petrissage.domain.npi import NPI_PREFIX, luhn_check_digit
from petrissage.practice.models import Practice
from petrissage.referrals.models import (
    Prescription,
    ProgressReport,
    Recommendation,
    ReferringProvider,
    ReportKind,
    SendMethod,
)
from petrissage.referrals.report_services import (
    SendRequest,
    progress_report_create,
    progress_report_save,
    progress_report_send,
    progress_report_sign,
)
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


def _codes_in_use(case: Case, shape_codes: tuple[str, ...]) -> tuple[str, ...]:
    """The shape's codes plus every code the case's signed work maps to, so the demo's
    prescriptions allow what its therapists actually did (claims then pass the scrubber)."""
    techniques = TreatmentLine.objects.filter(
        practice_id=case.practice_id, session__case=case
    ).values_list("technique", flat=True)
    used = {code for code in map(technique_to_cpt, set(techniques)) if code}
    return tuple(dict.fromkeys([*shape_codes, *sorted(used)]))


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
    cpt = _codes_in_use(case, cpt)
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
    """Providers, and a prescription for each case that has none yet (on-hold and discharged
    cases too: their signed visits were billed under one)."""
    providers = _providers(practice, actor)
    cases = Case.objects.filter(practice=practice).order_by("id")
    made = []
    for index, case in enumerate(cases):
        if Prescription.objects.filter(practice=practice, case=case).exists():
            continue
        provider = providers[index % len(providers)]
        made.append(_prescription_for(case, provider, SHAPES[index % len(SHAPES)], actor, today))
    return made


# --- Progress reports ---------------------------------------------------------------------

DEMO_ASSESSMENTS = (
    "Pain and function have improved with treatment; the patient tolerates moderate "
    "pressure and follows the home programme. Goals are partly met.",
    "Steady progress: less guarding in the treated regions, longer sitting tolerance, "
    "fewer flare-ups between visits.",
)
SIGNED_REPORTS = 3  # cases that get a signed report; the rest of the due ones stay due


def _sign_demo_report(case: Case, actor: Actor, today: date, n: int) -> ProgressReport | None:
    try:
        report = progress_report_create(
            case=case, staff=case.therapist, actor=actor, kind=ReportKind.PROGRESS, today=today
        )
    except ValidationError:  # nothing to report for this case
        return None
    progress_report_save(
        report=report,
        actor=actor,
        fields={
            "assessment": DEMO_ASSESSMENTS[n % len(DEMO_ASSESSMENTS)],
            "recommendation": Recommendation.CONTINUE,
            "recommended_sessions_per_week": 1,
            "recommended_weeks": 4,
            "plan_next": "Taper to weekly visits; continue the home stretches.",
        },
    )
    report = progress_report_sign(report=report, staff=case.therapist, actor=actor)
    if n == 0 and report.snapshot.get("provider"):
        provider = report.snapshot["provider"]
        progress_report_send(
            report=report,
            staff=case.therapist,
            actor=actor,
            request=SendRequest(SendMethod.FAX, provider["name"], provider["fax"] or "2065550200"),
        )
    return report


def build_progress_reports(practice: Practice, actor: Actor, today: date) -> list[ProgressReport]:
    """Signed reports (one faxed) for the first cases whose report is due; later due cases
    are left for the therapists' to-do list. Safe to call twice: cases with a report are
    skipped."""
    from petrissage.referrals.report_selectors import report_due_for_case

    cases = Case.objects.filter(practice=practice, status=CaseStatus.OPEN).order_by("id")
    made: list[ProgressReport] = []
    for case in cases.select_related("patient__practice", "therapist"):
        if len(made) >= SIGNED_REPORTS:
            break
        if ProgressReport.objects.filter(practice=practice, case=case).exists():
            continue
        due = report_due_for_case(case, today)
        if due is None or not due.due:
            continue
        report = _sign_demo_report(case, actor, today, len(made))
        if report is not None:
            made.append(report)
    return made
