"""TmdbClient against the TMDB simulator (a real HTTP server on 127.0.0.1) with small catalogues built here.

With the simulator's faults on (5xx, dropped connections, a tight rate limit) the client must still bring back
every movie exactly, turn TMDB's 404s into NotFound, page through /movie/changes and read the daily exports.
"""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest

from cinelake.adapters.tmdb import TmdbClient
from cinelake.config import Settings
from cinelake.errors import NotFound, PermanentError
from cinelake.sim.catalog import Catalog, ChangeSet
from cinelake.sim.config import SimConfig
from cinelake.sim.server import SimServer

pytestmark = pytest.mark.integration

START = date(2026, 1, 5)
SIM_TOKEN = "cinelake-sim-token"
SIM_API_KEY = "cinelake-sim-key"


def movie(movie_id: int, **changes: object) -> dict:
    """A movie shaped like a line of ../shared/data/catalog/base.jsonl.gz."""
    title = f"Movie {movie_id}"
    document = {
        "adult": movie_id % 10 == 0,
        "backdrop_path": None,
        "belongs_to_collection": None,
        "budget": 1_000_000 * (movie_id % 7),
        "credits": {
            "cast": [
                {
                    "adult": False,
                    "cast_id": 0,
                    "character": "Lead",
                    "credit_id": f"c{movie_id:023d}",
                    "gender": 2,
                    "id": 900_000_000 + movie_id,
                    "known_for_department": "Acting",
                    "name": f"Actor {movie_id}",
                    "order": 0,
                    "original_name": f"Actor {movie_id}",
                    "popularity": 1.25,
                    "profile_path": None,
                }
            ],
            "crew": [
                {
                    "adult": False,
                    "credit_id": f"d{movie_id:023d}",
                    "department": "Directing",
                    "gender": 0,
                    "id": 910_000_000 + movie_id,
                    "job": "Director",
                    "known_for_department": "Directing",
                    "name": f"Director {movie_id}",
                    "original_name": f"Director {movie_id}",
                    "popularity": 0.5,
                    "profile_path": None,
                }
            ],
        },
        "genres": [{"id": 18, "name": "Drama"}],
        "homepage": "",
        "id": movie_id,
        "imdb_id": None,
        "keywords": {"keywords": [{"id": 700_000_000 + movie_id, "name": f"keyword {movie_id}"}]},
        "origin_country": ["FR"],
        "original_language": "fr",
        "original_title": f"Film {movie_id} — été",
        "overview": f"The story of movie {movie_id}.",
        "popularity": round(movie_id * 0.731, 3),
        "poster_path": None,
        "production_companies": [{"id": 14, "logo_path": None, "name": "Studio", "origin_country": "FR"}],
        "production_countries": [{"iso_3166_1": "FR", "name": "France"}],
        "release_date": "2019-06-21",
        "revenue": 0,
        "runtime": 90 + movie_id % 40,
        "spoken_languages": [{"english_name": "French", "iso_639_1": "fr", "name": "Français"}],
        "status": "Released",
        "tagline": "",
        "title": title,
        "video": False,
        "vote_average": 6.5,
        "vote_count": movie_id * 3,
    }
    return {**document, **changes}


def catalog_of(count: int, changes: list[ChangeSet] | None = None) -> Catalog:
    return Catalog(base={movie_id: movie(movie_id) for movie_id in range(1, count + 1)}, changes=changes or [])


@pytest.fixture
def start_sim() -> Iterator:
    """Starts simulators for a test and stops them after it."""
    running: list[SimServer] = []

    def start(catalog: Catalog, **config: object) -> SimServer:
        sim = SimServer(SimConfig(start_date=START, **config), catalog=catalog).start()
        running.append(sim)
        return sim

    yield start
    for sim in running:
        sim.stop()


def client_for(sim: SimServer, **settings: object) -> TmdbClient:
    values: dict = {
        "tmdb_read_access_token": SIM_TOKEN,
        "tmdb_api_key": None,
        "tmdb_api_url": sim.api_url,
        "tmdb_exports_url": sim.exports_url,
        "tmdb_rate_limit": sim.config.rate_limit or 1000.0,
        "tmdb_max_attempts": 8,
    }
    return TmdbClient(Settings(**{**values, **settings}), backoff_base=0.05, backoff_max=1.0)


