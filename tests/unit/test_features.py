"""The pre-release features: no post-release field ever enters, and track records never look ahead."""

import math
import statistics
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from pydantic import ValidationError

from cinelake.domain.feature_columns import Listed, MovieColumns, feature_columns
from cinelake.domain.features import (
    FEATURE_COLUMNS,
    POST_RELEASE_FIELDS,
    ROLES,
    CalendarFilm,
    MovieInputs,
    PastCredit,
    ReleaseCalendar,
    TrackRecordBook,
    feature_row,
    name_key,
    normalize_name,
)
from cinelake.domain.series import normalize_title, series_keys, title_stem

pytestmark = pytest.mark.unit

SCORED_ON = date(2005, 6, 1)


def credit(role, name, tmdb_id, released, budget=10_000_000, revenue=50_000_000, status="Released"):
    return PastCredit(role, name, tmdb_id, released, status, budget, revenue)


def row_for(movie: MovieInputs, credits: list[PastCredit], as_of: date = SCORED_ON) -> dict:
    return feature_row(movie, TrackRecordBook.of_credits(credits).records_for(movie, as_of))


def same_row(left: dict, right: dict) -> bool:
    """Equal, with NaN equal to NaN (an unknown stays unknown)."""
    return left.keys() == right.keys() and all(
        (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)) or a == b
        for a, b in zip(left.values(), right.values(), strict=True)
    )


MOVIE_TITLE = "Loop Theory"
MOVIE = MovieInputs(
    budget=40_000_000,
    runtime=118,
    release_date=SCORED_ON,
    genres=("Drama", "science fiction"),
    original_language="EN",
    production_countries=("us", "GB"),
    production_companies=("Big Studio",),
    cast=("Lead Actor", "Second Actor", "Third Actor", "Fourth Actor"),
    directors=("Ann Director",),
    keywords=("time travel",),
)


EARLIER_FILMS = tuple(f"{role}_" for role in (*ROLES, "series"))  # track records: earlier films' outcomes


def test_no_feature_column_is_or_contains_a_post_release_field_of_the_film_itself():
    # GIVEN the model's feature columns WHEN they are checked against the post-release fields
    assert sorted(POST_RELEASE_FIELDS) == ["popularity", "revenue", "vote_average", "vote_count"]
    # THEN none names one, except the track records, which are about earlier films (their revenue, as a mean)
    for column in FEATURE_COLUMNS:
        if column.startswith(EARLIER_FILMS):
            assert not any(field in column for field in POST_RELEASE_FIELDS - {"revenue"}), column
            assert "revenue" not in column or "mean_log_revenue" in column, column
        else:
            assert not any(field in column for field in POST_RELEASE_FIELDS), column
    # AND the inputs cannot carry one at all
    assert not set(MovieInputs.model_fields) & POST_RELEASE_FIELDS


@pytest.mark.parametrize("field", sorted(POST_RELEASE_FIELDS))
def test_movie_inputs_refuse_post_release_fields(field):
    # GIVEN a movie's inputs that carry a post-release field WHEN they are validated THEN they are refused
    with pytest.raises(ValidationError):
        MovieInputs(budget=1_000_000, **{field: 1})


def test_track_records_ignore_films_released_on_or_after_the_scoring_date():
    # GIVEN a director with an earlier flop, and a later hit that would change every track-record figure
    earlier_flop = credit("director", "Ann Director", 1, date(2000, 1, 1), revenue=5_000_000)
    later_hit = credit("director", "Ann Director", 2, date(2010, 1, 1), revenue=900_000_000)
    same_day_hit = credit("director", "Ann Director", 3, SCORED_ON, revenue=900_000_000)
    # WHEN the movie is scored as of its release date, with and without the later films in the book
    with_only_the_past = row_for(MOVIE, [earlier_flop])
    with_the_future = row_for(MOVIE, [earlier_flop, later_hit, same_day_hit])
    # THEN the later films change nothing: only the flop counts
    assert same_row(with_the_future, with_only_the_past)
    assert with_the_future["director_films"] == 1
    assert with_the_future["director_successes"] == 0
    assert with_the_future["director_success_rate"] == 0
    assert with_the_future["director_mean_log_roi"] == pytest.approx(math.log(0.5))
    # AND scored as of a later day, the hit would count: the guard is the date, not the data
    later = row_for(MOVIE, [earlier_flop, later_hit], as_of=date(2011, 1, 1))
    assert later["director_films"] == 2
    assert later["director_successes"] == 1


