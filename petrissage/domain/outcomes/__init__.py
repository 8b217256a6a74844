"""Outcome measures: instruments as FHIR Questionnaires, scoring and interpretation.

Pure Python (no Django). Built-in free instruments: NPRS, PSFS, LEFS, PGIC, PEG; a
practice loads others (licensed ones included) with `load_questionnaire`.
"""

from __future__ import annotations

from petrissage.domain.outcomes.extensions import CODE_SOURCE_URL, SCORING_URL
from petrissage.domain.outcomes.instruments import (
    BUILT_IN,
    LEFS,
    NPRS,
    PEG,
    PGIC,
    PSFS,
    builtin_questionnaire,
    get_instrument,
)
from petrissage.domain.outcomes.interpretation import (
    goal_status,
    interpret,
    interpret_global,
    plateau,
)
from petrissage.domain.outcomes.loader import load_questionnaire
from petrissage.domain.outcomes.model import (
    AnswerError,
    AnswerOption,
    Change,
    CodeRef,
    Direction,
    GlobalChange,
    GoalStatus,
    Instrument,
    InstrumentError,
    Item,
    Measures,
    OutcomeError,
    Score,
    ScoringRule,
    Threshold,
    Trend,
    display_number,
)
from petrissage.domain.outcomes.scoring import score

__all__ = [
    "BUILT_IN",
    "CODE_SOURCE_URL",
    "LEFS",
    "NPRS",
    "PEG",
    "PGIC",
    "PSFS",
    "SCORING_URL",
    "AnswerError",
    "AnswerOption",
    "Change",
    "CodeRef",
    "Direction",
    "GlobalChange",
    "GoalStatus",
    "Instrument",
    "InstrumentError",
    "Item",
    "Measures",
    "OutcomeError",
    "Score",
    "ScoringRule",
    "Threshold",
    "Trend",
    "builtin_questionnaire",
    "display_number",
    "get_instrument",
    "goal_status",
    "interpret",
    "interpret_global",
    "load_questionnaire",
    "plateau",
    "score",
]
