"""The chart templates of /ask-visual: a `ChartSpec` filled with data becomes a PNG.

The templates are fixed code; only data goes in. Figures are `matplotlib.figure.Figure` objects rendered with
`FigureCanvasAgg`, never pyplot, so no backend is selected and nothing global is written: a web server may render
charts from several threads at once.

seaborn gives the look: its "whitegrid" axes style and "notebook" font sizes, read as plain dicts and applied to each
Axes (`seaborn.set_theme` would write the process-wide rcParams instead), its "deep" palette, and `seaborn.histplot`
and `seaborn.scatterplot` draw on the given Axes. Bars and lines are drawn with matplotlib itself, because
`seaborn.barplot` and `seaborn.lineplot` average repeated categories: two movies called "Hamlet" would become one bar.
"""

import io
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import numpy as np
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.axis import Axis as MatplotlibAxis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.ticker import Formatter, MaxNLocator
from matplotlib.transforms import Bbox, ScaledTranslation, blended_transform_factory

ChartType = Literal["bar", "line", "scatter", "histogram"]
Unit = Literal["usd", "minutes", "year", "rating", "votes", "count", "popularity", "ratio", "none"]
Language = Literal["es", "en"]

WIDTH_INCHES, HEIGHT_INCHES, DPI = 9.0, 5.6, 100  # 900 × 560 px
MAX_LABEL_CHARS = 40
MAX_POINT_LABEL_CHARS = 30
MAX_HISTOGRAM_BINS = 40
MAX_POINT_LABELS = 5
TITLE_WRAP_CHARS = 75  # about 640 px of 14-point text
MARGIN_PX, TITLE_GAP_PX = 10, 12

_UNIT_SUFFIX: dict[Unit, str] = {"usd": "M$", "minutes": "min", "ratio": "×"}
_ONE_DECIMAL: frozenset[Unit] = frozenset({"rating", "popularity", "ratio"})
_WHOLE: frozenset[Unit] = frozenset({"minutes", "votes", "count"})
_ENGLISH_TO_SPANISH_SEPARATORS = str.maketrans(",.", ".,")


@dataclass(frozen=True)
class Axis:
    label: str  # already in the question's language, e.g. "Presupuesto" / "Budget"
    unit: Unit = "none"


@dataclass(frozen=True)
class ChartSpec:
    """What to draw. For a bar chart `x` names the categories and `y` the measure, drawn horizontally."""

    chart_type: ChartType
    title: str  # already in the question's language
    x: Axis
    y: Axis  # for histogram: the count axis (unit "count")
    labels: list[str | float | int]  # bar: category names; line: years; scatter: x values; histogram: the values
    values: list[float]  # bar/line/scatter: y values (same length as labels); histogram: empty
    point_labels: list[str] = field(default_factory=list)  # scatter: optional titles to annotate the top points
    language: Language = "en"


# ---------------------------------------------------------------------------------------------------------------
# Numbers and text


def format_number(value: float, unit: Unit, language: Language = "en", decimals: int | None = None) -> str:
    """The number as the unit shows it, without the unit's suffix (axis ticks, whose axis label names the unit).

    `decimals` overrides the unit's own precision: ticks 0.05 apart need two.
    """
    if unit == "year" and decimals is None:
        return str(round(value))
    if unit == "usd":
        value = value / 1e6
    if decimals is None:
        decimals = _unit_decimals(value, unit)
    if round(value, decimals) == 0:
        value = 0.0  # no "-0"
    text = f"{value:,.{decimals}f}"
    if unit == "none" and decimals:
        text = text.rstrip("0").rstrip(".")  # 0.5, not 0.50; 3, not 3.00
    return text.translate(_ENGLISH_TO_SPANISH_SEPARATORS) if language == "es" else text


def _unit_decimals(value: float, unit: Unit) -> int:
    if unit == "usd":  # value in millions
        # Whole millions read best; below 10 M$ a decimal keeps a 300,000 $ budget from showing as 0.
        return 1 if abs(value) < 10 and round(value, 1) != round(value) else 0
    if unit in _ONE_DECIMAL:
        return 1
    if unit in _WHOLE:
        return 0
    return 0 if abs(value) >= 100 else 2


