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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["practice", "patient", "assessed_on"], name="assessment_date")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.assessed_on}"


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
