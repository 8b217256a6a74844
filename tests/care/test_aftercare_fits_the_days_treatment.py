"""The after-care sheet holds what fits the day's treatment and the patient's screening
modifications, in the practice's words where it has its own, and always the red flags."""

from __future__ import annotations

import pytest

from petrissage.domain.aftercare import (
    DEFAULT_TEXTS,
    MAX_TEXT_LENGTH,
    DoneLine,
    Modification,
    choose_instructions,
    text_problem,
)
from petrissage.domain.session_rules import TECHNIQUES


def test_deep_work_near_a_recent_injection_gets_soreness_and_injection_advice():
    sheet = choose_instructions(
        [
            DoneLine("deep_tissue", "upper-trapezius-left", 20, 4),
            DoneLine("deep_tissue", "upper-trapezius-right", 15, 4),
            DoneLine("swedish", "lumbar-paraspinals-right", 25, 2),
        ],
        [Modification("corticosteroid-injection", "Steroid injection, right shoulder")],
    )
    assert sheet.keys == (
        "general",
        "technique:deep_tissue",
        "technique:swedish",
        "modification:corticosteroid-injection",
        "red_flags",
    )
    deep = sheet.items[1]
    assert "36 hours" in deep.text  # [AE1] soreness ≤36 h
    assert len(deep.where) == 2
    assert all("trapezius" in w.lower() for w in deep.where)
    assert "48 hours" in sheet.items[3].text  # [K10] protect the site ~48 h
    assert "911" in sheet.red_flags.text
    assert "calf" in sheet.red_flags.text


def test_nothing_is_added_for_techniques_not_done_or_findings_without_a_text():
    sheet = choose_instructions(
        [DoneLine("lymphatic_drainage", "forearm-left")], [Modification("implanted-device")]
    )
    assert sheet.keys == ("general", "technique:lymphatic_drainage", "red_flags")


def test_the_practice_wording_replaces_the_default_and_blank_overrides_are_ignored():
    own = {"technique:swedish": "Rest this evening.", "general": "   "}
    sheet = choose_instructions([DoneLine("swedish", "neck-posterior")], overrides=own)
    assert sheet.items[1].text == "Rest this evening."
    assert sheet.items[0].text == DEFAULT_TEXTS["general"].text
    assert "Rest this evening." in sheet.as_text()


def test_every_session_technique_ships_with_a_default_text():
    for code, _ in TECHNIQUES:
        assert DEFAULT_TEXTS[f"technique:{code}"].text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "cannot be empty"),
        ("   \n ", "cannot be empty"),
        ("x" * (MAX_TEXT_LENGTH + 1), f"{MAX_TEXT_LENGTH} characters"),
        ("Drink water.", None),
    ],
)
def test_empty_or_oversized_text_is_refused(text, problem):
    found = text_problem(text)
    assert (found is None) if problem is None else (problem in found)
