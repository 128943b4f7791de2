"""The pre-release features: no post-release field ever enters, and track records never look ahead."""

import math
from datetime import date

import pytest
from pydantic import ValidationError

from cinelake.domain.features import (
    FEATURE_COLUMNS,
    POST_RELEASE_FIELDS,
    MovieInputs,
    PastCredit,
    TrackRecordBook,
    feature_row,
)

pytestmark = pytest.mark.unit

SCORED_ON = date(2005, 6, 1)


def credit(role, name, tmdb_id, released, budget=10_000_000, revenue=50_000_000, status="Released"):
    return PastCredit(role, name, tmdb_id, released, status, budget, revenue)


def row_for(movie: MovieInputs, credits: list[PastCredit], as_of: date = SCORED_ON) -> dict:
    return feature_row(movie, TrackRecordBook(credits).records_for(movie, as_of))


def same_row(left: dict, right: dict) -> bool:
    """Equal, with NaN equal to NaN (an unknown stays unknown)."""
    return left.keys() == right.keys() and all(
        (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)) or a == b
        for a, b in zip(left.values(), right.values(), strict=True)
    )


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


def test_no_feature_column_is_or_contains_a_post_release_field():
    # GIVEN the model's feature columns WHEN they are checked against the post-release fields THEN none appears
    assert sorted(POST_RELEASE_FIELDS) == ["popularity", "revenue", "vote_average", "vote_count"]
    for column in FEATURE_COLUMNS:
        assert not any(field in column for field in POST_RELEASE_FIELDS), column
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
    assert empty["director_films"] == empty["cast_films"] == 0
    assert empty["original_language"] == "unknown"
