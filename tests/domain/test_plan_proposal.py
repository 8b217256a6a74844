"""A plan proposal follows the evidence table of clinical.md §1a for each condition."""

from __future__ import annotations

import re
from datetime import date

import pytest

from petrissage.domain.icd10 import check_diagnosis
from petrissage.domain.plans import (
    CONDITIONS,
    NO_TRIAL_DOSE,
    PlanRequest,
    PlanTechnique,
    Severity,
    condition_for_icd10,
    propose_plan,
)
from petrissage.domain.plans.conditions import ICD10_PREFIXES
from petrissage.domain.regions import is_region
from petrissage.domain.screening import ScreeningInput, screen

T = PlanTechnique
CLEAR = screen(ScreeningInput(today=date(2026, 3, 2)))
CHRONIC = Severity(pain_nprs=5, function_limitation="moderate", symptom_weeks=26)

# key, minutes, per week, weeks, visits, techniques, certainty, a source key, trial dose?
DOSES = [
    ("chronic_low_back_pain", 60, 1, 10, 10,
     {T.SWEDISH, T.MYOFASCIAL_RELEASE, T.NEUROMUSCULAR, T.TRIGGER_POINT}, "Low", "L3", True),
    ("neck_pain", 60, 2, 4, 8,
     {T.SWEDISH, T.MYOFASCIAL_RELEASE, T.TRIGGER_POINT, T.DEEP_TISSUE}, "Mod (U)", "N3", True),
    ("whiplash", 60, 1, 4, 4, {T.MYOFASCIAL_RELEASE, T.SWEDISH}, "Insuff.", "N5", False),
    ("tension_headache", 45, 2, 6, 12, {T.TRIGGER_POINT, T.MYOFASCIAL_RELEASE}, "Low", "H2",
     True),
    ("migraine", 45, 1, 6, 6, {T.SWEDISH, T.NEUROMUSCULAR}, "Low", "H4", True),
    ("fibromyalgia", 45, 1, 5, 5, {T.MYOFASCIAL_RELEASE, T.LYMPHATIC_DRAINAGE}, "Low", "F1",
     True),
    ("knee_oa", 60, 1, 8, 8, {T.SWEDISH}, "Low (U)", "O1", True),
    ("hand_oa", 45, 1, 4, 4, {T.SWEDISH, T.STRETCHING}, "Insuff.", None, False),
    ("strain_doms", 45, 1, 1, 1, {T.SWEDISH}, "Low (U)", "S1", True),
    ("ankle_sprain", 45, 1, 4, 4, {T.SWEDISH, T.STRETCHING}, "Insuff.", "S4", False),
    ("post_surgical_scar", 45, 1, 4, 4, {T.SCAR_MOBILISATION, T.LYMPHATIC_DRAINAGE}, "Low",
     "P2", False),
    ("carpal_tunnel", 30, 1, 4, 4, {T.SWEDISH}, "VLow", "R1", True),
    ("lateral_epicondylitis", 45, 1, 4, 4, {T.DEEP_TISSUE}, "Insuff.", "R2", False),
    ("postural_dysfunction", 45, 1, 4, 4, {T.SWEDISH, T.STRETCHING}, "Insuff.", None, False),
    ("myofascial_pain", 45, 1, 4, 4, {T.TRIGGER_POINT}, "Low (U)", "M1", False),
    ("plantar_fasciitis", 45, 1, 4, 4, {T.MYOFASCIAL_RELEASE, T.STRETCHING}, "Mod (U)", "PF1",
     False),
    ("anxiety_stress", 45, 2, 6, 12, {T.SWEDISH}, "Low (U)", "A1", True),
    ("lymphedema", 45, 1, 4, 4, {T.LYMPHATIC_DRAINAGE}, "Low (U)", "LY1", False),
]  # fmt: skip


def test_the_table_covers_every_condition_of_section_1a() -> None:
    assert {row[0] for row in DOSES} == set(CONDITIONS)