def test_track_records_of_every_role_are_as_of_the_date():
    # GIVEN one earlier and one later film for the top-billed cast, the company and the keyword
    credits = []
    for number, (role, name) in enumerate(
        [("cast", "Lead Actor"), ("company", "Big Studio"), ("keyword", "time travel")], start=1
    ):
        credits.append(credit(role, name, number, date(2001, 1, 1)))
        credits.append(credit(role, name, 100 + number, date(2006, 1, 1), revenue=1_000_000))
    # WHEN the movie is scored
    row = row_for(MOVIE, credits)
    # THEN each role counts only the earlier film (a success)
    for role in ("cast", "company", "keyword"):
        assert (row[f"{role}_films"], row[f"{role}_successes"], row[f"{role}_success_rate"]) == (1, 1, 1.0), role


def test_unlabelled_earlier_films_count_as_films_but_not_in_rates():
    # GIVEN an earlier film with unknown revenue and one with an implausible budget
    credits = [
        credit("director", "Ann Director", 1, date(2001, 1, 1), revenue=None),
        credit("director", "Ann Director", 2, date(2002, 1, 1), budget=5),
    ]
    # WHEN the movie is scored THEN they are films, but say nothing about success
    row = row_for(MOVIE, credits)
    assert row["director_films"] == 2
    assert row["director_successes"] == 0
    assert math.isnan(row["director_success_rate"])
    assert math.isnan(row["director_mean_log_roi"])


def test_only_the_top_billed_cast_counts_and_names_match_without_case():
    # GIVEN a hit for the fourth-billed actor, and one for the lead spelled in another case
    credits = [
        credit("cast", "Fourth Actor", 1, date(2001, 1, 1)),
        credit("cast", "  LEAD actor ", 2, date(2001, 1, 1)),
    ]
    # WHEN the movie is scored THEN only the lead's film counts
    row = row_for(MOVIE, credits)
    assert row["cast_films"] == 1
    assert row["cast_best_films"] == 1


def test_a_name_credited_twice_on_one_film_counts_it_once():
    # GIVEN two directing credits of the same person on the same film
    credits = [credit("director", "Ann Director", 1, date(2001, 1, 1))] * 2
    # WHEN the movie is scored THEN the film counts once
    assert row_for(MOVIE, credits)["director_films"] == 1


def test_the_row_holds_every_feature_column_in_order_with_readable_inputs():
    # GIVEN a movie described with names in mixed case WHEN its row is built
    row = row_for(MOVIE, [])
    # THEN every column is there, in the model's order, and the inputs were read case-insensitively
    assert list(row) == list(FEATURE_COLUMNS)
    assert row["log_budget"] == pytest.approx(math.log10(40_000_000))
    assert (row["release_year"], row["release_month"]) == (2005, 6)
    assert row["genre_drama"] == row["genre_science_fiction"] == 1.0
    assert row["genre_comedy"] == 0.0
    assert row["country_us"] == row["country_gb"] == 1.0
    assert row["original_language"] == "en"
    assert row["cast_count"] == 4


def test_a_movie_known_by_nothing_gets_unknowns_not_guesses():
    # GIVEN a movie with no inputs at all, or an implausible budget
    empty = row_for(MovieInputs(), [])
    tiny_budget = row_for(MovieInputs(budget=3), [])
    # WHEN its row is built THEN unknown numbers are NaN and the language is "unknown"
    for column in ("log_budget", "runtime", "release_year", "release_month", "director_success_rate"):
        assert math.isnan(empty[column]), column
    assert math.isnan(tiny_budget["log_budget"])
    assert empty["original_language"] == "unknown"
    # AND with no names in a role, its counts and its track record are unknown too, not 0
    for column in ("director_films", "cast_films", "company_count", "cast_count", "genre_count", "series_films"):
        assert math.isnan(empty[column]), column


# ---------------------------------------------------------------------------------------------------------------
# Unknown is not zero


