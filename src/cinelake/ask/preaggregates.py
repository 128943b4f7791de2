"""The same questions answered from the pre-aggregations (migration 0007), where a question fits them.

`film_counts` holds the films of each genre, company, keyword, director and actor; `year_language_stats` and
`genre_stats` hold, per release year and original language (and genre), the movie count and each measure's count
where known, sum, minimum and maximum. `credit_stats` (migration 0009) holds the same per director, actor and
company, release year and original language, and `credit_totals` per director, actor and company over all of them;
`country_counts` the films per production country, year and language, of each genre and of any.
A question fits when everything it filters on and groups by is one of those columns, and its aggregate combines from
them (a median does not). `preaggregated_query` then returns the same
columns, rows and order as the base-table query of `sql.py`; otherwise it returns None and the base tables answer.
The engine uses it only while the tables are fresh (no load since they were rebuilt).
"""

from collections.abc import Callable
from dataclasses import replace

import sqlglot
from sqlglot import exp

from cinelake.ask.model import DIMENSIONS
from cinelake.ask.schema import CREDIT_MEASURES
from cinelake.ask.spec import Filters, QuerySpec
from cinelake.ask.sql import (
    MIN_GROUP_MOVIES,
    aggregate_name,
    build_sql,
    col,
    counted_groups,
    distribution_rows,
    lit,
    measure_column,
    movie_facts,
    not_named,
    spread,
    where_all,
    years_left_out,
)
from cinelake.ask.vocabulary import MEASURES, WOMAN_GENDER, Measure

COUNTED = ("genre", "company", "keyword", "director", "actor")  # the dimensions of film_counts
CREDITED = ("director", "actor", "company")  # the dimensions of credit_stats and credit_totals
BOUNDING_KEYS = 200  # the keys with the most films overall whose films in the years asked bound the ranking
STATS_GROUPS = ("genre", "year", "decade", "language")
STATS_AGGREGATES = ("count", "avg", "sum", "min", "max")
EXACT_SUM_MEASURES = ("budget", "revenue", "profit", "roi", "votes", "runtime")  # floats' sums depend on order
INTEGER_SUMS = ("votes", "runtime")  # sum(integer) is bigint on the base tables
STATS_MEASURES = (*EXACT_SUM_MEASURES, "rating", "popularity")
# credit_totals' columns kept in ranking order per dimension (migrations 0009 and 0015)
TOTALS_IN_ORDER = ("movies", "revenue_sum")


def build_sql_fitting(spec: QuerySpec, fresh: Callable[[], bool]) -> str:
    """The pre-aggregated SQL when the question fits it and `fresh()` says the tables are fresh, else the base
    tables' (`fresh` is asked only for a question that fits)."""
    select = preaggregated_query(spec)
    if select is not None and fresh():
        return select.sql(dialect="postgres")
    return build_sql(spec)


def preaggregated_query(spec: QuerySpec) -> exp.Select | None:
    if spec.kind == "group_count":  # "how many directors have more than 10 movies?": the grouping's rows counted
        groups = preaggregated_query(replace(spec, kind="group"))
        return counted_groups(groups, spec) if groups is not None else None
    if spec.kind == "group" and spec.group_by in COUNTED and counts_only(spec) and spec.filters.is_empty():
        return film_count_query(spec)
    if spec.kind == "group" and spec.group_by in CREDITED and fits_credits(spec):
        return credit_query(spec)
    if spec.kind == "group" and spec.group_by == "country" and counts_only(spec) and fits_country(spec):
        return country_query(spec)
    if spec.kind in ("group", "count", "aggregate") and fits_stats(spec):
        return stats_query(spec)
    if spec.kind == "distribution":  # any filter: the sample has every column of movie_facts
        return sampled_distribution_query(spec)
    return None


