"""Exporter for signed session notes: one Encounter per note (carrying the note and its
lines exactly, petrissage-session) and one Procedure per treatment line (marked
petrissage-session-line, so import_fhir does not read it as past history). Draft notes are
work in progress and are not exported."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from petrissage.clinical.models import CaseDiagnosis, NoteStatus, SessionNote, TreatmentLine
from petrissage.fhir.exporting.carried import line_marker, session_extension
from petrissage.fhir.exporting.registry import register
from petrissage.fhir.mapping.encounter import encounter_resource
from petrissage.fhir.mapping.procedure import procedure_resource
from petrissage.practice.models import Practice

CHUNK = 500


def _signed(practice: Practice) -> Iterator[SessionNote]:
    notes = SessionNote.objects.filter(practice=practice, status=NoteStatus.SIGNED)
    related = notes.select_related("therapist", "signed_by", "case", "case__therapist")
    yield from related.order_by("pk").iterator(CHUNK)


@register("Encounter", "signed session notes")
def session_encounters(practice: Practice) -> Iterator[dict[str, Any]]:
    for note in _signed(practice):
        diagnoses = list(
            CaseDiagnosis.objects.filter(practice=practice, case_id=note.case_id).order_by(
                "position"
            )
        )
        lines = list(TreatmentLine.objects.filter(practice=practice, session=note).order_by("pk"))
        resource = encounter_resource(note, diagnoses)
        resource["extension"] = [session_extension(note, lines, diagnoses)]
        yield resource


@register("Procedure", "treatment lines of signed session notes")
def session_procedures(practice: Practice) -> Iterator[dict[str, Any]]:
    for note in _signed(practice):
        for line in TreatmentLine.objects.filter(practice=practice, session=note).order_by("pk"):
            resource = procedure_resource(line, note)
            resource["extension"] = [line_marker(line)]
            yield resource
