"""The snapshot a progress report is built from: plain JSON, taken from the case's data.

`build_snapshot` calls one small function per section; each returns JSON-ready values
(strings, numbers, lists, dicts), so a signed report shows what the data said when it was
signed, whatever changes later. Outcome measures, goals, check-ins and charts come from the
outcomes app (`report_outcomes`), which degrades to "no measures recorded" when that app is
absent or has nothing for the case. Add a section: write `_section(case, period) -> dict`
and add it to SECTIONS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from petrissage.clinical.models import (
    Case,
    NoteStatus,
    PlanStatus,
    RegionFinding,
    SessionNote,
    TreatmentLine,
    TreatmentPlan,
)
from petrissage.domain import progress_reports as rules
from petrissage.domain.progress_reports import interval_label, pain_trend, treatment_summary
from petrissage.domain.regions import is_region, region
from petrissage.domain.session_rules import technique_label
from petrissage.referrals.models import Prescription
from petrissage.referrals.report_outcomes import outcome_sections

SNAPSHOT_VERSION = 1
JSON = dict[str, Any]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    prescription: Prescription | None


def region_text(code: str) -> str:
    return region(code).label if is_region(code) else code


def _signed_notes(case: Case, period: Period) -> list[SessionNote]:
    return list(
        SessionNote.objects.filter(
            practice_id=case.practice_id,
            case=case,
            status=NoteStatus.SIGNED,
            session_date__gte=period.start,
            session_date__lte=period.end,
        ).order_by("session_date", "visit_number", "id")
    )


def _patient(case: Case, period: Period) -> JSON:
    patient, therapist = case.patient, case.therapist
    location = patient.practice.locations.order_by("id").first()
    return {
        "patient": {
            "name": patient.full_name,
            "birth_date": patient.birth_date.isoformat(),
            "chart_number": patient.chart_number,
            "sex": patient.get_sex_display(),
        },
        "practice": {
            "name": patient.practice.name,
            "address": ", ".join(
                part
                for part in (
                    location.address_line if location else "",
                    f"{location.city} {location.state} {location.postal_code}".strip()
                    if location
                    else "",
                )
                if part
            ),
            "phone": location.phone if location else "",
        },
        "therapist": {
            "name": therapist.display_name,
            "credentials": therapist.credentials,
            "licence": " ".join(
                p for p in (therapist.licence_state, therapist.licence_number) if p
            ),
            "npi": therapist.npi,
        },
        "case": {
            "title": case.title,
            "opened_on": case.opened_on.isoformat(),
            "status": case.get_status_display(),
            "discharged_on": case.discharged_on.isoformat() if case.discharged_on else "",
        },
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
    }


def _prescription(case: Case, period: Period) -> JSON:
    rx = period.prescription
    diagnoses = [
        {"code": d.code, "description": d.description}
        for d in case.diagnoses.order_by("position", "id")
    ]
    if rx is None:
        return {"prescription": None, "provider": None, "diagnoses": diagnoses}
    limits = rx.limits()
    provider = rx.provider
    return {
        "provider": {
            "name": str(provider),
            "specialty": provider.specialty,
            "organisation": provider.organisation,
            "npi": provider.npi,
            "phone": provider.phone,
            "fax": provider.fax,
            "email": provider.email,
        },
        "prescription": {
            "id": rx.pk,
            "issued_on": rx.issued_on.isoformat(),
            "expires_on": rx.expires_on.isoformat(),
            "frequency": f"{rx.sessions_per_week}× a week for {rx.weeks} weeks",
            "visit_cap": rx.visit_cap,
            "visits_allowed": limits.effective_cap,
            "cap_label": limits.cap_label,
            "prior_auth_number": rx.prior_auth_number,
            "authorised_visits": rx.authorised_visits,
            "report_interval": interval_label(rx.report_every_visits, rx.report_every_days),
            "cpt_codes": list(rx.cpt_codes),
            "regions": [region_text(code) for code in rx.regions],
            "precautions": rx.precautions,
        },
        "diagnoses": diagnoses or [dict(d) for d in rx.diagnoses],
    }


def _visits(case: Case, period: Period) -> JSON:
    from petrissage.referrals.selectors import visits_used

    in_period = _signed_notes(case, period)
    rx = period.prescription
    used = visits_used(rx, through=period.end) if rx is not None else len(in_period)
    allowed = rx.limits().effective_cap if rx is not None else None
    return {
        "visits": {
            "in_period": len(in_period),
            "used": used,
            "allowed": allowed,
            "remaining": max(0, allowed - used) if allowed is not None else None,
            "first": in_period[0].session_date.isoformat() if in_period else "",
            "last": in_period[-1].session_date.isoformat() if in_period else "",
            **_attendance(case, period),
        }
    }


def _attendance(case: Case, period: Period) -> JSON:
    """Cancelled and missed appointments in the period (when scheduling is installed)."""
    try:
        from petrissage.scheduling.models import Appointment, AppointmentStatus
    except ImportError:  # pragma: no cover - scheduling ships with the project
        return {"cancelled": None, "no_shows": None}
    found = Appointment.objects.filter(
        practice_id=case.practice_id,
        case=case,
        starts_at__date__gte=period.start,
        starts_at__date__lte=period.end,
    )
    return {
        "cancelled": found.filter(status=AppointmentStatus.CANCELLED).count(),
        "no_shows": found.filter(status=AppointmentStatus.NO_SHOW).count(),
    }


def _treatment(case: Case, period: Period) -> JSON:
    notes = _signed_notes(case, period)
    lines = TreatmentLine.objects.filter(practice_id=case.practice_id, session__in=notes)
    by_note: dict[int, list[rules.TreatmentLine]] = {note.pk: [] for note in notes}
    for line in lines.order_by("id"):
        by_note[line.session_id].append(
            rules.TreatmentLine(line.region_code, line.technique, line.minutes)
        )
    rows = treatment_summary(by_note.values())
    total = sum(note.total_minutes for note in notes)
    pain_pairs = [
        {"date": n.session_date.isoformat(), "before": n.pain_before, "after": n.pain_after}
        for n in notes
        if n.pain_before is not None or n.pain_after is not None
    ]
    before = pain_trend(n.pain_before for n in notes if n.pain_before is not None)
    return {
        "treatment": {
            "rows": [
                {
                    "region": region_text(row.region),
                    "technique": technique_label(row.technique),
                    "sessions": row.sessions,
                    "minutes": row.minutes,
                }
                for row in rows
            ],
            "total_minutes": total,
            "average_minutes": round(total / len(notes)) if notes else 0,
            "home_care": next((n.home_care for n in reversed(notes) if n.home_care), ""),
        },
        "session_pain": {
            "points": pain_pairs,
            "trend": _trend_json(before),
        },
    }


def _trend_json(trend: rules.PainTrend | None) -> JSON | None:
    if trend is None:
        return None
    return {"first": trend.first, "last": trend.last, "change": trend.change, "words": trend.words}


def _region_pain(case: Case, period: Period) -> JSON:
    findings = (
        RegionFinding.objects.filter(
            practice_id=case.practice_id,
            patient_id=case.patient_id,
            assessment__assessed_on__lte=period.end,
        )
        .select_related("assessment")
        .order_by("assessment__assessed_on", "assessment_id", "id")
    )
    series: dict[str, list[tuple[str, int]]] = {}
    for finding in findings:
        label = region_text(finding.region_code)
        series.setdefault(label, []).append(
            (finding.assessment.assessed_on.isoformat(), finding.nprs)
        )
    regions = []
    for label, points in sorted(series.items()):
        trend = pain_trend(value for _, value in points)
        regions.append({"region": label, "points": points, "trend": _trend_json(trend)})
    return {"region_pain": regions}


def _plan(case: Case, period: Period) -> JSON:
    plan = (
        TreatmentPlan.objects.filter(
            practice_id=case.practice_id, case=case, status=PlanStatus.APPROVED
        )
        .order_by("-version")
        .first()
    )
    if plan is None:
        return {"plan": None}
    return {
        "plan": {
            "version": plan.version,
            "frequency": f"{plan.sessions_per_week}× a week for {plan.weeks} weeks",
            "session_minutes": plan.session_minutes,
            "total_visits": plan.total_visits,
            "home_care": plan.home_care,
            "goals": [
                {"text": str(g.get("text") or ""), "measure": str(g.get("measure") or "")}
                for g in plan.goals
                if isinstance(g, dict)
            ],
        }
    }


SECTIONS: tuple[Callable[[Case, Period], JSON], ...] = (
    _patient,
    _prescription,
    _visits,
    _treatment,
    _region_pain,
    _plan,
    outcome_sections,
)


def build_snapshot(case: Case, period: Period, *, kind: str) -> JSON:
    """Everything the report shows that the therapist does not write, as JSON."""
    snapshot: JSON = {
        "version": SNAPSHOT_VERSION,
        "kind": kind,
        "built_at": timezone.now().isoformat(timespec="seconds"),
    }
    for section in SECTIONS:
        snapshot.update(section(case, period))
    return snapshot


def has_data(snapshot: JSON) -> bool:
    """A report needs at least one signed visit or one outcome measure to say anything."""
    return bool(snapshot["visits"]["in_period"] or snapshot["measures"])
