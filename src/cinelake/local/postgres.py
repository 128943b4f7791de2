"""A PostgreSQL server for local runs and tests: the one already on 127.0.0.1:5432, or an embedded one.

The embedded server is a throwaway cluster made with the machine's own PostgreSQL binaries (initdb/pg_ctl),
so a fresh machine without a PostgreSQL service still runs the tests and the demo.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pg8000.native
from aws_lambda_powertools import Logger

from cinelake.adapters.postgres import connect, with_database
from cinelake.errors import PermanentError

logger = Logger(child=True)

DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass
class LocalPostgres:
    """A server we may create databases on. `stop()` stops it only if we started it."""

    admin_url: str  # a superuser on the maintenance database
    data_dir: Path | None = None  # set when we started the server ourselves
    _bin_dir: Path | None = field(default=None, repr=False)

    @property
    def embedded(self) -> bool:
        return self.data_dir is not None

    def create_database(self, name: str) -> str:
        """Create an empty database (dropping one of that name first) and return its URL."""
        with closing(connect(self.admin_url)) as conn:
            conn.run(f"DROP DATABASE IF EXISTS {pg8000.native.identifier(name)} WITH (FORCE)")
            conn.run(f"CREATE DATABASE {pg8000.native.identifier(name)}")
        return with_database(self.admin_url, name)

    def drop_database(self, name: str) -> None:
        with closing(connect(self.admin_url)) as conn:
            conn.run(f"DROP DATABASE IF EXISTS {pg8000.native.identifier(name)} WITH (FORCE)")

    def stop(self) -> None:
        if self.data_dir is None or self._bin_dir is None:
            return
        _run_as_postgres([str(self._bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)
        self.data_dir = None


def server_answers(url: str) -> bool:
    try:
        with closing(connect(url, timeout=3)) as conn:
            conn.run("SELECT 1")
        return True
    except (OSError, pg8000.native.InterfaceError, pg8000.native.DatabaseError):
        return False


def find_or_start(server_url: str | None = None) -> LocalPostgres:
    """Use `server_url` (or 127.0.0.1:5432) if a server answers there; otherwise start an embedded one."""
    url = server_url or DEFAULT_SERVER_URL
    if server_answers(url):
        return LocalPostgres(admin_url=url)
    if server_url:
        raise PermanentError("no PostgreSQL server answers at the configured DATABASE_URL")
    logger.info("no PostgreSQL on 127.0.0.1:5432; starting an embedded one")
    return start_embedded()


def start_embedded() -> LocalPostgres:
    bin_dir = find_binaries()
    root = Path(tempfile.mkdtemp(prefix="cinelake-pg-"))
    data_dir, socket_dir = root / "data", root / "socket"
    data_dir.mkdir()
    socket_dir.mkdir()
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(root, "postgres")
        for path in (data_dir, socket_dir):
            shutil.chown(path, "postgres")
    port = free_port()
    _run_as_postgres([str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
    options = f"-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run_as_postgres(
        [str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-o", options, "-l", str(root / "server.log"), "-w", "start"]
    )
    return LocalPostgres(
        admin_url=f"postgresql://postgres@127.0.0.1:{port}/postgres", data_dir=data_dir, _bin_dir=bin_dir
    )


def find_binaries() -> Path:
    candidates = []
    if pg_config := shutil.which("pg_config"):
        bindir = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False).stdout
        candidates.append(Path(bindir.strip()))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).parent)
    for candidate in candidates:
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    raise PermanentError(
        "no PostgreSQL server answers on 127.0.0.1:5432 and no PostgreSQL binaries (initdb, pg_ctl) were found: "
        "install PostgreSQL 15 (apt-get install postgresql) or set DATABASE_URL"
    )


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_as_postgres(command: list[str]) -> None:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd="/")
    if result.returncode != 0:
        raise PermanentError(f"{' '.join(command)} failed: {result.stderr.strip()}")
