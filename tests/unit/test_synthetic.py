"""The synthetic TMDB catalogue: real TMDB shape, reproducible, plausible numbers, coherent change sets."""

import collections
import gzip
import json
import math
import os
import statistics
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cinelake.sim.catalog import Catalog
from cinelake.sim.synthetic import generate_catalog

pytestmark = pytest.mark.unit

START = date(2025, 6, 15)
N_MOVIES = 2000
N_DAYS = 7

# The shape of one line of ../shared/data/catalog/base.jsonl.gz: nested keys, and for each value its JSON type.
# A list holds one element: the shape of every item in it.
PERSON = {
    "adult": "bool",
    "credit_id": "str",
    "gender": "int",
    "id": "int",
    "known_for_department": "str",
    "name": "str",
    "original_name": "str",
    "popularity": "float",
    "profile_path": "NoneType",
}
EXPECTED_SHAPE = {
    "adult": "bool",
    "backdrop_path": "NoneType",
    "belongs_to_collection": "NoneType",
    "budget": "int",
    "credits": {
        "cast": [{**PERSON, "cast_id": "int", "character": "str", "order": "int"}],
        "crew": [{**PERSON, "department": "str", "job": "str"}],
    },
    "genres": [{"id": "int", "name": "str"}],
    "homepage": "str",
    "id": "int",
    "imdb_id": "NoneType",
    "keywords": {"keywords": [{"id": "int", "name": "str"}]},
    "origin_country": ["str"],
    "original_language": "str",
    "original_title": "str",
    "overview": "str",
    "popularity": "float",
    "poster_path": "NoneType",
    "production_companies": [{"id": "int", "logo_path": "NoneType", "name": "str", "origin_country": "str"}],
    "production_countries": [{"iso_3166_1": "str", "name": "str"}],
    "release_date": "str",
    "revenue": "int",
    "runtime": "int",
    "spoken_languages": [{"english_name": "str", "iso_639_1": "str", "name": "str"}],
    "status": "str",
    "tagline": "str",
    "title": "str",
    "video": "bool",
    "vote_average": "float",
    "vote_count": "int",
}

# TMDB's 19 movie genres (GET /3/genre/movie/list).
TMDB_GENRES = {
    28: "Action",
    12: "Adventure",
    16: "Animation",
    35: "Comedy",
    80: "Crime",
    99: "Documentary",
    18: "Drama",
    10751: "Family",
    14: "Fantasy",
    36: "History",
    27: "Horror",
    10402: "Music",
    9648: "Mystery",
    10749: "Romance",
    878: "Science Fiction",
    10770: "TV Movie",
    53: "Thriller",
    10752: "War",
    37: "Western",
}
NOT_YET_RELEASED = {"Post Production", "In Production", "Planned"}
SPANISH_WORDS = {"el", "la", "los", "las", "de", "del", "y", "en", "más", "después", "todos"}


