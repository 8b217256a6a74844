"""Cases (episodes of care): open, edit, put on hold, reopen, discharge.

Diagnoses are ICD-10-CM codes checked with petrissage.domain.icd10.check_diagnosis: a
retired code (M54.5) or a heading is refused with its replacements, in claim order
(pointer 1 = first). Every write records its audit event (category CLINICAL) in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import Case, CaseDiagnosis, CaseStatus
from petrissage.domain.icd10 import DiagnosisCheck, check_diagnosis
from petrissage.domain.plans import CONDITIONS, condition_for_icd10
from petrissage.patients.models import Patient
from petrissage.practice.models import Role, Staff

MAX_DIAGNOSES = 12  # CMS-1500 item 21 holds A–L (clinical.md §4e)


def _audit(actor: Actor, action: str, case: Case, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        category=Category.CLINICAL,
        patient=case.patient,
        detail={"case": case.pk, **detail},
    )


@dataclass(frozen=True)
class CheckedDiagnoses:
    checks: tuple[DiagnosisCheck, ...]

    @property
    def problems(self) -> dict[int, DiagnosisCheck]:
        return {i: c for i, c in enumerate(self.checks) if not c.ok}


def check_diagnoses(codes: Sequence[str]) -> CheckedDiagnoses:
    """Check entered codes (blanks skipped) in order; duplicates are one problem each."""
    entered = [c for c in codes if c.strip()]
    checks = []
    seen: set[str] = set()
    for code in entered:
        check = check_diagnosis(code)
        if check.ok and check.code in seen:
            check = DiagnosisCheck(
                check.entered, check.code, True, True, check.description, "Entered twice."
            )
        seen.add(check.code)
        checks.append(check)
    return CheckedDiagnoses(tuple(checks))


def _valid_diagnoses(codes: Sequence[str]) -> tuple[DiagnosisCheck, ...]:
    checked = check_diagnoses(codes)
    if not checked.checks:
        raise ValidationError({"diagnoses": "Give at least one ICD-10-CM diagnosis code."})
    if len(checked.checks) > MAX_DIAGNOSES:
        raise ValidationError({"diagnoses": f"At most {MAX_DIAGNOSES} diagnoses per case."})
    problems = checked.problems
    if problems:
        raise ValidationError(
            {"diagnoses": [f"{c.code or c.entered}: {c.problem}" for c in problems.values()]}
        )
    return checked.checks


def condition_key_for(checks: Sequence[DiagnosisCheck], chosen: str = "") -> str:
    """The plan condition: the one chosen, else the first the diagnoses map to, else ""."""
    if chosen:
        if chosen not in CONDITIONS:
            raise ValidationError({"condition_key": "Not a known condition."})
        return chosen
    for check in checks:
        key = condition_for_icd10(check.code)
        if key:
            return key
    return ""


def _require_therapist(case_practice_id: int, therapist: Staff) -> None:
    if therapist.practice_id != case_practice_id:
        raise PermissionDenied("The therapist is not a member of this practice.")
    if therapist.role not in (Role.THERAPIST, Role.OWNER) or not therapist.active:
        raise ValidationError({"therapist": "Choose an active therapist of the practice."})


def _store_diagnoses(case: Case, checks: Sequence[DiagnosisCheck]) -> None:
    CaseDiagnosis.objects.filter(practice_id=case.practice_id, case=case).delete()
    CaseDiagnosis.objects.bulk_create(
        CaseDiagnosis(
            practice_id=case.practice_id,
            case=case,
            code=check.code,
            description=check.description[:255],
            position=i,
        )
        for i, check in enumerate(checks, start=1)
    )


def case_open(
    *,
    patient: Patient,
    actor: Actor,
    therapist: Staff,
    title: str,
    opened_on: date,
    diagnoses: Sequence[str],
    condition_key: str = "",
) -> Case:
    """Open a case with its diagnoses. Refused whole when a code is not billable."""
    _require_therapist(patient.practice_id, therapist)
    if not title.strip():
        raise ValidationError({"title": "Give the case a short title."})
    checks = _valid_diagnoses(diagnoses)
    key = condition_key_for(checks, condition_key)
    with transaction.atomic():
        case = Case.objects.create(
            practice_id=patient.practice_id,
            patient=patient,
            therapist=therapist,
            title=title.strip()[:200],
            condition_key=key,
            opened_on=opened_on,
        )
        _store_diagnoses(case, checks)
        _audit(actor, "case.open", case, diagnoses=[c.code for c in checks])
    return case


def case_update(
    *,
    case: Case,
    actor: Actor,
    therapist: Staff,
    title: str,
    diagnoses: Sequence[str],
    condition_key: str = "",
) -> Case:
    """Change the title, therapist, diagnoses or condition of a case that is not discharged."""
    if case.status == CaseStatus.DISCHARGED:
        raise ValidationError({"status": "A discharged case is kept as it was; reopen it first."})
    _require_therapist(case.practice_id, therapist)
    if not title.strip():
        raise ValidationError({"title": "Give the case a short title."})
    checks = _valid_diagnoses(diagnoses)
    key = condition_key_for(checks, condition_key)
    before = [d.code for d in CaseDiagnosis.objects.filter(practice_id=case.practice_id, case=case)]
    with transaction.atomic():
        case.title, case.therapist, case.condition_key = title.strip()[:200], therapist, key
        case.save(update_fields=["title", "therapist", "condition_key", "updated_at"])
        _store_diagnoses(case, checks)
        _audit(
            actor,
            "case.update",
            case,
            diagnoses_before=before,
            diagnoses=[c.code for c in checks],
            therapist=therapist.pk,
        )
    return case


_MOVES: dict[str, tuple[str, ...]] = {
    CaseStatus.OPEN: (CaseStatus.ON_HOLD, CaseStatus.DISCHARGED),
    CaseStatus.ON_HOLD: (CaseStatus.OPEN, CaseStatus.DISCHARGED),
    CaseStatus.DISCHARGED: (CaseStatus.OPEN,),
}


def next_statuses(case: Case) -> tuple[str, ...]:
    return _MOVES[case.status]


def case_set_status(
    *,
    case: Case,
    actor: Actor,
    status: str,
    on: date,
    reason: str = "",
    summary: str = "",
) -> Case:
    """Open → on hold → discharged (and back to open). Discharge needs a summary; putting
    on hold or reopening needs a reason. The summary is kept when a case is reopened."""
    if status not in _MOVES:
        raise ValidationError({"status": "Not a case status."})
    if status not in _MOVES[case.status]:
        raise ValidationError(
            {"status": f"A case that is {case.get_status_display().lower()} cannot go there."}
        )
    if status == CaseStatus.DISCHARGED and not summary.strip():
        raise ValidationError(
            {"summary": "Write the discharge summary: outcome, goals met, advice given."}
        )
    if status != CaseStatus.DISCHARGED and not reason.strip():
        raise ValidationError({"reason": "Say why."})
    if on < case.opened_on:
        raise ValidationError({"on": "The date is before the case was opened."})
    before = case.status
    with transaction.atomic():
        case.status = status
        if status == CaseStatus.DISCHARGED:
            case.discharged_on = on
            case.discharge_summary = summary.strip()
        elif status == CaseStatus.OPEN:
            case.discharged_on = None
        case.save(update_fields=["status", "discharged_on", "discharge_summary", "updated_at"])
        _audit(
            actor,
            f"case.{status}",
            case,
            before=before,
            on=on.isoformat(),
            reason=reason.strip()[:500],
        )
    return case
