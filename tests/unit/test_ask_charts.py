"""The chart templates of /ask-visual: each type renders a PNG, numbers read as the unit and language expect."""

import struct
from concurrent.futures import ThreadPoolExecutor

import matplotlib
import numpy as np
import pytest
from matplotlib.cbook import is_math_text
from matplotlib.text import Text

from cinelake.ask.charts import (
    MAX_HISTOGRAM_BINS,
    MAX_LABEL_CHARS,
    Axis,
    ChartSpec,
    axis_title,
    draw_figure,
    format_value,
    histogram_bin_count,
    render_png,
    truncate_label,
)
from cinelake.ask.spec import Filters, QuerySpec
from cinelake.ask.visual import chart_for

pytestmark = pytest.mark.unit

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always comes first after the signature."""
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def bar_texts(figure, gid: str) -> list[str]:
    """The category names ("bar-name") or values ("bar-value") of a bar chart, from the top bar down."""
    return [text.get_text() for text in figure.axes[0].texts if text.get_gid() == gid]


def bar_spec(count: int = 5, **changes) -> ChartSpec:
    spec = {
        "chart_type": "bar",
        "title": "Highest budgets",
        "x": Axis("Movie"),
        "y": Axis("Budget", "usd"),
        "labels": [f"Movie number {index}" for index in range(count)],
        "values": [float((index + 1) * 12_500_000) for index in range(count)],
    }
    return ChartSpec(**(spec | changes))


EXAMPLES = {
    "bar": bar_spec(),
    "line": ChartSpec(
        "line",
        "Duración media por año",
        Axis("Año", "year"),
        Axis("Duración media", "minutes"),
        labels=list(range(2010, 2024)),
        values=[100 + (year % 5) * 2.5 for year in range(2010, 2024)],
        language="es",
    ),
    "scatter": ChartSpec(
        "scatter",
        "Budget and revenue",
        Axis("Budget", "usd"),
        Axis("Revenue", "usd"),
        labels=[float(budget) * 1e6 for budget in range(1, 41)],
        values=[float(budget) * 2.7e6 for budget in range(1, 41)],
        point_labels=[f"Movie {budget}" for budget in range(1, 41)],
    ),
    "histogram": ChartSpec(
        "histogram",
        "Distribución de la nota media",
        Axis("Nota media", "rating"),
        Axis("Películas", "count"),
        labels=list(np.random.default_rng(7).normal(6.3, 0.9, 500).round(1)),
        values=[],
        language="es",
    ),
}


@pytest.mark.parametrize("chart_type", sorted(EXAMPLES))
def test_each_chart_type_renders_a_900_by_560_png(chart_type):
    # GIVEN a spec of the chart type, filled with data
    # WHEN it is rendered
    png = render_png(EXAMPLES[chart_type])
    # THEN the bytes are a PNG of the agreed size
    assert png_size(png) == (900, 560)


@pytest.mark.parametrize(
    ("value", "unit", "english", "spanish"),
    [
        (2_923_000_000, "usd", "2,923 M$", "2.923 M$"),
        (237_000_000, "usd", "237 M$", "237 M$"),
        (2_500_000, "usd", "2.5 M$", "2,5 M$"),
        (300_000, "usd", "0.3 M$", "0,3 M$"),
        (-12_000_000, "usd", "-12 M$", "-12 M$"),
        (142.4, "minutes", "142 min", "142 min"),
        (2019, "year", "2019", "2019"),
        (2019.0, "year", "2019", "2019"),
        (7.34, "rating", "7.3", "7,3"),
        (-0.01, "rating", "0.0", "0,0"),
        (1_234_567, "votes", "1,234,567", "1.234.567"),
        (12, "count", "12", "12"),
        (3.24, "ratio", "3.2×", "3,2×"),
        (1234.56, "popularity", "1,234.6", "1.234,6"),
        (0.5, "none", "0.5", "0,5"),
        (25_000, "none", "25,000", "25.000"),
    ],
)
def test_the_unit_formatter_writes_the_value_as_each_language_reads_it(value, unit, english, spanish):
    # GIVEN a value and its unit WHEN it is formatted in English and in Spanish THEN it reads as expected
    assert format_value(value, unit, "en") == english
    assert format_value(value, unit, "es") == spanish


@pytest.mark.parametrize(
    ("axis", "expected"),
    [
        (Axis("Budget", "usd"), "Budget (M$)"),
        (Axis("Duración", "minutes"), "Duración (min)"),
        (Axis("Return on budget", "ratio"), "Return on budget (×)"),
        (Axis("Nota media", "rating"), "Nota media"),
        (Axis("Año", "year"), "Año"),
        (Axis("Budget (M$)", "usd"), "Budget (M$)"),
    ],
)
def test_axis_labels_carry_their_unit_in_parentheses_where_one_applies(axis, expected):
    # GIVEN an axis WHEN its label is written THEN the unit follows in parentheses, once, where it has a symbol
    assert axis_title(axis) == expected


def test_long_labels_are_truncated_with_an_ellipsis():
    # GIVEN a bar chart whose longest category name is far over the limit
    long_title = "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb"
    spec = bar_spec(labels=[long_title, "Up"], values=[10e6, 5e6])
    # WHEN it is drawn
    names = bar_texts(draw_figure(spec), "bar-name")
    # THEN the long name is cut to the limit and ends with an ellipsis, and the short one is untouched
    assert names == [truncate_label(long_title), "Up"]
    assert len(names[0]) == MAX_LABEL_CHARS
    assert names[0].endswith("…")
    assert long_title.startswith(names[0][:-1])


def test_bars_are_ranked_with_the_largest_at_the_top_and_their_values_written():
    # GIVEN categories in no particular order, two with the same name
    spec = bar_spec(labels=["Hamlet", "Up", "Hamlet"], values=[5e6, 250e6, 40e6])
    # WHEN the bar chart is drawn
    figure = draw_figure(spec)
    # THEN the names read from the top in decreasing value, each bar kept, each with its value at its end
    assert bar_texts(figure, "bar-name") == ["Up", "Hamlet", "Hamlet"]
    assert bar_texts(figure, "bar-value") == ["250 M$", "40 M$", "5 M$"]
    axes = figure.axes[0]
    assert axes.yaxis_inverted()
    assert [round(bar.get_y() + bar.get_height() / 2) for bar in axes.patches] == [0, 1, 2]
    assert [bar.get_width() for bar in axes.patches] == [250e6, 40e6, 5e6]


def test_a_line_chart_shows_whole_years_without_separators():
    # GIVEN a measure over a few years, the year axis without a unit
    spec = ChartSpec("line", "Movies per year", Axis("Year"), Axis("Movies", "count"), [2019, 2020, 2021], [4, 7, 5])
    # WHEN it is drawn
    figure = draw_figure(spec)
    figure.canvas.draw()
    # THEN every year tick is a whole year, written as a year
    ticks = [label.get_text() for label in figure.axes[0].get_xticklabels()]
    assert ticks
    assert all(tick.isdigit() and len(tick) == 4 for tick in ticks), ticks


@pytest.mark.parametrize(
    ("unit", "values"),
    [("ratio", [2.34]), ("rating", [6.31, 6.33, 6.36]), ("usd", [1.2e6, 1.25e6, 1.3e6])],
)
def test_axis_ticks_closer_than_the_units_precision_still_read_apart(unit, values):
    # GIVEN a measure whose ticks fall closer together than the unit's usual decimals
    years = list(range(2020, 2020 + len(values)))
    spec = ChartSpec("line", "Narrow range", Axis("Year"), Axis("Measure", unit), years, values, language="es")
    # WHEN it is drawn
    figure = draw_figure(spec)
    figure.canvas.draw()
    # THEN no two tick labels are the same
    ticks = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert len(set(ticks)) == len(ticks), ticks


def test_a_scatter_names_the_five_highest_points_without_overlapping_names():
    # GIVEN a scatter whose highest points crowd together, each with a title
    xs = [100.0, 101, 102, 103, 104, 105, 50, 10]
    ys = [99.0, 98.5, 98, 97.5, 97, 96.5, 20, 5]
    spec = ChartSpec("scatter", "Crowded top", Axis("X"), Axis("Y"), xs, ys, [f"Movie {i}" for i in range(8)])
    # WHEN it is drawn
    figure = draw_figure(spec)
    renderer = figure.canvas.get_renderer()
    names = figure.axes[0].texts
    # THEN the five highest are named, and no two names cover each other
    assert [name.get_text() for name in names] == [f"Movie {i}" for i in range(5)]
    boxes = [Text.get_window_extent(name, renderer) for name in names]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_histogram_bins_follow_numpys_auto_rule_capped_at_40():
    # GIVEN a modest normal sample and a large heavy-tailed one
    rng = np.random.default_rng(3)
    modest = rng.normal(100, 15, 300)
    heavy_tailed = np.concatenate([rng.integers(0, 50, 10_000), rng.integers(0, 35_000, 300)]).astype(float)
    # WHEN their bins are counted THEN the modest one gets numpy's 'auto' count and the large one the cap
    assert histogram_bin_count(modest) == np.histogram_bin_edges(modest, bins="auto").size - 1
    assert histogram_bin_count(heavy_tailed) == MAX_HISTOGRAM_BINS
    assert histogram_bin_count(np.array([7.0, 7.0, 7.0])) == 1


@pytest.mark.parametrize(
    "spec",
    [
        bar_spec(labels=[], values=[]),
        bar_spec(labels=["Up"], values=[]),
        bar_spec(labels=["Up"], values=[float("nan")]),
        ChartSpec("line", "t", Axis("Year"), Axis("Movies", "count"), [], []),
        ChartSpec("scatter", "t", Axis("X"), Axis("Y"), [], []),
        ChartSpec("histogram", "t", Axis("Rating", "rating"), Axis("Movies", "count"), [], []),
        ChartSpec("histogram", "t", Axis("Rating", "rating"), Axis("Movies", "count"), [float("nan")], []),
    ],
    ids=["bar", "bar-without-values", "bar-only-nan", "line", "scatter", "histogram", "histogram-only-nan"],
)
def test_empty_data_raises_nothing_to_chart(spec):
    # GIVEN a spec with no data to draw WHEN it is rendered THEN it is refused with the agreed message
    with pytest.raises(ValueError, match="^nothing to chart$"):
        render_png(spec)


def test_values_and_labels_of_different_lengths_are_refused():
    # GIVEN a bar chart with more names than values WHEN it is rendered THEN it is refused, not silently cut
    with pytest.raises(ValueError, match="as many values as labels"):
        render_png(bar_spec(labels=["Up", "Cars"], values=[1e6]))


def test_dollar_signs_in_texts_are_drawn_as_written_not_as_mathematics():
    # GIVEN a title with two dollar signs, which matplotlib would otherwise typeset as mathematics
    title = "Movies between $100M and $200M"
    # WHEN the chart is drawn
    drawn = draw_figure(bar_spec(title=title)).get_suptitle()
    # THEN the title is plain text that shows as written
    assert not is_math_text(drawn)
    assert drawn.replace(r"\$", "$") == title


def test_rendering_leaves_matplotlibs_global_settings_alone():
    # GIVEN matplotlib's process-wide settings, which other code in the server reads
    before = dict(matplotlib.rcParams)
    # WHEN every chart type is rendered
    for spec in EXAMPLES.values():
        render_png(spec)
    # THEN they are unchanged
    assert dict(matplotlib.rcParams) == before


def test_charts_render_from_several_threads_at_once():
    # GIVEN a web server rendering requests in parallel
    specs = list(EXAMPLES.values()) * 2
    # WHEN the charts are rendered from four threads
    with ThreadPoolExecutor(max_workers=4) as pool:
        pngs = list(pool.map(render_png, specs))
    # THEN every one is a whole PNG
    assert all(png_size(png) == (900, 560) for png in pngs)


def test_fifty_long_bars_render_to_a_png_of_the_set_size():
    # GIVEN the largest bar chart /ask-visual draws, 50 long titles
    spec = bar_spec(50, labels=[f"A long movie title, number {index}, with a subtitle" for index in range(50)])
    # WHEN it is rendered
    png = render_png(spec)
    # THEN it is a PNG of the set size (its speed is measured by bench/ask.py, not by a timed test)
    assert png_size(png) == (900, 560)


def test_the_best_movie_of_each_group_is_a_bar_per_group_named_by_group_and_title():
    # GIVEN the rows of "the most expensive movie of each decade"
    spec = QuerySpec(language="en", kind="best_per_group", measure="budget", group_by="decade")
    rows = [[1990, "Titanic", 1997, 200e6], [2000, "Pirates of the Caribbean: At World's End", 2007, 300e6]]
    # WHEN its chart is chosen
    chart = chart_for(spec, ["decade", "title", "release_year", "budget"], rows, "The most expensive of each decade")
    # THEN each decade is a bar named by the decade and its movie, valued by the budget
    assert chart.chart_type == "bar"
    assert chart.labels == ["1990: Titanic", "2000: Pirates of the Caribbean: At World's End"]
    assert chart.values == [200e6, 300e6]


def test_a_share_is_the_matching_movies_against_the_rest():
    # GIVEN "¿Qué porcentaje de las películas de 2012 son dramas?" answered 36.47 %, 124 of 340
    spec = QuerySpec(language="es", kind="share", subset=Filters(genres=[18]))
    chart = chart_for(spec, ["percentage", "matching", "movies"], [[36.47, 124, 340]], "Dramas de 2012")
    # THEN two bars: the part asked about and the rest
    assert chart.labels == ["de Drama", "el resto"] and chart.values == [124.0, 216.0]
