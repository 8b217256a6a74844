"""Referring providers, the prescriptions they write, and renewal requests sent back to them.

Every table carries practice_id. Prescriptions are never deleted by the application; the
scanned original is stored under MEDIA_ROOT (outside the web root) with a uuid file name
and streamed only to authorised staff.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower

from petrissage.domain.prescriptions import PrescriptionLimits
from petrissage.practice.models import validate_npi


class ReferringProvider(models.Model):
    """A physician or other prescriber, reused across the practice's patients."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    name = models.CharField(max_length=120, help_text="e.g. Dr Anna Reyes")
    credentials = models.CharField(max_length=40, blank=True, help_text="e.g. MD, DO, PA-C")
    npi = models.CharField(
        "NPI", max_length=10, blank=True, validators=[validate_npi], help_text="10 digits"
    )
    specialty = models.CharField(max_length=80, blank=True)
    organisation = models.CharField("Organisation / practice", max_length=160, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    fax = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "npi"],
                condition=~models.Q(npi=""),
                name="referring_provider_unique_npi",
            )
        ]
        indexes = [models.Index("practice", Lower("name"), name="referring_provider_name")]

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class Prescription(models.Model):
    """A physician's order for massage: diagnoses, regions, CPT, frequency, cap, expiry."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="prescriptions"
    )
    case = models.ForeignKey(
        "clinical.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prescriptions",
        help_text="Blank = covers any of the patient's cases",
    )
    provider = models.ForeignKey(
        ReferringProvider, on_delete=models.PROTECT, related_name="prescriptions"
    )
    issued_on = models.DateField()
    expires_on = models.DateField()
    diagnoses = models.JSONField(default=list, help_text="[{code, description}] ICD-10-CM")
    regions = models.JSONField(default=list, blank=True, help_text="domain.regions codes")
    cpt_codes = models.JSONField(default=list, help_text="Allowed CPT codes")
    sessions_per_week = models.PositiveSmallIntegerField()
    weeks = models.PositiveSmallIntegerField()
    visit_cap = models.PositiveSmallIntegerField()
    prior_auth_number = models.CharField(max_length=50, blank=True)
    authorised_visits = models.PositiveSmallIntegerField(null=True, blank=True)
    report_every_visits = models.PositiveSmallIntegerField(null=True, blank=True)
    report_every_days = models.PositiveSmallIntegerField(null=True, blank=True)
    precautions = models.TextField(blank=True)
    document = models.FileField(upload_to="prescriptions/%Y/%m/", blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit_cap__gte=1, visit_cap__lte=200),
                name="prescription_visit_cap_1_200",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("issued_on")),
                name="prescription_expiry_after_issue",
            ),
        ]
        indexes = [
            models.Index(fields=["practice", "patient", "expires_on"], name="prescription_patient")
        ]

    def __str__(self) -> str:
        return f"Prescription {self.issued_on} by {self.provider}"

    @property
    def diagnosis_codes(self) -> list[str]:
        return [str(d["code"]) for d in self.diagnoses]

    def limits(self) -> PrescriptionLimits:
        """The pure-domain view of this prescription (progress reports come later)."""
        return PrescriptionLimits(
            issued_on=self.issued_on,
            expires_on=self.expires_on,
            visit_cap=self.visit_cap,
            sessions_per_week=self.sessions_per_week,
            weeks=self.weeks,
            authorised_visits=self.authorised_visits,
            report_every_visits=self.report_every_visits,
            report_every_days=self.report_every_days,
        )


class RenewalRequest(models.Model):
    """A letter asking the prescriber to renew: pre-filled, then edited by the therapist."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    prescription = models.ForeignKey(
        Prescription, on_delete=models.PROTECT, related_name="renewal_requests"
    )
    visits_used = models.PositiveSmallIntegerField(help_text="When the request was drafted")
    progress_summary = models.TextField(blank=True)
    requested_sessions_per_week = models.PositiveSmallIntegerField()
    requested_weeks = models.PositiveSmallIntegerField()
    requested_visits = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Renewal request {self.created_at:%Y-%m-%d}"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", "Progress report"
    DISCHARGE = "discharge", "Discharge summary"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class Recommendation(models.TextChoices):
    CONTINUE = "continue", "Continue care at the stated frequency"
    MODIFY = "modify", "Modify the plan of care"
    DISCHARGE = "discharge", "Discharge: goals met or plateau reached"
    REFER = "refer", "Refer back / to another provider"


class ProgressReport(models.Model):
    """A report to the prescriber built from the case's data. `snapshot` holds everything
    the report shows that the therapist did not write (patient, order, visits, treatment,
    measures, goals, check-ins, charts); the therapist writes the assessment and the
    recommendation, then signs. A signed report changes only by amendment; its PDF is
    rendered once at signing (and again at each amendment, the old file kept)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "clinical.Case", on_delete=models.PROTECT, related_name="progress_reports"
    )
    prescription = models.ForeignKey(
        Prescription,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    period_start = models.DateField()
    period_end = models.DateField()
    visits_attended = models.PositiveSmallIntegerField(default=0)
    snapshot = models.JSONField(default=dict)
    built_at = models.DateTimeField()
    assessment = models.TextField(blank=True, help_text="The therapist's assessment")
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    recommended_sessions_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    recommended_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    plan_next = models.TextField(blank=True, help_text="Plan for the next period")
    pdf = models.FileField(upload_to="progress-reports/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signature = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        indexes = [
            models.Index(fields=["practice", "case", "status"], name="progress_report_case"),
            models.Index(fields=["practice", "patient"], name="progress_report_patient"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_end:%Y-%m-%d}"

    @property
    def is_signed(self) -> bool:
        return self.status == ReportStatus.SIGNED


class ReportAmendment(models.Model):
    """A change to a signed report: the report as signed (fields and PDF) is kept here."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="amendments")
    author = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    changes = models.JSONField(help_text="{field: {before, after}}")
    original = models.JSONField(help_text="The written parts as they stood before")
    original_pdf = models.FileField(upload_to="progress-reports/%Y/%m/", blank=True)
    original_pdf_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Amendment {self.created_at:%Y-%m-%d}"


class SendMethod(models.TextChoices):
    EMAIL = "email", "E-mail (PDF attached)"
    FAX = "fax", "Faxed"
    PRINT = "print", "Printed and posted / handed over"


class ReportSending(models.Model):
    """One disclosure of a signed report to a recipient (also in the audit trail)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="sendings")
    method = models.CharField(max_length=10, choices=SendMethod.choices)
    recipient = models.CharField(max_length=200)
    address = models.CharField(max_length=254, help_text="E-mail address or fax number")
    pdf_sha256 = models.CharField(max_length=64)
    sent_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} to {self.recipient}"
