"""The structured health-history intake: the questions as data (questions.py), answer
validation (answers.py) and the mapping of answers to screening input (screening.py).

Answers are a flat JSON object keyed by question key. Values after validation:
yes/no -> bool, number -> int, date -> "YYYY-MM-DD", region -> a region code or area name,
regions / multi -> list of str, group -> list of row objects, anything else -> str.
An empty answer is None (or [] for lists). Pure Python: no Django.
"""

from __future__ import annotations

from petrissage.domain.intake.answers import (
    Invalid,
    clean_value,
    question_of,
    validate_answers,
    validate_signature,
)
from petrissage.domain.intake.questions import (
    CONSENT_TEXT,
    NODE_LABELS,
    PARENTS,
    QUESTIONS,
    REGION_CODE_SYSTEM,
    SECTIONS,
    Question,
    Section,
    all_questions,
    is_asked,
)
from petrissage.domain.intake.screening import screening_kwargs

__all__ = [
    "CONSENT_TEXT",
    "NODE_LABELS",
    "PARENTS",
    "QUESTIONS",
    "REGION_CODE_SYSTEM",
    "SECTIONS",
    "Invalid",
    "Question",
    "Section",
    "all_questions",
    "clean_value",
    "is_asked",
    "question_of",
    "screening_kwargs",
    "validate_answers",
    "validate_signature",
]