def fetch_all(client: TmdbClient, ids: list[int], threads: int = 4) -> dict[int, dict]:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        movies = pool.map(lambda movie_id: client.movie(movie_id, append=("credits", "keywords")), ids)
        return dict(zip(ids, movies, strict=True))


# --- movie details --------------------------------------------------------------------------------------------


def test_every_movie_comes_back_exactly_through_faults(start_sim) -> None:
    # GIVEN a simulator failing 10% of requests with 5xx, dropping 5% of connections mid-body, limited to 50/s
    catalog = catalog_of(150)
    sim = start_sim(catalog, error_rate=0.10, drop_rate=0.05, rate_limit=50.0, seed=7)
    # WHEN 4 threads sharing one client (held to the same 50/s) fetch every movie
    with client_for(sim) as client:
        movies = fetch_all(client, list(catalog.base))
    # THEN each movie is exactly the catalogue's, and the faults did happen, yet no request was over the limit
    assert movies == catalog.base
    responses = sim.stats()["responses"]
    assert responses["5xx"] > 0
    assert responses["dropped"] > 0
    assert responses["429"] == 0


def test_without_a_client_limit_tmdbs_429s_are_waited_out(start_sim) -> None:
    # GIVEN a simulator allowing 20 requests/s, and a client whose own limit is far above that
    catalog = catalog_of(40)
    sim = start_sim(catalog, rate_limit=20.0)
    # WHEN 4 threads fetch 40 movies as fast as they can
    with client_for(sim, tmdb_rate_limit=10_000.0) as client:
        movies = fetch_all(client, list(catalog.base))
    # THEN the simulator refused some requests with 429, and the retries (after Retry-After) still got them all
    assert sim.stats()["responses"]["429"] > 0
    assert movies == catalog.base


def test_the_default_appends_come_under_their_own_keys(start_sim) -> None:
    sim = start_sim(catalog_of(3))
    with client_for(sim) as client:
        document = client.movie(2)
    assert {"credits", "keywords", "release_dates", "external_ids"} <= document.keys()
    assert document["release_dates"]["results"][0]["iso_3166_1"] == "FR"


def test_an_api_key_works_too(start_sim) -> None:
    sim = start_sim(catalog_of(3))
    with client_for(sim, tmdb_read_access_token=None, tmdb_api_key=SIM_API_KEY) as client:
        assert client.movie(1, append=())["title"] == "Movie 1"


def test_a_wrong_key_is_permanent_and_asked_once(start_sim) -> None:
    sim = start_sim(catalog_of(3))
    with client_for(sim, tmdb_read_access_token="not-the-token") as client, pytest.raises(PermanentError) as raised:
        client.movie(1)
    assert "status_code 7: Invalid API key" in str(raised.value)
    assert "not-the-token" not in str(raised.value)
    assert sim.stats()["responses"]["401"] == 1


# --- ids that are gone ----------------------------------------------------------------------------------------


def test_ids_that_are_gone_are_not_found(start_sim) -> None:
    # GIVEN 50 movies of which the simulator has 20% gone (404 with status_code 34)
    catalog = catalog_of(50)
    sim = start_sim(catalog, deleted_rate=0.2, seed=3)
    gone_count = sim.stats()["gone_ids"]
    # WHEN every movie is fetched
    found, not_found = {}, []
    with client_for(sim) as client:
        for movie_id in catalog.base:
            try:
                found[movie_id] = client.movie(movie_id, append=("credits", "keywords"))
            except NotFound:
                not_found.append(movie_id)
    # THEN exactly the gone ones are NotFound, each asked once, and the others come back whole
    assert len(not_found) == gone_count == 10
    assert sim.stats()["responses"]["404"] == gone_count
    assert found == {movie_id: catalog.base[movie_id] for movie_id in found}


def test_ids_never_known_or_deleted_since_are_not_found(start_sim) -> None:
    # GIVEN movie 7 deleted on day 1
    sim = start_sim(catalog_of(10, changes=[ChangeSet(deleted=[7])]))
    with client_for(sim) as client:
        # WHEN an id TMDB never had is fetched, THEN it is NotFound
        with pytest.raises(NotFound):
            client.movie(999_999)
        # AND movie 7 is there on day 0 but NotFound on day 1
        assert client.movie(7)["id"] == 7
        sim.advance()
        with pytest.raises(NotFound, match="status_code 34"):
            client.movie(7)


