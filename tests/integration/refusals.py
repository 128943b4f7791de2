"""A statement a role may not run: PostgreSQL refuses it, and the session goes on."""

import pg8000.native
import pytest

DENIED = "permission denied|must be owner|read-only transaction"


def refused(conn: pg8000.native.Connection, statement: str) -> None:
    with pytest.raises(pg8000.native.DatabaseError, match=DENIED):
        conn.run(statement)
    conn.run("ROLLBACK")  # only warns outside a transaction
