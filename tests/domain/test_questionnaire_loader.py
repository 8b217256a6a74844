"""Instruments are FHIR R4 Questionnaires with a Petrissage scoring extension."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from petrissage.domain.outcomes import (
    BUILT_IN,
    SCORING_URL,
    AnswerError,
    Direction,
    InstrumentError,
    ScoringRule,
    builtin_questionnaire,
    interpret,
    load_questionnaire,
    score,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
PHQ9_PATH = (
    REPO_ROOT
    / ".."
    / "shared"
    / "data"
    / "questionnaires"
    / "fhir-r4-spec-examples"
    / "Questionnaire-phq-9-questionnaire.json"
)
PHQ9_ITEMS = [
    "LittleInterest",
    "FeelingDown",
    "TroubleSleeping",
    "FeelingTired",
    "BadAppetite",
    "FeelingBadAboutSelf",
    "TroubleConcentrating",
    "MovingSpeaking",
]
needs_shared_data = pytest.mark.skipif(
    not PHQ9_PATH.is_file(), reason=f"shared test data not present at {PHQ9_PATH}"
)


def scoring_parts(questionnaire):
    return next(e for e in questionnaire["extension"] if e["url"] == SCORING_URL)["extension"]


def set_part(questionnaire, url, key, value):
    parts = [p for p in scoring_parts(questionnaire) if p["url"] != url]
    parts.append({"url": url, key: value})
    scoring_parts(questionnaire)[:] = parts


def drop_part(questionnaire, url):
    scoring_parts(questionnaire)[:] = [p for p in scoring_parts(questionnaire) if p["url"] != url]


@pytest.mark.parametrize("instrument_id", sorted(BUILT_IN))
def test_built_in_questionnaires_are_valid_fhir_r4(instrument_id):
    resource = Questionnaire.model_validate(builtin_questionnaire(instrument_id))
    assert resource.id == instrument_id
    assert resource.status == "active"


@pytest.mark.parametrize("instrument_id", sorted(BUILT_IN))
def test_built_ins_load_from_their_own_json(instrument_id):
    round_tripped = json.loads(json.dumps(builtin_questionnaire(instrument_id)))
    assert load_questionnaire(round_tripped) == BUILT_IN[instrument_id]


@pytest.mark.parametrize(
    ("instrument_id", "items", "rule", "low", "high", "direction", "mcid", "mdc", "recall"),
    [
        ("nprs", 1, "sum", 0, 10, "higher-is-worse", (2, 30), None, "right now"),
        ("psfs", 5, "mean", 0, 10, "higher-is-better", None, 2, "today"),
        ("lefs", 20, "sum", 0, 80, "higher-is-better", (9, None), 9, "today"),
        ("pgic", 1, "sum", 1, 7, "higher-is-worse", None, None, "since the start of treatment"),
        ("peg", 3, "mean", 0, 10, "higher-is-worse", None, None, "past week"),
    ],
)
def test_built_in_definitions_match_clinical_reference(
    instrument_id, items, rule, low, high, direction, mcid, mdc, recall
):
    instrument = BUILT_IN[instrument_id]
    assert len(instrument.items) == items
    assert instrument.rule is ScoringRule(rule)
    assert (instrument.score_min, instrument.score_max) == (low, high)
    assert instrument.direction is Direction(direction)
    if mcid is None:
        assert instrument.mcid is None
    else:
        assert (instrument.mcid.points, instrument.mcid.percent) == mcid
        assert "clinical.md §3 [OM" in instrument.mcid.source
    assert (instrument.mdc.points if instrument.mdc else None) == mdc
    assert instrument.recall == recall


@pytest.mark.parametrize(
    ("instrument_id", "code"),
    [("nprs", "72514-3"), ("peg", "91148-7"), ("psfs", None), ("lefs", None), ("pgic", None)],
)
def test_loinc_codes_name_their_source_and_are_marked_unverified(instrument_id, code):
    instrument = BUILT_IN[instrument_id]
    if code is None:
        assert instrument.code is None
        return
    assert instrument.code.code == code
    assert instrument.code.verified is False
    assert "not checked against loinc.org" in instrument.code.source


def test_lefs_items_carry_the_published_answer_labels():
    item = BUILT_IN["lefs"].item("lefs-13")
    assert item.text.startswith("Going up or down 10 stairs")
    assert [(o.value, o.label) for o in item.options][::4] == [
        (0, "Extreme difficulty or unable to perform activity"),
        (4, "No difficulty"),
    ]


def test_builtin_questionnaire_returns_a_copy():
    builtin_questionnaire("nprs")["item"].clear()
    assert builtin_questionnaire("nprs")["item"]
    with pytest.raises(InstrumentError, match="no built-in instrument 'odi'"):
        builtin_questionnaire("odi")


def _edit(instrument_id, change):
    questionnaire = builtin_questionnaire(instrument_id)
    change(questionnaire)
    return questionnaire


def _remove_range(q):
    q["item"][0]["extension"] = []


def _duplicate_item(q):
    q["item"].append(copy.deepcopy(q["item"][0]))


def _drop_ordinal(q):
    del q["item"][0]["answerOption"][2]["valueCoding"]["extension"]


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        ({"resourceType": "Patient", "id": "x"}, "resourceType must be 'Questionnaire'"),
        ([], "resourceType must be 'Questionnaire'"),
        (_edit("nprs", lambda q: q.pop("id")), "'id' is required"),
        (_edit("nprs", lambda q: q.pop("extension")), "has no Petrissage scoring rule"),
        (_edit("nprs", lambda q: set_part(q, "rule", "valueCode", "median")),
         "rule 'median' is not one of sum, mean"),
        (_edit("nprs", lambda q: drop_part(q, "direction")), "'direction' is required"),
        (_edit("nprs", lambda q: set_part(q, "direction", "valueCode", "up")),
         "direction 'up' is not one of higher-is-better, higher-is-worse"),
        (_edit("nprs", lambda q: set_part(q, "mcdi", "valueDecimal", 2)),
         "unknown scoring setting 'mcdi'"),
        (_edit("nprs", lambda q: drop_part(q, "mcidSource")), "mcid needs 'mcidSource'"),
        (_edit("nprs", lambda q: set_part(q, "mcidPoints", "valueDecimal", -2)),
         "'mcidPoints' must not be negative"),
        (_edit("lefs", lambda q: set_part(q, "mdcPoints", "valueDecimal", 0)),
         "a mdc threshold of 0 would count any change"),
        (_edit("nprs", lambda q: set_part(q, "mcidPoints", "valueString", "two")),
         "'two' is not a number"),
        (_edit("nprs", lambda q: drop_part(q, "recall")), "'recall' .recall window. is required"),
        (_edit("nprs", lambda q: drop_part(q, "item")), "must list the scored items"),
        (_edit("nprs", _remove_range), "item 'pain' has no answer range"),
        (_edit("nprs", _duplicate_item), "linkId 'pain' is used twice"),
        (_edit("lefs", lambda q: set_part(q, "scoreMax", "valueDecimal", 90)),
         "declared scoreMax 90 does not match the 20 scored items, which give 0–80 by sum"),
        (_edit("lefs", lambda q: scoring_parts(q).append({"url": "item", "valueString": "x9"})),
         "scored item 'x9' is not in the Questionnaire"),
        (_edit("lefs", lambda q: scoring_parts(q).append(
            {"url": "item", "valueString": "lefs-1"})), "a scored item is listed twice"),
        (_edit("lefs", lambda q: set_part(q, "minAnswered", "valueInteger", 0)),
         "minAnswered must be between 1 and 20"),
        (_edit("lefs", lambda q: set_part(q, "minAnswered", "valueDecimal", 2.5)),
         "'minAnswered' must be whole"),
        (_edit("pgic", _drop_ordinal), "answerOption 'minimally-improved' has no ordinalValue"),
        (_edit("psfs", lambda q: scoring_parts(q).append(
            {"url": "item", "valueString": "activity-1-name"})), "type 'string' cannot be scored"),
    ],
)  # fmt: skip
def test_invalid_definitions_are_refused_with_a_clear_message(resource, message):
    with pytest.raises(InstrumentError, match=message):
        load_questionnaire(resource)


def test_answer_options_with_value_integer_and_default_answer_range():
    questionnaire = {
        "resourceType": "Questionnaire",
        "id": "demo",
        "name": "DEMO",
        "status": "draft",
        "extension": [
            {
                "url": SCORING_URL,
                "extension": [
                    {"url": "rule", "valueCode": "sum"},
                    {"url": "direction", "valueCode": "higher-is-worse"},
                    {"url": "answerMin", "valueDecimal": 0},
                    {"url": "answerMax", "valueDecimal": 5},
                    {"url": "item", "valueString": "a"},
                    {"url": "item", "valueString": "b"},
                    {"url": "recall", "valueString": "today"},
                ],
            }
        ],
        "item": [
            {"linkId": "a", "type": "integer", "text": "A"},
            {"linkId": "g", "type": "group", "item": [
                {"linkId": "b", "type": "choice", "text": "B",
                 "answerOption": [{"valueInteger": 0}, {"valueInteger": 2}]},
            ]},
        ],
    }  # fmt: skip
    Questionnaire.model_validate(questionnaire)
    instrument = load_questionnaire(questionnaire)
    assert (instrument.score_min, instrument.score_max) == (0, 7)
    assert instrument.construct == "Score"
    assert score(instrument, {"a": 5, "b": 2}).value == 7
    with pytest.raises(AnswerError, match="DEMO item 'b': answer 1 must be one of 0, 2"):
        score(instrument, {"a": 5, "b": 1})


# --- The HL7 R4 PHQ-9 example (CC0), read from ../shared/data -------------------------


def phq9():
    return json.loads(PHQ9_PATH.read_text(encoding="utf-8"))


def with_scoring(questionnaire, items):
    """PHQ-9 scoring as published: sum of items each 0–3, 0–27, higher is worse."""
    parts = [
        {"url": "rule", "valueCode": "sum"},
        {"url": "direction", "valueCode": "higher-is-worse"},
        {"url": "scoreMin", "valueDecimal": 0},
        {"url": "scoreMax", "valueDecimal": 27},
        {"url": "answerMin", "valueDecimal": 0},
        {"url": "answerMax", "valueDecimal": 3},
        {"url": "construct", "valueString": "Depression symptoms"},
        {"url": "recall", "valueString": "past 2 weeks"},
        *({"url": "item", "valueString": link_id} for link_id in items),
    ]
    questionnaire["extension"].append({"url": SCORING_URL, "extension": parts})
    return questionnaire


def with_item_nine(questionnaire):
    """The HL7 example omits PHQ-9 item 9; add a stand-in so the 0–27 range is complete."""
    item_nine = {
        "linkId": "Item9",
        "text": "PHQ-9 item 9 (stand-in added by this test)",
        "type": "choice",
        "required": True,
        "answerValueSet": "http://loinc.org/vs/LL358-3",
    }
    questionnaire["item"].insert(8, item_nine)
    return questionnaire


@needs_shared_data
def test_phq9_example_without_a_scoring_rule_is_refused():
    with pytest.raises(InstrumentError) as refused:
        load_questionnaire(phq9())
    assert str(refused.value).startswith(
        "Questionnaire 'phq-9-questionnaire' has no Petrissage scoring rule"
    )


@needs_shared_data
def test_phq9_example_has_only_eight_items_so_a_0_to_27_range_is_refused():
    with pytest.raises(InstrumentError, match=r"declared scoreMax 27 .* give 0–24 by sum"):
        load_questionnaire(with_scoring(phq9(), PHQ9_ITEMS))


@needs_shared_data
def test_phq9_calculated_total_cannot_be_a_scored_item():
    with pytest.raises(InstrumentError, match="'TotalScore' is calculated by the Questionnaire"):
        load_questionnaire(with_scoring(phq9(), [*PHQ9_ITEMS, "TotalScore"]))


@needs_shared_data
def test_phq9_with_a_scoring_extension_loads_and_scores():
    resource = with_scoring(with_item_nine(phq9()), [*PHQ9_ITEMS, "Item9"])
    Questionnaire.model_validate(resource)
    instrument = load_questionnaire(resource)

    assert instrument.id == "phq-9-questionnaire"
    assert (instrument.score_min, instrument.score_max) == (0, 27)
    assert instrument.direction is Direction.HIGHER_IS_WORSE
    assert instrument.code.code == "44249-1"
    assert instrument.code.verified is False
    assert instrument.unscored_link_ids == {"TotalScore", "Difficulty"}

    answers = dict(zip([*PHQ9_ITEMS, "Item9"], [1, 2, 0, 3, 1, 0, 2, 1, 0], strict=True))
    answers["Difficulty"] = 2  # part of the form, not of the score
    assert score(instrument, answers).value == Decimal(10)
    assert score(instrument, dict.fromkeys([*PHQ9_ITEMS, "Item9"], 3)).value == 27
    with pytest.raises(AnswerError, match="item 'FeelingDown': answer 4 must be between 0 and 3"):
        score(instrument, {**answers, "FeelingDown": 4})
    with pytest.raises(AnswerError, match="needs all 9 items answered; missing: Item9"):
        score(instrument, {k: v for k, v in answers.items() if k != "Item9"})
    change = interpret(instrument, 15, 10)
    assert change.improvement == 5
    assert change.trend.value == "not-judged"  # no MCID given: importance not judged