def shape_of(value):
    """The shape of a JSON value, in the notation of EXPECTED_SHAPE (a list's shape is its first item's)."""
    if isinstance(value, dict):
        return {key: shape_of(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape_of(value[0])] if value else []
    return type(value).__name__


COLLECTION_SHAPE = {"id": "int", "name": "str", "poster_path": "NoneType", "backdrop_path": "NoneType"}


def conforms_to_catalogue(movie: dict) -> bool:
    """The real catalogue's shape, except that a film may belong to a collection (TMDB's shape for one)."""
    collection = movie["belongs_to_collection"]
    return conforms({**movie, "belongs_to_collection": None}, EXPECTED_SHAPE) and (
        collection is None or conforms(collection, COLLECTION_SHAPE)
    )


def conforms(value, expected) -> bool:
    """Whether `value` has exactly the keys and types `expected` names, at every level (an empty list fits)."""
    if isinstance(expected, dict):
        return (
            isinstance(value, dict)
            and value.keys() == expected.keys()
            and all(conforms(value[key], expected[key]) for key in expected)
        )
    if isinstance(expected, list):
        return isinstance(value, list) and all(conforms(item, expected[0]) for item in value)
    return type(value).__name__ == expected


def success_by_id(movies: list[dict]) -> dict[int, bool]:
    """The success label where both amounts are known and plausible: revenue at least 2.5 x budget."""
    return {
        movie["id"]: movie["revenue"] / movie["budget"] >= 2.5
        for movie in movies
        if movie["budget"] >= 1000 and movie["revenue"] >= 1000
    }


def share(flags) -> float:
    flags = list(flags)
    return sum(flags) / len(flags)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return generate_catalog(n_movies=N_MOVIES, n_days=N_DAYS, seed=7, start_date=START)


@pytest.fixture(scope="module")
def movies(catalog: Catalog) -> list[dict]:
    return list(catalog.base.values())


# ----- shape -----


def test_every_movie_has_the_real_catalogue_shape(catalog: Catalog) -> None:
    """GIVEN a synthetic catalogue WHEN each movie, on day 0 and in every change set, is checked
    THEN it has exactly the keys and types of a real catalogue line, and some movie fills every list."""
    all_versions = list(catalog.base.values()) + [movie for day in catalog.changes for movie in day.updated]

    misfits = [movie["id"] for movie in all_versions if not conforms_to_catalogue(movie)]

    assert misfits == []
    assert any(shape_of(movie) == EXPECTED_SHAPE for movie in all_versions)


@pytest.mark.catalog
def test_expected_shape_is_the_first_line_of_the_real_catalogue(catalog_dir: Path, movies: list[dict]) -> None:
    """GIVEN the real catalogue WHEN its first line is compared with a fully filled synthetic movie
    THEN both have the same nested keys and types."""
    with gzip.open(catalog_dir / "base.jsonl.gz", "rt", encoding="utf-8") as lines:
        real_movie = json.loads(next(lines))
    full_synthetic = next(movie for movie in movies if shape_of(movie) == EXPECTED_SHAPE)

    assert shape_of(real_movie) == EXPECTED_SHAPE
    assert shape_of(full_synthetic) == shape_of(real_movie)


@pytest.mark.catalog
def test_inline_genres_are_tmdbs_genre_list(catalog_dir: Path) -> None:
    """GIVEN TMDB's real /genre/movie/list response WHEN read THEN it holds exactly the genres these tests use."""
    sample = json.loads((catalog_dir.parent / "tmdb_api_samples" / "genre_movie_list.json").read_text())

    assert {genre["id"]: genre["name"] for genre in sample["genres"]} == TMDB_GENRES


def test_genres_are_tmdbs(movies: list[dict]) -> None:
    """GIVEN the catalogue WHEN genres are read THEN each is one of TMDB's 19, 1 to 3 a movie, all in use."""
    for movie in movies:
        assert 1 <= len(movie["genres"]) <= 3
        assert all(TMDB_GENRES.get(genre["id"]) == genre["name"] for genre in movie["genres"])
    assert {genre["id"] for movie in movies for genre in movie["genres"]} == set(TMDB_GENRES)


# ----- determinism -----


def test_same_arguments_give_the_same_catalogue() -> None:
    """GIVEN the same arguments twice WHEN generating THEN the catalogues are identical; another seed differs."""
    first = generate_catalog(n_movies=300, n_days=3, seed=11, start_date=START)
    second = generate_catalog(n_movies=300, n_days=3, seed=11, start_date=START)
    other_seed = generate_catalog(n_movies=300, n_days=3, seed=12, start_date=START)

    assert first == second
    assert first.base != other_seed.base


def test_base_and_early_days_do_not_depend_on_how_many_days_follow() -> None:
    """GIVEN one run for 1 day and one for 3 days WHEN compared THEN day 0 and day 1 are the same."""
    short = generate_catalog(n_movies=300, n_days=1, seed=3, start_date=START)
    long = generate_catalog(n_movies=300, n_days=3, seed=3, start_date=START)

    assert short.base == long.base
    assert short.changes[0] == long.changes[0]


def test_output_does_not_depend_on_string_hashing() -> None:
    """GIVEN two interpreters with different PYTHONHASHSEED WHEN each generates THEN the JSON is identical."""
    program = (
        "import datetime, hashlib, json\n"
        "from cinelake.sim.synthetic import generate_catalog\n"
        "c = generate_catalog(n_movies=200, n_days=2, seed=5, start_date=datetime.date(2025, 6, 15))\n"
        "text = json.dumps([c.base, [[d.updated, d.deleted] for d in c.changes]], sort_keys=True)\n"
        "print(hashlib.sha256(text.encode()).hexdigest())\n"
    )
    digests = [
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        for hash_seed in ("1", "2")
    ]

    assert digests[0] == digests[1]
    assert len(digests[0].strip()) == 64


def test_start_date_defaults_to_today_in_utc() -> None:
    """GIVEN no start date WHEN generating THEN released films are dated up to today (UTC), announced ones later."""
    day_before = datetime.now(UTC).date()

    catalog = generate_catalog(n_movies=400, n_days=0, seed=1)

    day_after = datetime.now(UTC).date()  # the same day, unless the run straddles midnight
    released = [movie for movie in catalog.base.values() if movie["status"] == "Released"]
    announced = [movie for movie in catalog.base.values() if movie["status"] != "Released" and movie["release_date"]]
    latest_release = max(date.fromisoformat(movie["release_date"]) for movie in released)
    assert day_before - timedelta(days=365) <= latest_release <= day_after
    assert announced
    assert all(date.fromisoformat(movie["release_date"]) > day_before for movie in announced)


# ----- distributions -----


def test_ids_are_unique_and_spread_like_tmdbs(catalog: Catalog) -> None:
    """GIVEN the catalogue WHEN its ids are read THEN keys match ids, and ids spread far beyond 1..N."""
    ids = sorted(catalog.base)

    assert all(catalog.base[movie_id]["id"] == movie_id for movie_id in ids)
    assert ids[0] >= 1
    assert ids[-1] - ids[0] > 100 * N_MOVIES
    assert len(set(ids)) == len(ids)


def test_about_half_the_money_is_unknown_and_known_amounts_look_lognormal(movies: list[dict]) -> None:
    """GIVEN the catalogue WHEN budgets and revenues are read THEN ~45% are 0 (unknown), known ones are
    lognormal around millions, and a few tiny implausible amounts (1-999) exist, as in real data."""
    known_budgets = [movie["budget"] for movie in movies if movie["budget"] >= 1000]
    log_budgets = [math.log(budget) for budget in known_budgets]
    tiny = [movie for movie in movies for amount in (movie["budget"], movie["revenue"]) if 0 < amount < 1000]

    assert 0.35 <= share(movie["budget"] == 0 for movie in movies) <= 0.55
    assert 0.35 <= share(movie["revenue"] == 0 for movie in movies) <= 0.55
    assert 3_000_000 <= statistics.median(known_budgets) <= 60_000_000
    assert 0.8 <= statistics.stdev(log_budgets) <= 2.5
    assert 1 <= len(tiny) <= 0.02 * len(movies)


def test_release_dates_are_mostly_recent_and_never_future_for_released_films(movies: list[dict]) -> None:
    """GIVEN the catalogue WHEN release dates are read THEN released films are dated up to the start date,
    mostly since 1970, recent decades more common; announced films are future-dated with no revenue."""
    released = [movie for movie in movies if movie["status"] == "Released"]
    years = [int(movie["release_date"][:4]) for movie in released if movie["release_date"]]
    per_decade = collections.Counter(year // 10 * 10 for year in years)
    announced = [movie for movie in movies if movie["status"] != "Released"]

    assert len(released) >= 0.95 * len(movies)
    assert max(date.fromisoformat(movie["release_date"]) for movie in released) <= START
    assert max(years) == START.year
    assert share(1970 <= year <= START.year for year in years) >= 0.85
    assert per_decade[2010] > per_decade[1990] > per_decade[1970]
    assert announced
    assert {movie["status"] for movie in announced} <= NOT_YET_RELEASED
    assert all(movie["revenue"] == 0 for movie in announced)
    assert all(movie["release_date"] == "" or movie["release_date"] > START.isoformat() for movie in announced)


def test_runtimes_votes_and_popularity_look_like_tmdbs(movies: list[dict]) -> None:
    """GIVEN the catalogue WHEN runtimes, votes and popularity are read THEN runtimes are 80-180 min with
    some unknown (0), vote counts and popularity are heavy-tailed, and no votes means a 0.0 average."""
    runtimes = [movie["runtime"] for movie in movies if movie["runtime"]]
    vote_counts = [movie["vote_count"] for movie in movies]
    popularity = [movie["popularity"] for movie in movies]

    assert 0 < share(movie["runtime"] == 0 for movie in movies) < 0.05
    assert 90 <= statistics.median(runtimes) <= 120
    assert min(runtimes) >= 40 and max(runtimes) <= 260
    assert max(vote_counts) > 20 * statistics.median(vote_counts)
    assert 0 < share(count == 0 for count in vote_counts) < 0.1
    assert all((movie["vote_average"] == 0.0) == (movie["vote_count"] == 0) for movie in movies)
    assert all(0.0 <= movie["vote_average"] <= 10.0 for movie in movies)
    assert min(popularity) > 0
    assert max(popularity) > 10 * statistics.median(popularity)


def test_casts_and_directors_recur_with_stable_ids_and_names(movies: list[dict]) -> None:
    """GIVEN the catalogue WHEN credits are read THEN casts are top-billed five in order, directors are
    Directing/Director, the same people recur across films, and an id always carries the same name."""
    directors = collections.Counter()
    actors = collections.Counter()
    names_by_id: dict[int, set[str]] = collections.defaultdict(set)
    for movie in movies:
        cast, crew = movie["credits"]["cast"], movie["credits"]["crew"]
        assert len(cast) <= 5
        assert [member["order"] for member in cast] == list(range(len(cast)))
        assert all(member["job"] == "Director" and member["department"] == "Directing" for member in crew)
        directors.update(member["id"] for member in crew)
        actors.update(member["id"] for member in cast)
        for member in cast + crew:
            names_by_id[member["id"]].add(member["name"])

    assert share(len(movie["credits"]["cast"]) == 5 for movie in movies) >= 0.9
    assert share(len(movie["credits"]["crew"]) >= 1 for movie in movies) >= 0.98
    assert sum(count >= 2 for count in directors.values()) >= 100
    assert directors.most_common(1)[0][1] >= 5
    assert actors.most_common(1)[0][1] >= 10
    assert all(len(names) == 1 for names in names_by_id.values())


def test_keywords_and_companies_recur_with_stable_ids(movies: list[dict]) -> None:
    """GIVEN the catalogue WHEN keywords and companies are read THEN themed keywords recur, a few companies
    make many films, and each keyword or company id always carries the same name."""
    keywords = collections.Counter(k["name"] for movie in movies for k in movie["keywords"]["keywords"])
    companies = collections.Counter(c["id"] for movie in movies for c in movie["production_companies"])
    keyword_names = {(k["id"], k["name"]) for movie in movies for k in movie["keywords"]["keywords"]}
    company_names = {(c["id"], c["name"]) for movie in movies for c in movie["production_companies"]}

    assert {"time travel", "heist", "based on novel or book", "dystopia"} <= set(keywords)
    assert keywords.most_common(1)[0][1] >= 0.05 * len(movies)
    assert len({keyword_id for keyword_id, _ in keyword_names}) == len(keyword_names)
    assert companies.most_common(1)[0][1] >= 0.02 * len(movies)
    assert len({company_id for company_id, _ in company_names}) == len(company_names)


def test_countries_and_languages_include_spanish_films_with_spanish_titles(movies: list[dict]) -> None:
    """GIVEN the catalogue WHEN countries and languages are read THEN countries carry ISO codes and names,
    English leads, ~10% are Spanish-language films titled in Spanish, and other languages appear."""
    languages = collections.Counter(movie["original_language"] for movie in movies)
    spanish = [movie for movie in movies if movie["original_language"] == "es"]

    for movie in movies:
        codes = [country["iso_3166_1"] for country in movie["production_countries"]]
        assert all(len(code) == 2 and code.isupper() for code in codes)
        assert all(country["name"] for country in movie["production_countries"])
        assert movie["origin_country"] == codes[:1]
    assert languages.most_common(1)[0][0] == "en"
    assert 0.07 <= len(spanish) / len(movies) <= 0.13
    assert all(SPANISH_WORDS & set(movie["original_title"].lower().split()) for movie in spanish)
    assert {"fr", "ja", "ko", "de", "it", "hi", "zh"} <= set(languages)


def test_a_few_adult_and_video_titles_exist(movies: list[dict]) -> None:
    """GIVEN the catalogue WHEN flags are read THEN ~1% are adult and ~1% video (for the exporter to drop)."""
    assert 0.003 <= share(movie["adult"] for movie in movies) <= 0.025
    assert 0.003 <= share(movie["video"] for movie in movies) <= 0.025
    assert not any(movie["adult"] and movie["video"] for movie in movies)


def test_success_is_learnable_but_not_trivial() -> None:
    """GIVEN a larger catalogue WHEN the success label (revenue >= 2.5 x budget) is compared across groups
    THEN it is neither rare nor near-certain, follows budget, and depends on the director's track record and
    on the release month, so a model finds a real but imperfect signal."""
    films = list(generate_catalog(n_movies=6000, n_days=0, seed=2, start_date=START).base.values())
    success = success_by_id(films)
    labelled = [film for film in films if film["id"] in success]
    log_budgets = [math.log(film["budget"]) for film in labelled]
    log_revenues = [math.log(film["revenue"]) for film in labelled]

    # A director's other films (leave this one out) predict this one.
    by_director = collections.defaultdict(list)
    for film in labelled:
        if film["credits"]["crew"]:
            by_director[film["credits"]["crew"][0]["id"]].append(success[film["id"]])
    proven, unproven = [], []
    for film in labelled:
        if not film["credits"]["crew"]:
            continue
        others = list(by_director[film["credits"]["crew"][0]["id"]])
        others.remove(success[film["id"]])
        if len(others) >= 2:
            (proven if share(others) > 0.5 else unproven).append(success[film["id"]])
    month = {film["id"]: int(film["release_date"][5:7]) for film in labelled}
    good_months = [success[film_id] for film_id, m in month.items() if m in (5, 6, 7, 11, 12)]
    poor_months = [success[film_id] for film_id, m in month.items() if m in (1, 2, 9)]

    assert len(labelled) >= 0.3 * len(films)
    assert 0.3 <= share(success.values()) <= 0.65
    assert 0.4 <= statistics.correlation(log_budgets, log_revenues) <= 0.9
    assert share(proven) - share(unproven) >= 0.08
    assert share(proven) <= 0.85
    assert share(good_months) - share(poor_months) >= 0.05


def test_some_films_are_sequels_in_a_tmdb_collection_and_follow_their_series():
    """GIVEN a larger catalogue WHEN its collections are read THEN about one film in ten is a later instalment: it
    shares its collection with earlier films of its language, its title numbers the first film's, and a sequel of a
    hit succeeds more often than a sequel of a flop."""
    films = list(generate_catalog(n_movies=6000, n_days=0, seed=2, start_date=START).base.values())
    success = success_by_id(films)
    series = collections.defaultdict(list)
    for film in films:
        if film["belongs_to_collection"]:
            series[film["belongs_to_collection"]["id"]].append(film)
    sequels = [film for members in series.values() for film in sorted(members, key=lambda f: f["release_date"])[1:]]

    assert 0.05 <= len(sequels) / len(films) <= 0.15
    after_hit, after_flop = [], []
    for members in series.values():
        ordered = sorted(members, key=lambda film: film["release_date"])
        first = ordered[0]
        assert first["belongs_to_collection"]["name"] == f"{first['title']} Collection"
        assert len({film["original_language"] for film in ordered}) == 1
        for number, (before, film) in enumerate(zip(ordered, ordered[1:], strict=False), start=2):
            assert film["title"] == f"{first['title']} {number}"
            assert film["release_date"] > before["release_date"]
            if before["id"] in success and film["id"] in success:
                (after_hit if success[before["id"]] else after_flop).append(success[film["id"]])
    assert share(after_hit) - share(after_flop) >= 0.1


# ----- change sets -----


def test_each_day_updates_a_few_percent_adds_new_movies_and_deletes_some(catalog: Catalog) -> None:
    """GIVEN the change sets WHEN replayed day by day THEN each day revises ~2-5% of live movies, adds a few
    new ids and deletes a few live ids; a deleted id is never seen again."""
    live = dict(catalog.base)
    seen = set(catalog.base)
    gone: set[int] = set()
    for day in catalog.changes:
        revised = [movie for movie in day.updated if movie["id"] in live]
        added = [movie for movie in day.updated if movie["id"] not in live]

        assert 0.02 * len(live) <= len(revised) <= 0.06 * len(live)
        assert 1 <= len(added) <= 0.004 * len(live) + 2
        assert not {movie["id"] for movie in added} & seen
        assert 1 <= len(day.deleted) <= 0.002 * len(live) + 2
        assert set(day.deleted) <= set(live)
        assert not set(day.deleted) & {movie["id"] for movie in day.updated}
        assert not {movie["id"] for movie in day.updated} & gone
        assert len({movie["id"] for movie in day.updated}) == len(day.updated)

        for movie in day.updated:
            live[movie["id"]] = movie
            seen.add(movie["id"])
        for movie_id in day.deleted:
            del live[movie_id]
            gone.add(movie_id)


def test_a_revision_is_a_whole_new_movie_with_fresh_votes(catalog: Catalog) -> None:
    """GIVEN the change sets WHEN each revision is compared with the version before THEN it is a separate
    whole object, votes never go down, and over the days some money, keywords and casts get fixed."""
    current = dict(catalog.base)
    newly_known_money = new_keywords = cast_fixes = 0
    for day in catalog.changes:
        for movie in day.updated:
            before = current.get(movie["id"])
            if before is not None:
                assert movie is not before
                assert movie["credits"] is not before["credits"]
                assert movie["keywords"]["keywords"] is not before["keywords"]["keywords"]
                assert movie["vote_count"] >= before["vote_count"]
                assert movie != before
                newly_known_money += (before["revenue"] == 0 < movie["revenue"]) + (
                    before["budget"] == 0 < movie["budget"]
                )
                new_keywords += len(movie["keywords"]["keywords"]) > len(before["keywords"]["keywords"])
                cast_fixes += movie["credits"]["cast"] != before["credits"]["cast"]
            current[movie["id"]] = movie

    assert newly_known_money >= 3
    assert new_keywords >= 3
    assert cast_fixes >= 1


def test_films_become_released_when_their_day_comes() -> None:
    """GIVEN a month of change sets WHEN each day is checked THEN released films are never dated after that
    day, films not yet released earn nothing, and announced films turn Released once their date arrives."""
    catalog = generate_catalog(n_movies=2000, n_days=30, seed=4, start_date=START)
    status = {movie_id: movie["status"] for movie_id, movie in catalog.base.items()}
    turned_released = 0
    for day_number, day in enumerate(catalog.changes, start=1):
        today = (START + timedelta(days=day_number)).isoformat()
        for movie in day.updated:
            if movie["status"] == "Released":
                assert movie["release_date"] <= today
                turned_released += status.get(movie["id"], "Released") != "Released"
            else:
                assert movie["status"] in NOT_YET_RELEASED
                assert movie["revenue"] == 0
            status[movie["id"]] = movie["status"]

    assert turned_released >= 1


# ----- speed -----


def test_a_default_catalogue_has_every_movie_and_day() -> None:
    """GIVEN the default size WHEN generating 2,000 movies and 7 days THEN each is there (its speed is
    bench/scale.py's to print: a timed test fails on a busy machine)."""
    catalog = generate_catalog(n_movies=2000, n_days=7, seed=0, start_date=START)

    assert len(catalog.base) == 2000
    assert len(catalog.changes) == 7


@pytest.mark.slow
def test_a_large_catalogue_is_generated_whole() -> None:
    """GIVEN 20,000 movies WHEN generating them with 7 days THEN every one is there, each id once (how fast is
    bench/scale.py's to say: a timed test fails on a busy machine)."""
    catalog = generate_catalog(n_movies=20_000, n_days=7, seed=0, start_date=START)

    assert len(catalog.base) == 20_000
    assert len(catalog.changes) == 7
