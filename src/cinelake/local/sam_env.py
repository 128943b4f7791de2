"""`cinelake local-env`: the `--env-vars` file that points `sam local invoke` at the running local stack.

`make demo` publishes where its stand-ins listen (moto, the TMDB simulator, PostgreSQL) in a state file,
`.cinelake/local-stack.json`, readable by its owner only (the database URL may carry a password), and removes it
when it stops. `local-env` reads it and writes, for each function of template.yaml, a value for every variable
the function declares. `sam local invoke` sets only declared variables (it ignores the others in the file), which
is why the template declares DATABASE_URL, TMDB_API_URL, AWS_ENDPOINT_URL and the like blank.

The function runs in a container, where 127.0.0.1 is the container itself: loopback addresses become `host`
(`host.docker.internal` by default; 127.0.0.1 when the container shares the host's network).
"""

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, SecretStr

from cinelake.config import Settings
from cinelake.errors import PermanentError
from cinelake.local.template import PROJECT_TEMPLATE, project_wiring
from cinelake.local.template_yaml import TemplateError

STATE_FILE = Path(".cinelake") / "local-stack.json"
CONTAINER_HOST = "host.docker.internal"  # Docker's name for the machine that runs the container
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
PRIVATE_FILE_MODE = 0o600
# What the state copies from the stack's settings and gives back to them, under the same names.
RESOURCE_FIELDS = ("tmdb_rate_limit", "data_lake_bucket", "ids_queue_name", "load_queue_name", "bulk_queue_name")


class LocalStackState(BaseModel):
    """Where a running local stack listens, and the names it gave the lake and the queues."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pid: int  # the demo's process: the state is stale once it is gone
    aws_endpoint_url: str
    region: str
    database_url: SecretStr
    tmdb_api_url: str
    tmdb_exports_url: str
    tmdb_api_key: SecretStr
    tmdb_rate_limit: float
    data_lake_bucket: str
    ids_queue_name: str
    load_queue_name: str
    bulk_queue_name: str

    @classmethod
    def of(cls, settings: Settings, database_url: str, aws_endpoint_url: str, pid: int) -> "LocalStackState":
        if settings.tmdb_api_key is None:
            raise PermanentError("the local stack has no TMDB_API_KEY for the simulator")
        return cls(
            pid=pid,
            aws_endpoint_url=aws_endpoint_url,
            region=settings.aws_default_region,
            database_url=SecretStr(database_url),
            tmdb_api_url=settings.tmdb_api_url,
            tmdb_exports_url=settings.tmdb_exports_url,
            tmdb_api_key=settings.tmdb_api_key,
            **{name: getattr(settings, name) for name in RESOURCE_FIELDS},
        )

    def settings(self) -> Settings:
        """The settings that name the stack's resources (what the template's parameters come from)."""
        return Settings(aws_default_region=self.region, **{name: getattr(self, name) for name in RESOURCE_FIELDS})

    def document(self) -> dict:
        """The file's content, secrets in clear: it is written for its owner only."""
        return {
            **self.model_dump(mode="json", exclude={"database_url", "tmdb_api_key"}),
            "database_url": self.database_url.get_secret_value(),
            "tmdb_api_key": self.tmdb_api_key.get_secret_value(),
        }


@contextmanager
def published(state: LocalStackState, path: Path = STATE_FILE) -> Iterator[Path]:
    """Write the state file for as long as the stack runs; remove it afterwards (if it is still ours)."""
    write_state(state, path)
    try:
        yield path
    finally:
        if path.is_file() and _pid_in(path) == state.pid:
            path.unlink()


def write_state(state: LocalStackState, path: Path = STATE_FILE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    # Created with the owner's permissions only, before anything is written into it.
    descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(state.document(), file, indent=1)
    os.replace(scratch, path)


def read_state(path: Path = STATE_FILE) -> LocalStackState:
    """The running stack's state; a missing file, or one left by a demo that has stopped, says what to do."""
    if not path.is_file():
        raise PermanentError(f"{path} does not exist: no local stack runs from this folder. Start one: make demo")
    state = LocalStackState.model_validate_json(path.read_text(encoding="utf-8"))
    if not _is_running(state.pid):
        raise PermanentError(f"{path} was left by a demo that no longer runs (pid {state.pid}). Start one: make demo")
    return state


def sam_env_vars(
    state: LocalStackState, host: str = CONTAINER_HOST, template_path: Path = PROJECT_TEMPLATE
) -> dict[str, dict[str, str]]:
    """`{FunctionLogicalId: {VARIABLE: value}}` for every function and every variable it declares."""
    wiring = project_wiring(state.settings(), template_path)
    stand_ins = local_values(state, host)
    env_vars = {}
    for function in wiring.functions.values():
        variables = {}
        for name in function.declared_variables:
            if name in stand_ins:
                variables[name] = stand_ins[name]
            elif name in function.environment:
                variables[name] = function.environment[name]
            else:
                raise TemplateError(
                    f"{function.logical_id} declares {name}, for which the local stack has no value: "
                    "give it one in cinelake.local.sam_env.local_values"
                )
        env_vars[function.logical_id] = variables
    return env_vars


def local_values(state: LocalStackState, host: str) -> Mapping[str, str]:
    """What stands in locally for the variables that name AWS, the database, TMDB and their secrets.

    A blank value means unset to the code: the secrets' ARNs are blanked, the settings next to them stand in.
    """
    database_url = on_host(state.database_url.get_secret_value(), host)
    database = urlsplit(database_url)
    return {
        "AWS_ENDPOINT_URL": on_host(state.aws_endpoint_url, host),
        "DATABASE_URL": database_url,
        "DATABASE_SECRET_ARN": "",
        "DATABASE_LOGIN_SECRET_ARNS": "",  # the local database has one login: the job logins are a deployment's
        "DATABASE_CA_BUNDLE": "",  # the local server speaks no TLS
        "DATABASE_CA_BUNDLE_URL": "",
        "ASK_DATABASE_SECRET_ARN": "",
        "DATABASE_HOST": database.hostname or host,
        "DATABASE_PORT": str(database.port or 5432),
        "DATABASE_NAME": database.path.lstrip("/"),
        "TMDB_SECRET_ARN": "",
        "TMDB_API_KEY": state.tmdb_api_key.get_secret_value(),
        "TMDB_API_URL": on_host(state.tmdb_api_url, host),
        "TMDB_EXPORTS_URL": on_host(state.tmdb_exports_url, host),
    }


def on_host(url: str, host: str) -> str:
    """The URL with a loopback host replaced by `host` (user, password, port and path kept)."""
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK_HOSTS:
        return url
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc = f"{netloc}:{parts.port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:
        netloc = f"{userinfo}@{netloc}"
    return parts._replace(netloc=netloc).geturl()


def _pid_in(path: Path) -> int | None:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("pid")
    except (OSError, ValueError):
        return None


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True
