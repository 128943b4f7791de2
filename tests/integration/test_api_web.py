"""The web page and its assets through TestClient: open to everyone, even when the API needs keys."""

import re

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api_service.main import create_app
from cinelake.config import Settings
from cinelake.domain.genres import MOVIE_GENRES

pytestmark = pytest.mark.integration

UNREACHABLE_DATABASE = "postgresql://postgres@127.0.0.1:1/cinelake"  # the page needs no database
ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."


@pytest.fixture
def keyed_client(tmp_path):
    settings = Settings(database_url=UNREACHABLE_DATABASE, models_dir=tmp_path, cinelake_api_keys=SecretStr("k1"))
    with TestClient(create_app(settings)) as client:
        yield client


def test_the_page_and_its_assets_answer_without_a_key_when_keys_are_configured(keyed_client):
    # GIVEN an API that needs a key WHEN the page is asked for without one
    page = keyed_client.get("/")
    # THEN it is served, with the TMDB attribution, and so is every asset it names
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert ATTRIBUTION in page.text
    assets = re.findall(r'(?:href|src)="(/web/[^"]+)"', page.text)
    assert sorted(assets) == ["/web/page.css", "/web/page.js"]
    for asset, media_type in zip(sorted(assets), ("text/css", "text/javascript"), strict=True):
        response = keyed_client.get(asset)
        assert response.status_code == 200, asset
        assert response.headers["content-type"].startswith(media_type)
    # AND the API itself still needs the key
    assert keyed_client.get("/model").status_code == 401


def test_the_page_offers_the_genres_predict_accepts_and_loads_nothing_from_elsewhere(keyed_client):
    page = keyed_client.get("/")
    options = re.findall(r'<option value="([^"]+)"', page.text)
    assert options == [genre.name for genre in MOVIE_GENRES]
    # Only links point away from this server: no script, style, icon or image is fetched from elsewhere.
    fetched = re.findall(r'<(?:script|link|img)[^>]*?(?:src|href)="([^"]+)"', page.text)
    assert len(fetched) == 3 and all(url.startswith(("/web/", "data:")) for url in fetched), fetched
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy


def test_only_the_pages_own_files_are_served(keyed_client):
    for path in ("/web/index.html", "/web/..%2Fmain.py", "/web/page.py", "/web/"):
        response = keyed_client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"] == "not_found"
