"""Patients, their identifiers and insurance coverage. Every row carries practice_id."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower


class Sex(models.TextChoices):
    # FHIR AdministrativeGender
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


class Patient(models.Model):
    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.PROTECT, related_name="patients"
    )
    chart_number = models.CharField(max_length=20)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    birth_date = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    phone = models.CharField(max_length=30, blank=True)
    phone_digits = models.CharField(max_length=30, blank=True, editable=False)
    email = models.EmailField(blank=True)
    address_line = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=80, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    preferred_language = models.CharField(max_length=40, default="English")
    emergency_contact_name = models.CharField(max_length=120, blank=True)
    emergency_contact_phone = models.CharField(max_length=30, blank=True)
    emergency_contact_relationship = models.CharField(max_length=40, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "chart_number"], name="patient_unique_chart"
            )
        ]
        indexes = [
            models.Index(
                "practice", Lower("family_name"), Lower("given_name"), name="patient_name"
            ),
            models.Index(fields=["practice", "birth_date"], name="patient_birth_date"),
            models.Index(fields=["practice", "phone_digits"], name="patient_phone"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def sort_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"


class PatientIdentifier(models.Model):
    """External identifiers (e.g. an EHR's MRN, a FHIR id) for matching and FHIR search."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="identifiers")
    system = models.CharField(max_length=255)
    value = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "system", "value"], name="patient_identifier_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.system}|{self.value}"


class Channel(models.TextChoices):
    COMMERCIAL = "commercial", "Commercial"
    WORKERS_COMP = "workers_comp", "Workers' compensation"
    AUTO = "auto", "Auto / PIP"
    MEDICARE_ADVANTAGE = "medicare_advantage", "Medicare Advantage"
    SELF_PAY = "self_pay", "Self-pay"


class Relationship(models.TextChoices):
    # X12 individual relationship codes (837P loop 2000B SBR02 / 2000C PAT01)
    SELF = "18", "Self"
    SPOUSE = "01", "Spouse"
    CHILD = "19", "Child"
    OTHER = "G8", "Other"


class Coverage(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="coverages")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    payer_name = models.CharField(max_length=120, blank=True)
    payer_identifier = models.CharField(
        max_length=20, blank=True, help_text="Payer id (837P NM109)"
    )
    member_id = models.CharField(max_length=40, blank=True)
    group_number = models.CharField(max_length=40, blank=True)
    subscriber_name = models.CharField(max_length=120, blank=True)
    subscriber_birth_date = models.DateField(null=True, blank=True)
    relationship = models.CharField(
        max_length=2, choices=Relationship.choices, default=Relationship.SELF
    )
    claim_number = models.CharField(
        max_length=40, blank=True, help_text="Auto or workers' comp claim"
    )
    injury_date = models.DateField(null=True, blank=True)
    employer_name = models.CharField(max_length=120, blank=True)
    accident_state = models.CharField(max_length=2, blank=True)
    priority = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(default=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.payer_name}".strip()


class IntakeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Intake(models.Model):
    """One version of a patient's health history. Submitted versions are never changed;
    a new answer set is a new version."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="intakes")
    version = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=IntakeStatus.choices, default=IntakeStatus.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    filled_by_patient = models.BooleanField(default=False)
    staff = models.ForeignKey("practice.Staff", null=True, blank=True, on_delete=models.PROTECT)
    consent_signature = models.CharField(max_length=200, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "version"], name="intake_unique_version")
        ]

    def __str__(self) -> str:
        return f"Intake v{self.version} ({self.status})"


class IntakeLink(models.Model):
    """A single-use, expiring link for the patient to fill in the intake without an account.
    Only a SHA-256 digest of the token is stored."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="intake_links")
    digest = models.CharField(max_length=64, unique=True)
    intake = models.ForeignKey(Intake, null=True, blank=True, on_delete=models.PROTECT)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Intake link for patient {self.patient_id}"


class HistorySource(models.TextChoices):
    INTAKE = "intake", "Intake"
    IMPORT = "import", "Imported (FHIR)"
    MANUAL = "manual", "Entered by staff"


def history_source(default: str) -> models.CharField[str, str]:
    """Where a history row came from (typed in, the intake, an import)."""
    return models.CharField(max_length=10, choices=HistorySource.choices, default=default)