def test_a_role_the_record_does_not_fill_is_unknown_but_new_names_have_no_earlier_films():
    # GIVEN a movie whose record names no company and no keyword, but names a cast and a director new to the book
    movie = MOVIE.model_copy(update={"production_companies": (), "keywords": ()})
    # WHEN its row is built
    row = row_for(movie, [])
    # THEN the missing roles are NaN, count and track record alike
    assert math.isnan(row["company_count"])
    for stat in ("films", "successes", "success_rate", "mean_log_roi", "mean_log_revenue", "best_films"):
        assert math.isnan(row[f"company_{stat}"]), stat
        assert math.isnan(row[f"keyword_{stat}"]), stat
    # AND the known names with no earlier film are a real 0
    assert row["cast_count"] == 4
    assert row["director_count"] == 1
    assert row["director_films"] == row["cast_films"] == 0
    assert math.isnan(row["director_success_rate"])  # no earlier film: no rate


# ---------------------------------------------------------------------------------------------------------------
# The lag, and earlier films whose run was not over


def test_an_earlier_film_counts_only_once_it_is_90_days_old():
    # GIVEN the director's hits released 89 and 90 days before the scored film
    credits = [
        credit("director", "Ann Director", 1, SCORED_ON - timedelta(days=90)),
        credit("director", "Ann Director", 2, SCORED_ON - timedelta(days=89)),
    ]
    # WHEN the movie is scored THEN only the one released at least 90 days before counts
    assert row_for(MOVIE, credits)["director_films"] == 1
    # AND the lag is a parameter: with none, both count, but never a film released the same day
    book = TrackRecordBook.of_credits([*credits, credit("director", "Ann Director", 3, SCORED_ON)], lag_days=0)
    assert feature_row(MOVIE, book.records_for(MOVIE, SCORED_ON))["director_films"] == 2
    # AND a caller (the API, from the model's card) can ask for another lag than the book's
    assert feature_row(MOVIE, book.records_for(MOVIE, SCORED_ON, lag_days=90))["director_films"] == 1


def test_an_earlier_film_read_before_its_run_was_over_has_no_label_and_no_revenue():
    # GIVEN an earlier hit whose record was read 30 days after its release, and one read a year after
    credits = [
        replace(credit("director", "Ann Director", 1, date(2004, 1, 1)), fetched_at=datetime(2004, 1, 31, tzinfo=UTC)),
        replace(credit("director", "Ann Director", 2, date(2003, 1, 1)), fetched_at=date(2004, 1, 1)),
    ]
    # WHEN the movie is scored THEN both are films, but only the finished one has a label and a revenue
    row = row_for(MOVIE, credits)
    assert row["director_films"] == 2
    assert row["director_successes"] == 1
    assert row["director_success_rate"] == 1.0
    assert row["director_mean_log_revenue"] == pytest.approx(math.log10(50_000_000))


# ---------------------------------------------------------------------------------------------------------------
# Series


@pytest.mark.parametrize(
    ("title", "stem", "marked"),
    [
        ("Toy Story", "toy story", False),
        ("Toy Story 3", "toy story", True),
        ("Spider-Man: Homecoming", "spider-man", True),
        ("Star Wars: Episode IV - A New Hope", "star wars", True),
        ("The Dark Knight Rises", "the dark knight", True),
        ("The Godfather Part II", "the godfather", True),
        ("Ocean's Thirteen", "ocean's", True),
        ("Fast & Furious 6", "fast and furious", True),
        ("It Chapter Two", "it", True),
        ("28 Years Later Part 2: The Bone Temple", "28 years later", True),
        ("Mission: Impossible - Fallout", "mission", True),
        ("2012", "2012", False),  # a number alone is a title, not an instalment
        ("Seven", "seven", False),
        ("  Blade   Runner 2049 ", "blade runner", True),
    ],
)
def test_a_title_gives_its_series_stem(title, stem, marked):
    # GIVEN a title WHEN its stem is read THEN it is the series' name, and whether the title marks an instalment
    assert title_stem(title) == (stem, marked)


def series_credit(title: str | None, tmdb_id: int, released: date, collection_id=None, **money) -> list[PastCredit]:
    """A film as the database reads it into the book: one credit per series key."""
    return [credit("series", key, tmdb_id, released, **money) for key in series_keys(title, collection_id)]


