"""Patients API: list/search, read, register, update, coverages.

Every handler reaches patients through `practice.access`, so a token of another practice
gets 404 for any id of this one and a role without permission gets 403. Writes go through
`patients.services`, which audit them; reads of one patient are audited here.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from petrissage.audit.services import Actor
from petrissage.patients import selectors, services
from petrissage.patients.models import Coverage, Patient
from petrissage.patients.schemas import (
    CoverageOut,
    DuplicateOut,
    ErrorOut,
    PatientCreateIn,
    PatientListQuery,
    PatientOut,
    PatientPageOut,
    PatientSummaryOut,
    PatientUpdateIn,
    ValidationErrorOut,
)
from petrissage.practice.access import get_patient, patients_for, require
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action

router = Router(tags=["patients"])

PAGE_SIZE = 50
DUPLICATE_MESSAGE = (
    "A patient with this name and date of birth exists; "
    "send allow_duplicate=true if this is a different person."
)
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _staff(request: HttpRequest) -> Staff:
    """The token's staff member, set by the BearerToken auth class."""
    staff = request.auth  # type: ignore[attr-defined]
    assert isinstance(staff, Staff)
    return staff


def _actor(request: HttpRequest) -> Actor:
    return Actor.for_staff(_staff(request), request, source="api")


@router.get("", response={200: PatientPageOut, **ERRORS}, summary="List or search patients")
def list_patients(request: HttpRequest, query: Query[PatientListQuery]) -> PatientPageOut:
    staff = _staff(request)
    patients = selectors.patient_list(patients_for(staff))
    if query.q.strip():
        patients = selectors.patient_search(patients, query.q.strip())
    first = (query.page - 1) * PAGE_SIZE
    items = [PatientSummaryOut.model_validate(row) for row in patients[first : first + PAGE_SIZE]]
    return PatientPageOut(count=patients.count(), page=query.page, page_size=PAGE_SIZE, items=items)


@router.get("/{patient_id}", response={200: PatientOut, **ERRORS}, summary="Read a patient")
def read_patient(request: HttpRequest, patient_id: int) -> Patient:
    actor = _actor(request)
    patient = get_patient(_staff(request), patient_id, actor=actor)
    services.patient_chart_viewed(patient=patient, actor=actor, section="api")
    return patient


@router.post(
    "",
    response={201: PatientOut, 409: DuplicateOut, 422: ValidationErrorOut, **ERRORS},
    summary="Register a patient",
)
def create_patient(
    request: HttpRequest, payload: PatientCreateIn
) -> Status[Patient | DuplicateOut]:
    staff, actor = _staff(request), _actor(request)
    require(staff, Action.PATIENT_REGISTER, actor=actor)
    data = payload.model_dump(exclude={"allow_duplicate"})
    if not payload.allow_duplicate:
        duplicates = services.possible_duplicates(
            practice=staff.practice,
            given_name=payload.given_name,
            family_name=payload.family_name,
            birth_date=payload.birth_date,
        )
        if duplicates:
            ids = [duplicate.pk for duplicate in duplicates]
            return Status(409, DuplicateOut(detail=DUPLICATE_MESSAGE, duplicates=ids))
    patient = services.patient_create(practice=staff.practice, actor=actor, data=data)
    return Status(201, patient)


@router.patch(
    "/{patient_id}",
    response={200: PatientOut, 422: ValidationErrorOut, **ERRORS},
    summary="Update a patient",
)
def update_patient(request: HttpRequest, patient_id: int, payload: PatientUpdateIn) -> Patient:
    actor = _actor(request)
    patient = get_patient(_staff(request), patient_id, Action.PATIENT_REGISTER, actor=actor)
    return services.patient_update(
        patient=patient, actor=actor, data=payload.model_dump(exclude_unset=True)
    )


@router.get(
    "/{patient_id}/coverages",
    response={200: list[CoverageOut], **ERRORS},
    summary="List a patient's insurance coverages",
)
def list_coverages(request: HttpRequest, patient_id: int) -> QuerySet[Coverage]:
    staff, actor = _staff(request), _actor(request)
    patient = get_patient(staff, patient_id, Action.COVERAGE_VIEW, actor=actor)
    services.patient_chart_viewed(patient=patient, actor=actor, section="api.coverages")
    return Coverage.objects.filter(practice_id=staff.practice_id, patient=patient)
