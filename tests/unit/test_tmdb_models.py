"""The TMDB response models, checked against real TMDB response bodies (../shared/data/tmdb_api_samples)."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from cinelake.adapters.tmdb_models import ChangesPage, ExportEntry, GenreList, TmdbErrorBody

pytestmark = pytest.mark.unit

SAMPLES_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tmdb_api_samples"


def sample(name: str) -> dict:
    path = SAMPLES_DIR / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (the real samples live in ../shared)")
    return json.loads(path.read_text())


def test_changes_page_reads_a_real_first_page() -> None:
    # GIVEN TMDB's real /movie/changes page 1 (62 pages, one adult id)
    body = sample("movie_changes_list.json")
    # WHEN it is parsed
    page = ChangesPage.model_validate(body)
    # THEN paging and every id are kept
    assert (page.page, page.total_pages, page.total_results) == (1, 62, 6140)
    assert [item.id for item in page.results] == [item["id"] for item in body["results"]]
    assert [item.id for item in page.results if item.adult] == [1229840]


def test_changes_page_keeps_a_null_adult_flag_as_unknown() -> None:
    # GIVEN a real page 3, where one id has "adult": null
    page = ChangesPage.model_validate(sample("movie_changes_list_page3.json"))
    # THEN that id is kept, with adult unknown
    assert (page.page, page.total_pages, len(page.results)) == (3, 57, 100)
    assert {item.id: item.adult for item in page.results}[1120298] is None


def test_genre_list_reads_the_real_nineteen_genres() -> None:
    genres = GenreList.model_validate(sample("genre_movie_list.json")).genres
    assert len(genres) == 19
    assert (genres[0].id, genres[0].name) == (28, "Action")


def test_error_body_reads_tmdbs_not_found_answer() -> None:
    # GIVEN TMDB's documented 404 body
    raw = b'{"success":false,"status_code":34,"status_message":"The resource you requested could not be found."}'
    # WHEN it is parsed
    body = TmdbErrorBody.model_validate_json(raw)
    # THEN TMDB's code and message are there
    assert (body.success, body.status_code) == (False, 34)
    assert body.status_message.startswith("The resource")


def test_error_body_refuses_a_movie_object() -> None:
    with pytest.raises(ValidationError):
        TmdbErrorBody.model_validate(sample("movie_details_550.json"))


def test_export_entry_reads_a_documented_export_line() -> None:
    # GIVEN a line as TMDB documents its daily export
    line = b'{"adult":false,"id":3924,"original_title":"Blondie","popularity":2.9,"video":false}'
    # WHEN it is parsed
    entry = ExportEntry.model_validate_json(line)
    # THEN every field is typed
    assert entry == ExportEntry(adult=False, id=3924, original_title="Blondie", popularity=2.9, video=False)


def test_export_entry_refuses_a_line_without_an_id() -> None:
    with pytest.raises(ValidationError):
        ExportEntry.model_validate_json(b'{"adult":false,"original_title":"Blondie","popularity":2.9,"video":false}')