def test_earlier_instalments_are_found_by_title_with_their_outcomes():
    # GIVEN a series' first film (a hit, 2001) and second (a flop, 2003), an unrelated film, and a sequel to score
    credits = [
        *series_credit("Night Harbor", 1, date(2001, 5, 1), revenue=90_000_000),
        *series_credit("Night Harbor 2: The Return", 2, date(2003, 5, 1), revenue=5_000_000),
        *series_credit("Harbor Lights", 3, date(2002, 5, 1)),
        *series_credit("Night Harbor 4", 4, date(2007, 1, 1)),  # later: never counts
    ]
    sequel = MOVIE.model_copy(update={"title": "Night Harbor 3"})
    # WHEN the sequel is scored
    row = row_for(sequel, credits)
    # THEN its two earlier instalments count, with their success, log-ROI and log-revenue, and the gap since the last
    assert row["series_films"] == 2
    assert row["series_success_rate"] == 0.5
    assert row["series_mean_log_roi"] == pytest.approx((math.log(9) + math.log(0.5)) / 2)
    assert row["series_mean_log_revenue"] == pytest.approx((math.log10(90_000_000) + math.log10(5_000_000)) / 2)
    assert row["series_years_since_last"] == pytest.approx((SCORED_ON - date(2003, 5, 1)).days / 365.25)
    # AND the first film of a series, or a film without a title, is not a sequel (0) or not known (NaN)
    assert row_for(MOVIE.model_copy(update={"title": "Brand New"}), credits)["series_films"] == 0
    assert math.isnan(row_for(MOVIE, credits)["series_years_since_last"])
    assert math.isnan(row_for(MOVIE.model_copy(update={"title": None}), credits)["series_films"])


def test_earlier_instalments_are_found_by_collection_whatever_their_titles():
    # GIVEN a TMDB collection whose films have unrelated titles, and a same-titled film outside it
    credits = [
        *series_credit("The Philosopher's Stone", 1, date(2001, 11, 1), collection_id=1241),
        *series_credit("The Chamber of Secrets", 2, date(2002, 11, 1), collection_id=1241),
        *series_credit("Prisoner", 3, date(2003, 1, 1)),
    ]
    # WHEN a film of the collection is scored
    row = row_for(MOVIE.model_copy(update={"title": "Prisoner", "collection_id": 1241}), credits)
    # THEN its instalments are the collection's, not the title's
    assert row["series_films"] == 2
    # AND a film whose collection has no earlier film on record falls back to its title
    fallback = row_for(MOVIE.model_copy(update={"title": "Prisoner", "collection_id": 999}), credits)
    assert fallback["series_films"] == 1
    # AND a collection with nothing earlier and no title is a first instalment: 0, not unknown
    assert row_for(MOVIE.model_copy(update={"collection_id": 999}), credits)["series_films"] == 0


def test_series_keys_file_a_film_under_its_collection_and_its_title():
    assert series_keys("Toy Story 2", 10194) == ("collection:10194", "title:toy story")
    assert series_keys("Toy Story", None) == ("title:toy story",)
    assert series_keys(None, None) == ()
    assert normalize_title("  Fast & FURIOUS!  ") == "fast and furious"


# ---------------------------------------------------------------------------------------------------------------
# The release calendar


def calendar_film(day: date, budget: int, title: str = "Other") -> CalendarFilm:
    return CalendarFilm(day, title, budget)


def test_budget_is_compared_with_the_twelve_months_before_and_big_releases_nearby_are_counted():
    # GIVEN a year of releases before June 2005 (budgets 1 to 20 million), and three $200M films around June 2005
    year = [calendar_film(date(2004, month, 10), million * 1_000_000) for month in range(6, 13) for million in (1, 2)]
    year += [calendar_film(date(2005, month, 10), million * 1_000_000) for month in range(1, 6) for million in (5, 20)]
    big = [
        calendar_film(date(2005, 5, 20), 200_000_000, "Rival One"),  # 12 days before
        calendar_film(date(2005, 6, 14), 200_000_000, "Rival Two"),  # 13 days after
        calendar_film(date(2005, 7, 1), 200_000_000, "Too Late"),  # 30 days after
        calendar_film(SCORED_ON, 200_000_000, MOVIE_TITLE),  # the scored film itself
    ]
    calendar = ReleaseCalendar(year + big)
    book = TrackRecordBook.of_credits([], calendar=calendar)
    movie = MOVIE.model_copy(update={"title": MOVIE_TITLE})
    # WHEN the movie is scored
    row = feature_row(movie, book.records_for(movie, SCORED_ON))
    # THEN its budget is compared with the median of the twelve months before June 2005
    median = statistics.median(math.log10(film.budget) for film in year + big[:1])
    assert row["budget_vs_past_year"] == pytest.approx(math.log10(40_000_000) - median)
    # AND the big releases within two weeks either side count, the film itself left out
    assert row["big_releases_near"] == 2
    # AND June is summer, not the holidays
    assert (row["release_summer"], row["release_holidays"]) == (1.0, 0.0)
    # AND with too few films on record to say what is usual, both are unknown
    empty = feature_row(movie, TrackRecordBook.of_credits([]).records_for(movie, SCORED_ON))
    assert math.isnan(empty["budget_vs_past_year"]) and math.isnan(empty["big_releases_near"])


