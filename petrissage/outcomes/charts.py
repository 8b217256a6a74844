"""Progress charts as inline SVG (matplotlib, Agg backend, no pyplot state).

Each chart's elements carry SVG classes (set as matplotlib `gid`): `series-<key>` for a
measure's line, `mcid-band` for the shaded band of unimportant change around the
baseline, `baseline-<key>`, and `region-<n>` per body region. Every id is prefixed per
chart, so several charts can share one page or PDF.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from datetime import date

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, readable, selectable

from matplotlib.dates import DateFormatter, date2num  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from petrissage.domain.outcomes import Direction  # noqa: E402
from petrissage.outcomes.progress import MeasureProgress  # noqa: E402

SAGE, SAGE_DARK, BAND, INK, MUTED = "#2f6b55", "#214d3d", "#cfe3d9", "#1d2428", "#5b6770"
REGION_COLOURS = ("#c62f1c", "#1d4d8f", "#8a5a00", "#5b2a86", "#2f6b55", "#b4621c", "#3c7a89")
_HEADER = re.compile(r"^.*?(?=<svg)", re.S)
_OURS = re.compile(r"^(mcid-band|series-.+|baseline-.+|region-\d+)$")


def _x(when: object) -> float:
    return float(date2num(when))  # type: ignore[no-untyped-call]


def _date_ticks(axes: matplotlib.axes.Axes, xs: Sequence[float]) -> None:
    """One tick per measured day (at most 8), labelled with the date: no repeated labels
    when several measures fall on one day."""
    days = sorted({int(x) for x in xs})
    step = max(1, -(-len(days) // 8))
    ticks = [float(day) for day in days[::step]]
    axes.set_xticks(ticks)
    low, high = min([*xs, *ticks]), max([*xs, *ticks])
    pad = max(0.5, (high - low) * 0.06)  # room for the first and last point's labels
    axes.set_xlim(low - pad, high + pad)
    axes.xaxis.set_major_formatter(DateFormatter("%b %-d"))  # type: ignore[no-untyped-call]


def _scoped_ids(svg: str) -> str:
    """Make every id unique to this chart (a page or PDF shows several charts inline, and
    matplotlib numbers its ids the same way in each); our own names stay as classes."""
    prefix = "c" + hashlib.sha1(svg.encode(), usedforsecurity=False).hexdigest()[:8]

    def rename(match: re.Match[str]) -> str:
        name = match.group(1)
        extra = f' class="{name}"' if _OURS.match(name) else ""
        return f'id="{prefix}-{name}"{extra}'

    svg = re.sub(r'\bid="([^"]+)"', rename, svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)


def _svg(figure: Figure, label: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = _HEADER.sub("", buffer.getvalue(), count=1)
    svg = re.sub(r'(<svg[^>]*?) width="[^"]+" height="[^"]+"', r"\1", svg, count=1)
    svg = _scoped_ids(svg)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="chart" ', 1)


def _style(axes: matplotlib.axes.Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color("#b9c4ca")
    axes.tick_params(colors=MUTED, labelsize=9)
    axes.grid(axis="y", color="#e6eaed", linewidth=0.8)
    axes.set_axisbelow(True)


def measure_chart_svg(progress: MeasureProgress) -> str:
    """One measure over time, the MCID band around the baseline shaded."""
    definition = progress.definition
    figure = Figure(figsize=(6.4, 2.9), dpi=100)
    axes = figure.add_subplot()
    _style(axes)
    times = [_x(p.when) for p in progress.points]
    values = [float(p.value) for p in progress.points]
    band = progress.band
    if band is not None:
        shade = axes.axhspan(float(band[0]), float(band[1]), color=BAND, alpha=0.7, lw=0)
        shade.set_gid("mcid-band")
        shade.set_label(f"No important change ({progress.band_label})")
    base = axes.axhline(float(progress.baseline.value), color=MUTED, lw=1, ls="--")
    base.set_gid(f"baseline-{progress.key}")
    base.set_label("Baseline")
    (line,) = axes.plot(times, values, color=SAGE_DARK, marker="o", lw=2, ms=6)
    line.set_gid(f"series-{progress.key}")
    line.set_label(definition.name)
    previous: float | None = None
    for when, value in zip(times, values, strict=True):
        below = previous is not None and value < previous  # keep the label off the line
        axes.annotate(f"{round(value, 1):g}", (when, value), textcoords="offset points",
                      xytext=(8, -12) if below else (0, 7), ha="center", fontsize=8,
                      color=INK)  # fmt: skip
        previous = value
    axes.set_ylim(float(definition.score_min), float(definition.score_max) * 1.08 or 1)
    better = "higher" if definition.direction is Direction.HIGHER_IS_BETTER else "lower"
    axes.set_ylabel(f"{definition.name} ({better} is better)", fontsize=9, color=MUTED)
    _date_ticks(axes, times)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, frameon=False, fontsize=8)
    return _svg(figure, f"{definition.name} over time with the important-change band")


def region_chart_svg(series: Mapping[str, Sequence[tuple[date, int]]]) -> str:
    """Pain (NPRS 0–10) per body region over assessments."""
    figure = Figure(figsize=(6.4, 2.9), dpi=100)
    axes = figure.add_subplot()
    _style(axes)
    for n, (label, points) in enumerate(sorted(series.items())):
        colour = REGION_COLOURS[n % len(REGION_COLOURS)]
        (line,) = axes.plot([_x(p[0]) for p in points], [p[1] for p in points],
                            marker="o", color=colour, lw=1.8, ms=5, label=label)  # fmt: skip
        line.set_gid(f"region-{n}")
    axes.set_ylim(0, 10.5)
    axes.set_ylabel("Pain 0–10 (lower is better)", fontsize=9, color=MUTED)
    _date_ticks(axes, [_x(p[0]) for points in series.values() for p in points])
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    return _svg(figure, "Pain per body region over assessments")
