"""Screening results, clearances, and assessments with their coded body-chart findings.

Every table carries practice_id. Screening rows are recomputed, never edited: each run is a
new Screening, and the previous one stops being current.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class FindingClass(models.TextChoices):
    ABSOLUTE = "absolute", "Absolute: do not treat today"
    LOCAL = "local", "Local: avoid named regions"
    RELATIVE = "relative", "Relative: treat with modifications"
    REFER = "refer", "Refer: physician first"


class Screening(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="screenings"
    )
    rules_version = models.CharField(max_length=20)
    trigger = models.CharField(max_length=80, help_text="What changed, e.g. intake v2 submitted")
    computed_at = models.DateTimeField()
    is_current = models.BooleanField(default=True)
    blocks_treatment = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False)
    pressure_cap = models.PositiveSmallIntegerField(null=True, blank=True)
    inputs = models.JSONField(default=dict, blank=True, help_text="What the rules saw")

    class Meta:
        ordering = ["-computed_at", "-id"]
        indexes = [
            models.Index(fields=["practice", "patient", "is_current"], name="screening_current")
        ]

    def __str__(self) -> str:
        return f"Screening {self.computed_at:%Y-%m-%d} ({self.rules_version})"


class ScreeningFinding(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT)
    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="findings")
    rule_id = models.CharField(max_length=60)
    condition = models.CharField(max_length=200)
    finding_class = models.CharField(max_length=10, choices=FindingClass.choices)
    action = models.TextField()
    regions = models.JSONField(default=list, blank=True)
    areas = models.JSONField(default=list, blank=True)
    pressure_cap = models.PositiveSmallIntegerField(null=True, blank=True)
    restrictions = models.JSONField(default=list, blank=True)
    clearance_required = models.BooleanField(default=False)
    cleared = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False)
    sources = models.JSONField(default=list, blank=True)
    evidence = models.TextField(blank=True)
    coding_system = models.CharField(max_length=100, blank=True)
    coding_code = models.CharField(max_length=40, blank=True)
    coding_display = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.condition} ({self.finding_class})"

    @property
    def blocks_treatment(self) -> bool:
        return (
            self.finding_class in (FindingClass.ABSOLUTE, FindingClass.REFER) and not self.cleared
        )


class Clearance(models.Model):
    """Documented physician clearance for one screening rule (or an override of it)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="clearances"
    )
    rule_id = models.CharField(max_length=60)
    condition = models.CharField(max_length=200)
    cleared_by = models.CharField(max_length=200, help_text="Clinician who gave the clearance")
    cleared_on = models.DateField()
    scope = models.TextField(help_text="What is cleared, e.g. light pressure, avoid left calf")
    document = models.FileField(upload_to="clearances/%Y/%m/", blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Clearance for {self.condition} by {self.cleared_by}"


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial assessment"
    REASSESSMENT = "reassessment", "Re-assessment"
    DISCHARGE = "discharge", "Discharge assessment"


class Assessment(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="assessments"
    )
    therapist = models.ForeignKey("practice.Staff", on_delete=models.PROTECT)
    kind = models.CharField(max_length=15, choices=AssessmentKind.choices)
    assessed_on = models.DateField()
    posture_notes = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    screening = models.ForeignKey(
        Screening,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="In force when assessed",
    )
    version = models.PositiveIntegerField(
        default=1, help_text="1 when recorded; each edit adds one and keeps the version before"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["practice", "patient", "assessed_on"], name="assessment_date")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.assessed_on}"


class AssessmentVersion(models.Model):
    """An earlier version of an assessment, kept when it is edited: its fields and every
    region finding, ROM row and goal exactly as they were. Never changed or deleted."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT)
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField(help_text="The assessment as it was in this version")
    recorded_by = models.ForeignKey(
        "practice.Staff", on_delete=models.PROTECT, help_text="Who recorded this version"
    )
    replaced_by = models.ForeignKey(
        "practice.Staff",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who made the edit that replaced it",
    )
    replaced_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "version"], name="assessment_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"Assessment {self.assessment_id} v{self.version}"


class PainQuality(models.TextChoices):
    ACHING = "aching", "Aching"
    SHARP = "sharp", "Sharp"
    BURNING = "burning", "Burning"
    TINGLING = "tingling", "Tingling"
    STIFFNESS = "stiffness", "Stiffness"


class RegionFinding(models.Model):
    """One marked region of the body chart: pain, its quality and palpation findings."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="region_findings"
    )
    region_code = models.CharField(max_length=60, help_text="petrissage.domain.regions code")
    nprs = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)], help_text="Pain 0–10"
    )
    pain_quality = models.CharField(max_length=10, choices=PainQuality.choices, blank=True)
    trigger_points = models.BooleanField(default=False)
    adhesions = models.BooleanField(default=False)
    hypertonicity = models.BooleanField(default=False)
    tenderness = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(3)], help_text="Tenderness grade 0–3"
    )
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["region_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "region_code"], name="region_finding_once_per_assessment"
            ),
            models.CheckConstraint(condition=models.Q(nprs__lte=10), name="region_nprs_0_10"),
            models.CheckConstraint(
                condition=models.Q(tenderness__lte=3), name="region_tenderness_0_3"
            ),
        ]
        indexes = [models.Index(fields=["practice", "patient", "region_code"], name="region_trend")]

    def __str__(self) -> str:
        return f"{self.region_code} NPRS {self.nprs}"