def sampled_distribution_query(spec: QuerySpec) -> exp.Select:
    """The distribution's first `limit` matching movies in spread order, read from distribution_sample (migration
    0017) when it holds that many, else from the base tables: the same rows either way, in one statement. The
    sample holds every movie of a spread below its bound, so `limit` matches in it are the lowest of all."""
    limit = spec.limit
    held = exp.EQ(this=exp.Subquery(this=sqlglot.select("count(*)").from_("sampled")), expression=lit(limit))
    sampled = in_spread_order(spec, exp.table_("distribution_sample", alias="f"), col("spread"))
    from_sample = sqlglot.select("*").from_("sampled").where(held)
    from_base = in_spread_order(spec, movie_facts(), spread(col("tmdb_id"))).where(exp.Not(this=held.copy()))
    either = exp.union(from_sample, exp.Subquery(this=from_base), distinct=False)
    shown = [col(name, "u") for name in ("title", "release_year", measure_column(spec.measure).alias)]
    outer = sqlglot.select(*shown).from_(exp.Subquery(this=either, alias=exp.TableAlias(this=exp.to_identifier("u"))))
    order = [exp.Ordered(this=col("spread", "u")), exp.Ordered(this=col("tmdb_id", "u"))]
    return outer.order_by(*order).with_("sampled", as_=sampled)


def in_spread_order(spec: QuerySpec, source: exp.Table, spread_value: exp.Expression) -> exp.Select:
    """The distribution's rows with their place in the spread order, first `limit` of them."""
    select = distribution_rows(spec, source).select(exp.alias_(spread_value, "spread"), col("tmdb_id"))
    return select.order_by(exp.Ordered(this=exp.column("spread")), exp.Ordered(this=exp.column("tmdb_id")))


def counts_only(spec: QuerySpec) -> bool:
    return spec.aggregate == "count" or spec.measure is None


def combines(spec: QuerySpec) -> bool:
    """Whether its aggregate combines from counts, sums, minimums and maximums."""
    if spec.measure not in STATS_MEASURES or spec.aggregate not in STATS_AGGREGATES:
        return False
    return spec.aggregate != "sum" or spec.measure in EXACT_SUM_MEASURES


def fits_stats(spec: QuerySpec) -> bool:
    if spec.kind == "group" and spec.group_by not in STATS_GROUPS:
        return False
    if spec.kind != "count" and not counts_only(spec) and not combines(spec):
        return False
    if spec.kind == "aggregate" and (spec.measure is None or spec.aggregate == "count"):
        return False
    filters = spec.filters
    genres_only_filter = len(filters.genres) <= 1 and spec.group_by != "genre" or not filters.genres
    return genres_only_filter and sets_only(filters, *YEAR_AND_LANGUAGE, "genres", "any_genre")


def fits_credits(spec: QuerySpec) -> bool:
    if spec.measure is not None and not counts_only(spec) and MEASURES[spec.measure].column not in CREDIT_MEASURES:
        return False
    return (counts_only(spec) or combines(spec)) and sets_only(spec.filters, *YEAR_AND_LANGUAGE)


def fits_country(spec: QuerySpec) -> bool:
    filters = spec.filters
    return len(filters.genres) <= 1 and sets_only(filters, *YEAR_AND_LANGUAGE, "genres", "any_genre")


# The filters every pre-aggregation keeps its rows by
YEAR_AND_LANGUAGE = ("year_from", "year_to", "excluded_years", "language", "other_languages", "min_group_movies")


def sets_only(filters: Filters, *kept: str) -> bool:
    """Whether the question filters by nothing but `kept`, the filters a pre-aggregation can answer."""
    return filters == Filters(**{name: getattr(filters, name) for name in kept})


def minimum_movies(spec: QuerySpec) -> int | None:
    """As the base-table query: an average over a person's (company's) single film is no record."""
    minimum = spec.filters.min_group_movies
    if minimum is None and spec.group_by in ("director", "actor", "company") and spec.aggregate not in ("count", "sum"):
        minimum = MIN_GROUP_MOVIES
    return minimum


