"""Screening, prescription and dose constraints on a plan proposal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from petrissage.domain.plans import (
    PlanRequest,
    PlanTechnique,
    PrescriptionLimits,
    Severity,
    exceeds_prescription,
    propose_plan,
)
from petrissage.domain.screening import BloodPressure, ScreeningInput, Surgery, screen

T = PlanTechnique
TODAY = date(2026, 3, 2)
CHRONIC = Severity(pain_nprs=5, function_limitation="moderate", symptom_weeks=30)


def screened(**answers):
    return screen(ScreeningInput(today=TODAY, **answers))


def plan(key: str, regions=(), prescription=None, severity=CHRONIC, minutes=None, **answers):
    return propose_plan(
        PlanRequest(
            conditions=(key,),
            affected_regions=regions,
            severity=severity,
            screening=screened(**answers),
            prescription=prescription,
            session_minutes=minutes,
        )
    )


def techniques(proposal, region=None):
    return {
        (line.technique, line.pressure)
        for line in proposal.techniques
        if region is None or line.region == region
    }


# --- pressure caps -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "answers", "expected", "cap_text"),
    [
        # anticoagulant: whole-body cap 2, no deep/vigorous [K3][K4]
        ("neck_pain", {"anticoagulant_use": True},
         {(T.SWEDISH, 1), (T.MYOFASCIAL_RELEASE, 2)}, "pressure cap 2"),
        # antiplatelet: cap 3 -> neuromuscular kept and clamped to 3, trigger point removed
        ("chronic_low_back_pain", {"antiplatelet_use": True},
         {(T.SWEDISH, 1), (T.MYOFASCIAL_RELEASE, 2), (T.NEUROMUSCULAR, 3)}, "pressure cap 3"),
        # no finding: every technique at the low end of its range
        ("chronic_low_back_pain", {},
         {(T.SWEDISH, 1), (T.MYOFASCIAL_RELEASE, 2), (T.NEUROMUSCULAR, 3),
          (T.TRIGGER_POINT, 4)}, None),
        # lateral epicondylitis: deep transverse friction is removed under a cap of 2
        ("lateral_epicondylitis", {"anticoagulant_use": True}, set(), "pressure cap 2"),
    ],
)  # fmt: skip
def test_pressure_cap_removes_techniques_and_clamps_pressure(key, answers, expected, cap_text):
    proposal = plan(key, **answers)
    assert techniques(proposal) == expected
    assert all(line.pressure <= 3 for line in proposal.techniques) or cap_text is None
    if cap_text:
        assert any(cap_text in m for m in proposal.modifications)
        assert any(m.startswith("Removed ") for m in proposal.modifications)


def test_local_cap_only_touches_its_region() -> None:
    # Varicose veins: local cap 2 with no deep pressure, the region stays in the plan [K8].
    proposal = plan("chronic_low_back_pain", regions=("calf-left", "calf-right"),
                    varicose_vein_regions=("calf-left",))  # fmt: skip
    assert techniques(proposal, "calf-left") == {(T.SWEDISH, 1), (T.MYOFASCIAL_RELEASE, 2)}
    assert (T.TRIGGER_POINT, 4) in techniques(proposal, "calf-right")
    assert "Varicose veins: No deep pressure over the affected veins." in proposal.modifications


def test_lymphedema_limb_keeps_mld_at_pressure_one() -> None:
    proposal = plan("lymphedema", regions=("arm",), lymphedema_regions=("arm",))
    assert techniques(proposal) == {(T.LYMPHATIC_DRAINAGE, 1)}
    assert any("MLD-trained" in w for w in proposal.warnings)


# --- local findings remove regions ------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "answers", "removed", "kept", "text"),
    [
        ("neck_pain", {"skin_lesion_regions": ("upper-trapezius-left",)},
         "upper-trapezius-left", "upper-trapezius-right", "Open wound, burn, skin infection"),
        ("knee_oa", {"surgeries": (Surgery(on=TODAY - timedelta(weeks=2), region="knee-right"),)},
         "knee-right", "knee-left", "Left out Knee, right"),
    ],
)  # fmt: skip
def test_local_findings_remove_the_affected_regions(key, answers, removed, kept, text):
    proposal = plan(key, **answers)
    assert removed not in proposal.regions
    assert kept in proposal.regions
    assert any(m.startswith("Left out ") and text in m for m in proposal.modifications)
    assert not proposal.blocked


# --- relative findings add their action text ------------------------------------------


@pytest.mark.parametrize(
    ("answers", "text"),
    [
        ({"blood_pressure": BloodPressure.CONTROLLED}, "position"),
        ({"anticoagulant_use": True}, "Check for bruising"),
        ({"pregnancy_weeks": 20}, "Pregnancy"),
    ],
)
def test_relative_findings_add_their_action_to_the_modifications(answers, text):
    proposal = plan("anxiety_stress", **answers)
    assert not proposal.blocked
    assert proposal.techniques
    assert any(text.lower() in m.lower() for m in proposal.modifications)


# --- absolute and refer-out findings block --------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        {"fever_or_infection": True},
        {"calf_swelling_warmth_redness": True, "calf_signs_side": "left"},
        {"unexplained_pain": True},
        {"new_numbness_or_weakness": True},
    ],
)
def test_absolute_or_refer_findings_block_the_plan(answers):
    proposal = plan("neck_pain", **answers)
    assert proposal.blocked
    assert proposal.techniques == ()
    assert any(m.startswith("Treatment blocked until clearance") for m in proposal.modifications)
    assert any(w.startswith("Treatment blocked until clearance") for w in proposal.warnings)


def test_documented_clearance_unblocks_a_refer_out_finding() -> None:
    proposal = plan("neck_pain", unexplained_pain=True,
                    clearances_received=frozenset({"refer-unexplained-pain"}))  # fmt: skip
    assert not proposal.blocked
    assert proposal.techniques


# --- prescription limits --------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "limits", "dose", "warning"),
    [
        ("neck_pain", PrescriptionLimits(sessions_per_week=1), (1, 4, 4),
         "is 2×/week but 1×/week is prescribed"),
        ("tension_headache", PrescriptionLimits(weeks=4), (2, 4, 8),
         "is 6 weeks but the prescription covers 4"),
        ("chronic_low_back_pain", PrescriptionLimits(visit_cap=6), (1, 6, 6),
         "10 visits would exceed the visit cap of 6"),
        ("tension_headache", PrescriptionLimits(visit_cap=9), (2, 5, 9),
         "12 visits would exceed the visit cap of 9"),
        ("knee_oa", PrescriptionLimits(sessions_per_week=3, weeks=12, visit_cap=36), (1, 8, 8),
         None),
    ],
)  # fmt: skip
def test_proposal_stays_within_the_prescription(key, limits, dose, warning):
    proposal = plan(key, prescription=limits)
    assert (proposal.sessions_per_week, proposal.weeks, proposal.total_visits) == dose
    assert exceeds_prescription(proposal, limits) == []
    if warning is None:
        assert not any("prescri" in w or "visit cap" in w for w in proposal.warnings)
    else:
        assert any(warning in w for w in proposal.warnings)


@pytest.mark.parametrize(
    ("edit", "limits", "expected"),
    [
        ({"sessions_per_week": 3}, PrescriptionLimits(sessions_per_week=2),
         ["exceeds prescription: 3×/week > 2×/week prescribed — acknowledge to proceed"]),
        ({"weeks": 6}, PrescriptionLimits(weeks=4),
         ["exceeds prescription: 6 weeks > 4 weeks prescribed — acknowledge to proceed"]),
        ({"total_visits": 12}, PrescriptionLimits(visit_cap=10),
         ["exceeds prescription: 12 visits > visit cap of 10 — acknowledge to proceed"]),
        ({"sessions_per_week": 2}, PrescriptionLimits(sessions_per_week=2), []),
    ],
)  # fmt: skip
def test_exceeds_prescription_lists_each_excess_of_an_edited_plan(edit, limits, expected):
    edited = replace(plan("neck_pain"), **edit)
    assert exceeds_prescription(edited, limits) == expected


# --- session length and chronicity -----------------------------------------------------


def test_thirty_minute_neck_sessions_get_the_dose_trial_warning() -> None:
    proposal = plan("neck_pain", minutes=30)
    assert proposal.session_minutes == 30
    assert any(
        w.startswith("30-min sessions were ineffective for neck pain") and "[N3]" in w
        for w in proposal.warnings
    )
    assert not any("30-min" in w for w in plan("neck_pain").warnings)


def test_thirty_minute_knee_oa_sessions_get_the_dose_trial_warning() -> None:
    assert any("[O1]" in w for w in plan("knee_oa", minutes=30).warnings)


def test_recent_neck_pain_leaves_out_relaxation_massage() -> None:
    proposal = plan("neck_pain", severity=Severity(pain_nprs=4, symptom_weeks=6))
    assert T.SWEDISH not in {line.technique for line in proposal.techniques}
    assert any("[N4]" in m for m in proposal.modifications)


def test_high_pain_and_acute_onset_are_noted() -> None:
    proposal = plan("strain_doms", regions=("calf-left",),
                    severity=Severity(pain_nprs=8, symptom_weeks=1))  # fmt: skip
    assert any("High pain (NPRS 8)" in m for m in proposal.modifications)
    assert any(m.startswith("Acute (< 4 weeks)") for m in proposal.modifications)


# --- reassessment points ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "limits", "visits"),
    [
        ("chronic_low_back_pain", None, (5, 10)),
        ("neck_pain", None, (4, 8)),
        ("migraine", None, (3, 6)),
        ("fibromyalgia", None, (3, 5)),  # 50% of 5 visits rounds up to visit 3
        ("strain_doms", None, (1,)),
        # every 6 visits (WA L&I) [B10]
        ("chronic_low_back_pain", PrescriptionLimits(report_interval_visits=6), (5, 6, 10)),
        # every 10 treatment days (Medicare) [B18]: 12 visits -> 6, 10, 12
        ("tension_headache", PrescriptionLimits(report_interval_visits=10), (6, 10, 12)),
        # monthly report at 2x/week: 30 days ~ 8 visits
        ("tension_headache", PrescriptionLimits(report_interval_days=30), (6, 8, 12)),
        # every 14 days at 2x/week: visits 4, 8, 12
        ("tension_headache", PrescriptionLimits(report_interval_days=14), (4, 6, 8, 12)),
        # both intervals and a cap
        ("chronic_low_back_pain",
         PrescriptionLimits(visit_cap=8, report_interval_visits=3, report_interval_days=28),
         (3, 4, 6, 8)),
    ],
)  # fmt: skip
def test_reassessment_at_half_full_and_report_interval(key, limits, visits):
    regions = ("calf-left",) if key == "strain_doms" else ()
    assert plan(key, regions=regions, prescription=limits).reassessment_visits == visits


def test_prescription_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^prescription\.visit_cap: 0 must be at least 1\."):
        PlanRequest(conditions=("neck_pain",), prescription=PrescriptionLimits(visit_cap=0))
