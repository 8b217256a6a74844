"""The coded body-region table is complete, consistent and drawable."""

from __future__ import annotations

import pytest

from petrissage.domain.regions import (
    AREAS,
    VIEWBOX_HEIGHT,
    VIEWBOX_WIDTH,
    UnknownRegion,
    all_regions,
    outline_shapes,
    region,
    regions_in_area,
    regions_on_view,
)


def test_codes_are_unique_and_there_are_enough():
    codes = [r.code for r in all_regions()]
    assert len(codes) == len(set(codes))
    assert 50 <= len(codes) <= 80


def test_every_region_has_a_shape_on_each_of_its_views():
    for r in all_regions():
        views = {s.view for s in r.shapes}
        expected = {"front", "back"} if r.view == "both" else {r.view}
        assert views == expected, r.code


def test_shapes_lie_inside_the_viewbox():
    for r in all_regions():
        for shape in r.shapes:
            if shape.kind == "ellipse":
                cx, cy, rx, ry = shape.ellipse
                xs, ys = [cx - rx, cx + rx], [cy - ry, cy + ry]
            else:
                xs = [x for x, _ in shape.points]
                ys = [y for _, y in shape.points]
                assert len(shape.points) >= 3
            assert min(xs) >= 0, r.code
            assert max(xs) <= VIEWBOX_WIDTH, r.code
            assert min(ys) >= 0, r.code
            assert max(ys) <= VIEWBOX_HEIGHT, r.code


def test_laterality_pairs_exist_and_mirror():
    for r in all_regions():
        if r.laterality == "midline":
            assert r.code == r.code.removesuffix("-left").removesuffix("-right")
            assert r.laterality_code is None
            continue
        other = "right" if r.laterality == "left" else "left"
        twin = region(r.code.rsplit("-", 1)[0] + f"-{other}")
        assert twin.area == r.area
        assert twin.snomed_code == r.snomed_code
        assert r.laterality_code == {"left": "7771000", "right": "24028007"}[r.laterality]


def test_patient_left_is_on_the_viewer_right_in_front_and_left_in_back():
    front = region("pectorals-left").shapes[0]
    assert front.view == "front"
    assert front.ellipse[0] > 100
    back = region("gluteals-left").shapes[0]
    assert back.view == "back"
    assert back.ellipse[0] < 100


def test_every_region_names_a_code_source_and_a_valid_area():
    for r in all_regions():
        assert r.area in AREAS
        assert r.snomed_code.isdigit()
        assert r.snomed_display
        assert r.snomed_source if r.verified else not r.snomed_source.startswith("DICOM")
        assert r.snomed_match in {"exact", "broader"}


def test_unknown_code_raises_unknown_region():
    with pytest.raises(UnknownRegion, match="elbowish"):
        region("elbowish")


def test_area_lookup_and_side_filter():
    legs = regions_in_area("leg")
    assert {"knee-left", "calf-right"} <= {r.code for r in legs}
    assert all(r.laterality == "left" for r in regions_in_area("leg", "left"))
    with pytest.raises(ValueError, match="Unknown body area"):
        regions_in_area("tail")


def test_every_area_and_view_has_regions():
    for area in AREAS:
        assert regions_in_area(area), area
    assert regions_on_view("front")
    assert regions_on_view("back")
    assert outline_shapes("front")


def test_svg_attributes_are_strings():
    attrs = region("scm-left").shapes[0].attrs()
    assert set(attrs) == {"points"}
    assert region("deltoid-right").shapes[0].attrs()["rx"] == "10"