@pytest.mark.parametrize(
    ("key", "minutes", "per_week", "weeks", "visits", "techniques", "certainty", "source", "trial"),
    DOSES,
)
def test_dose_techniques_and_certainty_follow_section_1a(
    key, minutes, per_week, weeks, visits, techniques, certainty, source, trial
) -> None:
    regions = ("hamstrings-left",) if key == "strain_doms" else ()
    proposal = propose_plan(
        PlanRequest(conditions=(key,), affected_regions=regions, severity=CHRONIC, screening=CLEAR)
    )
    assert not proposal.blocked
    assert (proposal.session_minutes, proposal.sessions_per_week, proposal.weeks) == (
        minutes,
        per_week,
        weeks,
    )
    assert proposal.total_visits == visits
    assert {line.technique for line in proposal.techniques} == techniques
    assert proposal.certainty == certainty
    if source is not None:
        assert source in proposal.sources
    if trial:
        assert proposal.dose_basis != NO_TRIAL_DOSE
    else:
        assert proposal.dose_basis == NO_TRIAL_DOSE
    assert proposal.reassessment_visits[-1] == visits
    assert proposal.home_care


def test_fibromyalgia_leaves_out_swedish_which_showed_no_benefit() -> None:
    proposal = propose_plan(PlanRequest(conditions=("fibromyalgia",), screening=CLEAR))
    assert T.SWEDISH not in {line.technique for line in proposal.techniques}
    assert any("EULAR" in w for w in proposal.warnings)


def test_no_evidence_technique_says_so() -> None:
    proposal = propose_plan(PlanRequest(conditions=("hand_oa",), screening=CLEAR))
    assert any("no technique has trial evidence" in m for m in proposal.modifications)


def test_pressures_start_at_the_low_end_of_each_technique_range() -> None:
    proposal = propose_plan(
        PlanRequest(conditions=("neck_pain",), severity=CHRONIC, screening=CLEAR)
    )
    pressure = {line.technique: line.pressure for line in proposal.techniques}
    assert pressure == {T.SWEDISH: 1, T.MYOFASCIAL_RELEASE: 2, T.TRIGGER_POINT: 4, T.DEEP_TISSUE: 4}


def test_default_regions_come_from_the_condition() -> None:
    proposal = propose_plan(PlanRequest(conditions=("knee_oa",), screening=CLEAR))
    assert set(proposal.regions) >= {"knee-left", "knee-right"}
    assert all(is_region(code) for code in proposal.regions)


def test_given_regions_replace_the_defaults() -> None:
    proposal = propose_plan(
        PlanRequest(conditions=("knee_oa",), affected_regions=("knee-right",), screening=CLEAR)
    )
    assert proposal.regions == ("knee-right",)


def test_an_area_expands_to_its_regions() -> None:
    proposal = propose_plan(
        PlanRequest(conditions=("chronic_low_back_pain",), affected_regions=("lower back",))
    )
    assert set(proposal.regions) == {
        "lumbar-paraspinals-left", "lumbar-paraspinals-right", "quadratus-lumborum-left",
        "quadratus-lumborum-right", "sacrum",
    }  # fmt: skip


def test_first_condition_sets_the_dose_and_all_show_evidence() -> None:
    proposal = propose_plan(
        PlanRequest(conditions=("neck_pain", "tension_headache"), severity=CHRONIC)
    )
    assert (proposal.session_minutes, proposal.sessions_per_week, proposal.weeks) == (60, 2, 4)
    assert [e.condition for e in proposal.evidence] == ["neck_pain", "tension_headache"]
    assert {"N3", "H1"} <= set(proposal.sources)


def test_icd10_codes_add_their_conditions() -> None:
    proposal = propose_plan(PlanRequest(icd10_codes=("M54.2", "G44.209")))
    assert proposal.conditions == ("neck_pain", "tension_headache")


def test_a_refused_icd10_code_is_a_warning_naming_the_field() -> None:
    proposal = propose_plan(PlanRequest(icd10_codes=("M54.5",)))
    assert proposal.conditions == ("chronic_low_back_pain",)
    assert any(
        w.startswith("icd10_codes[0]: M54.5 is no longer billable") for w in proposal.warnings
    )


