"""Built-in free instruments (NPRS, PSFS, LEFS, PGIC, PEG) as FHIR R4 Questionnaires.

They are defined exactly as a practice would load a licensed instrument: Questionnaire
JSON plus the Petrissage scoring extension (see `extensions.py`), parsed by
`load_questionnaire`. Numbers come from reference/clinical.md §3 unless a comment says
otherwise. Licensed instruments (ODI, NDI, QuickDASH, HIT-6, FIQR, PROMIS) are not shipped.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from petrissage.domain.outcomes.builders import (
    ANSWERS,
    Json,
    choice_item,
    integer_item,
    loinc_coding,
    questionnaire,
    scored_items,
    scoring_extension,
)
from petrissage.domain.outcomes.loader import load_questionnaire
from petrissage.domain.outcomes.model import Instrument, InstrumentError

NPRS_QUESTIONNAIRE: Final[Json] = questionnaire(
    "nprs",
    "Numeric Pain Rating Scale (NPRS)",
    "Free, no owner (reference/clinical.md §3). Item wording is Petrissage's own.",
    {
        "code": [
            loinc_coding(
                "72514-3",
                "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                "hl7-be patient-monitoring ValueSet, hl7-eu EPS examples",
            )
        ],
        "extension": [
            scoring_extension(
                ("rule", "valueCode", "sum"),
                ("direction", "valueCode", "higher-is-worse"),  # clinical.md §3
                ("scoreMin", "valueDecimal", 0),
                ("scoreMax", "valueDecimal", 10),
                # clinical.md §3 [OM1][OM2][OM3]: ~2 points or ~30% ("much better")
                ("mcidPoints", "valueDecimal", 2),
                ("mcidPercent", "valueDecimal", 30),
                ("mcidSource", "valueString", "clinical.md §3 [OM1][OM2][OM3]"),
                *scored_items("pain"),
                ("construct", "valueString", "Pain"),
                ("recall", "valueString", "right now"),
                (
                    "note",
                    "valueString",
                    "Baseline-dependent MCID: ~2 points or ~30% [OM1][OM3]. For a baseline of 6 "
                    "or less, 30% is under 2 points; either criterion counts, and the notes "
                    "say when only the percent criterion was met.",
                ),
                (
                    "note",
                    "valueString",
                    "~1 point or 15% is only a minimal improvement [OM1][OM2]. clinical.md "
                    "gives no MDC for the NPRS.",
                ),
            )
        ],
        "item": [
            integer_item(
                "pain",
                "On a scale from 0 (no pain) to 10 (the worst pain you can imagine), "
                "how much pain do you have right now?",
                0,
                10,
            )
        ],
    },
)


def _psfs_activity(number: int) -> Json:
    return {
        "linkId": f"activity-{number}",
        "type": "group",
        "required": number <= 3,  # clinical.md §3 [OM8]: 3–5 patient-chosen activities
        "item": [
            {
                "linkId": f"activity-{number}-name",
                "text": f"Activity {number}: an important activity your problem makes hard "
                "or impossible",
                "type": "string",
                "required": number <= 3,
            },
            integer_item(
                f"activity-{number}-rating",
                f"Today, how well can you do activity {number}? 0 = unable to do it, "
                "10 = as well as before the problem",
                0,
                10,
                required=number <= 3,
            ),
        ],
    }


PSFS_QUESTIONNAIRE: Final[Json] = questionnaire(
    "psfs",
    "Patient-Specific Functional Scale (PSFS)",
    "Free [OM8] (reference/clinical.md §3). Item wording is Petrissage's own.",
    {
        "extension": [
            scoring_extension(
                ("rule", "valueCode", "mean"),  # clinical.md §3 [OM8]: average of activities
                ("direction", "valueCode", "higher-is-better"),
                ("scoreMin", "valueDecimal", 0),
                ("scoreMax", "valueDecimal", 10),
                ("minAnswered", "valueInteger", 3),  # 3–5 activities [OM8]
                ("mdcPoints", "valueDecimal", 2),  # clinical.md §3 [OM8]: MDC 2 (average)
                ("mdcSource", "valueString", "clinical.md §3 [OM8] (average score)"),
                *scored_items(*(f"activity-{n}-rating" for n in range(1, 6))),
                ("construct", "valueString", "Function"),
                ("recall", "valueString", "today"),
                (
                    "note",
                    "valueString",
                    "clinical.md §3 gives an MDC, not an MCID, for the PSFS: important "
                    "change means beyond the MDC of 2 for the average, 3 for a single "
                    "activity [OM8].",
                ),
            )
        ],
        "item": [_psfs_activity(n) for n in range(1, 6)],
    },
)

# Activity list of the published LEFS (Binkley 1999 [OM18]; free, published in PTJ [OM19]).
LEFS_ACTIVITIES: Final = (
    "Any of your usual work, housework or school activities",
    "Your usual hobbies, recreational or sporting activities",
    "Getting into or out of the bath",
    "Walking between rooms",
    "Putting on your shoes or socks",
    "Squatting",
    "Lifting an object, like a bag of groceries, from the floor",
    "Performing light activities around your home",
    "Performing heavy activities around your home",
    "Getting into or out of a car",
    "Walking 2 blocks",
    "Walking a mile",
    "Going up or down 10 stairs (about 1 flight of stairs)",
    "Standing for 1 hour",
    "Sitting for 1 hour",
    "Running on even ground",
    "Running on uneven ground",
    "Making sharp turns while running fast",
    "Hopping",
    "Rolling over in bed",
)
LEFS_OPTIONS: Final = [  # clinical.md §3 [OM18]: 0 extreme difficulty … 4 no difficulty
    ("extreme", "Extreme difficulty or unable to perform activity", 0),
    ("quite-a-bit", "Quite a bit of difficulty", 1),
    ("moderate", "Moderate difficulty", 2),
    ("a-little", "A little bit of difficulty", 3),
    ("none", "No difficulty", 4),
]

LEFS_QUESTIONNAIRE: Final[Json] = questionnaire(
    "lefs",
    "Lower Extremity Functional Scale (LEFS)",
    "Free, published in Physical Therapy 1999 [OM18][OM19] (reference/clinical.md §3).",
    {
        "extension": [
            scoring_extension(
                ("rule", "valueCode", "sum"),  # clinical.md §3 [OM18]: sum of 20 items
                ("direction", "valueCode", "higher-is-better"),
                ("scoreMin", "valueDecimal", 0),
                ("scoreMax", "valueDecimal", 80),
                # clinical.md §3 [OM18]: "MCID and MDC 9 points"
                ("mcidPoints", "valueDecimal", 9),
                ("mcidSource", "valueString", "clinical.md §3 [OM18]"),
                ("mdcPoints", "valueDecimal", 9),
                ("mdcSource", "valueString", "clinical.md §3 [OM18]"),
                *scored_items(*(f"lefs-{n}" for n in range(1, 21))),
                ("construct", "valueString", "Function"),
                ("recall", "valueString", "today"),
                (
                    "note",
                    "valueString",
                    "All 20 items are required: the published scoring is a plain sum "
                    "[OM18] and no missing-item rule was found in the cited sources, so an "
                    "incomplete LEFS is not scored (the missing items are named).",
                ),
            )
        ],
        "item": [
            {
                "linkId": "instructions",
                "type": "display",
                "text": "Today, do you or would you have any difficulty at all with:",
            },
            *(
                choice_item(f"lefs-{n}", text, ANSWERS + "lefs-difficulty", LEFS_OPTIONS)
                for n, text in enumerate(LEFS_ACTIVITIES, start=1)
            ),
        ],
    },
)

PGIC_QUESTIONNAIRE: Final[Json] = questionnaire(
    "pgic",
    "Patient Global Impression of Change (PGIC)",
    "Public domain [OM26] (reference/clinical.md §3). Item wording is Petrissage's own.",
    {
        "extension": [
            scoring_extension(
                ("rule", "valueCode", "sum"),
                ("direction", "valueCode", "higher-is-worse"),  # 1 = very much improved
                ("scoreMin", "valueDecimal", 1),
                ("scoreMax", "valueDecimal", 7),
                ("measures", "valueCode", "change"),
                # clinical.md §3 [OM1]: "much/very much improved" = common anchor
                ("anchorPoints", "valueDecimal", 2),
                ("anchorSource", "valueString", "clinical.md §3 [OM1]"),
                *scored_items("change"),
                ("construct", "valueString", "Overall change"),
                ("recall", "valueString", "since the start of treatment"),
            )
        ],
        "item": [
            choice_item(
                "change",
                "Since you started treatment, how would you describe the overall change "
                "in your condition?",
                ANSWERS + "pgic",
                [
                    ("very-much-improved", "Very much improved", 1),
                    ("much-improved", "Much improved", 2),
                    ("minimally-improved", "Minimally improved", 3),
                    ("no-change", "No change", 4),
                    ("minimally-worse", "Minimally worse", 5),
                    ("much-worse", "Much worse", 6),
                    ("very-much-worse", "Very much worse", 7),
                ],
            )
        ],
    },
)

_PEG_SEEN_IN = "uwcirg/fhir-questionnaires CIRG-PEG.json"
PEG_QUESTIONNAIRE: Final[Json] = questionnaire(
    "peg",
    "PEG three-item pain scale (Pain, Enjoyment of life, General activity)",
    "Listed as free in DESIGN.md; not in clinical.md's licence table (unverified). "
    "Item wording is Petrissage's own.",
    {
        "code": [loinc_coding("91148-7", "PEG 3 item pain scale [PEG]", _PEG_SEEN_IN)],
        "extension": [
            scoring_extension(
                ("rule", "valueCode", "mean"),  # mean of the 3 items; all 3 required
                ("direction", "valueCode", "higher-is-worse"),
                ("scoreMin", "valueDecimal", 0),
                ("scoreMax", "valueDecimal", 10),
                *scored_items("peg-pain", "peg-enjoyment", "peg-activity"),
                ("construct", "valueString", "Pain and interference"),
                ("recall", "valueString", "past week"),
                (
                    "note",
                    "valueString",
                    "clinical.md §3 gives no MCID or MDC for the PEG, so whether a change "
                    "is important is not judged. All 3 items are required.",
                ),
            )
        ],
        "item": [
            integer_item(
                "peg-pain",
                "In the past week, what number from 0 (no pain) to 10 (pain as bad as you "
                "can imagine) best describes your pain on average?",
                0,
                10,
                code=[loinc_coding("75893-8", "Pain severity average past week", _PEG_SEEN_IN)],
            ),
            integer_item(
                "peg-enjoyment",
                "In the past week, from 0 (did not interfere) to 10 (completely interfered), "
                "how much has pain interfered with your enjoyment of life?",
                0,
                10,
                code=[loinc_coding("91145-3", "Pain interference with enjoyment", _PEG_SEEN_IN)],
            ),
            integer_item(
                "peg-activity",
                "In the past week, from 0 (did not interfere) to 10 (completely interfered), "
                "how much has pain interfered with your general activity?",
                0,
                10,
                code=[loinc_coding("91146-1", "Pain interference with activity", _PEG_SEEN_IN)],
            ),
        ],
    },
)

_QUESTIONNAIRES: Final[Mapping[str, Json]] = MappingProxyType(
    {
        q["id"]: q
        for q in (
            NPRS_QUESTIONNAIRE,
            PSFS_QUESTIONNAIRE,
            LEFS_QUESTIONNAIRE,
            PGIC_QUESTIONNAIRE,
            PEG_QUESTIONNAIRE,
        )
    }
)
BUILT_IN: Final[Mapping[str, Instrument]] = MappingProxyType(
    {qid: load_questionnaire(q) for qid, q in _QUESTIONNAIRES.items()}
)
NPRS: Final = BUILT_IN["nprs"]
PSFS: Final = BUILT_IN["psfs"]
LEFS: Final = BUILT_IN["lefs"]
PGIC: Final = BUILT_IN["pgic"]
PEG: Final = BUILT_IN["peg"]


def builtin_questionnaire(instrument_id: str) -> Json:
    """A fresh copy of a built-in Questionnaire (safe to change or serialise)."""
    try:
        return copy.deepcopy(_QUESTIONNAIRES[instrument_id])
    except KeyError:
        raise InstrumentError(_unknown(instrument_id)) from None


def get_instrument(instrument_id: str) -> Instrument:
    try:
        return BUILT_IN[instrument_id]
    except KeyError:
        raise InstrumentError(_unknown(instrument_id)) from None


def _unknown(instrument_id: str) -> str:
    return f"no built-in instrument {instrument_id!r}; built-ins are {', '.join(BUILT_IN)}"
