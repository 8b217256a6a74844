"""Prescription rules: visits used and left, expiry, renewal, progress-report timing, and the
warnings a plan, a booking or a claim gets when it goes past what the physician ordered.

Pure Python, no Django. Numbers come from clinical.md: an order carries the diagnosis, the
number of sessions and the duration (§4d [B10][B16]); WA L&I wants a progress report after
6 visits or 1 month (§4d, §4g [B10][B16]); payers cap visits and may need prior
authorisation (§4g [B12]). The 80 % / 14-day renewal trigger is a house rule (enough time
for the physician to answer before the order runs out).

Dates: a prescription is valid from `issued_on` through `expires_on`, both inclusive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

MAX_VISIT_CAP = 200
RENEWAL_SHARE_USED = 0.8  # renewal proposed once 80 % of the visits are used
RENEWAL_DAYS_LEFT = 14  # ... or when 14 days or fewer remain


@dataclass(frozen=True)
class PrescriptionLimits:
    """What the physician ordered, plus when the last progress report went out."""

    issued_on: date
    expires_on: date
    visit_cap: int
    sessions_per_week: int = 0  # 0 = not stated
    weeks: int = 0
    authorised_visits: int | None = None  # prior-authorisation limit, if any
    report_every_visits: int | None = None
    report_every_days: int | None = None
    last_report_on: date | None = None
    visits_at_last_report: int = 0

    @property
    def effective_cap(self) -> int:
        """The visits that may be given: the cap, or the authorised visits if fewer."""
        if self.authorised_visits is not None:
            return min(self.visit_cap, self.authorised_visits)
        return self.visit_cap

    @property
    def cap_label(self) -> str:
        if self.authorised_visits is not None and self.authorised_visits < self.visit_cap:
            return "authorised visits"
        return "prescribed visits"


@dataclass(frozen=True)
class Status:
    visits_used: int
    visits_allowed: int
    visits_remaining: int
    days_to_expiry: int  # negative once expired
    expired: bool
    not_yet_valid: bool
    cap_reached: bool
    renewal_due: bool
    renewal_reasons: tuple[str, ...]
    report_due: bool
    report_reasons: tuple[str, ...]

    @property
    def usable(self) -> bool:
        """True when a visit could be given under this prescription today."""
        return not (self.expired or self.not_yet_valid or self.cap_reached)

    @property
    def share_used(self) -> float:
        return self.visits_used / self.visits_allowed if self.visits_allowed else 1.0


def prescription_status(limits: PrescriptionLimits, visits_used: int, today: date) -> Status:
    """Where a prescription stands today, given the visits already used under it."""
    allowed = limits.effective_cap
    days_left = (limits.expires_on - today).days
    renewal = _renewal_reasons(limits, visits_used, days_left)
    report = _report_reasons(limits, visits_used, today)
    return Status(
        visits_used=visits_used,
        visits_allowed=allowed,
        visits_remaining=max(0, allowed - visits_used),
        days_to_expiry=days_left,
        expired=days_left < 0,
        not_yet_valid=today < limits.issued_on,
        cap_reached=visits_used >= allowed,
        renewal_due=bool(renewal),
        renewal_reasons=renewal,
        report_due=bool(report),
        report_reasons=report,
    )


def _renewal_reasons(
    limits: PrescriptionLimits, visits_used: int, days_left: int
) -> tuple[str, ...]:
    reasons = []
    allowed = limits.effective_cap
    if allowed and visits_used >= RENEWAL_SHARE_USED * allowed:
        reasons.append(f"{visits_used} of {allowed} {limits.cap_label} used")
    if days_left < 0:
        reasons.append(f"expired on {limits.expires_on.isoformat()}")
    elif days_left <= RENEWAL_DAYS_LEFT:
        reasons.append(f"expires in {days_left} day{'' if days_left == 1 else 's'}")
    return tuple(reasons)


def _report_reasons(limits: PrescriptionLimits, visits_used: int, today: date) -> tuple[str, ...]:
    reasons = []
    since_visits = visits_used - limits.visits_at_last_report
    every_visits = limits.report_every_visits
    if every_visits and since_visits >= every_visits:
        reasons.append(f"{since_visits} visits since the last report (every {every_visits})")
    start = limits.last_report_on or limits.issued_on
    since_days = (today - start).days
    every_days = limits.report_every_days
    if every_days and since_days >= every_days and visits_used > limits.visits_at_last_report:
        reasons.append(f"{since_days} days since the last report (every {every_days})")
    return tuple(reasons)


def entry_problems(
    *, issued_on: date, expires_on: date, visit_cap: int, today: date
) -> dict[str, str]:
    """Problems with a new prescription's dates and cap, by field name (empty when fine)."""
    problems: dict[str, str] = {}
    if issued_on > today:
        problems["issued_on"] = (
            f"The issue date {issued_on.isoformat()} is in the future; enter the date the "
            "physician signed the prescription."
        )
    if expires_on < issued_on:
        problems["expires_on"] = "The expiry date is before the issue date."
    elif expires_on < today:
        problems["expires_on"] = (
            f"This prescription expired on {expires_on.isoformat()}; ask the physician for a "
            "new one before treating under it."
        )
    if not 1 <= visit_cap <= MAX_VISIT_CAP:
        problems["visit_cap"] = f"The visit cap must be between 1 and {MAX_VISIT_CAP}."
    return problems


