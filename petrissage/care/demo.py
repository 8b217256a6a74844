"""Demo data for care beyond the visit, written through the care services (the last demo
step): care teams on open cases (a chiropractor on the same area, a physical therapist, the
physician), maintenance recalls for the discharged cases (one due, one overdue, one
upcoming, one declined), membership plans with a few members, and stress / sleep / mood
ratings beside pain on some cases."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from petrissage.audit.services import Actor
from petrissage.care import membership_services, recall_services
from petrissage.care.models import MaintenancePlan, MembershipPlan
from petrissage.care.team_services import care_team_member_add
from petrissage.care.wellbeing import wellbeing_record
from petrissage.clinical.models import Case, CaseStatus, NoteStatus, SessionNote
from petrissage.domain.aftercare.care_team import areas_of
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice, Role, Staff
from petrissage.scheduling.models import Appointment, AppointmentStatus

SEED = 1100
TEAM_CASES = 8
RATED_CASES = 6
MEMBERS = 4


def _team(case: Case, actor: Actor, n: int) -> None:
    from petrissage.care.selectors import case_region_codes

    areas = sorted(areas_of(case_region_codes(case))) or ["lower back"]
    start = case.opened_on - timedelta(days=14)
    people = [
        {"name": "Dr Ana Ruiz, DC", "role": "chiropractor",
         "organisation": "Capitol Hill Chiropractic",
         "email": "aruiz@capitolchiro.example", "phone": "206-555-0181",
         "doing": f"Spinal adjustments of the {areas[0]}, weekly", "areas": areas[:1],
         "weekdays": [0, 3], "started_on": start, "receives_reports": False},
        {"name": "Jo Park, DPT", "role": "physical_therapist", "organisation": "Pine Street Rehab",
         "email": "jpark@pinerehab.example", "phone": "206-555-0172",
         "doing": "Core and scapular strengthening, home exercise programme twice weekly",
         "areas": [], "weekdays": [1, 4], "started_on": start, "receives_reports": True},
        {"name": "Dr Maya Chen, MD", "role": "physician", "organisation": "Swedish Family Medicine",
         "fax": "206-555-0110", "email": "mchen@swedishfm.example",
         "doing": "Prescribing physician; reviews progress every 30 days", "areas": [],
         "weekdays": [], "started_on": start, "receives_reports": True},
        {"name": "Lee Okafor, LAc", "role": "acupuncturist", "phone": "425-555-0133",
         "doing": "Acupuncture for sleep and stress, fortnightly", "areas": ["neck"],
         "weekdays": [2], "started_on": start, "receives_reports": False},
    ]  # fmt: skip
    for fields in people[n % 2 : n % 2 + 2 + n % 2]:
        care_team_member_add(case=case, staff=case.therapist, actor=actor, fields=fields)


def _ratings(case: Case, actor: Actor, rng: Random) -> None:
    sessions = SessionNote.objects.filter(case=case, status=NoteStatus.SIGNED).order_by(
        "session_date"
    )
    stress, sleep, mood = rng.randint(6, 8), rng.randint(3, 5), rng.randint(4, 6)
    for note in sessions:
        wellbeing_record(
            patient=case.patient, case=case, session=note, on=note.session_date,
            context="session", ratings={"stress": stress, "sleep": sleep, "mood": mood},
            staff=case.therapist, actor=actor,
        )  # fmt: skip
        stress = max(1, stress - rng.randint(0, 1))
        sleep = min(9, sleep + rng.randint(0, 1))
        mood = min(9, mood + rng.randint(0, 1))


def _recalls(practice: Practice, actor: Actor, today: date) -> list[MaintenancePlan]:
    """Intervals picked so the front desk sees each state: overdue, due, upcoming, declined."""
    discharged = list(
        Case.objects.filter(
            practice=practice, status=CaseStatus.DISCHARGED, discharged_on__isnull=False
        )
        .select_related("therapist", "patient")
        .order_by("discharged_on", "id")[:4]
    )
    booked = set(
        Appointment.objects.filter(
            practice=practice, starts_at__date__gte=today, status=AppointmentStatus.BOOKED
        ).values_list("patient_id", flat=True)
    )
    # Patients without a booking first: they become the overdue and due recalls.
    discharged.sort(key=lambda c: (c.patient_id in booked, c.discharged_on))
    plans = []
    for n, case in enumerate(discharged):
        assert case.discharged_on is not None
        weeks_since = max((today - case.discharged_on).days // 7, 0)
        wanted = (weeks_since - 1, weeks_since + 1, weeks_since + 4, weeks_since)[n]
        weeks = min(max(wanted, 1), 52)  # a recent discharge cannot be overdue yet: due
        plan = recall_services.maintenance_choose(
            case=case, weeks=weeks, staff=case.therapist, actor=actor
        )
        if n == 3:
            recall_services.recall_decline(
                plan=plan, reason="Prefers to call when it flares", actor=actor, today=today
            )
        plans.append(plan)
    return plans


def _memberships(practice: Practice, actor: Actor, today: date) -> None:
    monthly = membership_services.membership_plan_save(
        practice=practice, actor=actor, name="Maintenance monthly", monthly_fee="119.00",
        visits_per_month=2, carry_over_max=1,
    )  # fmt: skip
    membership_services.membership_plan_save(
        practice=practice, actor=actor, name="Maintenance plus", monthly_fee="209.00",
        visits_per_month=4, carry_over_max=2,
    )  # fmt: skip
    desk = Staff.objects.filter(practice=practice, role=Role.FRONT_DESK, active=True).first()
    owner = Staff.objects.filter(practice=practice, role=Role.OWNER).first()
    staff = desk or owner
    if staff is None:
        return
    on_recall = MaintenancePlan.objects.filter(practice=practice).values_list("patient", flat=True)
    patients = list(Patient.objects.filter(practice=practice, pk__in=on_recall)[:2])
    patients += list(
        Patient.objects.filter(practice=practice)
        .exclude(pk__in=on_recall)
        .order_by("id")[: MEMBERS - len(patients)]
    )
    start = (today.replace(day=1) - timedelta(days=40)).replace(day=1)
    for n, patient in enumerate(patients):
        membership = membership_services.membership_start(
            patient=patient, plan=monthly, started_on=start, actor=actor
        )
        month = start
        while month <= today:
            period = membership_services.membership_bill_month(
                membership=membership, month=month, actor=actor
            )
            used = 1 + (n + month.month) % 2  # one or two visits a month
            for visit in range(min(period.visits_available, used)):
                day = month + timedelta(days=7 + 10 * visit)
                if day <= today:
                    membership_services.membership_visit_use(
                        membership=membership, used_on=day, staff=staff, actor=actor
                    )
            month = (month + timedelta(days=32)).replace(day=1)


def build_care(practice: Practice, actor: Actor, today: date) -> None:
    rng = Random(SEED)
    if MembershipPlan.objects.filter(practice=practice).exists():
        return  # built already
    open_cases = list(
        Case.objects.filter(practice=practice, status=CaseStatus.OPEN)
        .select_related("therapist", "patient")
        .order_by("id")
    )
    for n, case in enumerate(open_cases[:TEAM_CASES]):
        _team(case, actor, n)
    for case in open_cases[:RATED_CASES]:
        _ratings(case, actor, rng)
    _recalls(practice, actor, today)
    _memberships(practice, actor, today)
