"""CPT table, NCCI-style pair edits and diagnosis pointers (clinical.md §4a, §4c, §4e)."""

from __future__ import annotations

import pytest

from petrissage.domain.billing.cpt import (
    CPT_CODES,
    DEFAULT_TECHNIQUE_CPT,
    is_timed,
    technique_key,
    technique_to_cpt,
)
from petrissage.domain.billing.edits import (
    ChargeLine,
    EditWarning,
    apply_edits,
    claim_diagnoses,
    line_pointers,
    normalise_icd10,
    pointer_letters,
)

BACK = frozenset({"lumbar"})
NECK = frozenset({"cervical"})


def by_code(lines: tuple[ChargeLine, ...]) -> dict[str, ChargeLine]:
    return {line.code: line for line in lines}


# --- CPT table --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("technique", "code"),
    [
        ("Swedish massage", "97124"),
        ("massage", "97124"),
        ("Myofascial release", "97140"),
        ("Manual lymphatic drainage", "97140"),
        ("soft-tissue mobilisation", "97140"),
        ("Trigger point", "97140"),
        ("Scar mobilisation", "97140"),
        ("Active release", "97140"),
        ("Neuromuscular re-education", "97112"),
        ("Hot pack", "97010"),
        ("Cold pack", "97010"),
        ("Reiki", None),
    ],
)
def test_default_technique_code(technique, code):
    assert technique_to_cpt(technique) == code


def test_a_practice_override_wins_over_the_default():
    overrides = {"Deep Tissue": "97140"}
    assert technique_to_cpt("deep tissue", overrides) == "97140"
    assert technique_to_cpt("deep tissue") == "97124"


def test_technique_key_is_a_slug():
    assert technique_key("  Soft-Tissue  Mobilisation ") == "soft_tissue_mobilisation"


def test_every_default_maps_to_a_code_in_the_table():
    assert set(DEFAULT_TECHNIQUE_CPT.values()) <= set(CPT_CODES)


def test_only_hot_cold_packs_are_untimed():
    assert [c for c in CPT_CODES if not is_timed(c)] == ["97010"]


def test_labels_are_our_own_short_labels():
    # DESIGN.md: never AMA descriptor text — keep labels short paraphrases.
    assert all(len(entry.label) <= 30 for entry in CPT_CODES.values())


# --- pair edits -------------------------------------------------------------------------


def test_massage_and_manual_therapy_on_separate_regions_get_59():
    result = apply_edits(
        [ChargeLine("97124", 2, NECK), ChargeLine("97140", 2, BACK)],
        bundles_hot_cold_pack=False,
    )
    assert by_code(result.lines)["97140"].modifiers == ("59",)
    assert by_code(result.lines)["97124"].modifiers == ()
    assert result.warnings == ()


def test_payer_that_wants_xs_gets_xs():
    result = apply_edits(
        [ChargeLine("97124", 2, NECK), ChargeLine("97140", 2, BACK)],
        bundles_hot_cold_pack=False,
        bypass_modifier="XS",
    )
    assert by_code(result.lines)["97140"].modifiers == ("XS",)


@pytest.mark.parametrize(
    ("massage_regions", "manual_regions"),
    [
        pytest.param(BACK, BACK, id="same-region"),
        pytest.param(BACK | NECK, BACK, id="overlapping"),
        pytest.param(frozenset(), BACK, id="massage-regions-missing"),
        pytest.param(NECK, frozenset(), id="manual-regions-missing"),
    ],
)
def test_same_or_undocumented_regions_warn_instead_of_adding_59(massage_regions, manual_regions):
    result = apply_edits(
        [ChargeLine("97124", 2, massage_regions), ChargeLine("97140", 2, manual_regions)],
        bundles_hot_cold_pack=False,
    )
    assert all(line.modifiers == () for line in result.lines)
    (warning,) = result.warnings
    assert warning.codes == ("97124", "97140")
    assert "different body regions" in warning.message


@pytest.mark.parametrize("chiro", ["98940", "98941", "98942"])
def test_manual_therapy_with_chiropractic_manipulation(chiro):
    separate = apply_edits(
        [ChargeLine(chiro, 1, NECK), ChargeLine("97140", 1, BACK)], bundles_hot_cold_pack=False
    )
    assert by_code(separate.lines)["97140"].modifiers == ("59",)
    same = apply_edits(
        [ChargeLine(chiro, 1, BACK), ChargeLine("97140", 1, BACK)], bundles_hot_cold_pack=False
    )
    assert by_code(same.lines)["97140"].modifiers == ()
    assert same.warnings[0].codes == (chiro, "97140")