def plan_exceeds(
    limits: PrescriptionLimits,
    sessions_per_week: int,
    weeks: int,
    total_visits: int,
    *,
    start: date | None = None,
) -> list[str]:
    """Warnings when a treatment plan asks for more than the prescription allows."""
    warnings = []
    if total_visits > limits.effective_cap:
        warnings.append(
            f"The plan has {total_visits} visits; the prescription allows "
            f"{limits.effective_cap} {limits.cap_label}."
        )
    if limits.sessions_per_week and sessions_per_week > limits.sessions_per_week:
        warnings.append(
            f"The plan has {sessions_per_week} sessions a week; the prescription orders "
            f"{limits.sessions_per_week}."
        )
    if limits.weeks and weeks > limits.weeks:
        warnings.append(
            f"The plan runs {weeks} weeks; the prescription orders {limits.weeks} weeks."
        )
    first_day = max(start or limits.issued_on, limits.issued_on)
    last_day = date.fromordinal(first_day.toordinal() + weeks * 7 - 1)
    if weeks and last_day > limits.expires_on:
        warnings.append(
            f"The plan would run to {last_day.isoformat()}, past the prescription's expiry "
            f"on {limits.expires_on.isoformat()}."
        )
    return warnings


def booking_warnings(
    limits: PrescriptionLimits, visits_used: int, booked_future: int, appointment_date: date
) -> list[str]:
    """Warnings for booking one more visit: past the cap, past expiry, before issue."""
    warnings = []
    visit_number = visits_used + booked_future + 1
    if visit_number > limits.effective_cap:
        warnings.append(
            f"This would be visit {visit_number}; the prescription allows "
            f"{limits.effective_cap} {limits.cap_label}."
        )
    if appointment_date > limits.expires_on:
        warnings.append(
            f"The prescription expires on {limits.expires_on.isoformat()}, before this visit."
        )
    if appointment_date < limits.issued_on:
        warnings.append(
            f"The prescription was issued on {limits.issued_on.isoformat()}, after this visit."
        )
    return warnings


def claim_problems(
    limits: PrescriptionLimits,
    allowed_cpt: Iterable[str],
    visit_number: int,
    service_date: date,
    cpt_codes: Iterable[str],
) -> list[str]:
    """Why a claimed visit is not covered: date outside the order, CPT not ordered, over
    the cap or the authorised visits. `visit_number` counts this visit (1 = first)."""
    problems = []
    if not limits.issued_on <= service_date <= limits.expires_on:
        problems.append(
            f"The service date {service_date.isoformat()} is outside the prescription "
            f"({limits.issued_on.isoformat()} to {limits.expires_on.isoformat()})."
        )
    allowed = set(allowed_cpt)
    not_ordered = sorted(set(cpt_codes) - allowed) if allowed else []
    if not_ordered:
        problems.append(
            f"CPT {', '.join(not_ordered)} is not on the prescription "
            f"(ordered: {', '.join(sorted(allowed))})."
        )
    if visit_number > limits.visit_cap:
        problems.append(
            f"This is visit {visit_number}; the prescription's cap is {limits.visit_cap}."
        )
    if limits.authorised_visits is not None and visit_number > limits.authorised_visits:
        problems.append(
            f"This is visit {visit_number}; prior authorisation covers "
            f"{limits.authorised_visits} visits."
        )
    return problems