def ordered(select: exp.Select, spec: QuerySpec, ranked_by: exp.Expression, label: exp.Expression) -> exp.Select:
    if spec.chronological:
        order = [exp.Ordered(this=label)]
    else:
        order = [exp.Ordered(this=ranked_by, desc=spec.descending, nulls_first=False), exp.Ordered(this=label)]
    select = select.order_by(*order).limit(spec.limit)
    return select.offset(spec.offset) if spec.offset else select


def film_count_query(spec: QuerySpec) -> exp.Select:
    assert spec.group_by is not None
    info = DIMENSIONS[spec.group_by]
    assert info.link is not None
    link = info.link
    named_on = col(link.key, link.named_alias).eq(col("key", "fc"))
    if info.people and spec.women_only:
        named_on = named_on.and_(col("gender", link.named_alias).eq(lit(WOMAN_GENDER)))
    labels = [exp.alias_(col(column, link.named_alias), label or spec.group_by) for column, label in link.shown]
    movies = col("movies", "fc")
    select = (
        sqlglot.select(*labels, exp.alias_(movies, "movies"))
        .from_(exp.table_("film_counts", alias="fc"))
        .join(exp.table_(link.named, alias=link.named_alias), on=named_on)
        .where(col("dimension", "fc").eq(lit(spec.group_by)))
    )
    for condition in not_named(spec):
        select = select.where(condition)
    minimum = minimum_movies(spec)
    if minimum:
        select = select.where(movies >= lit(minimum))
    return ordered(select, spec, movies, labels[0].this)


def year_language(filters: Filters) -> list[exp.Expression]:
    """The year and language filters on a pre-aggregation's `release_year` and `original_language`."""
    conditions = []
    if filters.year_from is not None:
        conditions.append(col("release_year", "s") >= lit(filters.year_from))
    if filters.year_to is not None:
        conditions.append(col("release_year", "s") <= lit(filters.year_to))
    conditions += years_left_out(filters, col("release_year", "s"))
    if filters.language:
        language = col("original_language", "s")
        conditions.append(
            language.neq(lit(filters.language)) if filters.other_languages else language.eq(lit(filters.language))
        )
    return conditions


def stats_value(spec: QuerySpec, measure: Measure, grouped: bool = True) -> exp.Expression:
    """The aggregate from the stored statistics: combined over the rows of a group, or one row's (`grouped` false)."""
    column = MEASURES[measure].column

    def stat(suffix: str, function: type[exp.Func]) -> exp.Expression:
        stored = col(f"{column}_{suffix}", "s")
        return function(this=stored) if grouped else stored

    known = stat("n", exp.Sum)
    if spec.aggregate == "avg":
        mean = exp.Div(this=stat("sum", exp.Sum), expression=exp.Nullif(this=known, expression=lit(0)))
        return exp.Round(this=exp.Cast(this=mean, to=exp.DataType.build("numeric")), decimals=lit(4))
    if spec.aggregate == "sum":
        total = stat("sum", exp.Sum)
        return exp.Cast(this=total, to=exp.DataType.build("bigint")) if measure in INTEGER_SUMS else total
    return stat("min", exp.Min) if spec.aggregate == "min" else stat("max", exp.Max)


