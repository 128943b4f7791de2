"""A `QuerySpec` as one SELECT, built with sqlglot expressions: values are literals sqlglot quotes, never pasted text.

Conventions (the eval's): unknown money is NULL in `movie_facts` and so drops out of rankings, sums and averages;
profit and ROI exist only where both budget and revenue are known; a year is the release year; ratings count only
movies with votes.
"""

import sqlglot
from sqlglot import exp

from cinelake.ask.model import DIMENSIONS
from cinelake.ask.spec import SPANISH_TITLE, Filters, Linked, QuerySpec
from cinelake.ask.vocabulary import MEASURES, WOMAN_GENDER, Dimension, Measure

MIN_GROUP_MOVIES = 3  # a director's (actor's, company's) average needs a few films to mean something


def col(name: str, table: str = "f") -> exp.Column:
    return exp.column(name, table)


def lit(value) -> exp.Expression:
    if isinstance(value, str):
        return exp.Literal.string(value)
    return exp.Literal.number(value)


def threshold_lit(value: float) -> exp.Expression:
    """A whole number as an integer: `runtime > 180.0` casts every row's runtime to numeric and uses no index on it;
    `runtime > 180` compares the same rows as integers, and an index on runtime answers it."""
    return lit(int(value)) if isinstance(value, float) and value.is_integer() else lit(value)


def exists(table: str, alias: str, *conditions: exp.Expression) -> exp.Exists:
    where = col("tmdb_id", alias).eq(col("tmdb_id"))
    for condition in conditions:
        where = where.and_(condition)
    return exp.Exists(this=sqlglot.select("1").from_(exp.table_(table, alias=alias)).where(where))


def id_match(column: exp.Column, ids: tuple[int, ...]) -> exp.Expression:
    return column.eq(lit(ids[0])) if len(ids) == 1 else column.isin(*(lit(i) for i in ids))


def new_year(year: int) -> exp.Expression:
    """1 January of `year`, as a date."""
    return exp.cast(exp.Literal.string(f"{year:04d}-01-01"), exp.DataType.build("date"))


def years_left_out(filters: Filters, release_year: exp.Column) -> list[exp.Expression]:
    """The span of years a question leaves out ("not released in the 2010s"), on the movies' or a pre-aggregation's
    release year."""
    if filters.excluded_years is None:
        return []
    first, last = filters.excluded_years
    return [exp.not_(release_year.between(lit(first), lit(last)))]