def test_the_holidays_run_from_mid_november():
    for day, expected in ((date(2005, 11, 14), 0.0), (date(2005, 11, 15), 1.0), (date(2005, 12, 31), 1.0)):
        movie = MOVIE.model_copy(update={"release_date": day})
        assert row_for(movie, [], as_of=day)["release_holidays"] == expected, day


def test_budget_is_compared_with_the_films_of_its_genres_of_the_36_months_before_its_month():
    # GIVEN ten dramas and ten comedy-dramas in the 36 months before June 2005, a drama earlier in June 2005 (its own
    # month: not counted), one of May 2002 (too old), and an unrelated horror film
    within = [date(2005, 5, 31) - timedelta(days=100 * n) for n in range(10)]
    dramas = [CalendarFilm(day, "Drama", (n + 1) * 1_000_000, ("Drama",)) for n, day in enumerate(within)]
    comedies = [CalendarFilm(day, "Comedy", 50_000_000, ("Comedy", "Drama")) for day in within]
    outside = [
        CalendarFilm(date(2005, 6, 1), "Same month", 900_000_000, ("Drama",)),
        CalendarFilm(date(2002, 5, 31), "Old", 900_000_000, ("Drama",)),
        CalendarFilm(date(2005, 4, 1), "Horror", 900_000_000, ("Horror",)),
    ]
    book = TrackRecordBook.of_credits([], calendar=ReleaseCalendar(dramas + comedies + outside))
    movie = MOVIE.model_copy(update={"genres": ("drama",), "budget": 10_000_000})
    # WHEN it is scored on 2005-06-01
    row = feature_row(movie, book.records_for(movie, SCORED_ON))
    # THEN its log budget is compared with the median of the 20 films that share its genre in the window
    median = statistics.median([math.log10(film.budget) for film in dramas + comedies])
    assert row["budget_vs_genre"] == pytest.approx(7.0 - median)
    # AND a film of a genre with fewer than ten films on record, or with no genre, compares with nothing
    for genres in (("Horror",), ()):
        alone = MOVIE.model_copy(update={"genres": genres, "budget": 10_000_000})
        assert math.isnan(feature_row(alone, book.records_for(alone, SCORED_ON))["budget_vs_genre"])


# ---------------------------------------------------------------------------------------------------------------
# Many rows at once


def columns_of(movies: list[MovieInputs]) -> MovieColumns:
    """Movies as `ModelData.catalog_columns` gives them: column-wise, names as the book's keys."""

    def listed(values: list[tuple], keyed: bool) -> Listed:
        pairs = [
            (movie, name_key(normalize_name(v)) if keyed else v) for movie, names in enumerate(values) for v in names
        ]
        return Listed(
            np.array([movie for movie, _ in pairs], dtype=np.int64),
            np.array([value for _, value in pairs], dtype=np.uint64 if keyed else object),
        )

    return MovieColumns(
        title=np.array([movie.title or "" for movie in movies], dtype=object),
        collection_id=np.array([movie.collection_id or math.nan for movie in movies], dtype=np.float64),
        budget=np.array([math.nan if movie.budget is None else movie.budget for movie in movies], dtype=np.float64),
        runtime=np.array([math.nan if movie.runtime is None else movie.runtime for movie in movies], dtype=np.float64),
        release_day=np.array([movie.release_date.toordinal() for movie in movies], dtype=np.int64),
        original_language=np.array([movie.original_language or "" for movie in movies], dtype=object),
        genres=listed([movie.genres for movie in movies], keyed=False),
        countries=listed([movie.production_countries for movie in movies], keyed=False),
        companies=listed([movie.production_companies for movie in movies], keyed=True),
        cast=listed([movie.cast for movie in movies], keyed=True),
        directors=listed([movie.directors for movie in movies], keyed=True),
        keywords=listed([movie.keywords for movie in movies], keyed=True),
    )