def stats_query(spec: QuerySpec) -> exp.Select:
    filters = spec.filters
    by_genre = spec.group_by == "genre" or bool(filters.genres)
    select = sqlglot.select().from_(exp.table_("genre_stats" if by_genre else "year_language_stats", alias="s"))
    select = where_all(select, year_language(filters))
    if filters.genres:
        select = select.where(col("genre_id", "s").eq(lit(filters.genres[0])))

    counted = exp.Sum(this=col("movies", "s"))
    if spec.kind == "count":
        return select.select(exp.alias_(exp.Coalesce(this=counted, expressions=[lit(0)]), "movies"))
    assert spec.measure is not None or spec.kind == "group"
    measured = spec.measure is not None and not counts_only(spec)
    if measured:
        assert spec.measure is not None
        counted = exp.Sum(this=col(f"{MEASURES[spec.measure].column}_n", "s"))
        value = stats_value(spec, spec.measure)
    if spec.kind == "aggregate":
        assert spec.measure is not None
        movies = exp.Coalesce(this=counted, expressions=[lit(0)])
        return select.select(exp.alias_(value, aggregate_name(spec)), exp.alias_(movies, "movies"))

    assert spec.group_by is not None
    if spec.group_by == "genre":
        select = select.join(exp.table_("genres", alias="g"), on=col("genre_id", "g").eq(col("genre_id", "s")))
        label: exp.Expression = col("name", "g")
        keys = [label, col("genre_id", "g")]
    else:
        expression = DIMENSIONS[spec.group_by].expression
        assert expression is not None
        label = sqlglot.parse_one(expression.replace("f.", "s."), read="postgres")
        keys = [label]
    if spec.group_by in ("year", "decade"):
        select = select.where(exp.Not(this=exp.Is(this=col("release_year", "s"), expression=exp.null())))
    if measured:
        select = select.select(exp.alias_(label, spec.group_by), exp.alias_(value, aggregate_name(spec)))
        select = select.select(exp.alias_(counted, "movies"))
        ranked_by = value
    else:
        select = select.select(exp.alias_(label, spec.group_by), exp.alias_(counted, "movies"))
        ranked_by = counted
    select = select.group_by(*keys).having(counted > lit(0))  # a group none of whose movies has the measure
    minimum = minimum_movies(spec)
    if minimum:
        select = select.having(counted >= lit(minimum))
    return ordered(select, spec, ranked_by, label)


def credit_query(spec: QuerySpec) -> exp.Select:
    """Directors, actors or companies ranked by their films or a measure of them. The groups' values come first (a
    CTE); the names are read for the few that can rank (those at or ahead of the limit-th value, ties included),
    since reading a name for each of hundreds of thousands of people costs more than the ranking."""
    assert spec.group_by is not None
    filters = spec.filters
    years_or_language = (filters.year_from, filters.year_to, filters.excluded_years, filters.language)
    grouped = any(value is not None for value in years_or_language)
    select = sqlglot.select(exp.alias_(col("key", "s"), "key"))
    select = select.from_(exp.table_("credit_stats" if grouped else "credit_totals", alias="s"))
    select = where_all(select.where(col("dimension", "s").eq(lit(spec.group_by))), year_language(filters))
    if DIMENSIONS[spec.group_by].people and spec.women_only:
        women = sqlglot.select(col("person_id", "w")).from_(exp.table_("people", alias="w"))
        select = select.where(col("key", "s").isin(query=women.where(col("gender", "w").eq(lit(WOMAN_GENDER)))))

    measure = None if counts_only(spec) else spec.measure
    counted: exp.Expression = col(f"{MEASURES[measure].column}_movies" if measure else "movies", "s")
    counted = exp.Sum(this=counted) if grouped else counted
    value = stats_value(spec, measure, grouped) if measure else counted
    select = select.select(exp.alias_(value, "value"), exp.alias_(counted, "movies"))
    kept = [counted > lit(0)]  # a group none of whose movies has the measure
    minimum = minimum_movies(spec)
    if minimum:
        kept.append(counted >= lit(minimum))
        if not grouped:  # implied (a measure is known in at most all its films), and indexed
            select = select.where(col("movies", "s") >= lit(minimum))
    select = select.group_by(col("key", "s")).having(*kept) if grouped else where_all(select, kept)
    if grouped and measure is None and spec.descending and not spec.women_only:
        select = select.where(films_floor(spec, select))

    ranked = exp.column("value", "t")
    top = sqlglot.select(ranked).from_(exp.table_("t", alias="t"))
    top = top.order_by(exp.Ordered(this=ranked, desc=spec.descending)).limit(spec.limit + spec.offset)
    bound = exp.Min if spec.descending else exp.Max
    cutoff = exp.Subquery(this=sqlglot.select(bound(this=exp.column("value", "top"))).from_(top.subquery("top")))
    link = DIMENSIONS[spec.group_by].link
    assert link is not None
    name = (
        sqlglot.select(col(link.shown[0][0], "n"))
        .from_(exp.table_(link.named, alias="n"))
        .where(col(link.key, "n").eq(exp.column("key", "t")))
    )
    label = exp.alias_(exp.Subquery(this=name), link.shown[0][1] or spec.group_by)
    shown = [label, exp.alias_(ranked, aggregate_name(spec))] if measure else [label]
    # PostgreSQL materializes a CTE read twice, so every key's row was read (590,000 directors at 1.2 M movies); a
    # total kept in order is inlined instead, and the cutoff and the ranking read the top of its index.
    in_order = not grouped and isinstance(value, exp.Column) and value.name in TOTALS_IN_ORDER
    outer = sqlglot.select(*shown, exp.alias_(exp.column("movies", "t"), "movies"))
    outer = outer.with_("t", as_=select, materialized=False if in_order else None)
    outer = outer.from_(exp.table_("t", alias="t"))
    outer = outer.where(ranked >= cutoff if spec.descending else ranked <= cutoff)
    order = [
        exp.Ordered(this=ranked, desc=spec.descending, nulls_first=False),
        exp.Ordered(this=exp.column(label.alias)),
    ]
    outer = outer.order_by(*order).limit(spec.limit)
    return outer.offset(spec.offset) if spec.offset else outer