def format_value(value: float, unit: Unit, language: Language = "en") -> str:
    """The value with its unit, as written at the end of a bar: "2,923 M$", "142 min", "3.2×", "7,3" (Spanish)."""
    number = format_number(value, unit, language)
    suffix = _UNIT_SUFFIX.get(unit)
    if suffix is None:
        return number
    return f"{number}{suffix}" if unit == "ratio" else f"{number} {suffix}"


def axis_title(axis: Axis) -> str:
    """The axis label with its unit in parentheses where one applies: "Budget (M$)", "Duración (min)"."""
    suffix = _UNIT_SUFFIX.get(axis.unit)
    if suffix is None or f"({suffix})" in axis.label:
        return axis.label
    return f"{axis.label} ({suffix})"


def truncate_label(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    """At most `limit` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def histogram_bin_count(values: np.ndarray) -> int:
    """numpy's "auto" rule (the finer of Sturges and Freedman–Diaconis), capped at MAX_HISTOGRAM_BINS.

    Computed as a count rather than with `numpy.histogram_bin_edges(bins="auto")`: a tiny spread between the
    quartiles of a wide range (most movies at 0 votes, a few at 30,000) would have numpy build millions of edges.
    """
    span = float(np.ptp(values))
    if span == 0:
        return 1
    sturges = math.ceil(math.log2(values.size) + 1)
    q25, q75 = np.percentile(values, [25, 75])
    spread = float(q75 - q25)
    freedman_diaconis = math.ceil(span / (2 * spread * values.size ** (-1 / 3))) if spread > 0 else 0
    return min(max(sturges, freedman_diaconis), MAX_HISTOGRAM_BINS)


# ---------------------------------------------------------------------------------------------------------------
# Rendering


def render_png(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes, about 900 × 560 px on white. Raises ValueError("nothing to chart") without data."""
    figure = draw_figure(spec)
    buffer = io.BytesIO()
    # Fastest zlib level: a few ms less per chart, and no bigger for these flat-coloured images.
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def draw_figure(spec: ChartSpec) -> Figure:
    """The chart as a matplotlib Figure (attached to an Agg canvas), laid out and ready to be written as PNG."""
    drawer = _DRAWERS[spec.chart_type]
    if not spec.labels or (spec.chart_type != "histogram" and not spec.values):
        raise ValueError("nothing to chart")
    # layout="none" whatever the rcParams say: the layout is done once, below.
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, facecolor="white", layout="none")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    _apply_seaborn_look(axes)
    finish_after_layout = drawer(axes, spec)
    fonts, style = _seaborn_fonts(), _seaborn_style()
    # A figure title, centred on the whole width, so that long ones are not pushed off the right edge by the
    # category names of a bar chart.
    title = figure.suptitle(
        _plain(textwrap.fill(spec.title, TITLE_WRAP_CHARS)),
        y=1 - MARGIN_PX / (HEIGHT_INCHES * DPI),
        va="top",
        fontsize=fonts["axes.titlesize"] + 2,
        color=style["text.color"],
    )
    _fit_in_figure(axes, title)
    if finish_after_layout is not None:
        finish_after_layout()
    return figure


def _fit_in_figure(axes: Axes, title: Text) -> None:
    """Size the plot so that its tick labels, axis labels and the title above it fit the figure.

    One measurement, where tight_layout makes two, and no layout engine left on the Figure, which would make
    savefig measure every text again: with 50 bars, each of the two costs about 40 ms of the 300 ms budget.
    """
    figure = axes.figure
    renderer = figure.canvas.get_renderer()
    around = axes.get_tightbbox(renderer)  # the plot with its tick labels and axis labels
    plot = axes.get_window_extent(renderer)
    width, height = figure.bbox.width, figure.bbox.height
    title_height = title.get_window_extent(renderer).height + TITLE_GAP_PX
    figure.subplots_adjust(
        left=(MARGIN_PX + plot.x0 - around.x0) / width,
        right=1 - (MARGIN_PX + around.x1 - plot.x1) / width,
        bottom=(MARGIN_PX + plot.y0 - around.y0) / height,
        top=1 - (MARGIN_PX + title_height + around.y1 - plot.y1) / height,
    )


