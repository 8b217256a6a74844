"""Where /fhir/R4/QuestionnaireResponse and /fhir/R4/Questionnaire get their resources.

Several apps store answers to forms: intake (health history), outcomes (scored instruments),
check-ins … Each is a *source* with its own id prefix: a QuestionnaireResponse id is
"<prefix>-<pk>" ("intake-12"), and questionnaire_views.py dispatches on the prefix.

To add a source (one line here, nothing else to change in the FHIR app):

1. In your app, write two functions (see fhir/mapping/intake_questionnaire_response.py):

       def my_response_read(practice: Practice, pk: int) -> Found | None:
           # the row `pk` of THIS practice as a QuestionnaireResponse dict whose "id" is
           # f"{prefix}-{pk}", or None when there is no such row (the view answers 404)

       def my_response_search(practice: Practice, patient: Patient) -> list[Found]:
           # every response of this (already access-checked) patient, newest first

   Both must filter on `practice` themselves. The view does the rest: the clinical-role
   check, the patient check, the audit event, `status=` filtering, `_count` and the Bundle.
   The resource's "status" ("completed", "in-progress" …) and "authored" are used to filter
   and sort, so set them.
2. Append `QuestionnaireSource("<prefix>", "<dotted.read>", "<dotted.search>")` to
   QUESTIONNAIRE_SOURCES below. Prefixes are lowercase letters and must be unique (a test
   checks). Dotted paths keep this module free of app imports (no import cycles).
3. If your answers follow a Questionnaire definition of your own, append
   `QuestionnaireDefinition("<id>", "<dotted.builder>")` to QUESTIONNAIRE_DEFINITIONS, where
   the builder takes the practice and returns the Questionnaire dict (or None to 404).
4. Add a test that validates your resources with fhir.resources.R4B (see
   tests/fhir/test_questionnaire_response.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from petrissage.patients.models import Patient
    from petrissage.practice.models import Practice


@dataclass(frozen=True)
class Found:
    """One QuestionnaireResponse and the patient it belongs to (for the audit trail)."""

    patient: Patient
    resource: dict[str, Any]


ReadFn = Callable[["Practice", int], Found | None]
SearchFn = Callable[["Practice", "Patient"], list[Found]]
DefinitionFn = Callable[["Practice"], dict[str, Any] | None]


@dataclass(frozen=True)
class QuestionnaireSource:
    prefix: str
    read: str  # dotted path of a ReadFn
    search: str  # dotted path of a SearchFn

    def reader(self) -> ReadFn:
        function: ReadFn = import_string(self.read)
        return function

    def searcher(self) -> SearchFn:
        function: SearchFn = import_string(self.search)
        return function


@dataclass(frozen=True)
class QuestionnaireDefinition:
    id: str
    build: str  # dotted path of a DefinitionFn

    def builder(self) -> DefinitionFn:
        function: DefinitionFn = import_string(self.build)
        return function


_MAPPING = "petrissage.fhir.mapping"

QUESTIONNAIRE_SOURCES: tuple[QuestionnaireSource, ...] = (
    QuestionnaireSource(
        "intake",
        f"{_MAPPING}.intake_questionnaire_response.intake_response_read",
        f"{_MAPPING}.intake_questionnaire_response.intake_response_search",
    ),
    QuestionnaireSource(
        "outcome",
        f"{_MAPPING}.questionnaire_response_outcomes.outcome_response_read",
        f"{_MAPPING}.questionnaire_response_outcomes.outcome_response_search",
    ),
    QuestionnaireSource(
        "checkin",
        f"{_MAPPING}.questionnaire_response_outcomes.checkin_response_read",
        f"{_MAPPING}.questionnaire_response_outcomes.checkin_response_search",
    ),
)

QUESTIONNAIRE_DEFINITIONS: tuple[QuestionnaireDefinition, ...] = (
    QuestionnaireDefinition("intake", f"{_MAPPING}.intake_questionnaire.intake_definition"),
    QuestionnaireDefinition(
        "post-session-check-in", f"{_MAPPING}.questionnaire_response_outcomes.checkin_definition"
    ),
    *(
        QuestionnaireDefinition(
            code, f"{_MAPPING}.questionnaire_response_outcomes.{code}_definition"
        )
        for code in ("nprs", "psfs", "lefs", "pgic", "peg")
    ),
)

RESPONSE_ID = re.compile(r"^([a-z]+)-(\d{1,18})$")


def source_for(prefix: str) -> QuestionnaireSource | None:
    return next((s for s in QUESTIONNAIRE_SOURCES if s.prefix == prefix), None)


def definition_for(questionnaire_id: str) -> QuestionnaireDefinition | None:
    return next((d for d in QUESTIONNAIRE_DEFINITIONS if d.id == questionnaire_id), None)
