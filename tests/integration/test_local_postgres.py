"""The local PostgreSQL: the machine's server when one answers, an embedded throwaway cluster otherwise."""

from contextlib import closing

import pytest

from cinelake.adapters.postgres import connect, connection_params, redact, with_database
from cinelake.errors import PermanentError
from cinelake.local.postgres import find_or_start, server_answers, start_embedded

pytestmark = pytest.mark.integration


def test_an_embedded_server_starts_serves_and_is_removed() -> None:
    # GIVEN an embedded cluster made with the machine's binaries
    server = start_embedded()
    data_dir = server.data_dir
    try:
        # WHEN a database is created on it
        url = server.create_database("cinelake_embedded_check")
        # THEN it answers queries
        with closing(connect(url)) as conn:
            assert conn.run("SELECT current_database()") == [["cinelake_embedded_check"]]
    finally:
        server.stop()
    # AND stopping it removes the cluster
    assert not data_dir.exists()
    assert not server_answers(url)


def test_a_configured_url_that_does_not_answer_is_an_error_not_a_silent_fallback() -> None:
    with pytest.raises(PermanentError, match="DATABASE_URL"):
        find_or_start("postgresql://postgres@127.0.0.1:1/postgres")


@pytest.mark.unit
def test_urls_are_parsed_and_redacted() -> None:
    url = "postgresql://api:s%40cret@db.example.com:6543/cinelake?sslmode=require"
    params = connection_params(url)
    assert (params["user"], params["password"], params["host"], params["port"], params["database"]) == (
        "api",
        "s@cret",
        "db.example.com",
        6543,
        "cinelake",
    )
    assert "ssl_context" in params
    assert "s%40cret" not in redact(url) and "***" in redact(url)
    assert with_database(url, "other").split("?")[0].endswith("/other")