def test_manual_therapy_with_therapeutic_activities_always_warns():
    result = apply_edits(
        [ChargeLine("97530", 1, NECK), ChargeLine("97140", 1, BACK)], bundles_hot_cold_pack=False
    )
    assert all(line.modifiers == () for line in result.lines)
    assert "time blocks" in result.warnings[0].message


def test_a_bypass_modifier_already_there_is_left_alone():
    result = apply_edits(
        [ChargeLine("97124", 2, BACK, ("XS",)), ChargeLine("97140", 2, BACK)],
        bundles_hot_cold_pack=False,
    )
    assert by_code(result.lines)["97140"].modifiers == ()
    assert result.warnings == ()


def test_a_line_with_four_modifiers_cannot_take_a_fifth():
    full = ("GP", "KX", "GA", "CQ")
    result = apply_edits(
        [ChargeLine("97124", 2, NECK), ChargeLine("97140", 2, BACK, full)],
        bundles_hot_cold_pack=False,
    )
    assert by_code(result.lines)["97140"].modifiers == full
    assert "4 modifiers" in result.warnings[0].message


def test_hot_cold_pack_is_dropped_when_the_payer_bundles_it():
    day = [ChargeLine("97124", 4, BACK), ChargeLine("97010", 1)]
    bundled = apply_edits(day, bundles_hot_cold_pack=True)
    assert [line.code for line in bundled.lines] == ["97124"]
    assert bundled.warnings == (EditWarning(("97010",), bundled.warnings[0].message),)
    kept = apply_edits(day, bundles_hot_cold_pack=False)
    assert [line.code for line in kept.lines] == ["97124", "97010"]


def test_lines_keep_their_order():
    day = [ChargeLine("97140", 1, BACK), ChargeLine("97010", 1), ChargeLine("97124", 1, NECK)]
    result = apply_edits(day, bundles_hot_cold_pack=False)
    assert [line.code for line in result.lines] == ["97140", "97010", "97124"]


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="bypass_modifier"):
        apply_edits([], bundles_hot_cold_pack=False, bypass_modifier="25")
    with pytest.raises(ValueError, match="duplicate"):
        apply_edits([ChargeLine("97124", 1), ChargeLine("97124", 1)], bundles_hot_cold_pack=False)


# --- diagnoses and pointers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("m54.50", "M5450"), (" S13.4XXD ", "S134XXD"), ("G44.209", "G44209"), ("M79.7", "M797")],
)
def test_icd10_codes_lose_the_dot(raw, clean):
    assert normalise_icd10(raw) == clean


@pytest.mark.parametrize("raw", ["", "M5", "M54.50.1234", "M54-50", "Ⅿ54.50"])
def test_malformed_icd10_is_refused(raw):
    with pytest.raises(ValueError, match="ICD-10-CM"):
        normalise_icd10(raw)


def test_claim_diagnoses_are_deduplicated_in_order():
    assert claim_diagnoses(["M54.50", "M62.83", "m54.50"]) == ("M5450", "M6283")


def test_a_claim_has_one_to_twelve_diagnoses():
    with pytest.raises(ValueError, match="at least one"):
        claim_diagnoses([])
    thirteen = [f"M{n:02d}0" for n in range(40, 53)]
    with pytest.raises(ValueError, match="12"):
        claim_diagnoses(thirteen)
    assert len(claim_diagnoses(thirteen[:12])) == 12


def test_pointers_default_to_the_first_four_diagnoses():
    codes = claim_diagnoses(["M5450", "M6283", "M797", "G44209", "M5412"])
    assert line_pointers(codes) == (1, 2, 3, 4)
    assert line_pointers(codes[:2]) == (1, 2)


def test_pointers_follow_the_line_diagnoses():
    codes = claim_diagnoses(["M5450", "M6283", "M797", "G44209", "M5412"])
    assert line_pointers(codes, ["m54.12", "M79.7"]) == (5, 3)
    assert pointer_letters(line_pointers(codes, ["m54.12", "M79.7"])) == "EC"
    with pytest.raises(ValueError, match="not on the claim"):
        line_pointers(codes, ["M25.511"])
    with pytest.raises(ValueError, match="1 to 4"):
        line_pointers(codes, list(codes))


def test_pointer_letters_run_a_to_l():
    assert pointer_letters([1, 12]) == "AL"
    with pytest.raises(ValueError, match="1 to 12"):
        pointer_letters([13])
