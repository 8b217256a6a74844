"""Outcome instruments, scored responses, patient links and post-session check-ins.

Every table carries practice_id (built-in instruments have none: they belong to every
practice). Responses and check-ins are clinical records: never deleted by the app.
"""

from __future__ import annotations

from django.db import models


class Instrument(models.Model):
    """A scorable FHIR R4 Questionnaire. Built-ins (practice NULL) mirror
    petrissage.domain.outcomes; a practice loads licensed ones under its own licence."""

    practice = models.ForeignKey(
        "practice.Practice", null=True, blank=True, on_delete=models.PROTECT
    )
    key = models.CharField(max_length=64, help_text="The Questionnaire id, e.g. nprs")
    name = models.CharField(max_length=120, help_text="Short name used in summaries")
    title = models.CharField(max_length=255)
    questionnaire = models.JSONField(help_text="FHIR R4 Questionnaire with a scoring extension")
    licence_note = models.TextField(blank=True)
    loaded_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    loaded_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["practice_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "key"], name="instrument_key_once_per_practice"
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(practice__isnull=True),
                name="builtin_instrument_key_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_builtin(self) -> bool:
        return self.practice_id is None


class Timepoint(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    INTERIM = "interim", "Interim"
    DISCHARGE = "discharge", "Discharge"


class ResponseSource(models.TextChoices):
    CLINIC = "clinic", "In the clinic"
    LINK = "link", "Patient link"


class OutcomeResponse(models.Model):
    """One completed instrument, scored when it was collected."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="outcome_responses"
    )
    case = models.ForeignKey(
        "clinical.Case", on_delete=models.PROTECT, related_name="outcome_responses"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    answers = models.JSONField(help_text="linkId → number (or text for unscored items)")
    score = models.DecimalField(max_digits=9, decimal_places=3)
    prorated = models.BooleanField(default=False)
    recall = models.CharField(max_length=80, help_text="Recall window, stored with the score")
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices)
    collected_at = models.DateTimeField()
    collected_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=10, choices=ResponseSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["collected_at", "id"]
        indexes = [
            models.Index(fields=["practice", "case", "collected_at"], name="outcome_case_time"),
            models.Index(fields=["practice", "patient"], name="outcome_patient"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.score} ({self.timepoint})"


class OutcomeLink(models.Model):
    """A single-use, expiring link for the patient to answer one instrument on their phone.
    Only a SHA-256 digest of the token is stored."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("clinical.Case", on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices)
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    response = models.OneToOneField(
        OutcomeResponse, null=True, blank=True, on_delete=models.PROTECT, related_name="link"
    )
    created_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Outcome link {self.pk} for patient {self.patient_id}"


class OutcomeSettings(models.Model):
    """Per-practice check-in settings (kept off Practice, which another app owns)."""

    practice = models.OneToOneField(
        "practice.Practice", on_delete=models.PROTECT, related_name="outcome_settings"
    )
    checkins_enabled = models.BooleanField(default=True)
    checkin_delay_hours = models.PositiveSmallIntegerField(
        default=24, help_text="Hours after a signed session (12–72)"
    )
    checkin_link_hours = models.PositiveSmallIntegerField(
        default=72, help_text="How long the patient's check-in link works"
    )

    class Meta:
        verbose_name_plural = "outcome settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(checkin_delay_hours__gte=12, checkin_delay_hours__lte=72),
                name="checkin_delay_12_to_72_hours",
            )
        ]

    def __str__(self) -> str:
        return f"Check-ins {self.checkin_delay_hours} h after a session"


class AlertLevel(models.TextChoices):
    NONE = "none", "None"
    URGENT = "urgent", "Urgent"


class CheckIn(models.Model):
    """The post-session check-in: due some hours after a signed session, answered by the
    patient from a single-use link. Answers that suggest DVT/PE, infection or new
    neurological signs raise an URGENT alert that staff must acknowledge."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="check_ins"
    )
    case = models.ForeignKey("clinical.Case", on_delete=models.PROTECT, related_name="check_ins")
    session = models.OneToOneField(
        "clinical.SessionNote", on_delete=models.PROTECT, related_name="check_in"
    )
    due_at = models.DateTimeField()
    token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    alert_level = models.CharField(
        max_length=10, choices=AlertLevel.choices, default=AlertLevel.NONE
    )
    alert_reasons = models.JSONField(default=list, blank=True)
    review_notes = models.JSONField(
        default=list, blank=True, help_text="Non-urgent points for the therapist"
    )
    acknowledged_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement = models.TextField(blank=True, help_text="What staff did about the alert")
    # An open urgent alert flags the patient's next appointment through
    # selectors.open_alert_patient_ids (for the schedule to read); nothing is copied here.
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at", "-id"]
        indexes = [
            models.Index(fields=["practice", "case", "answered_at"], name="checkin_case_answered"),
            models.Index(
                fields=["practice", "alert_level", "acknowledged_at"], name="checkin_alert"
            ),
        ]

    def __str__(self) -> str:
        """One line for the next session's pre-check (the template prints the object)."""
        if self.answered_at is None:
            return f"Check-in for session {self.session_id}: not answered yet"
        answers = self.answers if isinstance(self.answers, dict) else {}
        parts = [f"Answered {self.answered_at:%Y-%m-%d}"]
        if "pain_now" in answers:
            parts.append(f"pain now {answers['pain_now']}/10, worst {answers.get('pain_worst')}/10")
        parts.append("sore" if answers.get("soreness") else "no soreness")
        if self.alert_level == AlertLevel.URGENT:
            state = "acknowledged" if self.acknowledged_at else "OPEN"
            parts.append(f"URGENT alert ({state}): " + "; ".join(self.alert_reasons))
        parts.extend(self.review_notes)
        return " · ".join(parts)

    @property
    def open_alert(self) -> bool:
        return self.alert_level == AlertLevel.URGENT and self.acknowledged_at is None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Gave up"
    SKIPPED = "skipped", "Not sent"


class CheckInDelivery(models.Model):
    """Bookkeeping for sending one check-in on one channel. The unique constraint and the
    claim (pending → sending with a conditional UPDATE) make each email go out at most once."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    check_in = models.ForeignKey(CheckIn, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(max_length=10, default="email")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["check_in", "channel"], name="checkin_send_once")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="checkin_delivery_due")]

    def __str__(self) -> str:
        return f"{self.channel} for check-in {self.check_in_id}: {self.status}"
