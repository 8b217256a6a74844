"""Working hours, time off, appointments, series, waitlist, reminders, public requests.

Every table carries practice_id. Instants are stored in UTC and shown in the practice's
time zone; weekly hours and breaks are wall-clock times in that zone. The rule "a
therapist or a room is never booked twice" is enforced by the database: an exclusion
constraint on PostgreSQL and triggers on SQLite (see migration 0002), plus the booking
service's re-check inside its transaction.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models

from petrissage.domain.scheduling import DEFAULT_APPOINTMENT_TYPES
from petrissage.domain.scheduling.model import TimeOffKind

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
TYPE_CHOICES = [(kind.code, kind.label) for kind in DEFAULT_APPOINTMENT_TYPES]
TIME_OFF_CHOICES = [(kind.value, kind.value.capitalize()) for kind in TimeOffKind]


class WorkingHours(models.Model):
    """A therapist works `start`–`end` (local) every `weekday` at one location."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    therapist = models.ForeignKey(
        "practice.Staff", on_delete=models.PROTECT, related_name="working_hours"
    )
    location = models.ForeignKey("practice.Location", on_delete=models.PROTECT)
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="hours_end")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class BreakTime(models.Model):
    """A recurring pause (lunch); `weekday` empty means every working day."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    therapist = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="breaks")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS, null=True, blank=True)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="break_end")
        ]

    def __str__(self) -> str:
        return f"Break {self.start:%H:%M}–{self.end:%H:%M}"


class TimeOff(models.Model):
    """Whole days off (holiday, sick day, course) for one therapist, both days included."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    therapist = models.ForeignKey(
        "practice.Staff", on_delete=models.PROTECT, related_name="time_off"
    )
    kind = models.CharField(max_length=20, choices=TIME_OFF_CHOICES)
    reason = models.CharField(max_length=200, blank=True)
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="time_off_days"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.first_day}–{self.last_day}"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    ARRIVED = "arrived", "Checked in"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "No-show"


ACTIVE_STATUSES = (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED, AppointmentStatus.COMPLETED)
"""Statuses that occupy the therapist and the room (the exclusion constraint's WHERE)."""


class AppointmentSeries(models.Model):
    """Visits booked together from a treatment plan; moved or cancelled as a whole or one
    at a time."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT)
    case = models.ForeignKey("clinical.Case", null=True, blank=True, on_delete=models.PROTECT)
    plan = models.ForeignKey(
        "clinical.TreatmentPlan", null=True, blank=True, on_delete=models.PROTECT
    )
    therapist = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=TYPE_CHOICES)
    planned_visits = models.PositiveSmallIntegerField()
    skipped_visits = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "appointment series"

    def __str__(self) -> str:
        return f"Series of {self.planned_visits} for {self.patient}"


class Appointment(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="appointments"
    )
    therapist = models.ForeignKey(
        "practice.Staff", on_delete=models.PROTECT, related_name="appointments"
    )
    location = models.ForeignKey(
        "practice.Location", null=True, blank=True, on_delete=models.PROTECT
    )
    room = models.ForeignKey("practice.Room", null=True, blank=True, on_delete=models.PROTECT)
    case = models.ForeignKey("clinical.Case", null=True, blank=True, on_delete=models.PROTECT)
    series = models.ForeignKey(
        AppointmentSeries,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    kind = models.CharField(max_length=30, choices=TYPE_CHOICES)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    buffer_after = models.PositiveSmallIntegerField(default=0, help_text="Room turnover, minutes")
    status = models.CharField(
        max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    notes = models.CharField(max_length=300, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    late_cancel = models.BooleanField(default=False)
    booked_by = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="appointment_end"
            )
        ]
        indexes = [
            models.Index(fields=["practice", "therapist", "starts_at"], name="appt_therapist"),
            models.Index(fields=["practice", "room", "starts_at"], name="appt_room"),
            models.Index(fields=["practice", "patient", "starts_at"], name="appt_patient"),
            models.Index(fields=["practice", "starts_at"], name="appt_practice_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}Z ({self.status})"

    @property
    def minutes(self) -> int:
        return (self.ends_at - self.starts_at) // timedelta(minutes=1)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    BOOKED = "booked", "Booked"
    REMOVED = "removed", "Removed"


class WaitlistEntry(models.Model):
    """A patient who wants an earlier or any opening; offered freed slots that fit."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT)
    therapist = models.ForeignKey(
        "practice.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=TYPE_CHOICES)
    earliest_day = models.DateField()
    latest_day = models.DateField()
    notes = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "waitlist entries"

    def __str__(self) -> str:
        return f"Waitlist {self.patient} {self.earliest_day}–{self.latest_day}"


class ReminderChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


class Reminder(models.Model):
    """One reminder per appointment and channel, due 24 h before; claimed before sending so
    it goes out exactly once."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="reminders")
    channel = models.CharField(max_length=5, choices=ReminderChannel.choices)
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appointment", "channel"], name="reminder_once")
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="reminder_due")]

    def __str__(self) -> str:
        return f"{self.channel} reminder ({self.status})"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"


class BookingRequest(models.Model):
    """A request from the public booking page; it holds no slot until staff confirm it."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.PROTECT)
    therapist = models.ForeignKey("practice.Staff", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=TYPE_CHOICES)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    birth_date = models.DateField()
    email = models.EmailField()
    phone = models.CharField(max_length=30)
    message = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"Request {self.given_name} {self.family_name} {self.starts_at:%Y-%m-%d %H:%M}Z"
