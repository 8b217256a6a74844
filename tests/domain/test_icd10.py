"""ICD-10-CM checks against simple-icd-10-cm, with the codes of clinical.md §1b."""

from __future__ import annotations

import pytest
import simple_icd_10_cm as cm
from hypothesis import given
from hypothesis import strategies as st

from petrissage.domain.icd10 import (
    billable_under,
    check_diagnosis,
    in_code_set,
    normalise,
    retired_codes,
)

# Every code named in clinical.md §1b that is a complete billable code. Each was checked
# with simple-icd-10-cm (April 2026 tabular list): all are valid leaves.
BILLABLE_1B = [
    ("M54.50", "Low back pain, unspecified"),
    ("M54.51", "Vertebrogenic low back pain"),
    ("M54.59", "Other low back pain"),
    ("S39.012A", "Strain of muscle, fascia and tendon of lower back, initial encounter"),
    ("S39.012D", "Strain of muscle, fascia and tendon of lower back, subsequent encounter"),
    ("M62.830", "Muscle spasm of back"),
    ("M54.2", "Cervicalgia"),
    ("S16.1XXA", "Strain of muscle, fascia and tendon at neck level, initial encounter"),
    ("S16.1XXD", "Strain of muscle, fascia and tendon at neck level, subsequent encounter"),
    ("M62.838", "Other muscle spasm"),
    ("M79.12", "Myalgia of auxiliary muscles, head and neck"),
    ("S13.4XXA", "Sprain of ligaments of cervical spine, initial encounter"),
    ("S13.4XXD", "Sprain of ligaments of cervical spine, subsequent encounter"),
    ("G44.209", "Tension-type headache, unspecified, not intractable"),
    ("G44.219", "Episodic tension-type headache, not intractable"),
    ("G44.229", "Chronic tension-type headache, not intractable"),
    ("G44.201", "Tension-type headache, unspecified, intractable"),
    ("G43.909", "Migraine, unspecified, not intractable, without status migrainosus"),
    ("G43.009", "Migraine without aura, not intractable, without status migrainosus"),
    ("G43.109", "Migraine with aura, not intractable, without status migrainosus"),
    ("M79.7", "Fibromyalgia"),
    ("M17.0", "Bilateral primary osteoarthritis of knee"),
    ("M17.11", "Unilateral primary osteoarthritis, right knee"),
    ("M17.12", "Unilateral primary osteoarthritis, left knee"),
    ("M19.041", "Primary osteoarthritis, right hand"),
    ("M19.042", "Primary osteoarthritis, left hand"),
    ("M79.10", "Myalgia, unspecified site"),
    ("M79.18", "Myalgia, other site"),
    ("Z47.1", "Aftercare following joint replacement surgery"),
    ("Z96.651", "Presence of right artificial knee joint"),
    ("Z96.652", "Presence of left artificial knee joint"),
    ("Z96.653", "Presence of artificial knee joint, bilateral"),
    ("L90.5", "Scar conditions and fibrosis of skin"),
    ("G56.00", "Carpal tunnel syndrome, unspecified upper limb"),
    ("G56.03", "Carpal tunnel syndrome, bilateral upper limbs"),
    ("M77.10", "Lateral epicondylitis, unspecified elbow"),
    ("M77.11", "Lateral epicondylitis, right elbow"),
    ("M77.12", "Lateral epicondylitis, left elbow"),
    ("R29.3", "Abnormal posture"),
    ("M72.2", "Plantar fascial fibromatosis"),
    ("F41.1", "Generalized anxiety disorder"),
    ("F41.9", "Anxiety disorder, unspecified"),
    ("Z73.3", "Stress, not elsewhere classified"),
    ("I89.0", "Lymphedema, not elsewhere classified"),
    ("I97.2", "Postmastectomy lymphedema syndrome"),
    ("Q82.0", "Hereditary lymphedema"),
]


@pytest.mark.parametrize(("code", "description"), BILLABLE_1B)
def test_clinical_md_codes_are_billable(code: str, description: str) -> None:
    # The library itself is the judge: if it disagreed, this table would be wrong.
    assert cm.is_valid_item(code)
    assert cm.is_leaf(code)
    check = check_diagnosis(code)
    assert (check.code, check.valid, check.billable, check.ok) == (code, True, True, True)
    assert check.description == description
    assert check.suggestions == ()


# §1b names these as families or headings ("M18.-", "S93.40-", "G56.00-G56.03"): the library
# has them as headings, so they are refused with the billable codes below them.
@pytest.mark.parametrize(
    ("code", "first_suggestion"),
    [("M18", "M18.0"), ("S93.40", "S93.401A"), ("G56.0", "G56.00"), ("M17", "M17.0")],
)
def test_headings_are_valid_but_not_billable(code: str, first_suggestion: str) -> None:
    check = check_diagnosis(code)
    assert (check.valid, check.billable, check.ok) == (True, False, False)
    assert check.suggestions[0].code == first_suggestion
    assert all(cm.is_leaf(s.code) for s in check.suggestions)