def test_rows_built_column_wise_are_the_rows_built_one_at_a_time_to_the_last_bit():
    # GIVEN careers of uneven outcomes (sums that depend on the order they are added in), a series by collection and
    # by title, a release calendar, and movies with the record's gaps and oddities
    outcomes = [(10_000_000, 50_000_000), (3_000_000, 1_000_000), (7_000_000, 7_000_001), (2_000_000, None)]
    credits = []
    for number in range(40):
        budget, revenue = outcomes[number % len(outcomes)]
        released = date(1995, 1, 1) + timedelta(days=97 * number)
        for role, name in (("director", f"Director {number % 3}"), ("cast", f"Actor {number % 5}")):
            credits.append(credit(role, name, number, released, budget, revenue))
        credits += [credit("company", f"Studio {number % 4}", number, released, budget, revenue)]
        credits += [credit("keyword", f"word {k}", number, released, budget, revenue) for k in range(number % 6)]
        collection = 77 if number % 3 else None
        credits += series_credit(f"Saga {number % 2 + 1}", number, released, collection, budget=budget, revenue=revenue)
    calendar = ReleaseCalendar(
        [
            CalendarFilm(date(2003, 1, 1) + timedelta(days=11 * n), f"Film {n}", (n % 9 + 1) * 4_000_000, ("Drama",))
            for n in range(90)
        ]
    )
    book = TrackRecordBook.of_credits(credits, calendar=calendar, running_totals=True)
    movies = [
        MOVIE,
        MOVIE.model_copy(update={"cast": ("Actor 0", "Actor 3", "Actor 4", "Actor 2"), "directors": ("Director 2",)}),
        MOVIE.model_copy(
            update={"title": "Saga 1", "collection_id": 77, "cast": ("  ", "actor 1", "ACTOR 1 ", "Actor 2")}
        ),
        MOVIE.model_copy(update={"title": "Saga 2", "collection_id": 12, "directors": ("Director 1", "director 1")}),
        MOVIE.model_copy(update={"keywords": tuple(f"word {k}" for k in (5, 1, 3, 0, 9, 1)), "budget": 500}),
        MOVIE.model_copy(update={"production_companies": (), "cast": (), "genres": (), "production_countries": ()}),
        MOVIE.model_copy(update={"production_companies": ("Studio 1", "Studio 3", "Studio 1", "Nobody Films")}),
        MOVIE.model_copy(update={"title": None, "budget": None, "runtime": 0, "original_language": "  "}),
        MOVIE.model_copy(update={"release_date": date(2004, 11, 20), "genres": ("Drama", " drama"), "title": "Film 3"}),
    ]
    # WHEN their rows are built column-wise, and one at a time
    built = feature_columns(columns_of(movies), book)
    expected = [feature_row(movie, book.records_for(movie, movie.release_date)) for movie in movies]
    # THEN every value of every row is the same, to the last bit
    for position, row in enumerate(expected):
        assert same_row({name: values[position] for name, values in built.items()}, row), position


def test_many_records_at_once_are_each_record_read_alone():
    # GIVEN a book of 300 films credited to 40 names, some with one film, some with dozens
    credits = [
        credit(
            "director",
            f"Name {(number * 7) % 40 if number % 3 else number % 5}",
            number,
            date(1990, 1, 1) + timedelta(days=31 * number),
            revenue=(number % 7) * 9_000_000,
        )
        for number in range(300)
    ]
    book = TrackRecordBook.of_credits(credits, running_totals=True)
    filmographies = book.filmographies["director"]
    # WHEN every name (and one unknown) is read as of days before, among and after its films, one at a time and at once
    names = [f"Name {number}" for number in range(41)]
    asked = [(name, date(1989, 6, 1) + timedelta(days=190 * step)) for name in names for step in range(0, 60, 7)]
    keys = np.array([name_key(normalize_name(name)) for name, _ in asked], dtype=np.uint64)
    first = np.array([filmographies.films.first_on_or_after(day.toordinal()) for _, day in asked])
    at_once = filmographies.before_many(keys, first)
    # THEN each record read at once is the record read alone, field by field
    for position, (name, day) in enumerate(asked):
        alone = filmographies.before(name_key(normalize_name(name)), int(first[position]))
        assert tuple(column[position] for column in at_once) == tuple(alone), (name, day)
