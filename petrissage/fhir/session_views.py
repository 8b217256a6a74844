"""FHIR Encounter (one per session note) and Procedure (one per treatment line): read and
search, practice-scoped, clinical roles only, audited. Imported history (PastEncounter,
PastProcedure) is served beside them with ids "hist-<pk>"."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from petrissage.audit.models import Category
from petrissage.clinical.models import CaseDiagnosis, NoteStatus, SessionNote, TreatmentLine
from petrissage.domain import session_rules as rules
from petrissage.fhir.mapping.encounter import encounter_resource
from petrissage.fhir.mapping.history import past_encounter_resource, past_procedure_resource
from petrissage.fhir.mapping.procedure import procedure_resource
from petrissage.fhir.resource_views import Source, Spec, plain
from petrissage.fhir.searchset import NOTHING, Build, Param, coded, date_of_field, reference, token
from petrissage.patients.models import PastEncounter, PastProcedure
from petrissage.practice.access import scoped
from petrissage.practice.models import Staff
from petrissage.practice.permissions import Action

ENCOUNTER_STATUSES = (
    "planned",
    "arrived",
    "triaged",
    "in-progress",
    "onleave",
    "finished",
    "cancelled",
    "entered-in-error",
    "unknown",
)
PROCEDURE_STATUSES = (
    "preparation",
    "in-progress",
    "not-done",
    "on-hold",
    "stopped",
    "completed",
    "entered-in-error",
    "unknown",
)


def _notes(staff: Staff) -> QuerySet[SessionNote]:
    return scoped(staff, SessionNote).select_related("therapist").order_by("-session_date", "-id")


def _encounter(note: SessionNote, request: HttpRequest) -> dict[str, Any]:
    diagnoses = CaseDiagnosis.objects.filter(practice_id=note.practice_id, case_id=note.case_id)
    return encounter_resource(note, list(diagnoses))


def _stored_status(choices: tuple[str, ...]) -> Build:
    """Imported history keeps the status the EHR sent."""
    return token("status", {code: code for code in choices}, "status")


def _cpt(value: str, tz: ZoneInfo) -> Q:
    """Treatment lines by CPT code: the techniques that bill under it."""
    system, bar, code = value.rpartition("|")
    if bar and system and system != "http://www.ama-assn.org/go/cpt":
        return NOTHING
    techniques = [t for t, _ in rules.TECHNIQUES if rules.line_cpt(t) == code]
    return Q(technique__in=techniques)


def _patient(field: str) -> Build:
    return reference("Patient", field)


ENCOUNTER = Spec(
    "Encounter",
    Action.CLINICAL_VIEW,
    Category.CLINICAL,
    (
        Param("patient", "reference", "Patient/{id} or {id} (patient or subject is required)"),
        Param("subject", "reference", "Same as patient"),
        Param("date", "date", "Session date (history: period start), with prefix"),
        Param("status", "token", "finished (signed note) | in-progress (draft) | …"),
    ),
    (
        Source(
            _notes,
            {
                "patient": _patient("patient_id"),
                "subject": _patient("patient_id"),
                "date": date_of_field("session_date", "date", is_date=True),
                "status": token(
                    "status",
                    {
                        code: {"finished": NoteStatus.SIGNED, "in-progress": NoteStatus.DRAFT}.get(
                            code
                        )
                        for code in ENCOUNTER_STATUSES
                    },
                    "status",
                ),
            },
            _encounter,
        ),
        Source(
            lambda staff: scoped(staff, PastEncounter).order_by("-started_at", "-id"),
            {
                "patient": _patient("patient_id"),
                "subject": _patient("patient_id"),
                "date": date_of_field("started_at", "date"),
                "status": _stored_status(ENCOUNTER_STATUSES),
            },
            plain(past_encounter_resource),
            prefix="hist-",
        ),
    ),
    "session.fhir_search",
    "session.fhir_read",
    required=("patient", "subject"),
    documentation="One per session note: finished when signed, in-progress while a draft; "
    "class AMB; reasonCode = the case's ICD-10-CM diagnoses. Imported earlier encounters "
    "have ids hist-{pk}. Needs a clinical role.",
)

PROCEDURE = Spec(
    "Procedure",
    Action.CLINICAL_VIEW,
    Category.CLINICAL,
    (
        Param("patient", "reference", "Patient/{id} or {id} (patient, subject or encounter)"),
        Param("subject", "reference", "Same as patient"),
        Param("encounter", "reference", "Encounter/{id}: the lines of one session note"),
        Param("date", "date", "Session date (history: performed date), with prefix"),
        Param("status", "token", "completed (every treatment line) | …"),
        Param("code", "token", "CPT code of the line (http://www.ama-assn.org/go/cpt|97140)"),
    ),
    (
        Source(
            lambda staff: (
                scoped(staff, TreatmentLine)
                .select_related("session__therapist")
                .order_by("-session__session_date", "session_id", "id")
            ),
            {
                "patient": _patient("session__patient_id"),
                "subject": _patient("session__patient_id"),
                "encounter": reference("Encounter", "session_id", strict=False),
                "date": date_of_field("session__session_date", "date", is_date=True),
                "status": token(
                    None,
                    {code: (code == "completed") or None for code in PROCEDURE_STATUSES},
                    "status",
                ),
                "code": _cpt,
            },
            lambda line, request: procedure_resource(line, line.session),
        ),
        Source(
            lambda staff: scoped(staff, PastProcedure).order_by("-performed_on", "-id"),
            {
                "patient": _patient("patient_id"),
                "subject": _patient("patient_id"),
                "date": date_of_field("performed_on", "date", is_date=True),
                "status": _stored_status(PROCEDURE_STATUSES),
                "code": coded("code", "system"),
            },
            plain(past_procedure_resource),
            prefix="hist-",
        ),
    ),
    "session.fhir_search",
    "session.fhir_read",
    required=("patient", "subject", "encounter"),
    documentation="One per treatment line of a session note: technique as text with its CPT "
    "code, SNOMED CT bodySite with laterality, minutes and pressure in note. Imported "
    "earlier procedures have ids hist-{pk}. Needs a clinical role.",
)
