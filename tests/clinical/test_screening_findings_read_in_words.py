"""The screening banner names regions and restrictions in words, not codes."""

from __future__ import annotations

from petrissage.clinical.templatetags.screening_display import region_labels, restriction_labels
from petrissage.domain.screening.model import TECHNIQUE_LABELS, Technique


def test_every_restriction_has_words():
    assert set(TECHNIQUE_LABELS) == set(Technique)


def test_region_codes_become_labels_and_unknown_ones_stay_as_given():
    assert region_labels(["calf-left", "hip-right"]) == (
        "Calf (gastrocnemius / soleus), left; Hip / hip flexors, right"
    )
    assert region_labels(["somewhere"]) == "somewhere"
    assert region_labels(None) == ""


def test_restrictions_become_words():
    assert restriction_labels(["no_deep_pressure", "avoid_area"]) == (
        "no deep pressure, avoid the area"
    )
    assert restriction_labels(["new_rule"]) == "new rule"
