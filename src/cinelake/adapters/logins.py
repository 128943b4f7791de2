"""The database logins of each job, made and kept by the migrate step (which connects as the master user).

Each job logs in as a role of its own that holds only what the job needs, through one group role:

- load: group cinelake_writer, reads and writes the movie data, tombstones and ledger; statement and idle timeouts.
- api: group cinelake_reader, reads the movie data (the catalogue reads: /stats, /predict/{id}, the name index);
  read-only by default, a statement timeout.
- ask: group cinelake_reader, the same, for the SQL of questions; read-only by default, a tighter timeout, work_mem
  and temp_file_limit.

A login is its own session user, so `RESET ROLE` or `SET ROLE` can reach no role but its group: unlike a
`SET LOCAL ROLE` inside a master session, nothing stronger is one statement away. None may create or drop tables.
The password is sent as a SCRAM verifier, so the clear password never appears in a statement (or a server log).
"""

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

import pg8000.native
from aws_lambda_powertools import Logger

from cinelake.errors import PermanentError

logger = Logger(child=True)

SCRAM_ITERATIONS = 4096  # PostgreSQL's default


@dataclass(frozen=True)
class JobLogin:
    group: str
    settings: dict[str, str]


JOBS = {
    "load": JobLogin(
        "cinelake_writer",
        {"statement_timeout": "50s", "lock_timeout": "20s", "idle_in_transaction_session_timeout": "60s"},
    ),
    "api": JobLogin(
        "cinelake_reader",
        {
            "default_transaction_read_only": "on",
            "statement_timeout": "60s",  # the name index and track records read every credit
            "idle_in_transaction_session_timeout": "60s",
        },
    ),
    "ask": JobLogin(
        "cinelake_reader",
        {
            "default_transaction_read_only": "on",
            "statement_timeout": "10s",  # a ceiling: each question sets its own, shorter one (ASK_TIMEOUT_MS)
            "idle_in_transaction_session_timeout": "30s",
            "work_mem": "16MB",
            "temp_file_limit": "256MB",
        },
    ),
}
# Only a superuser, or a role granted SET on it, may set this one on a role; on RDS the database parameter group's
# server-wide temp_file_limit then bounds the questions instead.
PRIVILEGED_SETTINGS = ("temp_file_limit",)


def ensure_login(conn: pg8000.native.Connection, job: str, username: str, password: str) -> None:
    """Create or update `username` as the login of `job`: its password, its one group and its settings."""
    spec = JOBS[job]
    role = pg8000.native.identifier(username)
    found = conn.run(
        "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls"
        " OR rolname = current_user FROM pg_roles WHERE rolname = :name",
        name=username,
    )
    if found and found[0][0]:
        raise PermanentError(f"the {job} login {username!r} is a privileged role; give the job a login of its own")
    if not found:
        conn.run(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT")
    conn.run(f"ALTER ROLE {role} WITH LOGIN PASSWORD {pg8000.native.literal(scram_verifier(password))}")
    # Exactly one group: whatever else the role was made a member of is taken back.
    for (group,) in conn.run(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
        " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = :name",
        name=username,
    ):
        if group != spec.group:
            conn.run(f"REVOKE {pg8000.native.identifier(group)} FROM {role}")
    conn.run(f"GRANT {pg8000.native.identifier(spec.group)} TO {role}")
    conn.run(f"ALTER ROLE {role} RESET ALL")
    for name, value in spec.settings.items():
        if name in PRIVILEGED_SETTINGS and not may_set(conn, name):
            logger.warning("cannot set this on a login; the server-wide value applies", extra={"setting": name})
            continue
        conn.run(f"ALTER ROLE {role} SET {name} = {pg8000.native.literal(value)}")
    logger.info("database login ready", extra={"job": job, "login": username})


def may_set(conn: pg8000.native.Connection, setting: str) -> bool:
    return bool(conn.run("SELECT has_parameter_privilege(current_user, :s, 'SET')", s=setting)[0][0])


def set_password(conn: pg8000.native.Connection, username: str, password: str) -> None:
    """A new password for an existing login (a rotation)."""
    role = pg8000.native.identifier(username)
    conn.run(f"ALTER ROLE {role} WITH PASSWORD {pg8000.native.literal(scram_verifier(password))}")


def scram_verifier(password: str, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802/7677), as `ALTER ROLE ... PASSWORD` takes it."""
    salt = salt or os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode()

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"
