"""Patients, referring providers, coverage and prescriptions from FHIR, written through the
apps' own services (validation and audit included). Each raises ValidationError on bad data;
the caller reports it against the resource and goes on."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower

from petrissage.audit.services import Actor
from petrissage.clinical.models import Case
from petrissage.domain.fhir_import import Record
from petrissage.fhir.importing.summary import PatientMatch
from petrissage.fhir.mapping.patient import chart_number_system
from petrissage.patients.models import Coverage, Patient, PatientIdentifier
from petrissage.patients.services import (
    coverage_save,
    patient_create,
    patient_update,
    possible_duplicates,
)
from petrissage.practice.models import Practice, Staff
from petrissage.referrals.models import Prescription, ReferringProvider
from petrissage.referrals.services import (
    PrescriptionInput,
    prescription_create,
    prescription_update,
    referring_provider_save,
)


def _by_identifier(practice: Practice, record: Record) -> Patient | None:
    own = chart_number_system(practice)
    condition = Q()
    for system, value in record.identifiers:
        if system == own:
            condition |= Q(chart_number=value)
        else:
            condition |= Q(identifiers__system=system, identifiers__value=value)
    if not record.identifiers:
        return None
    return Patient.objects.filter(condition, practice=practice).distinct().first()


def _add_identifiers(patient: Patient, record: Record) -> None:
    own = chart_number_system(patient.practice)
    pairs = [(s, v) for s, v in record.identifiers if s != own]
    if not pairs:
        return
    taken = set(
        PatientIdentifier.objects.filter(
            practice_id=patient.practice_id, system__in=[s for s, _ in pairs]
        ).values_list("system", "value")
    )
    PatientIdentifier.objects.bulk_create(
        PatientIdentifier(practice_id=patient.practice_id, patient=patient, system=s, value=v)
        for s, v in pairs
        if (s, v) not in taken
    )


def patient_import(
    *, practice: Practice, actor: Actor, record: Record, existing: Patient | None
) -> tuple[Patient, PatientMatch | None]:
    """Create, match or (existing = the patient this resource made before) update."""
    data = dict(record.fields)
    with transaction.atomic():
        if existing is not None:
            patient = patient_update(patient=existing, actor=actor, data=data)
            _add_identifiers(patient, record)
            return patient, None
        found = _by_identifier(practice, record)
        how = "identifier"
        if found is None:
            how = "name and birth date"
            same = possible_duplicates(
                practice=practice,
                given_name=data["given_name"],
                family_name=data["family_name"],
                birth_date=data["birth_date"],
            )
            found = same[0] if same else None
        if found is None:
            how = "new"
            found = patient_create(practice=practice, actor=actor, data=data)
        _add_identifiers(found, record)
    name = f"{found.given_name} {found.family_name}"
    return found, PatientMatch(record.key, how, found.chart_number, name)


def provider_import(
    *, practice: Practice, actor: Actor, fields: dict[str, Any], existing: ReferringProvider | None
) -> ReferringProvider:
    if existing is None:
        same = ReferringProvider.objects.filter(practice=practice)
        if fields.get("npi"):
            existing = same.filter(npi=fields["npi"]).first()
        if existing is None:
            existing = (
                same.annotate(lname=Lower("name")).filter(lname=fields["name"].lower()).first()
            )
        if existing is not None and _same_provider(existing, fields):
            return existing
    return referring_provider_save(practice=practice, actor=actor, data=fields, provider=existing)


def _same_provider(provider: ReferringProvider, fields: dict[str, Any]) -> bool:
    return all(getattr(provider, k) == v for k, v in fields.items())


def coverage_import(
    *, patient: Patient, actor: Actor, record: Record, existing: Coverage | None
) -> Coverage:
    return coverage_save(patient=patient, actor=actor, data=dict(record.fields), coverage=existing)


def prescription_import(
    *,
    patient: Patient,
    staff: Staff | None,
    actor: Actor,
    record: Record,
    provider: ReferringProvider,
    existing: Prescription | None,
    case: Case | None = None,
) -> Prescription:
    """Imported orders are checked as of their issue date: an order that has since expired
    is still a true record of the referral."""
    fields = record.fields
    data = PrescriptionInput(
        provider=provider,
        issued_on=fields["issued_on"],
        expires_on=fields["expires_on"],
        diagnoses=tuple(fields["diagnoses"]),
        regions=tuple(fields["regions"]),
        cpt_codes=tuple(fields["cpt_codes"]),
        sessions_per_week=fields["sessions_per_week"],
        weeks=fields["weeks"],
        visit_cap=fields["visit_cap"],
        prior_auth_number=fields["prior_auth_number"],
        authorised_visits=fields.get("authorised_visits"),
        report_every_visits=fields.get("report_every_visits"),
        report_every_days=fields.get("report_every_days"),
        precautions=fields["precautions"],
        case=case if case is not None and case.patient_id == patient.pk else None,
    )
    if existing is not None:
        return prescription_update(prescription=existing, actor=actor, data=data)
    if staff is None:
        raise ValidationError("The practice has no active owner to record imported prescriptions.")
    return prescription_create(
        patient=patient, staff=staff, actor=actor, data=data, today=fields["issued_on"]
    )
