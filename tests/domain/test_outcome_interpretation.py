"""Change against MCID/MDC, goals and plateaus, worked by hand (clinical.md §3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from petrissage.domain.outcomes import (
    LEFS,
    NPRS,
    PEG,
    PGIC,
    PSFS,
    GoalStatus,
    InstrumentError,
    OutcomeError,
    Trend,
    display_number,
    goal_status,
    interpret,
    interpret_global,
    plateau,
)

IMPROVED, WORSENED = Trend.IMPROVED, Trend.WORSENED
NONE, NOT_JUDGED = Trend.NO_IMPORTANT_CHANGE, Trend.NOT_JUDGED
NPRS_MCID = "the MCID of 2 points or 30%"


@pytest.mark.parametrize(
    ("instrument", "baseline", "current", "change", "percent", "mcid", "mdc", "trend"),
    [
        # NPRS, higher is worse; MCID ~2 points or ~30% [OM1][OM2][OM3].
        (NPRS, 7, 3, -4, "-57.1", True, None, IMPROVED),
        (NPRS, 7, 5, -2, "-28.6", True, None, IMPROVED),  # 2 points exactly, under 30%
        (NPRS, 8, 7, -1, "-12.5", False, None, NONE),
        (NPRS, 10, 8.5, -1.5, "-15", False, None, NONE),
        (NPRS, 5, 3.5, -1.5, "-30", True, None, IMPROVED),  # 30% exactly, under 2 points
        (NPRS, 5, 3.6, -1.4, "-28", False, None, NONE),
        (NPRS, 3, 2, -1, "-33.3", True, None, IMPROVED),  # percent criterion only
        (NPRS, 4, 6, 2, "50", True, None, WORSENED),
        (NPRS, 6, 7, 1, "16.7", False, None, NONE),
        (NPRS, 0, 2, 2, None, True, None, WORSENED),  # baseline 0: percent undefined
        (NPRS, 0, 1, 1, None, False, None, NONE),
        (NPRS, 5, 5, 0, "0", False, None, NONE),
        (NPRS, 10, 0, -10, "-100", True, None, IMPROVED),
        # LEFS, higher is better; MCID and MDC 9 points [OM18].
        (LEFS, 36, 45, 9, "25", True, True, IMPROVED),  # meets, inclusive
        (LEFS, 36, 44, 8, "22.2", False, False, NONE),
        (LEFS, 50, 40, -10, "-20", True, True, WORSENED),
        (LEFS, 0, 9, 9, None, True, True, IMPROVED),
        (LEFS, 80, 72, -8, "-10", False, False, NONE),
        # PSFS, higher is better; MDC 2 (average) [OM8], no MCID in clinical.md.
        (PSFS, 3, 5, 2, "66.7", None, True, IMPROVED),
        (PSFS, 3, 4.5, 1.5, "50", None, False, NONE),
        (PSFS, 6, 3.5, -2.5, "-41.7", None, True, WORSENED),
        (PSFS, 0, 1, 1, None, None, False, NONE),
        # PEG, higher is worse; no MCID or MDC in clinical.md: not judged.
        (PEG, 6, 4, -2, "-33.3", None, None, NOT_JUDGED),
        (PEG, 0, 3, 3, None, None, None, NOT_JUDGED),
    ],
)
def test_change_is_judged_against_mcid_and_mdc(
    instrument, baseline, current, change, percent, mcid, mdc, trend
):
    result = interpret(instrument, baseline, current)
    assert result.change == Decimal(str(change))
    higher_is_worse = instrument.direction.value == "higher-is-worse"
    assert result.improvement == (-result.change if higher_is_worse else result.change)
    shown = None if result.percent_change is None else display_number(result.percent_change)
    assert shown == percent
    assert result.passes_mcid is mcid
    assert result.passes_mdc is mdc
    assert result.trend is trend


@pytest.mark.parametrize(
    ("instrument", "baseline", "current", "summary"),
    [
        (NPRS, 7, 3, f"Pain down 4 points on NPRS (57%), a clinically important "
         f"improvement; meets {NPRS_MCID}"),
        (NPRS, 4, 6, f"Pain up 2 points on NPRS (50%), a clinically important worsening; "
         f"meets {NPRS_MCID}"),
        (NPRS, 8, 7, f"Pain down 1 point on NPRS (13%): no important change (below {NPRS_MCID})"),
        (NPRS, 5, 5, f"Pain unchanged on NPRS: no important change (below {NPRS_MCID})"),
        (NPRS, 0, 2, f"Pain up 2 points on NPRS, a clinically important worsening; "
         f"meets {NPRS_MCID}"),
        (LEFS, 36, 45, "Function up 9 points on LEFS (25%), a clinically important "
         "improvement; meets the MCID of 9 points"),
        (LEFS, 36, 44, "Function up 8 points on LEFS (22%): no important change "
         "(below the MCID of 9 points)"),
        (PSFS, 3, 5, "Function up 2 points on PSFS (67%), a real improvement beyond "
         "measurement error; meets the MDC of 2 points"),
        (PSFS, 4, 13 / 3, "Function up 0.3 points on PSFS (8%): no important change "
         "(below the MDC of 2 points)"),
        (PEG, 6, 4, "Pain and interference down 2 points on PEG (33%); importance not "
         "judged (no MCID or MDC on file)"),
    ],
)  # fmt: skip
def test_summary_reads_as_plain_language(instrument, baseline, current, summary):
    assert interpret(instrument, baseline, current).summary == summary


def test_notes_explain_baseline_dependence_and_percent_only_passes():
    notes = interpret(NPRS, 3, 2).notes
    assert any("Baseline-dependent MCID" in note for note in notes)
    assert any("30% criterion only" in note for note in notes)
    assert not any("criterion only" in note for note in interpret(NPRS, 7, 3).notes)
    assert any("baseline of 0" in note for note in interpret(NPRS, 0, 2).notes)


@pytest.mark.parametrize(
    ("instrument", "baseline", "current", "message"),
    [
        (NPRS, 11, 3, "baseline 11 is outside the NPRS range 0–10"),
        (NPRS, 5, -1, "current -1 is outside the NPRS range 0–10"),
        (LEFS, 40, 81, "current 81 is outside the LEFS range 0–80"),
        (NPRS, "5", 3, "baseline '5' is not a number"),
        (NPRS, 5, float("nan"), "current nan is outside"),
    ],
)
def test_scores_outside_the_range_are_refused(instrument, baseline, current, message):
    with pytest.raises(OutcomeError, match=message):
        interpret(instrument, baseline, current)


def test_pgic_is_not_compared_with_a_baseline():
    with pytest.raises(InstrumentError, match="PGIC rates change itself"):
        interpret(PGIC, 4, 2)


@pytest.mark.parametrize(
    ("rating", "label", "important"),
    [
        (1, "Very much improved", True),
        (2, "Much improved", True),  # [OM1] anchor, inclusive
        (3, "Minimally improved", False),
        (4, "No change", False),
        (7, "Very much worse", False),
    ],
)
def test_pgic_counts_much_or_very_much_improved_as_important(rating, label, important):
    result = interpret_global(PGIC, rating)
    assert result.label == label
    assert result.important_improvement is important
    assert result.summary.startswith(f"{label} on PGIC: ")
    assert result.summary.endswith("(anchor: Much improved or better)")


def test_interpret_global_refuses_status_instruments_and_bad_ratings():
    with pytest.raises(InstrumentError, match="NPRS is not a global rating of change"):
        interpret_global(NPRS, 2)
    with pytest.raises(OutcomeError, match="rating 8 is outside the PGIC range 1–7"):
        interpret_global(PGIC, 8)


@pytest.mark.parametrize(
    ("instrument", "baseline", "current", "goal", "status"),
    [
        (NPRS, 7, 3, 3, GoalStatus.MET),  # reached exactly
        (NPRS, 7, 2, 3, GoalStatus.MET),
        (NPRS, 7, 5, 3, GoalStatus.PROGRESSING),  # 2 points: meets the MCID
        (NPRS, 7, 6, 3, GoalStatus.NOT_PROGRESSING),
        (NPRS, 7, 9, 3, GoalStatus.NOT_PROGRESSING),  # worse
        (LEFS, 40, 60, 60, GoalStatus.MET),
        (LEFS, 40, 50, 60, GoalStatus.PROGRESSING),
        (LEFS, 40, 45, 60, GoalStatus.NOT_PROGRESSING),
        (PSFS, 3, 5, 7, GoalStatus.PROGRESSING),  # MDC 2 when there is no MCID
        (PSFS, 3, 4, 7, GoalStatus.NOT_PROGRESSING),
        (PSFS, 3, 7.5, 7, GoalStatus.MET),
        (PEG, 7, 3, 4, GoalStatus.MET),  # met needs no threshold
    ],
)
def test_goal_status(instrument, baseline, current, goal, status):
    assert goal_status(instrument, baseline, current, goal) is status


def test_goal_progress_cannot_be_judged_without_mcid_or_mdc():
    with pytest.raises(InstrumentError, match="PEG has no MCID or MDC"):
        goal_status(PEG, 7, 5, 3)
    with pytest.raises(OutcomeError, match="goal 12 is outside"):
        goal_status(NPRS, 7, 5, 12)


@pytest.mark.parametrize(
    ("instrument", "series", "expected"),
    [
        (NPRS, [], False),
        (NPRS, [5, 5], False),  # too few to call
        (NPRS, [5, 5, 5], True),
        (NPRS, [9, 7, 5, 5, 5], True),  # only the last three count
        (NPRS, [8, 8, 7], True),  # 1 point, 12.5%: not important
        (NPRS, [7, 6, 5], False),  # two small steps, net 2 points: slow progress
        (NPRS, [6, 6, 4], False),  # last step is important
        (NPRS, [4, 6, 6], False),  # an important worsening is not a plateau
        (NPRS, [3, 3, 2], False),  # 33%: important by the percent criterion
        (LEFS, [40, 44, 47], True),  # steps 4 and 3, net 7 < 9
        (LEFS, [40, 45, 50], False),  # net 10 ≥ 9
        (LEFS, [50, 50, 50], True),
        (PSFS, [4, 5, 5.5], True),  # net 1.5 < MDC 2
        (PSFS, [4, 5, 6], False),  # net 2 = MDC
    ],
)
def test_plateau_means_three_measures_without_important_change(instrument, series, expected):
    assert plateau(instrument, series) is expected


def test_plateau_needs_a_threshold_and_a_status_instrument():
    with pytest.raises(InstrumentError, match="PEG has no MCID or MDC"):
        plateau(PEG, [5, 5, 5])
    with pytest.raises(InstrumentError, match="PGIC rates change itself"):
        plateau(PGIC, [4, 4, 4])
