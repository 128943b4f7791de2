"""Which chart answers a question, from the shape of its result: a fixed template filled with the rows.

Bars rank categories (or movies) by a measure, a line follows a measure over years, a scatter sets two measures
against each other, and a histogram shows how one measure is spread.
"""

from cinelake.ask.answer import GROUP_NAMES, aggregate_label, describe_filters, genre_name, measure_name
from cinelake.ask.charts import Axis, ChartSpec
from cinelake.ask.model import DIMENSIONS
from cinelake.ask.spec import QuerySpec
from cinelake.ask.vocabulary import MEASURES, Measure

CHART_UNITS = {"usd": "usd", "minutes": "minutes", "rating": "rating", "votes": "votes", "popularity": "popularity",
               "ratio": "ratio"}  # fmt: skip


class NotChartable(ValueError):
    """The answer is a name or a date, not numbers: there is nothing to draw."""


def measure_axis(measure: Measure, language: str) -> Axis:
    return Axis(measure_name(measure, language).capitalize(), CHART_UNITS.get(MEASURES[measure].unit, "none"))


def movies_axis(language: str) -> Axis:
    return Axis("Películas" if language == "es" else "Movies", "count")


def chart_for(spec: QuerySpec, columns: list[str], rows: list[list], title: str) -> ChartSpec:
    language = spec.language
    if not rows:
        raise NotChartable("no rows")
    if spec.kind == "scatter":
        assert spec.measure is not None and spec.second_measure is not None
        return ChartSpec(
            "scatter", title, measure_axis(spec.measure, language), measure_axis(spec.second_measure, language),
            labels=[float(row[2]) for row in rows], values=[float(row[3]) for row in rows],
            point_labels=[str(row[0]) for row in rows], language=language,
        )  # fmt: skip
    if spec.kind == "distribution":
        assert spec.measure is not None
        values = [float(row[2]) for row in rows]
        return ChartSpec("histogram", title, measure_axis(spec.measure, language), movies_axis(language), values, [],
                         language=language)  # fmt: skip
    if spec.kind == "group":
        assert spec.group_by is not None
        value_at = 2 if spec.group_by == "country" else 1
        if spec.aggregate == "count" or spec.measure is None:
            y = movies_axis(language)
        else:
            name = aggregate_label(spec.aggregate, spec.measure, language)
            y = Axis(name.capitalize(), CHART_UNITS.get(MEASURES[spec.measure].unit, "none"))
        labels = [genre_name(row[0], language) if spec.group_by == "genre" else row[0] for row in rows]
        values = [float(row[value_at] or 0) for row in rows]
        x = Axis(GROUP_NAMES[language][spec.group_by].capitalize(), "year" if spec.chronological else "none")
        chart_type = "line" if spec.chronological else "bar"
        return ChartSpec(chart_type, title, x, y, labels, values, language=language)
    if spec.kind == "best_per_group" and spec.group_by is not None and spec.measure not in (None, "release_date"):
        assert spec.measure is not None
        known = [row for row in rows if row[3] is not None]
        labels = [f"{genre_name(row[0], language) if spec.group_by == 'genre' else row[0]}: {row[1]}" for row in known]
        x = Axis(GROUP_NAMES[language][spec.group_by].capitalize())
        return ChartSpec("bar", title, x, measure_axis(spec.measure, language), labels,
                         [float(row[3]) for row in known], language=language)  # fmt: skip
    if spec.kind == "share" and spec.subset is not None:
        _, matching, movies = rows[0]
        part = describe_filters(spec.subset, language).strip() or title
        rest = "el resto" if language == "es" else "the rest"
        return ChartSpec("bar", title, Axis(""), movies_axis(language), [part, rest],
                         [float(matching or 0), float((movies or 0) - (matching or 0))], language=language)  # fmt: skip
    if spec.kind in ("list", "compare") and spec.measure is not None:
        at = columns.index(MEASURES[spec.measure].column if spec.measure != "rating" else "rating")
        known = [row for row in rows if row[at] is not None]
        labels = [f"{row[0]} ({row[1]})" if row[1] else str(row[0]) for row in known]
        x = Axis("Película" if language == "es" else "Movie")
        return ChartSpec("bar", title, x, measure_axis(spec.measure, language), labels,
                         [float(row[at]) for row in known], language=language)  # fmt: skip
    if spec.kind == "group_count" and spec.group_by is not None:
        counted = DIMENSIONS[spec.group_by].es_plural if language == "es" else DIMENSIONS[spec.group_by].en_plural
        return ChartSpec("bar", title, Axis(""), Axis(counted.capitalize(), "count"), [title], [float(rows[0][0] or 0)],
                         language=language)  # fmt: skip
    if spec.kind in ("count", "aggregate"):
        label = title
        value = float(rows[0][0] or 0)
        y = movies_axis(language) if spec.kind == "count" else measure_axis(spec.measure, language)  # type: ignore[arg-type]
        return ChartSpec("bar", title, Axis(""), y, [label], [value], language=language)
    if spec.kind == "lookup" and spec.lookup in MEASURES and spec.lookup != "release_date":
        at = columns.index(MEASURES[spec.lookup].column if spec.lookup != "rating" else "rating")
        if rows[0][at] is None:
            raise NotChartable("the value is not known")
        return ChartSpec("bar", title, Axis(""), measure_axis(spec.lookup, language), [str(rows[0][0])],
                         [float(rows[0][at])], language=language)  # type: ignore[arg-type]  # fmt: skip
    raise NotChartable(spec.kind)