def filter_conditions(filters: Filters) -> list[exp.Expression]:
    conditions: list[exp.Expression] = []
    # Years as a range of release dates: the dates' index then reads only those years' movies, in date order (a list
    # in date order walks the index from the years' first day, not from the catalogue's).
    if filters.year_from is not None:
        conditions.append(col("release_date") >= new_year(filters.year_from))
    if filters.year_to is not None:
        conditions.append(col("release_date") < new_year(filters.year_to + 1))
    conditions += years_left_out(filters, col("release_year"))
    if filters.any_genre:
        conditions.append(exists("movie_genres", "g0", id_match(col("genre_id", "g0"), tuple(filters.genres))))
    else:
        for n, genre in enumerate(filters.genres):
            conditions.append(exists("movie_genres", f"g{n}", col("genre_id", f"g{n}").eq(lit(genre))))
    for n, genre in enumerate(filters.excluded_genres):
        conditions.append(exp.Not(this=exists("movie_genres", f"xg{n}", col("genre_id", f"xg{n}").eq(lit(genre)))))
    if filters.language:
        language = col("original_language")
        conditions.append(
            language.neq(lit(filters.language)) if filters.other_languages else language.eq(lit(filters.language))
        )
    for n, country in enumerate(filters.countries):
        conditions.append(exists("movie_countries", f"c{n}", col("iso_3166_1", f"c{n}").eq(lit(country))))
    for n, country in enumerate(filters.excluded_countries):
        made_there = exists("movie_countries", f"xc{n}", col("iso_3166_1", f"xc{n}").eq(lit(country)))
        conditions.append(exp.Not(this=made_there))
    for n, company in enumerate(filters.companies):
        conditions.append(exists("movie_companies", f"p{n}", id_match(col("company_id", f"p{n}"), company.ids)))
    people: list[exp.Expression] = []
    for n, director in enumerate(filters.directors):
        alias = f"d{n}"
        people.append(
            exists(
                "movie_crew",
                alias,
                col("job", alias).eq(lit("Director")),
                id_match(col("person_id", alias), director.ids),
            )
        )
    if filters.directed_by_women:
        women = sqlglot.select("1").from_(exp.table_("people", alias="wp"))
        women = women.where(col("person_id", "wp").eq(col("person_id", "wd"))).where(
            col("gender", "wp").eq(lit(WOMAN_GENDER))
        )
        conditions.append(exists("movie_crew", "wd", col("job", "wd").eq(lit("Director")), exp.Exists(this=women)))
    for n, actor in enumerate(filters.actors):
        people.append(exists("movie_cast", f"a{n}", id_match(col("person_id", f"a{n}"), actor.ids)))
    if people:  # "directed by Gerwig or Coppola": either; "with Hanks and Ryan": both
        conditions.append(exp.paren(exp.or_(*people)) if filters.any_person and len(people) > 1 else exp.and_(*people))
    for n, keyword in enumerate(filters.keywords):
        conditions.append(exists("movie_keywords", f"k{n}", id_match(col("keyword_id", f"k{n}"), keyword.ids)))
    for threshold in filters.thresholds:
        conditions += measure_against(threshold.measure, threshold.op, threshold_lit(threshold.value))
    for comparison in filters.comparisons:
        right: exp.Expression = col(MEASURES[comparison.right].column)
        if comparison.factor != 1:
            right = exp.Mul(this=lit(comparison.factor), expression=right)
        conditions.append(compared(col(MEASURES[comparison.left].column), comparison.op, right))
    for versus in filters.than_movies:  # "longer than Titanic": against that movie's own value
        theirs = value_of(versus.movie, MEASURES[versus.measure].column)
        conditions += measure_against(versus.measure, versus.op, theirs)
    if filters.same_year_as is not None:
        conditions.append(col("release_year").eq(value_of(filters.same_year_as, "release_year")))
    for measure, is_known in filters.known.items():
        conditions += known(measure) if is_known else [unknown(measure)]
    if filters.month is not None:
        month = exp.Extract(this=exp.var("MONTH"), expression=col("release_date"))
        if filters.month_to is None:
            conditions.append(month.eq(lit(filters.month)))
        else:
            conditions.append(exp.Between(this=month, low=lit(filters.month), high=lit(filters.month_to)))
    if filters.day is not None:
        day = exp.Extract(this=exp.var("DAY"), expression=col("release_date"))
        conditions.append(day.eq(lit(filters.day)))
    if filters.status is not None:
        conditions.append(col("status").eq(lit(filters.status)))
    if filters.series:
        starts = [exp.ILike(this=col("title"), expression=lit(like_prefix(name))) for name in filters.series]
        conditions.append(exp.or_(*starts) if len(starts) > 1 else starts[0])
    return conditions


def value_of(movie: Linked, column: str) -> exp.Expression:
    """A named movie's own value, as a subquery: "longer than Titanic", "the same year as Titanic"."""
    select = sqlglot.select(col(column, "m")).from_(exp.table_("movie_facts", alias="m"))
    return select.where(id_match(col("tmdb_id", "m"), movie.ids)).subquery()


def measure_against(measure: Measure, op: str, value: exp.Expression) -> list[exp.Expression]:
    """A measure against a value; a rating only where somebody voted ("rated below 5": a movie nobody voted for has
    no rating, not a 0)."""
    compared_to = compared(col(MEASURES[measure].column), op, value)
    return [compared_to, voted()] if measure == "rating" else [compared_to]


def compared(left: exp.Expression, op: str, right: exp.Expression) -> exp.Expression:
    return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right, "=": left.eq(right)}[op]


