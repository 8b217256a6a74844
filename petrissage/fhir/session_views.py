"""FHIR Encounter (one per session note) and Procedure (one per treatment line): read and
search, practice-scoped, clinical roles only, audited. Unsupported parameters are a 400."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import CaseDiagnosis, SessionNote, TreatmentLine
from petrissage.fhir.auth import fhir_actor, fhir_endpoint
from petrissage.fhir.mapping.encounter import encounter_resource
from petrissage.fhir.mapping.procedure import procedure_resource
from petrissage.fhir.outcome import fhir_response
from petrissage.fhir.search import SearchError
from petrissage.fhir.searchset import check_params, searchset_response
from petrissage.patients.models import Patient
from petrissage.practice.access import get_patient, require, scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action

ENCOUNTER_PARAMS = {"patient", "subject", "_count", "_format"}
PROCEDURE_PARAMS = {"patient", "subject", "encounter", "_count", "_format"}


def _reference_id(query: QueryDict, name: str, prefix: str) -> str | None:
    raw = query.get(name)
    if raw is None:
        return None
    value = raw.removeprefix(f"{prefix}/")
    if not value.isdigit():
        raise SearchError(name, f"{name} must be {prefix}/{{id}} with a numeric id.")
    return value


def _patient(query: QueryDict, staff: Staff, actor: Actor) -> Patient | None:
    patient_id = _reference_id(query, "patient", "Patient") or _reference_id(
        query, "subject", "Patient"
    )
    if patient_id is None:
        return None
    return get_patient(staff, patient_id, Action.CLINICAL_VIEW, actor=actor)


def _diagnoses(note: SessionNote) -> list[CaseDiagnosis]:
    return list(CaseDiagnosis.objects.filter(practice_id=note.practice_id, case_id=note.case_id))


def _notes(staff: Staff) -> QuerySet[SessionNote]:
    return scoped(staff, SessionNote).select_related("therapist")


def _audit(actor: Actor, action: str, patient: Patient | None, **detail: Any) -> None:
    audit_record(
        actor=actor, action=action, category=Category.CLINICAL, patient=patient, detail=detail
    )


@fhir_endpoint()
def encounter_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, Action.CLINICAL_VIEW, actor=actor)
    count = check_params(request.GET, ENCOUNTER_PARAMS, "Encounter")
    patient = _patient(request.GET, staff, actor)
    if patient is None:
        raise SearchError("patient", "Encounter searches need patient=Patient/{id}.")
    notes = list(_notes(staff).filter(patient=patient).order_by("-session_date", "-id")[:count])
    _audit(actor, "session.fhir_search", patient, resource="Encounter", count=len(notes))
    return searchset_response(request, [encounter_resource(n, _diagnoses(n)) for n in notes])


def _note_or_404(staff: Staff, note_id: str) -> SessionNote:
    if not note_id.isdigit():
        raise SearchError("id", "An Encounter id is a number.")
    note = _notes(staff).filter(pk=int(note_id)).first()
    if note is None:
        raise Http404
    return note


@fhir_endpoint()
def encounter_read(request: HttpRequest, staff: Staff, encounter_id: str) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, Action.CLINICAL_VIEW, actor=actor)
    note = _note_or_404(staff, encounter_id)
    _audit(actor, "session.fhir_read", note.patient, resource="Encounter", id=note.pk)
    return fhir_response(encounter_resource(note, _diagnoses(note)))


@fhir_endpoint()
def procedure_search(request: HttpRequest, staff: Staff) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, Action.CLINICAL_VIEW, actor=actor)
    count = check_params(request.GET, PROCEDURE_PARAMS, "Procedure")
    patient = _patient(request.GET, staff, actor)
    encounter_id = _reference_id(request.GET, "encounter", "Encounter")
    if patient is None and encounter_id is None:
        raise SearchError("patient", "Procedure searches need patient= or encounter=.")
    lines = scoped(staff, TreatmentLine).select_related("session__therapist")
    if patient is not None:
        lines = lines.filter(session__patient=patient)
    if encounter_id is not None:
        note = _note_or_404(staff, encounter_id)
        patient = patient or get_patient(staff, note.patient_id, Action.CLINICAL_VIEW, actor=actor)
        lines = lines.filter(session=note)
    found = list(lines.order_by("-session__session_date", "session_id", "id")[:count])
    _audit(actor, "session.fhir_search", patient, resource="Procedure", count=len(found))
    return searchset_response(request, [procedure_resource(line, line.session) for line in found])


@fhir_endpoint()
def procedure_read(request: HttpRequest, staff: Staff, procedure_id: str) -> HttpResponse:
    actor = fhir_actor(staff, request)
    require(staff, Action.CLINICAL_VIEW, actor=actor)
    if not procedure_id.isdigit():
        raise SearchError("id", "A Procedure id is a number.")
    line = (
        scoped(staff, TreatmentLine)
        .select_related("session__therapist", "session__patient")
        .filter(pk=int(procedure_id))
        .first()
    )
    if line is None:
        raise Http404
    _audit(actor, "session.fhir_read", line.session.patient, resource="Procedure", id=line.pk)
    return fhir_response(procedure_resource(line, line.session))