# --- changes ----------------------------------------------------------------------------------------------------


def test_changed_ids_are_read_across_pages(start_sim) -> None:
    # GIVEN 230 movies changed on day 1 and one deleted on day 2 (100 ids a page)
    catalog = catalog_of(
        300,
        changes=[
            ChangeSet(updated=[movie(movie_id, title="Renamed") for movie_id in range(1, 231)]),
            ChangeSet(deleted=[299]),
        ],
    )
    sim = start_sim(catalog)
    sim.advance()
    sim.advance()
    with client_for(sim) as client:
        # WHEN the changes of both days are listed
        first_page = client.changes_page(START, START + timedelta(days=2))
        items = list(client.iter_changed_ids(START, START + timedelta(days=2)))
        # THEN all three pages were read, each id once, the deleted one included
        assert (first_page.total_pages, first_page.total_results) == (3, 231)
        assert sorted(item.id for item in items) == [*range(1, 231), 299]
        # AND the changed movie is the new version
        assert client.movie(5, append=())["title"] == "Renamed"


@pytest.mark.parametrize(
    ("end_offset", "page", "tmdb_code"),
    [(15, 1, "status_code 20"), (1, 501, "status_code 22")],
    ids=["window over 14 days", "page over 500"],
)
def test_changes_beyond_tmdbs_limits_are_permanent(start_sim, end_offset: int, page: int, tmdb_code: str) -> None:
    sim = start_sim(catalog_of(3))
    with client_for(sim) as client, pytest.raises(PermanentError, match=tmdb_code):
        client.changes_page(START, START + timedelta(days=end_offset), page)
    assert sim.stats()["requests"] == 1


def test_genres_are_tmdbs(start_sim) -> None:
    sim = start_sim(catalog_of(3))
    with client_for(sim) as client:
        genres = client.genres()
    assert len(genres) == 19
    assert {genre.name for genre in genres} >= {"Drama", "Science Fiction"}


# --- exports ----------------------------------------------------------------------------------------------------


def test_the_daily_exports_list_the_catalogue(start_sim) -> None:
    # GIVEN a catalogue where every tenth movie is adult
    catalog = catalog_of(50)
    sim = start_sim(catalog, error_rate=0.5, drop_rate=0.5)  # faults hit /3/* only, never the CDN
    with client_for(sim) as client:
        # WHEN today's exports are read
        entries = list(client.iter_export(START))
        adult_entries = list(client.iter_export(START, adult=True))
        # THEN the plain one lists the other movies with their titles and popularity, the adult one the rest
        assert [entry.id for entry in entries] == [movie_id for movie_id in catalog.base if movie_id % 10]
        assert [entry.id for entry in adult_entries] == [10, 20, 30, 40, 50]
        assert entries[0].original_title == catalog.base[1]["original_title"]
        assert entries[0].popularity == catalog.base[1]["popularity"]
        assert client.export_exists(START)
        # AND tomorrow's is not published yet
        assert not client.export_exists(START + timedelta(days=1))
        with pytest.raises(NotFound):
            list(client.iter_export(START + timedelta(days=1)))


@pytest.mark.slow
@pytest.mark.catalog
def test_the_real_catalogues_export_reads_whole(catalog_dir: Path) -> None:
    # GIVEN the simulator serving the real catalogue (13,267 movies)
    sim = SimServer(SimConfig(catalog_dir=catalog_dir, start_date=START)).start()
    try:
        with client_for(sim) as client:
            # WHEN both of today's exports are read
            plain = [entry.id for entry in client.iter_export(START)]
            adult = [entry.id for entry in client.iter_export(START, adult=True)]
            # THEN every movie is in one of them once, and a movie fetched from the API has that id
            movie_ids = {*plain, *adult}
            assert len(plain) + len(adult) == len(movie_ids) == sim.stats()["movies"] == 13_267
            assert client.movie(plain[0])["id"] == plain[0]
    finally:
        sim.stop()