def like_prefix(name: str) -> str:
    """A title prefix as an ILIKE pattern: its own % and _ match themselves."""
    return name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def known(measure: Measure) -> list[exp.Expression]:
    """A ranking or average only over movies where the measure is known (a rating only where votes exist)."""
    column = col(MEASURES[measure].column)
    conditions: list[exp.Expression] = [exp.Not(this=exp.Is(this=column, expression=exp.null()))]
    if measure == "rating":
        conditions.append(voted())
    return conditions


def unknown(measure: Measure) -> exp.Expression:
    """No value: NULL, or for a rating no votes at all."""
    missing = exp.Is(this=col(MEASURES[measure].column), expression=exp.null())
    return exp.or_(missing, exp.Not(this=voted())) if measure == "rating" else missing


def voted() -> exp.Expression:
    """A rating is a movie's only where somebody voted: TMDB stores 0 for none."""
    return col("vote_count") > lit(0)


def where_all(select: exp.Select, conditions: list[exp.Expression]) -> exp.Select:
    for condition in conditions:
        select = select.where(condition)
    return select


def movie_facts() -> exp.Table:
    return exp.table_("movie_facts", alias="f")


def measure_column(measure: Measure) -> exp.Expression:
    return exp.alias_(col(MEASURES[measure].column), MEASURES[measure].column if measure != "rating" else "rating")


def titles_in(spec: QuerySpec, table: str = "f") -> list[exp.Expression]:
    """A Spanish question's rows also carry each movie's Spanish title, where TMDB gives one."""
    if not spec.spanish_titles:
        return []
    spanish = (
        sqlglot.select(exp.Min(this=col("title", "tt")))
        .from_(exp.table_("movie_titles", alias="tt"))
        .where(col("tmdb_id", "tt").eq(col("tmdb_id", table)))
        .where(col("iso_639_1", "tt").eq(lit("es")))
    )
    return [exp.alias_(exp.Subquery(this=spanish), SPANISH_TITLE)]


def threshold_columns(spec: QuerySpec, shown: set[str]) -> list[exp.Expression]:
    columns = []
    for threshold in spec.filters.thresholds:
        name = MEASURES[threshold.measure].column
        if name not in shown:
            shown.add(name)
            columns.append(measure_column(threshold.measure))
    return columns


def build_sql(spec: QuerySpec) -> str:
    builders = {
        "list": list_query,
        "best_per_group": best_per_group_query,
        "share": share_query,
        "count": count_query,
        "aggregate": aggregate_query,
        "group": group_query,
        "group_count": group_count_query,
        "lookup": lookup_query,
        "compare": compare_query,
        "distribution": distribution_query,
        "scatter": scatter_query,
    }
    return builders[spec.kind](spec).sql(dialect="postgres")


def stops_early(spec: QuerySpec) -> bool:
    """Whether the query walks an order (release dates, a measure's index) and stops at its limit: a list. It runs
    without parallel workers. Under a LIMIT each worker walks on ahead to fill its queue, so the walk reads several
    times the rows the limit needs: at 1.2 M movies the time travel films of the 2000s took 221-597 ms with two
    workers and 60-72 ms without; a company's films 56-63 ms and 12. Scans that aggregate keep their workers (the
    studio with the most animated films: 361 ms with them, 636 without)."""
    return spec.kind == "list"


def ranked_by_measure(spec: QuerySpec) -> exp.Ordered:
    """Movies in the order of their measure, among movies where it is known (so where NULLs sort does not matter).
    The measures' indexes are `DESC NULLS LAST` (migrations 0008-0015): read backwards they give `ASC NULLS FIRST`,
    so the lowest values ("the biggest loss") walk the same index as the highest, and stop at the limit."""
    assert spec.measure is not None
    column = col(MEASURES[spec.measure].column)
    return exp.Ordered(this=column, desc=spec.descending, nulls_first=not spec.descending)