class HistoryRecord(models.Model):
    """What every history row keeps beside its own fields: the source's id (an import's
    resource key) and when it was written here (after the row's `source`)."""

    external_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PatientCondition(HistoryRecord):
    """A coded condition (SNOMED CT or ICD-10-CM) from intake, import or staff entry."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="conditions")
    system = models.CharField(max_length=100)
    code = models.CharField(max_length=40)
    display = models.CharField(max_length=255, blank=True)
    icd10_code = models.CharField(max_length=10, blank=True, help_text="Mapped ICD-10-CM, if known")
    clinical_status = models.CharField(max_length=20, default="active")
    onset = models.DateField(null=True, blank=True)
    abatement = models.DateField(null=True, blank=True)
    source = history_source(HistorySource.MANUAL)

    class Meta:
        indexes = [models.Index(fields=["practice", "patient"], name="condition_patient")]

    def __str__(self) -> str:
        return self.display or self.code


class PatientMedication(HistoryRecord):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="medications")
    name = models.CharField(max_length=255)
    rxnorm = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)
    source = history_source(HistorySource.MANUAL)

    class Meta:
        indexes = [models.Index(fields=["practice", "patient"], name="medication_patient")]

    def __str__(self) -> str:
        return self.name


class PatientAllergy(HistoryRecord):
    """An allergy or intolerance (FHIR AllergyIntolerance), coded when the source coded it."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="allergies")
    system = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=40, blank=True)
    display = models.CharField(max_length=255)
    category = models.CharField(max_length=20, blank=True, help_text="food | medication | …")
    criticality = models.CharField(max_length=20, blank=True)
    clinical_status = models.CharField(max_length=20, default="active")
    recorded_on = models.DateField(null=True, blank=True)
    source = history_source(HistorySource.MANUAL)

    class Meta:
        indexes = [models.Index(fields=["practice", "patient"], name="allergy_patient")]

    def __str__(self) -> str:
        return self.display or self.code


class PastProcedure(HistoryRecord):
    """A procedure from the patient's history elsewhere (imported FHIR Procedure)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="past_procedures")
    system = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=40, blank=True)
    display = models.CharField(max_length=255)
    status = models.CharField(max_length=20, default="completed")
    performed_on = models.DateField(null=True, blank=True)
    source = history_source(HistorySource.IMPORT)

    class Meta:
        indexes = [models.Index(fields=["practice", "patient"], name="past_procedure_patient")]

    def __str__(self) -> str:
        return self.display or self.code


class PastEncounter(HistoryRecord):
    """A visit elsewhere (imported FHIR Encounter), kept as history only."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="past_encounters")
    status = models.CharField(max_length=20, default="finished")
    encounter_class = models.CharField(max_length=20, blank=True, help_text="v3 ActCode")
    type_system = models.CharField(max_length=100, blank=True)
    type_code = models.CharField(max_length=40, blank=True)
    type_display = models.CharField(max_length=255, blank=True)
    reason = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    source = history_source(HistorySource.IMPORT)

    class Meta:
        indexes = [models.Index(fields=["practice", "patient"], name="past_encounter_patient")]

    def __str__(self) -> str:
        return self.type_display or self.encounter_class


class VitalSign(HistoryRecord):
    """A measured or reported observation from elsewhere: blood pressure (LOINC 85354-9 /
    55284-4 panel, systolic 8480-6, diastolic 8462-4) or pregnancy status (LOINC 82810-3)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="vital_signs")
    loinc = models.CharField(max_length=20)
    display = models.CharField(max_length=255, blank=True)
    effective_at = models.DateTimeField(null=True, blank=True)
    systolic = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    diastolic = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    value_system = models.CharField(max_length=100, blank=True)
    value_code = models.CharField(max_length=40, blank=True)
    value_display = models.CharField(max_length=255, blank=True)
    source = history_source(HistorySource.IMPORT)

    class Meta:
        indexes = [models.Index(fields=["practice", "patient"], name="vital_sign_patient")]

    def __str__(self) -> str:
        if self.systolic is not None and self.diastolic is not None:
            return f"{self.systolic}/{self.diastolic} mmHg"
        return self.value_display or self.display
