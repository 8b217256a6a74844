"""Reference range-of-motion table: complete for the joints a massage practice measures."""

from __future__ import annotations

import pytest

from petrissage.domain import rom


@pytest.mark.parametrize(
    ("joint", "movement", "degrees"),
    [
        ("cervical", "flexion", 45),
        ("cervical", "extension", 45),
        ("cervical", "rotation", 60),
        ("cervical", "lateral-flexion", 45),
        ("shoulder", "flexion", 180),
        ("shoulder", "abduction", 180),
        ("shoulder", "external-rotation", 90),
        ("shoulder", "internal-rotation", 70),
        ("lumbar", "flexion", 80),
        ("lumbar", "extension", 25),
        ("hip", "flexion", 120),
        ("knee", "flexion", 135),
        ("ankle", "dorsiflexion", 20),
    ],
)
def test_reference_values(joint, movement, degrees):
    assert rom.reference_for(joint, movement).degrees == degrees


def test_spine_references_are_marked_uncertain_and_unpaired():
    for ref in rom.all_references():
        if ref.joint in ("cervical", "lumbar"):
            assert ref.uncertain
            assert not ref.paired
    assert not rom.reference_for("knee", "flexion").uncertain


def test_keys_are_unique_and_values_plausible():
    keys = [ref.key for ref in rom.all_references()]
    assert len(keys) == len(set(keys))
    assert all(0 < ref.degrees <= 180 for ref in rom.all_references())


def test_unknown_movement_raises():
    with pytest.raises(rom.UnknownMovement, match="knee"):
        rom.reference_for("knee", "abduction")
    assert not rom.is_known("knee", "abduction")


@pytest.mark.parametrize(
    ("degrees", "reference", "below"),
    [
        (40, 60, True),
        (54, 60, False),
        (53, 60, True),
        (60, 60, False),
        (170, 180, False),
        (150, 180, True),
    ],
)
def test_below_reference_allows_a_ten_percent_margin(degrees, reference, below):
    assert rom.is_below_reference(degrees, reference) is below


def test_percent_of_reference():
    assert rom.percent_of_reference(40, 60) == 67
    assert rom.percent_of_reference(10, 0) == 0


def test_joints_are_listed_once_in_table_order():
    codes = [code for code, _ in rom.joints()]
    assert codes[0] == "cervical"
    assert len(codes) == len(set(codes))
    assert "hip" in codes
