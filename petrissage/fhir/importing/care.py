"""Cases, plan versions and signed session notes exported by a Petrissage practice
(extensions petrissage-care / petrissage-session, petrissage.domain.fhir_import.care),
written as the records they were. Signed notes are immutable records: they are stored
as signed, with their lines, without re-running the signing hooks (no charges, no
check-ins), and each gets a `session.import` audit event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import (
    Case,
    CaseDiagnosis,
    NoteStatus,
    PlanTechnique,
    SessionNote,
    TreatmentLine,
    TreatmentPlan,
)
from petrissage.domain.fhir_import.care import CARRIED_NOTE_FIELDS, CARRIED_PLAN_FIELDS
from petrissage.fhir.importing.summary import ImportSummary
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice, Role, Staff

CASE_FIELDS = ("title", "condition_key", "status", "discharge_summary")


@contextmanager
def malformed_as_invalid() -> Iterator[None]:
    """A payload missing a field or holding the wrong type is bad input, reported against
    its resource like any other (never a crash of the whole import)."""
    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValidationError(f"malformed petrissage extension: {error!r}"[:200]) from error


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


def _find_staff(practice: Practice, npi: str, name: str) -> tuple[Staff, str]:
    staff = Staff.objects.filter(practice=practice)
    found, how = None, "npi"
    if npi:
        found = staff.filter(npi=npi).order_by("pk").first()
    if found is None and name:
        found, how = staff.filter(display_name__iexact=name).order_by("pk").first(), "name"
    if found is None:
        clinical = staff.filter(Q(role=Role.OWNER) | Q(role=Role.THERAPIST), active=True)
        found, how = clinical.order_by("pk").first(), "first owner/therapist"
    if found is None:
        raise ValidationError("The practice has no owner or therapist to record this under.")
    return found, how


def match_staff(
    practice: Practice, ref: dict[str, Any] | None, summary: ImportSummary
) -> Staff | None:
    """The target practice's staff member: by NPI, else by name, else its first owner or
    therapist. None only when ref is None (nobody recorded). Looked up once per person and
    import (summary.staff_found)."""
    if ref is None:
        return None
    npi, name = str(ref.get("npi") or ""), str(ref.get("name") or "")
    key = (practice.pk, npi, name)
    if key not in summary.staff_found:
        summary.staff_found[key] = _find_staff(practice, npi, name)
    found, how = summary.staff_found[key]
    source = f"{name} (NPI {npi})" if npi else name
    summary.staff_matches[f"{source} -> {found.display_name} ({how})"] += 1
    return found


def _case_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in CASE_FIELDS}
    values["opened_on"] = _day(data["opened_on"])
    values["discharged_on"] = _day(data.get("discharged_on"))
    return values


def case_import(
    *,
    patient: Patient,
    data: dict[str, Any],
    existing: Case | None,
    summary: ImportSummary,
) -> Case:
    """Create the case (or bring the one imported before up to date) with its diagnoses in
    claim order."""
    values = _case_values(data)
    if existing is None:
        therapist = match_staff(patient.practice, data.get("therapist"), summary)
        case = Case(practice_id=patient.practice_id, patient=patient, therapist=therapist)
    else:
        case = existing
    for name, value in values.items():
        setattr(case, name, value)
    case.full_clean(exclude=["practice", "patient", "therapist"])
    case.save()
    wanted = [(int(p), str(c), str(d)) for p, c, d in data.get("diagnoses") or []]
    have = list(case.diagnoses.order_by("position").values_list("position", "code", "description"))
    if have != wanted:
        CaseDiagnosis.objects.filter(case=case).delete()
        CaseDiagnosis.objects.bulk_create(
            CaseDiagnosis(practice=case.practice, case=case, position=p, code=c, description=d)
            for p, c, d in wanted
        )
    return case


def plan_import(
    *,
    case: Case,
    data: dict[str, Any],
    existing: TreatmentPlan | None,
    summary: ImportSummary,
) -> TreatmentPlan:
    practice = case.practice
    plan = existing or TreatmentPlan(practice=practice, case=case)
    for name in CARRIED_PLAN_FIELDS:
        setattr(plan, name, data[name])
    if existing is None:
        creator = match_staff(practice, data.get("created_by"), summary)
        assert creator is not None
        plan.created_by = creator
        plan.approved_by = match_staff(practice, data.get("approved_by"), summary)
    plan.approved_at = _moment(data.get("approved_at"))
    plan.full_clean(exclude=["practice", "case", "created_by", "approved_by", "screening"])
    plan.save()
    wanted = [(str(r), str(t), int(p)) for r, t, p in data.get("techniques") or []]
    have = list(plan.techniques.order_by("pk").values_list("region_code", "technique", "pressure"))
    if have != wanted:
        PlanTechnique.objects.filter(plan=plan).delete()
        PlanTechnique.objects.bulk_create(
            PlanTechnique(practice=practice, plan=plan, region_code=r, technique=t, pressure=p)
            for r, t, p in wanted
        )
    return plan


def signed_session_import(
    *,
    actor: Actor,
    case: Case,
    plan: TreatmentPlan | None,
    note: dict[str, Any],
    lines: list[list[Any]],
    summary: ImportSummary,
) -> SessionNote:
    """A signed note and its lines, stored as signed (it is already an immutable record)."""
    practice = case.practice
    session = SessionNote(
        practice=practice,
        patient_id=case.patient_id,
        case=case,
        plan=plan,
        status=NoteStatus.SIGNED,
        session_date=date.fromisoformat(str(note["session_date"])),
        signed_at=_moment(note.get("signed_at")),
    )
    for name in CARRIED_NOTE_FIELDS:
        setattr(session, name, note[name])
    therapist = match_staff(practice, note.get("therapist"), summary)
    assert therapist is not None
    session.therapist = therapist
    session.signed_by = match_staff(practice, note.get("signed_by"), summary)
    session.full_clean(
        exclude=["practice", "patient", "case", "plan", "therapist", "signed_by", "screening"]
    )
    session.save()
    rows = [
        TreatmentLine(
            practice=practice,
            session=session,
            region_code=str(r),
            technique=str(t),
            minutes=int(m),
            pressure=int(p),
            restriction_reason=str(why),
        )
        for r, t, m, p, why in lines
    ]
    for row in rows:
        row.full_clean(exclude=["practice", "session"])
    TreatmentLine.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="session.import",
        category=Category.CLINICAL,
        patient=case.patient,
        detail={"session": session.pk, "case": case.pk, "lines": len(rows), "signed": True},
    )
    return session
