"""Each row of clinical.md §2 produces the expected screening finding."""

from __future__ import annotations

import ast
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from petrissage.domain.screening import (
    RULES_VERSION,
    BloodPressure,
    CodedCondition,
    Fracture,
    ImplantedDevice,
    Injection,
    LymphNodeSite,
    Medication,
    ScreeningInput,
    Surgery,
    Technique,
    screen,
)

TODAY = date(2026, 11, 20)
WEEK = timedelta(weeks=1)


def _inp(**answers):
    return ScreeningInput(today=TODAY, **answers)


def _only(result, rule_id):
    found = [f for f in result.findings if f.rule_id == rule_id]
    assert len(found) == 1, [f.rule_id for f in result.findings]
    return found[0]


# (rule id, intake answers, class, a region that must be covered or None, cap, clearance, urgent)
ROWS = [
    ("fever-infection", {"fever_or_infection": True}, "absolute", None, None, False, False),
    ("dvt-signs", {"calf_swelling_warmth_redness": True}, "absolute", None, None, True, True),
    ("pe-signs", {"sudden_breathlessness_or_chest_pain": True}, "absolute", None, None, True, True),
    ("dvt-history", {"dvt_history": True}, "relative", None, None, True, False),
    (
        "fracture",
        {"fractures": (Fracture(on=TODAY - 3 * WEEK, region="ankle-left"),)},
        "local", "ankle-left", None, True, False,
    ),
    ("osteoporosis", {"osteoporosis": True, "osteoporosis_severe": True}, "relative", None, 2, True, False),
    ("bone-metastasis", {"bone_metastasis": True}, "relative", None, 2, True, False),
    ("bleeding-risk", {"anticoagulant_use": True}, "relative", None, 2, False, False),
    ("bleeding-risk", {"bleeding_disorder_or_low_platelets": True}, "relative", None, 2, False, False),
    ("antiplatelet", {"antiplatelet_use": True}, "relative", None, 3, False, False),
    (
        "recent-surgery",
        {"surgeries": (Surgery(on=TODAY - 3 * WEEK, description="knee arthroscopy", region="knee-right"),)},
        "local", "knee-right", None, True, False,
    ),
    ("cancer-active", {"cancer_current": True}, "relative", None, 2, True, False),
    ("cancer-history", {"cancer_past": True}, "relative", None, 3, False, False),
    ("cancer-sites", {"cancer_sites": ("pectorals-left",)}, "local", "pectorals-left", None, False, False),
    (
        "lymph-node-dissection",
        {"lymph_node_removal_sites": (LymphNodeSite.AXILLA_LEFT,)},
        "local", "forearm-flexors-left", 2, False, False,
    ),
    ("pregnancy", {"pregnancy_weeks": 24}, "relative", None, None, False, False),
    ("pregnancy-high-risk", {"pregnancy_weeks": 30, "pregnancy_high_risk": True}, "relative", None, None, True, False),
    ("hypertension-uncontrolled", {"blood_pressure": BloodPressure.UNCONTROLLED}, "refer", None, None, True, False),
    ("hypertension-controlled", {"blood_pressure": BloodPressure.CONTROLLED}, "relative", None, None, False, False),
    ("diabetic-neuropathy", {"diabetic_neuropathy": True}, "relative", "foot-left", 2, False, False),
    ("skin-lesion", {"skin_lesion_regions": ("forearm-flexors-right",)}, "local", "forearm-flexors-right", None, False, False),
    ("varicose-veins", {"varicose_vein_regions": ("calf-left",)}, "local", "calf-left", 2, False, False),
    ("phlebitis", {"phlebitis_regions": ("calf-right",)}, "local", "calf-right", 2, False, False),
    ("aneurysm", {"aneurysm": True}, "local", "abdomen", 2, True, False),
    (
        "corticosteroid-injection",
        {"recent_injections": (Injection(on=TODAY - timedelta(days=1), region="shoulder"),)},
        "local", "deltoid-left", None, False, False,
    ),
    ("acute-inflammation", {"acute_inflammation_regions": ("knee-left",)}, "local", "knee-left", 2, False, False),
    ("lymphedema", {"lymphedema_regions": ("arm",)}, "local", "biceps-right", 1, False, False),
    ("refer-unexplained-pain", {"unexplained_pain": True}, "refer", None, None, True, False),
    ("refer-neuro", {"new_numbness_or_weakness": True}, "refer", None, None, True, False),
    ("refer-weight-loss", {"unexplained_weight_loss": True}, "refer", None, None, True, False),
    (
        "implanted-device",
        {"implanted_devices": (ImplantedDevice("chemotherapy port", region="pectorals-right"),)},
        "local", "pectorals-right", None, False, False,
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule_id", "answers", "klass", "region", "cap", "clearance", "urgent"),
    ROWS,
    ids=[f"{r[0]}-{i}" for i, r in enumerate(ROWS)],
)
def test_each_contraindication_row_fires(rule_id, answers, klass, region, cap, clearance, urgent):
    finding = _only(screen(_inp(**answers)), rule_id)
    assert finding.finding_class.value == klass
    assert finding.pressure_cap == cap
    assert finding.clearance_required is clearance
    assert finding.urgent is urgent
    assert finding.sources, "every finding cites clinical.md sources"
    assert finding.evidence
    assert finding.action
    if region is None:
        assert finding.whole_body or finding.regions
    else:
        assert region in finding.regions


def test_healthy_patient_gets_no_findings():
    result = screen(_inp(age=40))
    assert result.findings == ()
    assert not result.blocks_treatment
    assert result.pressure_cap is None
    assert result.rules_version == RULES_VERSION


def test_dvt_signs_are_urgent_and_unmistakable():
    result = screen(_inp(calf_swelling_warmth_redness=True, calf_signs_side="left"))
    finding = _only(result, "dvt-signs")
    assert finding.action == (
        "Possible DVT: do not massage. Refer for urgent medical assessment today."
    )
    assert result.urgent
    assert result.blocks_treatment


def test_clearance_lifts_the_block_of_a_refer_finding():
    blocked = screen(_inp(unexplained_pain=True))
    cleared = screen(
        _inp(unexplained_pain=True, clearances_received=frozenset({"refer-unexplained-pain"}))
    )
    assert blocked.blocks_treatment
    assert not cleared.blocks_treatment
    assert _only(cleared, "refer-unexplained-pain").cleared


def test_fever_cannot_be_cleared_away():
    result = screen(
        _inp(fever_or_infection=True, clearances_received=frozenset({"fever-infection"}))
    )
    assert result.blocks_treatment


@pytest.mark.parametrize(("weeks_ago", "fires"), [(3, True), (6, True), (17, False)])
def test_surgery_window_is_six_weeks(weeks_ago, fires):
    surgery = Surgery(on=TODAY - weeks_ago * WEEK, region="abdomen")
    result = screen(_inp(surgeries=(surgery,)))
    assert any(f.rule_id == "recent-surgery" for f in result.findings) is fires


@pytest.mark.parametrize(
    ("weeks_ago", "healed", "fires"),
    [(4, None, True), (20, None, False), (20, False, True), (4, True, False)],
)
def test_fracture_fires_while_unhealed(weeks_ago, healed, fires):
    fx = Fracture(on=TODAY - weeks_ago * WEEK, region="forearm-flexors-left", healed=healed)
    result = screen(_inp(fractures=(fx,)))
    assert any(f.rule_id == "fracture" for f in result.findings) is fires


@pytest.mark.parametrize(("days_ago", "fires"), [(1, True), (2, True), (4, False)])
def test_injection_window_is_48_hours(days_ago, fires):
    shot = Injection(on=TODAY - timedelta(days=days_ago), region="hip-left")
    result = screen(_inp(recent_injections=(shot,)))
    assert any(f.rule_id == "corticosteroid-injection" for f in result.findings) is fires


def test_first_trimester_needs_no_special_positioning():
    early = _only(screen(_inp(pregnancy_weeks=8)), "pregnancy")
    later = _only(screen(_inp(pregnancy_weeks=28)), "pregnancy")
    assert Technique.SIDE_LYING_POSITIONING not in early.restrictions
    assert Technique.SIDE_LYING_POSITIONING in later.restrictions


def test_local_caps_apply_only_to_their_regions():
    result = screen(_inp(lymph_node_removal_sites=(LymphNodeSite.AXILLA_RIGHT,)))
    assert result.pressure_cap_for("biceps-right") == 2
    assert result.pressure_cap_for("biceps-left") is None
    assert result.pressure_cap_for("calf-right") is None
    assert "biceps-right" in result.restricted_regions


def test_avoided_regions_come_from_local_findings():
    result = screen(_inp(skin_lesion_regions=("calf-left",)))
    assert result.avoided_regions == frozenset({"calf-left"})
    assert Technique.AVOID_AREA in result.restrictions_for("calf-left")
    assert not result.blocks_treatment


@pytest.mark.parametrize(
    ("field", "answers"),
    [
        ("surgeries[0].on", {"surgeries": (Surgery(on=TODAY + WEEK),)}),
        ("fractures[0].on", {"fractures": (Fracture(on=TODAY + WEEK),)}),
        ("recent_injections[0].on", {"recent_injections": (Injection(on=TODAY + WEEK),)}),
        ("dvt_history_date", {"dvt_history": True, "dvt_history_date": TODAY + WEEK}),
        (
            "conditions[0].onset",
            {"conditions": (CodedCondition("snomed", "16114001", onset=TODAY + WEEK),)},
        ),
    ],
)
def test_future_dates_are_rejected_naming_the_field(field, answers):
    with pytest.raises(ValueError, match="^" + re.escape(field)):
        _inp(**answers)


@pytest.mark.parametrize(
    ("field", "answers"),
    [
        ("skin_lesion_regions[0]", {"skin_lesion_regions": ("elbowish",)}),
        ("surgeries[0].region", {"surgeries": (Surgery(on=TODAY, region="nowhere"),)}),
        ("pregnancy_weeks", {"pregnancy_weeks": 60}),
        ("age", {"age": -1}),
    ],
)
def test_impossible_answers_are_rejected_naming_the_field(field, answers):
    with pytest.raises(ValueError, match=re.escape(field)):
        _inp(**answers)


def test_antiplatelet_folds_into_bleeding_risk_with_an_anticoagulant():
    meds = (Medication("Plavix 75 mg"), Medication("warfarin 5 mg"))
    result = screen(_inp(medications=meds))
    assert _only(result, "bleeding-risk").pressure_cap == 2
    assert not any(f.rule_id == "antiplatelet" for f in result.findings)


def test_stopped_medication_does_not_fire():
    result = screen(_inp(medications=(Medication("Xarelto", active=False),)))
    assert result.findings == ()


def test_domain_never_imports_django():
    root = Path(__file__).resolve().parents[2] / "petrissage" / "domain"
    mine = [root / "regions.py", *sorted((root / "screening").glob("*.py"))]
    for path in mine:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "django" for n in names), path