def list_query(spec: QuerySpec) -> exp.Select:
    columns: list[exp.Expression] = [col("title"), col("release_year")]
    shown = {"title", "release_year"}
    conditions = filter_conditions(spec.filters)
    order: list[exp.Expression] = []
    if spec.measure:
        columns.append(measure_column(spec.measure))
        shown.add(MEASURES[spec.measure].column)
        if spec.measure == "rating":
            columns.append(col("vote_count"))
            shown.add("vote_count")
        conditions += known(spec.measure)
        order.append(ranked_by_measure(spec))
        if spec.measure != "votes":  # ties go to the better-known movie
            order.append(exp.Ordered(this=col("vote_count"), desc=True, nulls_first=False))
    else:
        order += [exp.Ordered(this=col("release_date")), exp.Ordered(this=col("title"))]
    columns += threshold_columns(spec, shown) + titles_in(spec)
    select = sqlglot.select(*columns).from_(movie_facts())
    select = where_all(select, conditions).order_by(*order, exp.Ordered(this=col("tmdb_id"))).limit(spec.limit)
    return select.offset(spec.offset) if spec.offset else select


def count_query(spec: QuerySpec) -> exp.Select:
    select = sqlglot.select(exp.alias_(exp.Count(this=exp.Star()), "movies")).from_(movie_facts())
    return where_all(select, filter_conditions(spec.filters))


def aggregate_value(spec: QuerySpec) -> exp.Expression:
    assert spec.measure is not None
    column = col(MEASURES[spec.measure].column)
    if spec.aggregate in ("median", "percentile"):
        fraction = 0.5 if spec.aggregate == "median" else spec.percentile
        return exp.WithinGroup(
            this=exp.PercentileCont(this=lit(fraction)), expression=exp.Order(expressions=[exp.Ordered(this=column)])
        )
    function = {"avg": exp.Avg, "sum": exp.Sum, "min": exp.Min, "max": exp.Max, "stddev": exp.StddevSamp}
    value: exp.Expression = function[spec.aggregate](this=column)
    if spec.aggregate in ("avg", "stddev"):
        value = exp.Round(this=exp.Cast(this=value, to=exp.DataType.build("numeric")), decimals=lit(4))
    return value


def aggregate_name(spec: QuerySpec) -> str:
    names = {
        "avg": "average",
        "sum": "total",
        "min": "minimum",
        "max": "maximum",
        "count": "movies",
        "median": "median",
        "stddev": "stddev",
    }
    prefix = names.get(spec.aggregate) or f"percentile_{round(100 * (spec.percentile or 0))}"
    return prefix if spec.measure is None else f"{prefix}_{MEASURES[spec.measure].column}"


def aggregate_query(spec: QuerySpec) -> exp.Select:
    assert spec.measure is not None
    select = sqlglot.select(
        exp.alias_(aggregate_value(spec), aggregate_name(spec)),
        exp.alias_(exp.Count(this=col(MEASURES[spec.measure].column)), "movies"),
    ).from_(movie_facts())
    return where_all(select, filter_conditions(spec.filters) + known(spec.measure))


# Each grouping: the joins it needs and the label it shows.
def group_label(
    select: exp.Select, dimension: Dimension, women_only: bool = False
) -> tuple[exp.Select, list[exp.Expression]]:
    """The joins a grouping needs and its labels (shown, aliased), then the keys it groups by besides them."""
    info = DIMENSIONS[dimension]
    if info.link is None:
        assert info.expression is not None
        return select, [exp.alias_(sqlglot.parse_one(info.expression, read="postgres"), dimension)]
    link = info.link
    on = col("tmdb_id", link.alias).eq(col("tmdb_id"))
    if link.job:
        on = on.and_(col("job", link.alias).eq(lit(link.job)))
    select = select.join(exp.table_(link.table, alias=link.alias), on=on)
    named_on = col(link.key, link.named_alias).eq(col(link.key, link.alias))
    if info.people and women_only:
        named_on = named_on.and_(col("gender", link.named_alias).eq(lit(WOMAN_GENDER)))
    select = select.join(exp.table_(link.named, alias=link.named_alias), on=named_on)
    labels: list[exp.Expression] = [
        exp.alias_(col(column, link.named_alias), label or dimension) for column, label in link.shown
    ]
    if all(column != link.key for column, _ in link.shown):
        labels.append(col(link.key, link.named_alias))  # namesakes stay apart
    return select, labels


