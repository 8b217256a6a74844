"""Parse boundary of the schedule pages: every field checked, errors named per field."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from petrissage.domain.scheduling import wall_time_instant
from petrissage.patients.validation import no_markup, valid_phone
from petrissage.practice.models import Location, Practice, Staff
from petrissage.scheduling import calendars
from petrissage.scheduling.models import TIME_OFF_CHOICES, TYPE_CHOICES, WEEKDAYS

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")


def practice_therapists(practice: Practice) -> Any:
    return calendars.therapists_of(practice)


class TherapistChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class SlotSearchForm(forms.Form):
    kind = forms.ChoiceField(label="Visit type", choices=TYPE_CHOICES, initial="treatment-60")
    therapist = TherapistChoice(
        queryset=Staff.objects.none(), required=False, empty_label="Any therapist"
    )
    from_day = forms.DateField(label="From", widget=DATE)

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["therapist"].queryset = practice_therapists(practice)  # type: ignore[attr-defined]
        self.fields["from_day"].initial = timezone.now().astimezone(practice.zone).date()


class MoveForm(forms.Form):
    day = forms.DateField(widget=DATE)
    time = forms.TimeField(widget=TIME)
    therapist = forms.IntegerField(required=False)

    def start(self, practice: Practice) -> datetime:
        return wall_time_instant(
            self.cleaned_data["day"], self.cleaned_data["time"], practice.zone
        ).astimezone(practice.zone)


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=300, validators=[no_markup])


class SeriesForm(forms.Form):
    therapist = TherapistChoice(queryset=Staff.objects.none(), empty_label=None)
    first_day = forms.DateField(label="First visit on or after", widget=DATE)
    weekdays = forms.TypedMultipleChoiceField(
        label="Weekdays",
        choices=WEEKDAYS[:6],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    at = forms.TimeField(label="Time", widget=TIME, initial=time(17, 0))
    skip_conflicts = forms.BooleanField(
        required=False, label="Book the other visits and skip the ones that conflict"
    )

    def __init__(self, *args: Any, practice: Practice, per_week: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["therapist"].queryset = practice_therapists(practice)  # type: ignore[attr-defined]
        tomorrow = timezone.now().astimezone(practice.zone).date() + timedelta(days=1)
        self.fields["first_day"].initial = tomorrow
        self.fields["weekdays"].initial = {1: [2], 2: [1, 3], 3: [0, 2, 4]}.get(
            per_week, list(range(per_week))
        )
        self.per_week = per_week

    def clean_weekdays(self) -> list[int]:
        weekdays: list[int] = self.cleaned_data["weekdays"]
        if len(weekdays) < self.per_week:
            raise forms.ValidationError(
                f"Tick at least {self.per_week} weekdays for {self.per_week} visits a week."
            )
        return weekdays


class SeriesMoveForm(forms.Form):
    shift_days = forms.IntegerField(label="Move by days", min_value=-14, max_value=14, initial=0)
    at = forms.TimeField(label="New time (optional)", widget=TIME, required=False)


class WaitlistForm(forms.Form):
    kind = forms.ChoiceField(label="Visit type", choices=TYPE_CHOICES, initial="treatment-60")
    therapist = TherapistChoice(
        queryset=Staff.objects.none(), required=False, empty_label="Any therapist"
    )
    earliest_day = forms.DateField(widget=DATE)
    latest_day = forms.DateField(widget=DATE)
    notes = forms.CharField(max_length=300, required=False, validators=[no_markup])

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["therapist"].queryset = practice_therapists(practice)  # type: ignore[attr-defined]


class HoursForm(forms.Form):
    location = forms.ModelChoiceField(queryset=Location.objects.none(), empty_label=None)
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int)
    start = forms.TimeField(widget=TIME, initial=time(9))
    end = forms.TimeField(widget=TIME, initial=time(17))

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(practice=practice)  # type: ignore[attr-defined]


class BreakForm(forms.Form):
    weekday = forms.TypedChoiceField(
        choices=[("", "Every day"), *WEEKDAYS], coerce=int, empty_value=None, required=False
    )
    start = forms.TimeField(widget=TIME, initial=time(12, 30))
    end = forms.TimeField(widget=TIME, initial=time(13))


class TimeOffForm(forms.Form):
    kind = forms.ChoiceField(choices=TIME_OFF_CHOICES)
    first_day = forms.DateField(widget=DATE)
    last_day = forms.DateField(widget=DATE)
    reason = forms.CharField(max_length=200, required=False, validators=[no_markup])


class PublicRequestForm(forms.Form):
    given_name = forms.CharField(label="First name", max_length=100, validators=[no_markup])
    family_name = forms.CharField(label="Last name", max_length=100, validators=[no_markup])
    birth_date = forms.DateField(label="Date of birth", widget=DATE)
    email = forms.EmailField()
    phone = forms.CharField(max_length=30, validators=[valid_phone])
    message = forms.CharField(
        label="Anything we should know? (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_markup],
    )

    def clean_birth_date(self) -> date:
        born: date = self.cleaned_data["birth_date"]
        if born >= timezone.localdate() or born.year < 1900:
            raise forms.ValidationError("Enter your real date of birth.")
        return born
