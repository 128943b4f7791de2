"""The TMDB simulator on the real catalogue (../shared/data/catalog): 13,267 movies, 3,303 changed on day 1."""

import gzip
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from cinelake.sim.catalog import load_catalog_dir
from cinelake.sim.config import SimConfig
from cinelake.sim.server import SimServer

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.catalog]

CATALOG_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "catalog"
START = date(2026, 1, 5)
BASE_MOVIES = 13_267
CHANGED_ON_DAY_1 = 3_303


def read_movies(name: str) -> dict[int, dict]:
    with gzip.open(CATALOG_DIR / name, "rb") as lines:
        return {movie["id"]: movie for movie in map(json.loads, lines)}


@pytest.fixture(scope="module")
def catalog_dir() -> Path:
    if not CATALOG_DIR.is_dir():
        pytest.skip(f"{CATALOG_DIR} is absent (the real catalogue lives in ../shared)")
    return CATALOG_DIR


@pytest.fixture(scope="module")
def sim(catalog_dir: Path) -> Iterator[SimServer]:
    config = SimConfig(catalog_dir=catalog_dir, rate_limit=0.0, start_date=START)
    with SimServer(config) as sim:
        yield sim


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def export_ids(http: requests.Session, sim: SimServer, day: date) -> list[int]:
    ids = []
    for prefix in ("", "adult_"):
        response = http.get(f"{sim.exports_url}/{prefix}movie_ids_{day:%m_%d_%Y}.json.gz", timeout=30)
        assert response.status_code == 200
        ids += [json.loads(line)["id"] for line in gzip.decompress(response.content).splitlines()]
    return ids


def test_the_real_catalogue_loads_in_a_few_seconds(catalog_dir: Path) -> None:
    started = time.monotonic()
    catalog = load_catalog_dir(catalog_dir)
    elapsed = time.monotonic() - started

    assert len(catalog.base) == BASE_MOVIES
    assert [len(changes.updated) for changes in catalog.changes] == [CHANGED_ON_DAY_1]
    assert elapsed < 10


def test_day_0_export_lists_every_movie_once(http, sim) -> None:
    # WHEN the start date's exports are read (whatever day the sim is on now, that file shows day 0)
    ids = export_ids(http, sim, START)

    # THEN every movie of the base is there, once
    assert len(ids) == BASE_MOVIES
    assert set(ids) == set(read_movies("base.jsonl.gz"))


def test_after_one_day_the_changed_movies_are_listed_and_served_new(http, sim) -> None:
    # GIVEN the simulator on day 0, and the changes of day 1 as the data files hold them
    assert sim.stats()["day"] == 0
    expected = read_movies("changes_1.jsonl.gz")

    # WHEN a day passes
    assert sim.advance() == {"date": "2026-01-06", "day": 1, "updated": CHANGED_ON_DAY_1, "deleted": 0}

    # THEN /movie/changes lists exactly the changed ids, 100 a page
    first = http.get(f"{sim.api_url}/movie/changes", params={"api_key": sim.config.api_key}, timeout=30).json()
    assert (first["total_results"], first["total_pages"]) == (CHANGED_ON_DAY_1, 34)
    listed = [entry["id"] for entry in first["results"]]
    for page in range(2, first["total_pages"] + 1):
        body = http.get(
            f"{sim.api_url}/movie/changes", params={"api_key": sim.config.api_key, "page": page}, timeout=30
        ).json()
        listed += [entry["id"] for entry in body["results"]]
    assert len(listed) == CHANGED_ON_DAY_1
    assert set(listed) == set(expected)

    # AND each is served with its new values
    def served(movie_id: int) -> dict:
        params = {"api_key": sim.config.api_key, "append_to_response": "credits,keywords"}
        response = session.get(f"{sim.api_url}/movie/{movie_id}", params=params, timeout=30)
        assert response.status_code == 200
        return response.json()

    with requests.Session() as session, ThreadPoolExecutor(max_workers=4) as pool:
        session.mount("http://", HTTPAdapter(pool_maxsize=4))
        for movie_id, body in zip(listed, pool.map(served, listed), strict=True):
            assert body == expected[movie_id], movie_id

    # AND the exports of both days list the same movies (day 1 deletes none)
    assert sorted(export_ids(http, sim, START + timedelta(days=1))) == sorted(export_ids(http, sim, START))
