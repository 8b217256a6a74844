"""Care beyond the visit: the care team of a case, the practice's after-care texts and the
after-care given per session, maintenance recalls after discharge, memberships for
maintenance care, and single-item stress / sleep / mood ratings.

Every table carries practice_id. Clinical rows are never deleted by the application:
a care-team member who stops treating gets an end date; a recall that ends is stopped.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from petrissage.billing.setup_models import money_field

# --- The care team -------------------------------------------------------------------


class CareRole(models.TextChoices):
    PHYSICIAN = "physician", "Physician"
    PHYSICAL_THERAPIST = "physical_therapist", "Physical therapist"
    CHIROPRACTOR = "chiropractor", "Chiropractor"
    ACUPUNCTURIST = "acupuncturist", "Acupuncturist"
    PSYCHOLOGIST = "psychologist", "Psychologist"
    OCCUPATIONAL_THERAPIST = "occupational_therapist", "Occupational therapist"
    OSTEOPATH = "osteopath", "Osteopath"
    NURSE = "nurse", "Nurse / nurse practitioner"
    OTHER = "other", "Other clinician"


class CareTeamMember(models.Model):
    """Another clinician treating the patient during this case, and what they are doing."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("clinical.Case", on_delete=models.PROTECT, related_name="care_team")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=30, choices=CareRole.choices)
    organisation = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    fax = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    doing = models.TextField(help_text="What they are doing, e.g. adjusting the lumbar spine")
    areas = models.JSONField(default=list, blank=True, help_text="Body areas they treat")
    weekdays = models.JSONField(default=list, blank=True, help_text="Days they treat, 0 = Mon")
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    receives_reports = models.BooleanField(default=False)
    added_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ended_on", "role", "name", "id"]
        indexes = [models.Index(fields=["practice", "case"], name="care_team_case")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def contact(self) -> str:
        return self.email or self.fax or self.phone

    @property
    def weekday_names(self) -> str:
        names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        return ", ".join(names[int(d)] for d in sorted(self.weekdays) if 0 <= int(d) < 7)


class CareReportSending(models.Model):
    """A report or letter sent to a care-team member: a disclosure of health information."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("clinical.Case", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(CareTeamMember, on_delete=models.PROTECT, related_name="sendings")
    subject = models.CharField(max_length=200)
    channel = models.CharField(max_length=10, default="email")
    address = models.CharField(max_length=254)
    reference = models.CharField(max_length=80, blank=True, help_text="e.g. progress report id")
    sent_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} to {self.member}"


# --- After-care ------------------------------------------------------------------------


class AftercareText(models.Model):
    """A practice's own wording for one after-care key (defaults live in the domain)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    key = models.CharField(max_length=80)
    text = models.TextField()
    updated_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "key"], name="aftercare_text_once")
        ]

    def __str__(self) -> str:
        return self.key


class AftercareNotice(models.Model):
    """The after-care given for one signed session, as last given (a snapshot)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    session = models.OneToOneField(
        "clinical.SessionNote", on_delete=models.PROTECT, related_name="aftercare"
    )
    items = models.JSONField(help_text="[{key, title, text, where}] as given")
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"After-care for session {self.session_id}"


class AftercareLink(models.Model):
    """A patient link to read and print the after-care (several may be live: the one in
    the check-in email and one made at the desk). Only a digest of the token is stored."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    notice = models.ForeignKey(AftercareNotice, on_delete=models.PROTECT, related_name="links")
    token_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"After-care link {self.pk}"


# --- Maintenance after discharge -------------------------------------------------------


class RecallStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined by the patient"
    STOPPED = "stopped", "Stopped"


