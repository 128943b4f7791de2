"""Spanish titles from end to end: the generator gives a Spanish film shown under its English title its Spanish one as
a translation, the simulator serves it when `translations` is appended (as enrich asks), the loader stores it, and a
Spanish question names the movie by it and is answered with it."""

import json
from datetime import UTC, datetime

import pg8000.native
import pytest

from cinelake.adapters.ask_db import ReadOnlyQueries
from cinelake.adapters.ask_names import load_name_index
from cinelake.adapters.postgres import MovieRepository
from cinelake.adapters.tmdb import DEFAULT_APPEND
from cinelake.domain.lake import LoadBatch
from cinelake.domain.movie import TmdbMovie
from cinelake.services.ask import AskEngine
from cinelake.sim.movie_document import MovieDocument
from cinelake.sim.synthetic import generate_catalog

pytestmark = pytest.mark.integration

FETCHED_AT = datetime(2026, 12, 5, tzinfo=UTC)


@pytest.fixture
def loaded(db: pg8000.native.Connection) -> tuple[pg8000.native.Connection, dict]:
    """A synthetic catalogue fetched as enrich fetches it (every part appended) and loaded by the loader."""
    catalog = generate_catalog(n_movies=400, n_days=0, seed=3)
    batch = LoadBatch(object_key="raw/movies/dt=2026-12-05/test.ndjson.gz", etag="e1", record_count=len(catalog.base))
    translated = None
    for movie in catalog.base.values():
        fetched = json.loads(MovieDocument(movie).render(DEFAULT_APPEND))
        batch.add_movie(TmdbMovie.model_validate(fetched), FETCHED_AT)
        if fetched["translations"]["translations"] and fetched.get("vote_count", 0) > 0 and translated is None:
            translated = fetched
    assert translated is not None, "the generator made no Spanish title to test with"
    MovieRepository(db).load_object(batch)
    return db, translated


def test_a_spanish_title_is_stored_linked_and_answered_with(loaded):
    db, movie = loaded
    spanish = movie["translations"]["translations"][0]["data"]["title"]
    # THEN the loader stored the Spanish title beside the English one
    stored = db.run("SELECT iso_639_1, iso_3166_1, title FROM movie_titles WHERE tmdb_id = :id", id=movie["id"])
    assert stored == [["es", "ES", spanish]] and spanish != movie["title"]
    # WHEN a Spanish question names the movie by its Spanish title
    engine = AskEngine(semantic=None)
    answered = engine.answer(f"¿Cuánto dura {spanish}?", load_name_index(db), ReadOnlyQueries(db))
    # THEN it is linked to that movie, and the answer names it in Spanish
    assert answered.spec.movies[0].ids == (movie["id"],)
    assert spanish in answered.answer


def test_a_spanish_list_names_movies_by_their_spanish_titles_and_keeps_the_english_ones(loaded):
    db, movie = loaded
    spanish = movie["translations"]["translations"][0]["data"]["title"]
    engine = AskEngine(semantic=None)
    answered = engine.answer(f"Películas de {movie['release_date'][:4]}", load_name_index(db), ReadOnlyQueries(db))
    row = next(row for row in answered.rows if row[0] == movie["title"])
    assert row[answered.columns.index("titulo")] == spanish
    english = engine.answer(f"Movies from {movie['release_date'][:4]}", load_name_index(db), ReadOnlyQueries(db))
    assert "titulo" not in english.columns