def test_missing_screening_is_a_warning() -> None:
    proposal = propose_plan(PlanRequest(conditions=("migraine",)))
    assert any("No screening result" in w for w in proposal.warnings)


def test_function_limitation_adds_psfs_home_care() -> None:
    proposal = propose_plan(
        PlanRequest(conditions=("migraine",), severity=Severity(function_limitation="high"))
    )
    assert any("PSFS" in item for item in proposal.home_care)


def test_goals_are_carried_through() -> None:
    goals = ("Sit through a 2-hour meeting without neck pain above 3/10",)
    assert propose_plan(PlanRequest(conditions=("neck_pain",), goals=goals)).goals == goals


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("M54.50", "chronic_low_back_pain"), ("M54.59", "chronic_low_back_pain"),
        ("S39.012D", "chronic_low_back_pain"), ("M62.830", "chronic_low_back_pain"),
        ("M54.2", "neck_pain"), ("S16.1XXD", "neck_pain"), ("M79.12", "neck_pain"),
        ("S13.4XXA", "whiplash"), ("S13.4XXD", "whiplash"),
        ("G44.209", "tension_headache"), ("G44.229", "tension_headache"),
        ("G43.909", "migraine"), ("G43.109", "migraine"),
        ("M79.7", "fibromyalgia"),
        ("M17.11", "knee_oa"), ("M17.0", "knee_oa"),
        ("M19.041", "hand_oa"), ("M18.0", "hand_oa"),
        ("M79.10", "strain_doms"),
        ("S93.401D", "ankle_sprain"),
        ("Z47.1", "post_surgical_scar"), ("Z96.651", "post_surgical_scar"),
        ("L90.5", "post_surgical_scar"),
        ("G56.01", "carpal_tunnel"), ("M77.11", "lateral_epicondylitis"),
        ("R29.3", "postural_dysfunction"),
        ("M79.18", "myofascial_pain"), ("M62.838", "myofascial_pain"),
        ("M72.2", "plantar_fasciitis"),
        ("F41.1", "anxiety_stress"), ("Z73.3", "anxiety_stress"),
        ("I89.0", "lymphedema"), ("I97.2", "lymphedema"), ("Q82.0", "lymphedema"),
        ("m5450", "chronic_low_back_pain"),
        ("J45.909", None), ("", None), ("XYZ", None),
    ],
)  # fmt: skip
def test_condition_for_icd10_follows_section_1b(code: str, key: str | None) -> None:
    assert condition_for_icd10(code) == key
    if key is not None:
        assert check_diagnosis(code).ok


def test_every_icd10_prefix_is_a_real_code_or_heading() -> None:
    for prefix in ICD10_PREFIXES:
        assert check_diagnosis(prefix).valid, prefix


@pytest.mark.parametrize(
    ("request_kwargs", "field"),
    [
        ({"conditions": ("gout",)}, "conditions[0]"),
        ({"conditions": ("neck_pain",), "affected_regions": ("neck-left",)}, "affected_regions[0]"),
        ({"conditions": ("neck_pain",), "severity": Severity(pain_nprs=11)}, "severity.pain_nprs"),
        ({"conditions": ("neck_pain",), "session_minutes": 50}, "session_minutes"),
        ({"conditions": ("neck_pain",), "age": -1}, "age"),
    ],
)
def test_bad_input_names_the_field(request_kwargs, field: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(field) + ":"):
        PlanRequest(**request_kwargs)


@pytest.mark.parametrize(
    ("request_kwargs", "field"),
    [({}, "conditions"), ({"conditions": ("strain_doms",)}, "affected_regions")],
)
def test_proposal_without_condition_or_region_names_the_field(request_kwargs, field) -> None:
    with pytest.raises(ValueError, match=rf"^{field}:"):
        propose_plan(PlanRequest(**request_kwargs))