def _draw_bar(axes: Axes, spec: ChartSpec) -> None:
    values, categories = _finite_pairs(spec.values, spec.labels, spec)
    order = np.argsort(-values, kind="stable")  # largest first; ties keep the caller's order
    values = values[order]
    names = [_plain(truncate_label(_category_text(categories[index], spec))) for index in order]
    positions = np.arange(values.size)
    fontsize = _bar_fontsize(values.size)

    axes.barh(positions, values, height=0.72, color=_palette()[0])
    axes.set_ylim(values.size - 0.5, -0.5)  # the first (largest) bar at the top
    text_color = _seaborn_style()["text.color"]
    # The names are plain texts left of the plot, not tick labels: 50 ticks cost about 50 ms to build and lay out.
    axes.set_yticks([])
    beside_the_plot = blended_transform_factory(axes.transAxes, axes.transData) + _points_right(axes, -6)
    name_texts = [
        axes.text(
            0,
            position,
            name,
            transform=beside_the_plot,
            ha="right",
            va="center",
            fontsize=fontsize,
            color=text_color,
            gid="bar-name",
        )
        for position, name in zip(positions, names, strict=True)
    ]
    # Without tick labels the axis would put its label on the spine, over the names: it goes left of the widest.
    renderer = axes.figure.canvas.get_renderer()
    widest = max(text.get_window_extent(renderer).width for text in name_texts) * 72 / axes.figure.dpi
    axes.yaxis.set_label_coords(0, 0.5, transform=axes.transAxes + _points_right(axes, -(widest + 6 + 6)))
    # Values as plain texts too, rather than bar_label's annotations. They stay out of the layout, since the x
    # limits below leave room for them inside the plot.
    for position, value in zip(positions, values, strict=True):
        label = axes.text(
            value,
            position,
            format_value(value, spec.y.unit, spec.language),  # one dollar sign at most: never mathematics
            transform=axes.transData + _points_right(axes, 4 if value >= 0 else -4),
            ha="left" if value >= 0 else "right",
            va="center",
            fontsize=fontsize,
            color=text_color,
            gid="bar-value",
        )
        label.set_in_layout(False)
    # Room beyond the longest bar for its value label.
    low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
    room = 0.16 * (high - low or 1.0)
    axes.set_xlim(low - (room if low < 0 else 0), high + room)
    axes.grid(axis="y", visible=False)
    _format_ticks(axes.xaxis, spec.y.unit, spec.language)
    axes.set_xlabel(_plain(axis_title(spec.y)))
    axes.set_ylabel(_plain(axis_title(spec.x)))


def _draw_line(axes: Axes, spec: ChartSpec) -> None:
    values, years = _finite_pairs(spec.values, _as_numbers(spec.labels, spec), spec)
    order = np.argsort(years, kind="stable")
    years, values = np.asarray(years)[order], values[order]
    axes.plot(
        years,
        values,
        color=_palette()[0],
        linewidth=2,
        marker="o",
        markersize=6 if years.size <= 40 else 3.5,
        markeredgecolor="white",
    )
    if years.size == 1:
        axes.set_xlim(years[0] - 1, years[0] + 1)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    # The x values are years (the spec says so), so an unset unit still shows 2019, not 2,019.
    _format_ticks(axes.xaxis, "year" if spec.x.unit == "none" else spec.x.unit, spec.language)
    _format_ticks(axes.yaxis, spec.y.unit, spec.language)
    axes.set_xlabel(_plain(axis_title(spec.x)))
    axes.set_ylabel(_plain(axis_title(spec.y)))


def _draw_scatter(axes: Axes, spec: ChartSpec) -> Callable[[], None]:
    if len(spec.values) != len(spec.labels):
        raise ValueError("a scatter chart needs as many values as labels")
    if spec.point_labels and len(spec.point_labels) != len(spec.labels):
        raise ValueError("a scatter chart needs as many point_labels as labels, or none")
    names = spec.point_labels or [""] * len(spec.labels)
    x_values = _as_numbers(spec.labels, spec)
    keep = [index for index, (x, y) in enumerate(zip(x_values, spec.values, strict=True)) if _finite(x, y)]
    if not keep:
        raise ValueError("nothing to chart")
    xs = np.array([x_values[index] for index in keep])
    ys = np.array([spec.values[index] for index in keep], dtype=float)
    names = [names[index] for index in keep]

    palette = _palette()
    crowded = xs.size > 300
    sns.scatterplot(
        x=xs,
        y=ys,
        ax=axes,
        color=palette[0],
        alpha=0.45 if crowded else 0.85,
        s=14 if crowded else 40,
        edgecolor="white",
        linewidth=0.3,
    )
    _format_ticks(axes.xaxis, spec.x.unit, spec.language)
    _format_ticks(axes.yaxis, spec.y.unit, spec.language)
    axes.set_xlabel(_plain(axis_title(spec.x)))
    axes.set_ylabel(_plain(axis_title(spec.y)))
    # The names are placed once the layout has fixed where every point lands, so that they can dodge each other.
    return lambda: _annotate_top_points(axes, xs, ys, names, palette[3])


