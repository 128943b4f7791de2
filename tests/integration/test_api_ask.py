"""/ask-text and /ask-visual through the API, on a small real database: the contract, refusals, caps and charts."""

import base64
import struct
import uuid
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api_service.main import create_app
from cinelake.adapters.postgres import MovieRepository
from cinelake.config import Settings
from cinelake.domain.lake import LoadBatch
from cinelake.domain.movie import TmdbMovie

pytestmark = pytest.mark.integration

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GENRES = [{"id": 27, "name": "Horror"}, {"id": 35, "name": "Comedy"}, {"id": 18, "name": "Drama"}]


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    return struct.unpack(">II", png[16:24])


@pytest.fixture
def movies(db, make_movie) -> list[dict]:
    """120 movies over 2000-2011: budgets and revenues growing with the id, three genres in turn."""
    catalogue = [
        make_movie(
            n,
            title=f"Movie {n:03d}",
            release_date=f"{2000 + n % 12}-06-01",
            budget=n * 1_000_000,
            revenue=n * 3_000_000,
            runtime=80 + n,
            vote_average=round(5 + (n % 40) / 10, 1),
            vote_count=100 + n * 10,
            genres=[GENRES[n % 3]],
        )
        for n in range(1, 121)
    ]
    batch = LoadBatch(object_key=f"test/ask/{uuid.uuid4().hex}", etag="1", record_count=len(catalogue))
    for movie in catalogue:
        batch.add_movie(TmdbMovie.model_validate(movie), date(2026, 1, 1))
    MovieRepository(db).load_object(batch)
    return catalogue


@pytest.fixture
def client(movies, database_url: str, tmp_path: Path):
    settings = Settings(database_url=database_url, models_dir=tmp_path, data_refresh_seconds=0, ask_embedder=False)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def ask(client: TestClient, question: str, path: str = "/ask-text"):
    return client.post(path, json={"question": question})


def test_a_question_is_answered_with_the_contracts_fields(client):
    response = ask(client, "What are the 3 movies with the highest budget from 2011?")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "question", "language", "answer", "sql", "columns", "rows", "row_count", "capped", "engine", "elapsed_ms"
    }  # fmt: skip
    assert body["language"] == "en" and body["engine"] == "offline" and not body["capped"]
    # THEN the rows are the three biggest budgets of 2011 (ids 119, 107, 95), stated with their numbers
    assert [row[0] for row in body["rows"]] == ["Movie 119", "Movie 107", "Movie 095"]
    assert body["columns"] == ["title", "release_year", "budget"]
    assert "Movie 119 (2011, 119 M$) leads" in body["answer"]
    assert body["sql"].startswith("SELECT") and body["row_count"] == 3


def test_spanish_questions_get_spanish_answers(client):
    body = ask(client, "¿Cuántas películas de terror hay desde 2005?").json()
    # horror is every third id; since 2005 means years 2005-2011
    expected = sum(1 for n in range(1, 121) if n % 3 == 0 and 2000 + n % 12 >= 2005)
    assert body["language"] == "es"
    assert body["rows"] == [[expected]]
    assert body["answer"].startswith(f"Hay {expected} películas")


def test_a_long_result_is_capped_and_says_so(client):
    body = ask(client, "List all the movies").json()
    assert body["row_count"] == 100 and body["capped"] is True
    assert "showing the first 100 rows" in body["answer"]
    # the number of rows shown is not the number of movies: the answer does not say "100 movies"
    assert body["answer"].startswith("More than 100 movies")


@pytest.mark.parametrize(
    ("question", "language", "words"),
    [
        ("What's the weather in Paris tomorrow?", "en", "does not look like a question about movies"),
        ("¿Qué tiempo hará mañana en Madrid?", "es", "no parece una pregunta sobre las películas"),
        ("Delete every movie from 2005", "en", "never changes data"),
        ("Borra todas las películas de 2005", "es", "nunca modifica datos"),
        ("Which made more money, Zyxwv or Qwerty?", "en", "To compare"),
        # a theme that matches no keyword is refused, not dropped from the query
        ("Movies about flibbertigibbets", "en", "No movie keyword matches 'flibbertigibbets'"),
        ("Películas sobre los dragones voladores de 2010", "es", "coincide con 'los dragones voladores'"),
    ],
)
def test_an_unanswerable_question_is_a_422_in_its_language(client, question, language, words):
    response = ask(client, question)
    assert response.status_code == 422
    body = response.json()
    assert body["language"] == language and words in body["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"question": ""}, "question"), ({"question": "x" * 501}, "question"),
     ({"question": "top\x00 movies"}, "question"), ({"question": "top 5 \u202emovies"}, "question"),
     ({"question": 5}, "question"), ({}, "question")],
)  # fmt: skip
def test_bad_bodies_are_422s_naming_the_field(client, body, field):
    response = client.post("/ask-text", json=body)
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == field


# ---------------------------------------------------------------------------------------------------------------
# Charts


@pytest.mark.parametrize(
    ("question", "chart_type"),
    [
        ("Average revenue by genre", "bar"),
        ("Número de películas por año desde 2000", "line"),
        ("Budget vs revenue of movies since 2005", "scatter"),
        ("Distribución de la duración de las películas de comedia", "histogram"),
        ("Top 10 movies by budget", "bar"),
        ("How many genres are there?", "bar"),
    ],
)
def test_the_chart_type_follows_the_data(client, question, chart_type):
    response = client.post("/ask-visual?format=json", json={"question": question})
    assert response.status_code == 200
    body = response.json()
    assert body["chart_type"] == chart_type
    assert body["title"] == question
    width, height = png_size(base64.b64decode(body["image_png_base64"]))
    assert width >= 800 and height >= 500


def test_a_chart_is_a_png_by_default(client):
    response = ask(client, "Top 5 genres by number of movies", path="/ask-visual")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert png_size(response.content)[0] >= 800


def test_an_answer_with_no_numbers_to_draw_is_a_422(client):
    response = ask(client, "Who directed Movie 007?", path="/ask-visual")
    assert response.status_code == 422
    assert "no numbers to chart" in response.json()["detail"]


# ---------------------------------------------------------------------------------------------------------------
# Keys, and a generative model that is configured but not there


def test_questions_need_a_key_when_keys_are_configured(movies, database_url, tmp_path):
    settings = Settings(
        database_url=database_url, models_dir=tmp_path, ask_embedder=False, cinelake_api_keys=SecretStr("k1")
    )
    with TestClient(create_app(settings)) as client:
        assert ask(client, "How many movies are there?").status_code == 401
        response = client.post(
            "/ask-text", json={"question": "How many movies are there?"}, headers={"X-API-Key": "k1"}
        )
        assert response.json()["rows"] == [[120]]


def test_an_absent_generative_model_falls_back_to_the_offline_engine(movies, database_url, tmp_path):
    settings = Settings(
        database_url=database_url,
        models_dir=tmp_path,
        ask_embedder=False,
        ask_generative_model=str(tmp_path / "no-such-model"),
    )
    with TestClient(create_app(settings)) as client:
        body = ask(client, "How many movies are there?").json()
    assert body["engine"] == "offline" and body["rows"] == [[120]]