class MaintenancePlan(models.Model):
    """The maintenance recommendation chosen at discharge, and the next recall it drives."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="maintenance_plans"
    )
    case = models.OneToOneField(
        "clinical.Case", on_delete=models.PROTECT, related_name="maintenance"
    )
    interval_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    proposed_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    proposal_reason = models.TextField(blank=True)
    next_due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=RecallStatus.choices, default=RecallStatus.ACTIVE
    )
    declined_on = models.DateField(null=True, blank=True)
    decline_reason = models.CharField(max_length=300, blank=True)
    chosen_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField()

    class Meta:
        ordering = ["next_due", "id"]
        indexes = [models.Index(fields=["practice", "status", "next_due"], name="recall_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_weeks__isnull=True)
                | models.Q(interval_weeks__gte=1, interval_weeks__lte=52),
                name="recall_interval_1_to_52_weeks",
            )
        ]

    def __str__(self) -> str:
        every = f"every {self.interval_weeks} weeks" if self.interval_weeks else "none"
        return f"Maintenance {every} for case {self.case_id}"


class RecallReminder(models.Model):
    """One reminder for one due date: the unique constraint sends it at most once."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    maintenance = models.ForeignKey(
        MaintenancePlan, on_delete=models.PROTECT, related_name="reminders"
    )
    due_on = models.DateField()
    sent_at = models.DateTimeField()
    channel = models.CharField(max_length=10, default="email")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["maintenance", "due_on", "channel"], name="recall_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"Recall reminder for {self.due_on}"


# --- Memberships -----------------------------------------------------------------------


class MembershipPlan(models.Model):
    """A monthly fee that includes N maintenance visits, with a carry-over limit."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    name = models.CharField(max_length=80)
    monthly_fee = money_field()
    visits_per_month = models.PositiveSmallIntegerField()
    carry_over_max = models.PositiveSmallIntegerField(
        default=0, help_text="Unused visits that roll into the next month (at most)"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(monthly_fee__gte=0), name="membership_fee"),
            models.CheckConstraint(
                condition=models.Q(visits_per_month__gte=1), name="membership_visits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.visits_per_month}/month)"


class Membership(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="memberships"
    )
    plan = models.ForeignKey(MembershipPlan, on_delete=models.PROTECT, related_name="members")
    monthly_fee = money_field()
    visits_per_month = models.PositiveSmallIntegerField()
    carry_over_max = models.PositiveSmallIntegerField(default=0)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan.name} from {self.started_on}"


class MembershipPeriod(models.Model):
    """One billed month of a membership: the visits it includes and how many were used."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="periods")
    month = models.DateField(help_text="First day of the month")
    visits_included = models.PositiveSmallIntegerField()
    carried_in = models.PositiveSmallIntegerField(default=0)
    visits_used = models.PositiveSmallIntegerField(default=0)
    fee = money_field()
    invoice = models.ForeignKey("billing.Invoice", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "month"], name="membership_month_once"),
            models.CheckConstraint(
                condition=models.Q(
                    visits_used__lte=models.F("visits_included") + models.F("carried_in")
                ),
                name="membership_not_overdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.visits_used}/{self.visits_available}"

    @property
    def visits_available(self) -> int:
        return self.visits_included + self.carried_in

    @property
    def visits_left(self) -> int:
        return self.visits_available - self.visits_used


class MembershipVisit(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    period = models.ForeignKey(MembershipPeriod, on_delete=models.PROTECT, related_name="visits")
    session = models.OneToOneField(
        "clinical.SessionNote",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membership_visit",
    )
    used_on = models.DateField()
    recorded_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["used_on", "id"]

    def __str__(self) -> str:
        return f"Membership visit {self.used_on}"


# --- Stress, sleep and mood ------------------------------------------------------------


class RatingContext(models.TextChoices):
    INTAKE = "intake", "At intake"
    SESSION = "session", "At a session"
    CHECKIN = "checkin", "In a check-in"


def _rating() -> models.PositiveSmallIntegerField[int | None, int | None]:
    return models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )


class WellbeingRating(models.Model):
    """Single-item 0–10 ratings of stress, sleep quality and mood (our own wording)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="wellbeing_ratings"
    )
    case = models.ForeignKey(
        "clinical.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        "clinical.SessionNote", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    context = models.CharField(max_length=10, choices=RatingContext.choices)
    on = models.DateField()
    stress = _rating()
    sleep = _rating()
    mood = _rating()
    recorded_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["practice", "patient", "on"], name="wellbeing_patient")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__isnull": True}) | models.Q(**{f"{name}__lte": 10}),
                name=f"wellbeing_{name}_0_10",
            )
            for name in ("stress", "sleep", "mood")
        ]

    def __str__(self) -> str:
        return f"Stress {self.stress} sleep {self.sleep} mood {self.mood} on {self.on}"
