"""Everything the body-chart template needs, computed once: shapes, pain shading, restrictions.

The chart draws the coded regions of petrissage.domain.regions on a front and a back
silhouette (viewBox 0 0 200 480). Each region on a view becomes one clickable group
carrying `data-region`; its shading class comes from the NPRS recorded for it, and a
region under a current screening restriction gets a hatched overlay.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from petrissage.clinical.models import FindingClass, ScreeningFinding
from petrissage.domain.regions import (
    VIEWBOX,
    DrawnView,
    Shape,
    all_regions,
    is_region,
    outline_shapes,
    regions_in_area,
    regions_on_view,
)

AVOID_AREA = "avoid_area"

# NPRS bands for shading: (css class suffix, lowest score, highest score, legend text).
PAIN_BANDS: tuple[tuple[str, int, int, str], ...] = (
    ("none", 0, 0, "0 · no pain"),
    ("light", 1, 3, "1–3 · mild"),
    ("medium", 4, 6, "4–6 · moderate"),
    ("strong", 7, 10, "7–10 · severe"),
)


def pain_band(nprs: int | None) -> str:
    """The shading band for a score; "" when the region has no finding."""
    if nprs is None:
        return ""
    for band, low, high, _ in PAIN_BANDS:
        if low <= nprs <= high:
            return band
    return "strong"


@dataclass(frozen=True)
class ChartShape:
    kind: str  # "ellipse" or "polygon": the SVG element name
    attrs: SafeString  # its geometry attributes, escaped


@dataclass(frozen=True)
class ChartRegion:
    code: str
    label: str
    shapes: tuple[ChartShape, ...]
    label_x: float  # where the NPRS number is written
    label_y: float
    nprs: int | None
    selected: bool  # has a finding row (possibly not scored yet)
    restricted: bool

    @property
    def band(self) -> str:
        return pain_band(self.nprs)

    @property
    def description(self) -> str:
        """Accessible name: label, pain and restriction in words."""
        parts = [self.label]
        if self.nprs is not None:
            parts.append(f"pain {self.nprs} of 10")
        elif not self.selected:
            parts.append("no finding")
        if self.restricted:
            parts.append("screening restriction")
        return ", ".join(parts)


@dataclass(frozen=True)
class ChartView:
    name: DrawnView
    title: str
    viewer_left: str  # which of the patient's sides is on the viewer's left
    viewer_right: str
    outline: tuple[ChartShape, ...]
    regions: tuple[ChartRegion, ...]


@dataclass(frozen=True)
class BodyChart:
    viewbox: str
    views: tuple[ChartView, ...]
    restricted: frozenset[str]
    interactive: bool

    @property
    def legend(self) -> tuple[tuple[str, str], ...]:
        return tuple((band, text) for band, _, _, text in PAIN_BANDS)


def _chart_shape(shape: Shape) -> ChartShape:
    attrs = format_html_join(" ", '{}="{}"', shape.attrs().items())
    return ChartShape(kind=shape.kind, attrs=attrs)


def _centre(shape: Shape) -> tuple[float, float]:
    if shape.kind == "ellipse":
        cx, cy, _, _ = shape.ellipse
        return cx, cy
    xs = [x for x, _ in shape.points]
    ys = [y for _, y in shape.points]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def _view(
    view: DrawnView, pain: Mapping[str, int | None], restricted: frozenset[str]
) -> tuple[ChartRegion, ...]:
    regions = []
    for r in regions_on_view(view):
        shapes = tuple(s for s in r.shapes if s.view == view)
        x, y = _centre(shapes[0])
        regions.append(
            ChartRegion(
                code=r.code,
                label=r.label,
                shapes=tuple(_chart_shape(s) for s in shapes),
                label_x=round(x, 1),
                label_y=round(y + 3.5, 1),  # baseline under the centre for 10px text
                nprs=pain.get(r.code),
                selected=r.code in pain,
                restricted=r.code in restricted,
            )
        )
    return tuple(regions)


def build_body_chart(
    *,
    pain: Mapping[str, int | None] | None = None,
    restricted: Iterable[str] = (),
    interactive: bool = False,
) -> BodyChart:
    """The chart for findings (region code -> NPRS, None if not scored yet) and restrictions."""
    pain = pain or {}
    marked = frozenset(restricted)
    views = (
        ChartView(
            name="front",
            title="Front",
            viewer_left="R",  # facing the viewer: the patient's right is on our left
            viewer_right="L",
            outline=tuple(_chart_shape(s) for s in outline_shapes("front")),
            regions=_view("front", pain, marked),
        ),
        ChartView(
            name="back",
            title="Back",
            viewer_left="L",
            viewer_right="R",
            outline=tuple(_chart_shape(s) for s in outline_shapes("back")),
            regions=_view("back", pain, marked),
        ),
    )
    return BodyChart(viewbox=VIEWBOX, views=views, restricted=marked, interactive=interactive)


def _is_restricting(finding: ScreeningFinding) -> bool:
    return finding.finding_class == FindingClass.LOCAL or AVOID_AREA in (finding.restrictions or [])


def _area_regions(area: object) -> set[str]:
    try:
        return {r.code for r in regions_in_area(str(area))}
    except ValueError:  # an area name this table does not know: mark nothing for it
        return set()


def restricted_region_codes(findings: Iterable[ScreeningFinding]) -> frozenset[str]:
    """Regions a screening says to avoid or treat locally with care.

    Local findings and findings with an avoid-area restriction count. Their region codes
    and the regions of their areas are marked; an avoid-area finding naming neither
    applies to the whole body, as in the screening engine.
    """
    codes: set[str] = set()
    for finding in findings:
        if not _is_restricting(finding):
            continue
        regions = [str(code) for code in finding.regions or [] if is_region(str(code))]
        codes.update(regions)
        for area in finding.areas or []:
            codes |= _area_regions(area)
        whole_body = not finding.regions and not finding.areas
        if whole_body and AVOID_AREA in (finding.restrictions or []):
            codes |= {r.code for r in all_regions()}
    return frozenset(codes)


def restricted_labels(findings: Iterable[ScreeningFinding]) -> list[tuple[str, str]]:
    """(condition, action) of the findings that mark the chart, for the legend."""
    return [(f.condition, f.action) for f in findings if _is_restricting(f)]