def not_named(spec: QuerySpec) -> list[exp.Expression]:
    """People ranked by their films with a named person leave that person out ("the actor in most Eastwood films" is
    someone else, though Eastwood acts in his own); a plain list of them does not ("directors of Tom Hanks movies"
    include Hanks, who directed one)."""
    ranked = spec.limit == 1 or spec.explicit_limit
    named = [*spec.filters.actors, *spec.filters.directors] if ranked and spec.group_by in ("actor", "director") else []
    ids = tuple(i for linked in named for i in linked.ids)
    return [exp.Not(this=id_match(col("person_id", "p"), ids))] if ids else []


def movie_count(dimension: Dimension | None) -> exp.Expression:
    """Movies in a group: through a link table a movie can repeat (a person credited twice), so each counts once."""
    if dimension is not None and DIMENSIONS[dimension].link is not None:
        return exp.Count(this=exp.Distinct(expressions=[col("tmdb_id")]))
    return exp.Count(this=exp.Star())


def group_query(spec: QuerySpec) -> exp.Select:
    assert spec.group_by is not None
    select, labels = group_label(sqlglot.select().from_(movie_facts()), spec.group_by, spec.women_only)
    conditions = filter_conditions(spec.filters) + not_named(spec)
    count = movie_count(spec.group_by)
    if spec.aggregate == "count" or spec.measure is None:
        value: exp.Expression = exp.alias_(count, "movies")
        ranked_by: exp.Expression = count
        extra: list[exp.Expression] = []
    else:
        ranked_by = aggregate_value(spec)
        value = exp.alias_(ranked_by, aggregate_name(spec))
        extra = [exp.alias_(count, "movies")]
        conditions += known(spec.measure)
    if spec.group_by in ("year", "decade"):
        conditions.append(exp.Not(this=exp.Is(this=col("release_year"), expression=exp.null())))
    shown, keys = [labels[0]] + [label for label in labels[1:] if isinstance(label, exp.Alias)], labels
    select = select.select(*shown, value, *extra)
    select = where_all(select, conditions).group_by(*(key.this if isinstance(key, exp.Alias) else key for key in keys))
    minimum = spec.filters.min_group_movies
    # An average over one film is no record; a count or a total already weighs how many films there are.
    if minimum is None and spec.group_by in ("director", "actor", "company") and spec.aggregate not in ("count", "sum"):
        minimum = MIN_GROUP_MOVIES
    if minimum:
        select = select.having(count >= lit(minimum))
    if spec.chronological:
        order = [exp.Ordered(this=labels[0].this)]
    else:
        order = [exp.Ordered(this=ranked_by, desc=spec.descending, nulls_first=False), exp.Ordered(this=labels[0].this)]
    select = select.order_by(*order).limit(spec.limit)
    return select.offset(spec.offset) if spec.offset else select


def group_count_query(spec: QuerySpec) -> exp.Select:
    return counted_groups(group_query(spec), spec)


def counted_groups(groups: exp.Select, spec: QuerySpec) -> exp.Select:
    """How many groups there are: "how many directors have more than 10 movies?" counts the rows of that grouping."""
    for clause in ("order", "limit", "offset"):
        groups.set(clause, None)
    return sqlglot.select(exp.alias_(exp.Count(this=exp.Star()), f"{spec.group_by}_count")).from_(groups.subquery("g"))


LOOKUP_JOINS = {
    "director": ("movie_crew", "people", "person_id", "director"),
    "cast": ("movie_cast", "people", "person_id", "actor"),
    "genres": ("movie_genres", "genres", "genre_id", "genre"),
    "companies": ("movie_companies", "companies", "company_id", "company"),
}