def films_floor(spec: QuerySpec, ranked: exp.Select) -> exp.Expression:
    """Only the keys that can rank by their films in some years: those with at least as many films overall as the
    limit-th best among the BOUNDING_KEYS keys with the most films overall (a key's films in some years are at
    most its films overall, so no key with fewer can reach the ranking). At 552,000 movies that was 56 directors
    instead of 226,000, and 11 ms instead of 960. The keys go as an array (`= ANY`): the planner then expects a
    few and reads them through the key index, where for `IN (subquery)` it expected a third of all."""
    dimension = col("dimension", "b").eq(lit(spec.group_by))
    best = sqlglot.select(col("key", "b")).from_(exp.table_("credit_totals", alias="b")).where(dimension)
    best = best.order_by(exp.Ordered(this=col("movies", "b"), desc=True, nulls_first=True)).limit(BOUNDING_KEYS)
    among_best = ranked.copy().where(col("key", "s").isin(query=best))
    kth = sqlglot.select(exp.column("value", "c")).from_(among_best.subquery("c"))
    kth = kth.order_by(exp.Ordered(this=exp.column("value", "c"), desc=True))
    kth = kth.limit(1).offset(spec.limit + spec.offset - 1)
    floor = exp.Coalesce(this=exp.Subquery(this=kth), expressions=[lit(0)])
    keys = sqlglot.select(exp.ArrayAgg(this=col("key", "b"))).from_(exp.table_("credit_totals", alias="b"))
    keys = keys.where(dimension).where(col("movies", "b") >= floor)
    array = exp.Coalesce(this=exp.Subquery(this=keys))  # an array value: bare, `ANY (SELECT ...)` reads rows
    return col("key", "s").eq(exp.Any(this=exp.paren(array)))


def country_query(spec: QuerySpec) -> exp.Select:
    link = DIMENSIONS["country"].link
    assert link is not None
    filters = spec.filters
    select = sqlglot.select().from_(exp.table_("country_counts", alias="s"))
    select = select.join(
        exp.table_(link.named, alias=link.named_alias), on=col(link.key, link.named_alias).eq(col(link.key, "s"))
    )
    genre = col("genre_id", "s")
    select = select.where(
        genre.eq(lit(filters.genres[0])) if filters.genres else exp.Is(this=genre, expression=exp.null())
    )
    select = where_all(select, year_language(filters))
    labels = [exp.alias_(col(column, link.named_alias), label or "country") for column, label in link.shown]
    movies = exp.Sum(this=col("movies", "s"))
    select = select.select(*labels, exp.alias_(movies, "movies")).group_by(*(label.this for label in labels))
    if filters.min_group_movies:
        select = select.having(movies >= lit(filters.min_group_movies))
    return ordered(select, spec, movies, labels[0].this)
