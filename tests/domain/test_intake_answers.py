"""Intake answers: validation by field, and the mapping to screening input, table-tested.

Every red-flag answer set to yes reaches screening and produces its finding."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from petrissage.domain.intake import (
    QUESTIONS,
    Invalid,
    all_questions,
    screening_kwargs,
    validate_answers,
    validate_signature,
)
from petrissage.domain.screening import LymphNodeSite, Medication, ScreeningInput, screen

TODAY = date(2026, 11, 20)
DAY = timedelta(days=1)


def all_no() -> dict[str, object]:
    """A complete intake with every required question answered 'no' (or 'none')."""
    answers: dict[str, object] = {"reason_for_visit": "Low back pain since March"}
    for q, _ in all_questions():
        if q.kind == "yesno":
            answers[q.key] = False
        elif q.kind == "choice" and q.required:
            answers[q.key] = "none"
    return answers


def _clean(**extra):
    clean, errors = validate_answers({**all_no(), **extra}, today=TODAY, partial=False)
    assert errors == {}
    return clean


def _findings(clean):
    kwargs: dict[str, Any] = screening_kwargs(clean)
    result = screen(ScreeningInput(today=TODAY, **kwargs))
    return {f.rule_id for f in result.findings}


def test_a_complete_intake_with_every_answer_no_is_valid_and_screens_clean():
    clean = _clean()
    assert _findings(clean) == set()


def test_every_required_question_must_be_answered_when_submitting():
    _, errors = validate_answers({}, today=TODAY, partial=False)
    required_top_level = {q.key for q, parent in all_questions() if q.required and not parent}
    assert set(errors) == required_top_level
    assert all(message == "Please answer this question." for message in errors.values())


def test_a_draft_may_leave_required_questions_open():
    clean, errors = validate_answers({"goals": "Walk the dog"}, today=TODAY, partial=True)
    assert (clean, errors) == ({"goals": "Walk the dog"}, {})


RED_FLAGS: list[tuple[dict[str, Any], str]] = [
    ({"calf_swelling": "yes", "calf_swelling_side": "left"}, "dvt-signs"),
    ({"breathless_or_chest_pain": "yes"}, "pe-signs"),
    ({"fever_or_infection": "yes"}, "fever-infection"),
    ({"weight_loss": "yes"}, "refer-weight-loss"),
    ({"numbness_or_weakness": "yes"}, "refer-neuro"),
    ({"unexplained_pain": "yes"}, "refer-unexplained-pain"),
    (
        {"recent_injection": "yes", "injections": [{"on": TODAY - DAY, "region": "knee-left"}]},
        "corticosteroid-injection",
    ),
    ({"anticoagulant": "yes"}, "bleeding-risk"),
    ({"antiplatelet": "yes"}, "antiplatelet"),
    ({"bleeding_disorder": "yes"}, "bleeding-risk"),
    ({"cancer": "current"}, "cancer-active"),
    ({"cancer": "past"}, "cancer-history"),
    ({"cancer": "current", "cancer_sites": ["abdomen"]}, "cancer-sites"),
    ({"cancer": "past", "lymph_nodes_removed": ["axilla-left"]}, "lymph-node-dissection"),
    ({"cancer": "current", "bone_metastasis": "yes"}, "bone-metastasis"),
    ({"osteoporosis": "yes"}, "osteoporosis"),
    ({"diabetes": "yes", "diabetic_neuropathy": "yes"}, "diabetic-neuropathy"),
    ({"blood_pressure": "uncontrolled"}, "hypertension-uncontrolled"),
    ({"blood_pressure": "controlled"}, "hypertension-controlled"),
    ({"skin_lesions": "yes", "skin_lesion_regions": ["forearm-flexors-right"]}, "skin-lesion"),
    ({"varicose_veins": "yes", "varicose_vein_regions": ["leg"]}, "varicose-veins"),
    ({"phlebitis": "yes", "phlebitis_regions": ["calf-right"]}, "phlebitis"),
    ({"aneurysm": "yes"}, "aneurysm"),
    (
        {"acute_inflammation": "yes", "acute_inflammation_regions": ["knee-right"]},
        "acute-inflammation",
    ),
    ({"lymphedema": "yes", "lymphedema_regions": ["arm"]}, "lymphedema"),
    (
        {
            "implanted_device": "yes",
            "devices": [{"description": "Port", "region": "pectorals-right"}],
        },
        "implanted-device",
    ),
    ({"dvt_history": "yes", "dvt_history_date": "2019-04-01"}, "dvt-history"),
    ({"pe_history": "yes"}, "dvt-history"),
    ({"pregnant": "yes", "pregnancy_weeks": "20", "pregnancy_high_risk": "no"}, "pregnancy"),
    (
        {"pregnant": "yes", "pregnancy_weeks": "8", "pregnancy_high_risk": "yes"},
        "pregnancy-high-risk",
    ),
    (
        {
            "surgeries": [
                {"on": TODAY - 10 * DAY, "description": "Knee scope", "region": "knee-left"}
            ]
        },
        "recent-surgery",
    ),
    ({"fractures": [{"on": TODAY - 20 * DAY, "region": "wrist-left", "healed": "no"}]}, "fracture"),
]


@pytest.mark.parametrize(("answers", "rule_id"), RED_FLAGS, ids=[r for _, r in RED_FLAGS])
def test_each_red_flag_answer_reaches_screening(answers, rule_id):
    assert rule_id in _findings(_clean(**answers))


def test_every_red_flag_yes_at_once_constructs_and_finds_them_all():
    everything: dict[str, object] = {}
    for answers, _ in RED_FLAGS:
        everything.update(answers)
    everything.update(cancer="current", blood_pressure="uncontrolled")
    found = _findings(_clean(**everything))
    expected = {r for _, r in RED_FLAGS} - {
        "cancer-history",
        "hypertension-controlled",
        "antiplatelet",
    }
    assert expected <= found


def test_every_yes_no_question_maps_to_screening_or_is_known_not_to():
    not_screened = {
        "oil_allergy",
        "implanted_device",
        "recent_injection",
        "skin_lesions",
        "varicose_veins",
        "phlebitis",
        "acute_inflammation",
        "lymphedema",
        "pregnant",
    }  # these gate follow-ups that carry the screening detail
    mapped = set()
    for q, _ in all_questions():
        if q.kind != "yesno" or q.key in not_screened:
            continue
        kwargs = screening_kwargs({**_clean(), **_gates_for(q.key), q.key: True})
        if any(v is True for v in kwargs.values()):
            mapped.add(q.key)
    assert mapped == {q.key for q, _ in all_questions() if q.kind == "yesno"} - not_screened


def _gates_for(key):
    gates = {
        "bone_metastasis": {"cancer": "current"},
        "osteoporosis_severe": {"osteoporosis": True},
        "diabetic_neuropathy": {"diabetes": True},
        "pregnancy_high_risk": {"pregnant": True, "pregnancy_weeks": 10},
    }
    return gates.get(key, {})


def test_follow_ups_count_only_when_asked():
    clean = _clean(pregnancy_weeks="20", calf_swelling_side="left", skin_lesion_regions=["leg"])
    kwargs = screening_kwargs(clean)
    assert kwargs["pregnancy_weeks"] is None
    assert kwargs["calf_signs_side"] is None
    assert kwargs["skin_lesion_regions"] == ()


def test_medications_become_screening_medications():
    clean = _clean(
        medications=[
            {"name": "Eliquis 5 mg", "dose": "twice a day"},
            {"name": "Warfarin", "rxnorm": "855332"},
            {"name": "", "dose": ""},
        ]
    )
    assert screening_kwargs(clean)["medications"] == (
        Medication(name="Eliquis 5 mg"),
        Medication(name="Warfarin", rxnorm="855332"),
    )
    assert "bleeding-risk" in _findings(clean)


def test_lymph_node_sites_use_the_screening_values():
    clean = _clean(cancer="past", lymph_nodes_removed=["groin-right", "neck-left"])
    assert screening_kwargs(clean)["lymph_node_removal_sites"] == (
        LymphNodeSite.GROIN_RIGHT,
        LymphNodeSite.NECK_LEFT,
    )


ERRORS = [
    ({"surgeries": [{"on": "2099-01-01", "description": "x"}]}, "surgeries-0-on", "in the future"),
    ({"dvt_history_date": TODAY + DAY}, "dvt_history_date", "in the future"),
    ({"pregnancy_weeks": "50"}, "pregnancy_weeks", "from 0 to 45"),
    ({"pregnancy_weeks": "-1"}, "pregnancy_weeks", "from 0 to 45"),
    ({"pregnancy_weeks": "twenty"}, "pregnancy_weeks", "whole number"),
    ({"skin_lesion_regions": ["elbow-middle"]}, "skin_lesion_regions", "not a body region"),
    (
        {"fractures": [{"on": "2020-01-01", "region": "tail"}]},
        "fractures-0-region",
        "not a body region",
    ),
    ({"goals": "x" * 5000}, "goals", "under 2000"),
    (
        {"lymphedema_regions": ["arm"] * 2 + [f"x{i}" for i in range(31)]},
        "lymphedema_regions",
        "at most 30",
    ),
    ({"medications": [{"name": f"m{i}"} for i in range(31)]}, "medications", "at most 30"),
    ({"aneurysm": "maybe"}, "aneurysm", "yes or no"),
    ({"cancer": "sometimes"}, "cancer", "listed answers"),
    ({"surgeries": [{"on": "01/02/2020"}]}, "surgeries-0-on", "YYYY-MM-DD"),
    (
        {"conditions": [{"name": "Asthma", "system": "icd-10-cm", "code": "XYZ"}]},
        "conditions-0-code",
        "not a ICD-10-CM",
    ),
    ({"conditions": [{"name": "Asthma", "code": "195967001"}]}, "conditions-0-code", "code system"),
    ({"medications": [{"name": "Eliquis", "rxnorm": "abc"}]}, "medications-0-rxnorm", "digits"),
]


@pytest.mark.parametrize(("answers", "field", "message"), ERRORS)
def test_each_bad_answer_is_named_by_field(answers, field, message):
    for partial in (True, False):
        _, errors = validate_answers({**all_no(), **answers}, today=TODAY, partial=partial)
        assert message in errors[field]


def test_good_codes_regions_and_areas_are_accepted():
    clean = _clean(
        conditions=[
            {"name": "Asthma", "system": "icd-10-cm", "code": "J45.909"},
            {"name": "Fibromyalgia", "system": "snomed", "code": "203082005"},
        ],
        skin_lesions=True,
        skin_lesion_regions=["upper back", "calf-left", "calf-left"],
    )
    assert clean["skin_lesion_regions"] == ["upper back", "calf-left"]


def test_a_follow_up_is_required_only_when_the_answer_asks_for_it():
    _, errors = validate_answers({**all_no(), "skin_lesions": "yes"}, today=TODAY, partial=False)
    assert errors == {"skin_lesion_regions": "Please answer this question."}
    _, errors = validate_answers(
        {**all_no(), "implanted_device": "yes", "devices": [{"region": "abdomen"}]},
        today=TODAY,
        partial=False,
    )
    assert set(errors) == {"devices-0-description"}


def test_empty_rows_are_dropped_and_empty_answers_clean_to_none():
    clean, errors = validate_answers(
        {"surgeries": [{"on": "", "description": ""}, {"on": "2020-02-02"}], "goals": "  "},
        today=TODAY,
        partial=True,
    )
    assert errors == {}
    assert clean == {"surgeries": [{"on": "2020-02-02"}], "goals": None}


def test_script_is_kept_as_text():
    clean = _clean(goals="<script>alert(1)</script>")
    assert clean["goals"] == "<script>alert(1)</script>"


def test_unknown_keys_are_dropped():
    clean, _ = validate_answers({"is_admin": True, "goals": "x"}, today=TODAY, partial=True)
    assert clean == {"goals": "x"}


@pytest.mark.parametrize(
    ("signature", "ok"), [("Maria Lopez", True), ("", False), (" M ", False), ("x" * 201, False)]
)
def test_the_signature_is_a_typed_name(signature, ok):
    if ok:
        assert validate_signature(signature) == signature
    else:
        with pytest.raises(Invalid):
            validate_signature(signature)


def test_question_keys_are_unique_and_plain():
    keys = [q.key for q, _ in all_questions()]
    assert len(keys) == len(set(keys)) == len(QUESTIONS)
    assert all(k.replace("_", "").isalpha() and k.islower() for k in keys)