def looked_up_movie(spec: QuerySpec) -> exp.Expression:
    """The movie a lookup names, or the first of its ranking: "who directed the highest-grossing movie of 2017?"."""
    if spec.movies:
        return lit(spec.movies[0].ids[0])
    assert spec.measure is not None
    ranked = sqlglot.select(col("tmdb_id")).from_(movie_facts())
    ranked = where_all(ranked, filter_conditions(spec.filters) + known(spec.measure))
    ranked = ranked.order_by(
        ranked_by_measure(spec), exp.Ordered(this=col("vote_count"), desc=True), exp.Ordered(this=col("tmdb_id"))
    )
    return exp.Subquery(this=ranked.limit(1))


def lookup_query(spec: QuerySpec) -> exp.Select:
    movie = looked_up_movie(spec)
    base = [col("title"), col("release_year"), *titles_in(spec)]  # the field asked stays the last column
    field = spec.lookup
    select = sqlglot.select(*base).from_(movie_facts())
    if field in LOOKUP_JOINS:
        link, named, key, label = LOOKUP_JOINS[field]
        on = col("tmdb_id", "l").eq(col("tmdb_id"))
        if field == "director":
            on = on.and_(col("job", "l").eq(lit("Director")))
        select = select.join(exp.table_(link, alias="l"), on=on)
        select = select.join(exp.table_(named, alias="n"), on=col(key, "n").eq(col(key, "l")))
        select = select.select(exp.alias_(col("name", "n"), label))
        order = [exp.Ordered(this=col("cast_order", "l"))] if field == "cast" else [exp.Ordered(this=col("name", "n"))]
        return select.where(col("tmdb_id").eq(movie)).order_by(*order)
    if field == "overview":
        select = sqlglot.select(col("title", "m"), col("overview", "m")).from_(exp.table_("movies", alias="m"))
        return select.where(col("tmdb_id", "m").eq(movie))
    if field == "language":
        select = select.select(col("original_language"))
    elif field in MEASURES:
        select = select.select(measure_column(field))  # type: ignore[arg-type]
        if field == "rating":
            select = select.select(col("vote_count"))
    else:
        select = select.select(
            col("release_date"),
            col("runtime"),
            col("budget"),
            col("revenue"),
            exp.alias_(col("vote_average"), "rating"),
            col("vote_count"),
        )
    return select.where(col("tmdb_id").eq(movie))


def compare_query(spec: QuerySpec) -> exp.Select:
    assert spec.measure is not None
    ids = tuple(movie.ids[0] for movie in spec.movies)
    value = col(MEASURES[spec.measure].column)
    # how far each movie is ahead of the last one compared: "how many minutes longer is Titanic than Avatar?"
    ahead = (
        exp.Sub(this=value, expression=exp.Window(this=exp.Min(this=value)))
        if spec.descending
        else exp.Sub(this=exp.Window(this=exp.Max(this=value)), expression=value)
    )
    select = sqlglot.select(
        col("title"),
        col("release_year"),
        measure_column(spec.measure),
        exp.alias_(ahead, "difference"),
        *titles_in(spec),
    ).from_(movie_facts())
    order = exp.Ordered(this=value, desc=spec.descending, nulls_first=False)
    return select.where(id_match(col("tmdb_id"), ids)).order_by(order)


# Knuth's multiplicative hash of the movie id: an order unrelated to any measure, the same on every run. Migration
# 0017's distribution_sample stores it, as `spread`.
SPREAD_MULTIPLIER, SPREAD_MODULUS = 2654435761, 4294967296


def spread(tmdb_id: exp.Expression) -> exp.Expression:
    return exp.Mod(
        this=exp.paren(exp.Mul(this=tmdb_id, expression=lit(SPREAD_MULTIPLIER))), expression=lit(SPREAD_MODULUS)
    )


def distribution_query(spec: QuerySpec) -> exp.Select:
    """Every matching movie's value, up to the limit. Past it (130,000 horror movies at the size of TMDB), the rows
    are a sample spread over the matching movies by a hash of their ids, never the lowest values alone."""
    return distribution_rows(spec).order_by(exp.Ordered(this=spread(col("tmdb_id"))), exp.Ordered(this=col("tmdb_id")))


