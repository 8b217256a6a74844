"""The body chart SVG: one clickable group per region and view, shading by pain, restrictions."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from petrissage.clinical.assessment_selectors import current_screening_findings
from petrissage.clinical.body_chart import (
    build_body_chart,
    pain_band,
    restricted_region_codes,
)
from petrissage.domain.regions import all_regions, regions_in_area, regions_on_view
from tests.clinical.test_assessment_services import make_screening

REGION_GROUP = re.compile(r'<g class="bc-region([^"]*)" data-region="([^"]+)"')


def render(**kwargs) -> str:
    return render_to_string("clinical/_body_chart.html", {"chart": build_body_chart(**kwargs)})


def groups(html: str, view: str) -> dict[str, str]:
    """data-region -> classes, for one view's <svg>."""
    start = html.index(f'data-view="{view}"')
    end = html.find("</figure>", start)
    return {code: classes.strip() for classes, code in REGION_GROUP.findall(html[start:end])}


def test_each_view_has_one_clickable_group_per_region():
    html = render(interactive=True)
    for view in ("front", "back"):
        found = groups(html, view)
        assert set(found) == {r.code for r in regions_on_view(view)}
        assert len(
            REGION_GROUP.findall(html.split(f'data-view="{view}"')[1].split("</figure>")[0])
        ) == len(found)
    every_region = set(groups(html, "front")) | set(groups(html, "back"))
    assert every_region == {r.code for r in all_regions()}
    assert 'viewBox="0 0 200 480"' in html
    assert "<strong>Front</strong>" in html
    assert "<strong>Back</strong>" in html
    assert "body-chart interactive" in html


def test_front_view_puts_the_patients_right_on_the_viewers_left():
    chart = build_body_chart()
    front, back = chart.views
    assert (front.viewer_left, front.viewer_right) == ("R", "L")
    assert (back.viewer_left, back.viewer_right) == ("L", "R")
    deltoid_right = next(r for r in front.regions if r.code == "deltoid-right")
    assert 'cx="56"' in deltoid_right.shapes[0].attrs  # drawn on the viewer's left


@pytest.mark.parametrize(
    ("nprs", "band"),
    [
        (None, ""),
        (0, "none"),
        (1, "light"),
        (3, "light"),
        (4, "medium"),
        (6, "medium"),
        (7, "strong"),
        (10, "strong"),
    ],
)
def test_pain_bands(nprs, band):
    assert pain_band(nprs) == band


def test_regions_are_shaded_by_pain_and_show_the_score():
    html = render(pain={"calf-left": 8, "hamstrings-right": 2, "deltoid-left": 5, "knee-left": 0})
    back = groups(html, "back")
    assert back["calf-left"] == "pain-strong"
    assert back["hamstrings-right"] == "pain-light"
    assert back["deltoid-left"] == "pain-medium"
    assert groups(html, "front")["deltoid-left"] == "pain-medium"  # drawn on both views
    assert groups(html, "front")["knee-left"] == "pain-none"
    assert back["calf-right"] == ""
    assert "<title>Calf (gastrocnemius / soleus), left, pain 8 of 10</title>" in html
    assert re.search(r'class="bc-score"[^>]*>8</text>', html)


def test_an_unscored_row_shows_as_selected():
    assert groups(render(pain={"calf-left": None}), "back")["calf-left"] == "selected"


def test_legend_lists_the_bands_and_restriction_only_when_there_is_one():
    plain = render()
    assert "7–10 · severe" in plain
    assert "0 · no pain" in plain
    assert "legend-restricted" not in plain
    assert "legend-restricted" in render(restricted={"calf-left"})


def test_local_finding_marks_its_regions_and_areas(patient):
    make_screening(patient, regions=["calf-left"], areas=["foot"])
    findings = current_screening_findings(patient)
    codes = restricted_region_codes(findings)
    assert "calf-left" in codes
    assert {r.code for r in regions_in_area("foot")} <= codes
    assert "calf-right" not in codes
    html = render(restricted=codes, pain={"calf-left": 4})
    back = groups(html, "back")
    assert back["calf-left"] == "pain-medium restricted"
    assert back["calf-right"] == ""
    assert 'class="bc-hatch" fill="url(#bc-hatch)"' in html


def test_relative_finding_with_avoid_area_also_marks(patient):
    make_screening(
        patient, finding_class="relative", regions=["abdomen"], restrictions=["avoid_area"]
    )
    assert restricted_region_codes(current_screening_findings(patient)) == {"abdomen"}


def test_relative_finding_without_avoid_area_marks_nothing(patient):
    make_screening(
        patient, finding_class="relative", regions=["abdomen"], restrictions=["light_pressure_only"]
    )
    assert restricted_region_codes(current_screening_findings(patient)) == frozenset()


def test_no_screening_marks_nothing(patient):
    assert restricted_region_codes(current_screening_findings(patient)) == frozenset()
    assert "restricted" not in "".join(groups(render(), "back").values())


def test_a_superseded_screening_marks_nothing(patient):
    screening = make_screening(patient, regions=["calf-left"])
    screening.is_current = False
    screening.save()
    assert restricted_region_codes(current_screening_findings(patient)) == frozenset()


def test_unknown_codes_and_areas_in_a_finding_are_ignored(patient):
    make_screening(patient, regions=["calf-left", "tail"], areas=["wing"])
    assert restricted_region_codes(current_screening_findings(patient)) == {"calf-left"}