def test_m54_5_is_refused_as_retired_with_its_replacements() -> None:
    check = check_diagnosis("M54.5")
    assert check.retired
    assert not check.ok
    assert not check.billable
    assert "FY2022" in check.problem
    assert "[C2]" in check.problem
    assert [s.code for s in check.suggestions] == ["M54.50", "M54.51", "M54.59"]
    assert check.suggestions[0].description == "Low back pain, unspecified"


def test_m79_1_is_refused_since_the_fy2023_split() -> None:
    check = check_diagnosis("m791")
    assert check.code == "M79.1"
    assert check.retired
    assert not check.ok
    assert [s.code for s in check.suggestions] == ["M79.10", "M79.11", "M79.12", "M79.18"]


def test_retired_table_agrees_with_the_library() -> None:
    for code, row in retired_codes().items():
        assert all(cm.is_valid_item(r) and cm.is_leaf(r) for r in row.replacements), code
        assert row.source
        if in_code_set(code):  # the library keeps it only as a heading
            assert not cm.is_leaf(code)
            assert billable_under(code) == row.replacements


@pytest.mark.parametrize(
    ("entered", "normalised", "options"),
    [
        ("S16.1", "S16.1", ["S16.1XXA", "S16.1XXD", "S16.1XXS"]),
        ("S16.1XX", "S16.1XX", ["S16.1XXA", "S16.1XXD", "S16.1XXS"]),
        ("s134", "S13.4", ["S13.4XXA", "S13.4XXD", "S13.4XXS"]),
        ("S13.4XXZ", "S13.4XXZ", ["S13.4XXA", "S13.4XXD", "S13.4XXS"]),
        ("S39.012", "S39.012", ["S39.012A", "S39.012D", "S39.012S"]),
        ("T14.8", "T14.8", ["T14.8XXA", "T14.8XXD", "T14.8XXS"]),
    ],
)
def test_injury_codes_need_the_seventh_character(
    entered: str, normalised: str, options: list[str]
) -> None:
    check = check_diagnosis(entered)
    assert check.code == normalised
    assert not check.ok
    assert not check.billable
    assert "needs the 7th character: A initial, D subsequent, S sequela" in check.problem
    assert "normally use D [C4]" in check.problem
    assert [s.code for s in check.suggestions] == options


def test_other_seventh_character_codes_list_the_library_definitions() -> None:
    check = check_diagnosis("M80.08")
    assert "needs a 7th character" in check.problem
    assert "G subsequent" in check.problem


def test_initial_encounter_injury_code_is_accepted_with_a_d_note() -> None:
    check = check_diagnosis("S13.4XXA")
    assert check.ok
    assert "normally coded D" in check.note
    assert "[C4]" in check.note
    assert check_diagnosis("S13.4XXD").note is None


@pytest.mark.parametrize(
    ("entered", "expected"),
    [
        ("", "No diagnosis code was entered."),
        ("   ", "No diagnosis code was entered."),
        ("XYZ", "'XYZ' is not shaped like an ICD-10-CM code"),
        ("M54.5; DROP TABLE", "'M54.5; DROP TABLE' is not an ICD-10-CM code: only letters"),
        ("M54.50, M54.2", "enter one code per field"),
        ("M5.4", "is not shaped like"),
        ("A00.0.1", "is not shaped like"),
        ("<script>alert(1)</script>", "'<script>alert(1)</scr..."),
    ],
)
def test_garbage_gets_a_clear_sentence(entered: str, expected: str) -> None:
    check = check_diagnosis(entered)
    assert not check.ok
    assert not check.valid
    assert not check.billable
    assert expected in check.problem
    assert check.problem.endswith(".")


def test_well_formed_unknown_code_points_at_the_nearest_code() -> None:
    check = check_diagnosis("M54.99")
    assert not check.valid
    assert "not a code in ICD-10-CM" in check.problem
    assert [s.code for s in check.suggestions] == ["M54.9"]


@pytest.mark.parametrize(
    ("entered", "normalised"),
    [("m5450", "M54.50"), (" m54.50 ", "M54.50"), ("S161XXD", "S16.1XXD"), ("M79.7", "M79.7")],
)
def test_codes_are_normalised(entered: str, normalised: str) -> None:
    assert normalise(entered) == normalised
    assert check_diagnosis(entered).code == normalised


@pytest.mark.parametrize("code", ["M54.51", "R29.3", "Z73.3"])
def test_codes_flagged_in_clinical_md_carry_a_note(code: str) -> None:
    check = check_diagnosis(code)
    assert check.ok
    assert "clinical.md §1b, U" in check.note


@given(st.text(max_size=40))
def test_check_never_raises(text: str) -> None:
    check = check_diagnosis(text)
    assert check.ok == (check.problem is None)
    if check.ok:
        assert check.valid
        assert check.billable