def distribution_rows(spec: QuerySpec, source: exp.Table | None = None) -> exp.Select:
    """The distribution's columns and filters, on movie_facts or a table with its columns; the limit set, no order."""
    assert spec.measure is not None
    select = sqlglot.select(col("title"), col("release_year"), measure_column(spec.measure))
    select = where_all(select.from_(source or movie_facts()), filter_conditions(spec.filters) + known(spec.measure))
    return select.limit(spec.limit)


def scatter_query(spec: QuerySpec) -> exp.Select:
    """The best-known movies where both measures are known (most votes first)."""
    assert spec.measure is not None and spec.second_measure is not None
    select = sqlglot.select(
        col("title"), col("release_year"), measure_column(spec.measure), measure_column(spec.second_measure)
    ).from_(movie_facts())
    select = where_all(select, filter_conditions(spec.filters) + known(spec.measure) + known(spec.second_measure))
    return select.order_by(exp.Ordered(this=col("vote_count"), desc=True), exp.Ordered(this=col("tmdb_id"))).limit(
        spec.limit
    )


def best_per_group_query(spec: QuerySpec) -> exp.Select:
    """The best movie (or best few) of each group by a measure: ranked inside each group, the first kept."""
    assert spec.group_by is not None and spec.measure is not None
    select, labels = group_label(sqlglot.select().from_(movie_facts()), spec.group_by, spec.women_only)
    label = labels[0]
    key = label.this if isinstance(label, exp.Alias) else label
    measure = col(MEASURES[spec.measure].column)
    ranking = exp.Window(
        this=exp.RowNumber(),
        partition_by=[key],
        order=exp.Order(
            expressions=[
                exp.Ordered(this=measure, desc=spec.descending, nulls_first=False),
                exp.Ordered(this=col("vote_count"), desc=True, nulls_first=False),
                exp.Ordered(this=col("tmdb_id")),
            ]
        ),
    )
    conditions = filter_conditions(spec.filters) + known(spec.measure)
    if spec.group_by in ("year", "decade"):
        conditions.append(exp.Not(this=exp.Is(this=col("release_year"), expression=exp.null())))
    inner = select.select(label, col("title"), col("release_year"), measure_column(spec.measure), *titles_in(spec))
    inner = where_all(inner.select(exp.alias_(ranking, "rank_in_group")), conditions)
    name = label.alias_or_name
    shown = [exp.column(name, "t"), exp.column("title", "t"), exp.column("release_year", "t")]
    shown.append(exp.column(MEASURES[spec.measure].column if spec.measure != "rating" else "rating", "t"))
    shown += [exp.column(SPANISH_TITLE, "t")] if spec.spanish_titles else []
    outer = sqlglot.select(*shown).from_(exp.alias_(exp.Subquery(this=inner), "t", table=True))
    outer = outer.where(exp.column("rank_in_group", "t") <= lit(spec.limit))
    return outer.order_by(exp.Ordered(this=exp.column(name, "t")), exp.Ordered(this=exp.column("rank_in_group", "t")))


def share_query(spec: QuerySpec) -> exp.Select:
    """The percentage of the movies matched that are also in the subset, with both counts."""
    assert spec.subset is not None
    inside = exp.and_(*filter_conditions(spec.subset)) if filter_conditions(spec.subset) else exp.true()
    part = exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=inside))
    whole = exp.Count(this=exp.Star())
    percentage = exp.Round(
        this=exp.Div(
            this=exp.Mul(this=exp.Literal.number("100.0"), expression=part.copy()),
            expression=exp.Nullif(this=whole.copy(), expression=lit(0)),
        ),
        decimals=lit(2),
    )
    select = sqlglot.select(
        exp.alias_(percentage, "percentage"), exp.alias_(part, "matching"), exp.alias_(whole, "movies")
    ).from_(movie_facts())
    return where_all(select, filter_conditions(spec.filters))