def _draw_histogram(axes: Axes, spec: ChartSpec) -> None:
    values = np.array([value for value in _as_numbers(spec.labels, spec) if math.isfinite(value)])
    if not values.size:
        raise ValueError("nothing to chart")
    sns.histplot(x=values, bins=histogram_bin_count(values), ax=axes, color=_palette()[0], edgecolor="white", alpha=0.9)
    axes.grid(axis="x", visible=False)
    _format_ticks(axes.xaxis, spec.x.unit, spec.language)
    _format_ticks(axes.yaxis, "count", spec.language)  # whatever the spec says: bars count movies
    axes.set_xlabel(_plain(axis_title(spec.x)))
    axes.set_ylabel(_plain(axis_title(spec.y)))


# Each draws on the Axes; one may return what to do once the figure is laid out.
_DRAWERS: dict[ChartType, Callable[[Axes, ChartSpec], Callable[[], None] | None]] = {
    "bar": _draw_bar,
    "line": _draw_line,
    "scatter": _draw_scatter,
    "histogram": _draw_histogram,
}


# ---------------------------------------------------------------------------------------------------------------
# Pieces of the templates


@cache
def _seaborn_style() -> dict:
    return dict(sns.axes_style("whitegrid"))


@cache
def _seaborn_fonts() -> dict:
    return dict(sns.plotting_context("notebook"))


@cache
def _palette() -> list[tuple[float, float, float]]:
    return list(sns.color_palette("deep"))


def _apply_seaborn_look(axes: Axes) -> None:
    """seaborn's whitegrid style and notebook font sizes, set on this Axes only (rcParams are process-wide)."""
    style, fonts = _seaborn_style(), _seaborn_fonts()
    axes.set_facecolor(style["axes.facecolor"])
    axes.set_axisbelow(style["axes.axisbelow"])
    for spine in axes.spines.values():
        spine.set_edgecolor(style["axes.edgecolor"])
        spine.set_linewidth(fonts["axes.linewidth"])
    axes.grid(True, color=style["grid.color"], linestyle=style["grid.linestyle"], linewidth=fonts["grid.linewidth"])
    # whitegrid draws no tick marks: the grid does their work.
    axes.tick_params(length=0, pad=6, labelsize=fonts["xtick.labelsize"] - 1, labelcolor=style["xtick.color"])
    for label in (axes.xaxis.label, axes.yaxis.label):
        label.set_color(style["axes.labelcolor"])
        label.set_fontsize(fonts["axes.labelsize"])


def _format_ticks(axis: MatplotlibAxis, unit: Unit, language: Language) -> None:
    if unit in ("year", "votes", "count", "minutes"):
        axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(_UnitTickFormatter(unit, language))


class _UnitTickFormatter(Formatter):
    """Tick labels written as the unit reads, with more decimals when the unit's own would repeat a label
    (a rating axis from 2.2 to 2.5 has ticks 0.05 apart: "2.4" twice otherwise)."""

    def __init__(self, unit: Unit, language: Language):
        self.unit, self.language = unit, language

    def __call__(self, value, position=None) -> str:
        return format_number(value, self.unit, self.language)

    def format_ticks(self, values) -> list[str]:
        labels = [self(value) for value in values]
        decimals = 0
        while len(set(labels)) < len(labels) and decimals < 4:
            decimals += 1
            labels = [format_number(value, self.unit, self.language, decimals) for value in values]
        return labels


