"""After-care instructions: default texts per technique and per screening modification
(clinical.md §5 and §2), and the choice of the texts that fit one signed session.

Pure Python, no Django: `choose_instructions` takes what was done (treatment lines) and the
patient's screening modifications, plus the practice's own wording where it has edited a
text, and returns the sheet the patient takes home.
"""

from petrissage.domain.aftercare.choose import (
    AftercareItem,
    AftercareSheet,
    DoneLine,
    Modification,
    choose_instructions,
)
from petrissage.domain.aftercare.texts import (
    DEFAULT_TEXTS,
    GENERAL_KEY,
    MAX_TEXT_LENGTH,
    RED_FLAGS_KEY,
    TextKey,
    default_text,
    key_label,
    text_problem,
)

__all__ = [
    "DEFAULT_TEXTS",
    "GENERAL_KEY",
    "MAX_TEXT_LENGTH",
    "RED_FLAGS_KEY",
    "AftercareItem",
    "AftercareSheet",
    "DoneLine",
    "Modification",
    "TextKey",
    "choose_instructions",
    "default_text",
    "key_label",
    "text_problem",
]