class RangeOfMotion(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="range_of_motion"
    )
    joint = models.CharField(max_length=40)
    movement = models.CharField(max_length=40)
    side = models.CharField(max_length=10, blank=True, help_text="left, right or blank")
    degrees = models.PositiveSmallIntegerField(validators=[MaxValueValidator(360)])
    reference_degrees = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["joint", "movement", "side"]

    def __str__(self) -> str:
        return f"{self.joint} {self.movement} {self.degrees}°"


class FunctionalGoal(models.Model):
    """A PSFS-style activity in the patient's own words, rated 0 (unable) – 10 (as before)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="goals")
    activity = models.CharField(max_length=200)
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.activity}: {self.score}/10"


# --- Episodes of care: cases, treatment plans and session notes --------------------------


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    ON_HOLD = "on_hold", "On hold"
    DISCHARGED = "discharged", "Discharged"


class Case(models.Model):
    """An episode of care. Everything clinical after screening hangs off a case."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="cases")
    therapist = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="cases")
    title = models.CharField(max_length=200, help_text="e.g. Chronic neck pain after desk work")
    condition_key = models.CharField(max_length=40, blank=True, help_text="domain.plans condition")
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField()
    discharged_on = models.DateField(null=True, blank=True)
    discharge_summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["practice", "patient", "status"], name="case_patient_status")
        ]

    def __str__(self) -> str:
        return self.title


class CaseDiagnosis(models.Model):
    """An ICD-10-CM diagnosis of a case, in claim order (pointer 1 = first)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="diagnoses")
    code = models.CharField(max_length=10)
    description = models.CharField(max_length=255)
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="case_diagnosis_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


class TreatmentPlan(models.Model):
    """A version of a case's plan. Approved versions are kept; a change makes a new version."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    session_minutes = models.PositiveSmallIntegerField()
    sessions_per_week = models.PositiveSmallIntegerField()
    weeks = models.PositiveSmallIntegerField()
    total_visits = models.PositiveSmallIntegerField()
    reassessment_visits = models.JSONField(default=list, blank=True)
    goals = models.JSONField(default=list, blank=True, help_text="[{text, measure, target}]")
    home_care = models.TextField(blank=True)
    modifications = models.TextField(blank=True, help_text="From the screening")
    evidence_note = models.TextField(blank=True)
    evidence_certainty = models.CharField(max_length=20, blank=True)
    sources = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    warnings_acknowledged = models.BooleanField(default=False)
    pressure_cap = models.PositiveSmallIntegerField(null=True, blank=True)
    screening = models.ForeignKey(Screening, null=True, blank=True, on_delete=models.PROTECT)
    created_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="plan_unique_version")
        ]

    def __str__(self) -> str:
        return f"Plan v{self.version} ({self.status})"


class PlanTechnique(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="techniques")
    region_code = models.CharField(max_length=60)
    technique = models.CharField(max_length=30)
    pressure = models.PositiveSmallIntegerField(validators=[MaxValueValidator(5)])

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.technique} @ {self.region_code}"


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class SessionNote(models.Model):
    """A SOAP note for one treatment session. Signed notes change only by Amendment."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="sessions"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="sessions")
    plan = models.ForeignKey(TreatmentPlan, null=True, blank=True, on_delete=models.PROTECT)
    therapist = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="notes")
    session_date = models.DateField()
    visit_number = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    appointment_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    pre_check = models.JSONField(default=dict, blank=True, help_text="Red flags asked today")
    screening = models.ForeignKey(Screening, null=True, blank=True, on_delete=models.PROTECT)
    pain_before = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    subjective = models.TextField(blank=True)
    objective = models.TextField(blank=True)
    response = models.TextField(blank=True, help_text="Assessment: response to treatment")
    pain_after = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    plan_next = models.TextField(blank=True, help_text="Plan: focus of the next visit")
    home_care = models.TextField(blank=True)
    total_minutes = models.PositiveSmallIntegerField(default=0)
    timed_minutes = models.PositiveSmallIntegerField(default=0)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signature = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-session_date", "-id"]
        indexes = [
            models.Index(fields=["practice", "case", "session_date"], name="note_case_date"),
            models.Index(fields=["practice", "therapist", "status"], name="note_therapist_status"),
        ]

    def __str__(self) -> str:
        return f"Session {self.session_date} ({self.status})"


class TreatmentLine(models.Model):
    """Region × technique × minutes × pressure: what was done, feeding CPT units."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    session = models.ForeignKey(SessionNote, on_delete=models.PROTECT, related_name="lines")
    region_code = models.CharField(max_length=60)
    technique = models.CharField(max_length=30)
    minutes = models.PositiveSmallIntegerField(validators=[MaxValueValidator(240)])
    pressure = models.PositiveSmallIntegerField(validators=[MaxValueValidator(5)])
    restriction_reason = models.TextField(
        blank=True, help_text="Why a line that breaks a screening restriction was done anyway"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(minutes__lte=240), name="line_minutes_max"),
            models.CheckConstraint(condition=models.Q(pressure__lte=5), name="line_pressure_0_5"),
        ]

    def __str__(self) -> str:
        return f"{self.technique} {self.region_code} {self.minutes} min"


class Amendment(models.Model):
    """A change to a signed note. The note's original text is kept in `original`."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    session = models.ForeignKey(SessionNote, on_delete=models.PROTECT, related_name="amendments")
    author = models.ForeignKey("practice.Staff", on_delete=models.PROTECT)
    reason = models.TextField()
    changes = models.JSONField(help_text="{field: {before, after}}")
    original = models.JSONField(help_text="The note as signed, before this amendment")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Amendment {self.created_at:%Y-%m-%d} by {self.author}"