def _annotate_top_points(axes: Axes, xs: np.ndarray, ys: np.ndarray, names: list[str], color) -> None:
    """Name up to five labelled points with the largest y. Each name sits beside its point, on the side towards the
    middle of the plot, and moves up or down, then to the other side, until it overlaps no other name and stays
    inside the plot; a thin line then ties it to its point."""
    labelled = [index for index in np.argsort(-ys, kind="stable") if names[index]][:MAX_POINT_LABELS]
    if not labelled:
        return
    axes.scatter(xs[labelled], ys[labelled], s=46, color=color, edgecolor="white", linewidth=0.6, zorder=3)
    renderer = axes.figure.canvas.get_renderer()
    plot_box = axes.get_window_extent(renderer)
    placed: list[Bbox] = []
    middle = (float(xs.min()) + float(xs.max())) / 2
    for index in labelled:
        towards_middle = -1 if xs[index] > middle else 1
        name = axes.annotate(
            _plain(truncate_label(names[index], MAX_POINT_LABEL_CHARS)),
            (xs[index], ys[index]),
            xytext=(8 * towards_middle, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            color=_seaborn_style()["text.color"],
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
            arrowprops={"arrowstyle": "-", "color": color, "linewidth": 0.8, "shrinkA": 0, "shrinkB": 4},
            zorder=4,
        )
        for side, rise in [(towards_middle, rise) for rise in _LABEL_RISES] + [(-towards_middle, 0)]:
            box = _move_name(name, side, rise, renderer)
            if _inside(box, plot_box) and not any(box.overlaps(other) for other in placed):
                break
        else:
            box = _move_name(name, towards_middle, 0, renderer)  # nowhere free: beside its point, as a last resort
        name.arrow_patch.set_visible(name.xyann[1] != 0)
        placed.append(box)


_LABEL_RISES = (0, 12, -12, 24, -24, 36, -36, 48, -48)  # points above (+) or below (-) the named point


def _move_name(name: Annotation, side: int, rise: float, renderer) -> Bbox:
    """Put the name 8 points to the right (side 1) or left (-1) of its point, `rise` points up; its text's box."""
    name.xyann = (8 * side, rise)
    name.set_horizontalalignment("left" if side > 0 else "right")
    name.update_positions(renderer)
    return Text.get_window_extent(name, renderer).padded(2)  # the text alone, not the line to the point


def _points_right(axes: Axes, points: float) -> ScaledTranslation:
    """A shift of `points` typographic points to the right (left when negative), whatever the plot's scale."""
    return ScaledTranslation(points / 72, 0, axes.figure.dpi_scale_trans)


def _inside(box: Bbox, outer: Bbox) -> bool:
    return outer.x0 <= box.x0 and box.x1 <= outer.x1 and outer.y0 <= box.y0 and box.y1 <= outer.y1


def _bar_fontsize(count: int) -> float:
    """Smaller text as bars get thinner, so that 50 names still fit 560 px without overlapping."""
    if count <= 15:
        return 10
    if count <= 30:
        return 8.5
    return 6.5


def _plain(text: str) -> str:
    """The text as written: matplotlib would read "$100M to $200M" as mathematics between the two dollars."""
    return text.replace("$", r"\$")


def _category_text(label: str | float | int, spec: ChartSpec) -> str:
    if isinstance(label, str):
        return label
    if spec.x.unit != "none":
        return format_value(label, spec.x.unit, spec.language)
    return str(int(label)) if float(label).is_integer() else str(label)


def _as_numbers(items: Sequence[str | float | int], spec: ChartSpec) -> list[float]:
    try:
        return [float(item) for item in items]
    except (TypeError, ValueError) as error:
        raise ValueError(f"a {spec.chart_type} chart needs numbers in labels: {error}") from error


def _finite(*numbers: float) -> bool:
    return all(math.isfinite(number) for number in numbers)


def _finite_pairs(values: Sequence[float], labels: Sequence, spec: ChartSpec) -> tuple[np.ndarray, list]:
    """The (value, label) pairs whose value (and label, when a number) is finite; ValueError when there are none."""
    if len(values) != len(labels):
        raise ValueError(f"a {spec.chart_type} chart needs as many values as labels")
    pairs = [
        (float(value), label)
        for value, label in zip(values, labels, strict=True)
        if _finite(float(value)) and (isinstance(label, str) or _finite(float(label)))
    ]
    if not pairs:
        raise ValueError("nothing to chart")
    return np.array([value for value, _ in pairs]), [label for _, label in pairs]
