"""What a question may read: the tables and columns the SQL guard allows, and their description for a prompt.

Every column of each readable table is listed, operational ones (fetched_at, homepage, poster_path...) included.
Leaving a column out while its table stays readable would not hide it: `SELECT *`, a whole-row reference
(`SELECT m FROM movies m`) or an output alias shadowing its name in a subquery all reach it, so the guard would
have to resolve every name the way PostgreSQL does. With whole tables the guard stays simple and sound; the data is
TMDB's public data, which the reader role may read anyway. The integration tests pin this list to the database's
information_schema in both directions, so a new column needs a decision here.
"""

# (column, type as information_schema spells it, with `timestamptz` and `text[]` for short)
TABLE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "movie_facts": (
        ("tmdb_id", "integer"),
        ("title", "text"),
        ("original_title", "text"),
        ("original_language", "text"),
        ("status", "text"),
        ("release_date", "date"),
        ("release_year", "integer"),
        ("runtime", "integer"),
        ("budget", "bigint"),
        ("revenue", "bigint"),
        ("profit", "bigint"),
        ("roi", "numeric"),
        ("popularity", "double precision"),
        ("vote_average", "double precision"),
        ("vote_count", "integer"),
        ("fetched_at", "timestamptz"),
        ("loaded_at", "timestamptz"),
    ),
    "movies": (
        ("tmdb_id", "integer"),
        ("imdb_id", "text"),
        ("title", "text"),
        ("original_title", "text"),
        ("original_language", "text"),
        ("overview", "text"),
        ("tagline", "text"),
        ("status", "text"),
        ("release_date", "date"),
        ("runtime", "integer"),
        ("budget", "bigint"),
        ("revenue", "bigint"),
        ("popularity", "double precision"),
        ("vote_average", "double precision"),
        ("vote_count", "integer"),
        ("adult", "boolean"),
        ("video", "boolean"),
        ("homepage", "text"),
        ("poster_path", "text"),
        ("backdrop_path", "text"),
        ("collection_id", "integer"),
        ("collection_name", "text"),
        ("origin_country", "text[]"),
        ("fetched_at", "timestamptz"),
        ("loaded_at", "timestamptz"),
    ),
    "genres": (("genre_id", "integer"), ("name", "text")),
    "people": (
        ("person_id", "integer"),
        ("name", "text"),
        ("original_name", "text"),
        ("gender", "smallint"),
        ("known_for_department", "text"),
        ("profile_path", "text"),
        ("folded_name", "text"),  # the name as questions are folded to match it (migration 0016)
        ("folded_last_word", "text"),
    ),
    "companies": (("company_id", "integer"), ("name", "text"), ("origin_country", "text"), ("logo_path", "text")),
    "countries": (("iso_3166_1", "text"), ("name", "text")),
    "languages": (("iso_639_1", "text"), ("english_name", "text"), ("name", "text")),
    "keywords": (("keyword_id", "integer"), ("name", "text")),
    "movie_cast": (
        ("tmdb_id", "integer"),
        ("credit_id", "text"),
        ("person_id", "integer"),
        ("character", "text"),
        ("cast_order", "integer"),
    ),
    "movie_crew": (
        ("tmdb_id", "integer"),
        ("credit_id", "text"),
        ("person_id", "integer"),
        ("job", "text"),
        ("department", "text"),
    ),
    "movie_genres": (("tmdb_id", "integer"), ("genre_id", "integer")),
    "movie_companies": (("tmdb_id", "integer"), ("company_id", "integer")),
    "movie_countries": (("tmdb_id", "integer"), ("iso_3166_1", "text")),
    "movie_languages": (("tmdb_id", "integer"), ("iso_639_1", "text")),
    "movie_keywords": (("tmdb_id", "integer"), ("keyword_id", "integer")),
    "movie_titles": (("tmdb_id", "integer"), ("iso_639_1", "text"), ("iso_3166_1", "text"), ("title", "text")),
}

# The pre-aggregations (migration 0007): per measure, the count where known, the sum, the minimum and the maximum.
STATS_MEASURES = (
    ("budget", "bigint", "numeric"),
    ("revenue", "bigint", "numeric"),
    ("profit", "bigint", "numeric"),
    ("roi", "numeric", "numeric"),
    ("vote_average", "double precision", "double precision"),
    ("vote_count", "integer", "bigint"),
    ("popularity", "double precision", "double precision"),
    ("runtime", "integer", "bigint"),
)


CREDIT_MEASURES = ("budget", "revenue", "profit", "vote_average", "popularity")  # migration 0009's


def stats_columns(movies: bool = False) -> tuple[tuple[str, str], ...]:
    """Each measure's columns; with `movies`, 0009's: the movies where it is known first (`_n` counts credits)."""
    return tuple(
        column
        for name, kind, sum_kind in STATS_MEASURES
        if not movies or name in CREDIT_MEASURES
        for column in (
            *(((f"{name}_movies", "integer"),) if movies else ()),
            (f"{name}_n", "integer"),
            (f"{name}_sum", sum_kind),
            (f"{name}_min", kind),
            (f"{name}_max", kind),
        )
    )


STATS_COLUMNS = stats_columns()
YEAR_LANGUAGE = (("release_year", "integer"), ("original_language", "text"), ("movies", "integer"))
CREDIT_COLUMNS = stats_columns(movies=True)  # migration 0009, per director, actor or company
CREDIT_KEY = (("dimension", "text"), ("key", "integer"))
TABLE_COLUMNS |= {
    "film_counts": (("dimension", "text"), ("key", "integer"), ("movies", "integer")),
    "year_language_stats": YEAR_LANGUAGE + STATS_COLUMNS,
    "genre_stats": (("genre_id", "integer"), *YEAR_LANGUAGE, *STATS_COLUMNS),
    "credit_stats": CREDIT_KEY + YEAR_LANGUAGE + CREDIT_COLUMNS,
    "credit_totals": (*CREDIT_KEY, ("movies", "integer"), *CREDIT_COLUMNS),
    "country_counts": (("iso_3166_1", "text"), ("genre_id", "integer"), *YEAR_LANGUAGE),
    "preaggregate_freshness": (("fresh", "boolean"), ("refreshed_at", "timestamptz")),
    "distribution_sample": (("spread", "bigint"), *TABLE_COLUMNS["movie_facts"]),  # migration 0017
}

# Read by the engine's own queries, never offered to a model: a model counting from a quarter of the movies would
# answer wrong with confidence.
PARTIAL_TABLES = ("distribution_sample",)

ALLOWED_COLUMNS: dict[str, frozenset[str]] = {
    table: frozenset(name for name, _ in columns) for table, columns in TABLE_COLUMNS.items()
}

CONVENTIONS = (
    "-- movie_facts is one row per movie, the simplest place to start. budget and revenue are US dollars, NULL when"
    " unknown (never 0), and so are movie_facts.profit (revenue - budget) and movie_facts.roi (revenue / budget);"
    " movie_facts.release_year is the year of release_date. Link tables join on tmdb_id. A movie's director is"
    " movie_crew.job = 'Director' (the person in people); movie_cast.cast_order 0 is the lead; people.gender is"
    " 0 unknown, 1 female, 2 male, 3 non-binary."
)


def schema_text() -> str:
    """The allowlist as one `table(column type, ...)` line per table, then the conventions, for a model's prompt."""
    lines = [
        f"{table}({', '.join(f'{name} {kind}' for name, kind in columns)})"
        for table, columns in TABLE_COLUMNS.items()
        if table not in PARTIAL_TABLES
    ]
    return "\n".join([*lines, CONVENTIONS])
