"""`cinelake local-env`: the demo's state file, and the --env-vars it gives `sam local invoke` for each function."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from cinelake.bootstrap import Adapters
from cinelake.cli import main
from cinelake.config import Settings
from cinelake.errors import PermanentError
from cinelake.local.environment import environment
from cinelake.local.sam_env import LocalStackState, on_host, published, read_state, sam_env_vars, write_state
from cinelake.local.template import project_wiring

pytestmark = pytest.mark.unit

DATABASE_URL = "postgresql://postgres:s3cret@127.0.0.1:5433/cinelake_demo"
TMDB_FUNCTIONS = {"ExtractBulkFunction", "ExtractChangesFunction", "EnrichFunction"}
DATABASE_FUNCTIONS = {"LoadFunction", "MigrateFunction"}


def demo_state(pid: int | None = None, **names: str) -> LocalStackState:
    settings = Settings(
        tmdb_api_key=SecretStr("cinelake-sim-key"),
        tmdb_api_url="http://127.0.0.1:8801/3",
        tmdb_exports_url="http://127.0.0.1:8801/p/exports",
        tmdb_rate_limit=1000,
        **names,
    )
    return LocalStackState.of(settings, DATABASE_URL, "http://127.0.0.1:5001", pid=pid or os.getpid())


def a_finished_process() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_the_state_file_is_for_its_owner_only_and_reads_back(tmp_path):
    path = tmp_path / ".cinelake" / "local-stack.json"
    write_state(demo_state(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds the database URL, password and all
    assert read_state(path) == demo_state()


def test_no_state_file_or_a_stopped_demos_says_to_start_one(tmp_path):
    with pytest.raises(PermanentError, match="make demo"):
        read_state(tmp_path / "missing.json")
    write_state(demo_state(pid=a_finished_process()), tmp_path / "stale.json")
    with pytest.raises(PermanentError, match="no longer runs"):
        read_state(tmp_path / "stale.json")


def test_the_state_file_goes_when_the_demo_stops(tmp_path):
    path = tmp_path / "local-stack.json"
    with published(demo_state(), path):
        assert path.is_file()
    assert not path.exists()


def test_every_function_gets_a_value_for_every_variable_it_declares_and_no_other():
    state = demo_state()
    env_vars = sam_env_vars(state)
    wiring = project_wiring(state.settings())
    assert set(env_vars) == set(wiring.functions)
    for function_id, variables in env_vars.items():
        # sam local invoke would ignore any other variable: none is given, none is missing
        assert set(variables) == set(wiring.functions[function_id].declared_variables), function_id
        assert all(isinstance(value, str) for value in variables.values())


def test_the_container_reaches_moto_the_simulator_and_postgresql_through_host_docker_internal():
    env_vars = sam_env_vars(demo_state())
    for variables in env_vars.values():
        assert variables["AWS_ENDPOINT_URL"] == "http://host.docker.internal:5001"
    for function_id in TMDB_FUNCTIONS:
        variables = env_vars[function_id]
        assert variables["TMDB_API_URL"] == "http://host.docker.internal:8801/3"
        assert variables["TMDB_EXPORTS_URL"] == "http://host.docker.internal:8801/p/exports"
        assert (variables["TMDB_API_KEY"], variables["TMDB_SECRET_ARN"]) == ("cinelake-sim-key", "")
    for function_id in DATABASE_FUNCTIONS:
        variables = env_vars[function_id]
        assert variables["DATABASE_URL"] == "postgresql://postgres:s3cret@host.docker.internal:5433/cinelake_demo"
        assert variables["DATABASE_SECRET_ARN"] == ""
    assert "DATABASE_URL" not in env_vars["EnrichFunction"]
    assert env_vars["EnrichFunction"]["TMDB_RATE_LIMIT"] == "1000"


def test_the_stacks_names_reach_the_functions_and_another_host_can_be_given():
    env_vars = sam_env_vars(demo_state(data_lake_bucket="my-lake", ids_queue_name="my-ids"), host="127.0.0.1")
    load = env_vars["LoadFunction"]
    assert (load["DATA_LAKE_BUCKET"], load["IDS_QUEUE_NAME"]) == ("my-lake", "my-ids")
    assert load["DATABASE_URL"] == DATABASE_URL
    assert load["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5001"


def test_in_the_function_the_variables_point_the_code_at_the_local_stack():
    # GIVEN the variables sam local invoke would set in LoadFunction's and EnrichFunction's containers
    env_vars = sam_env_vars(demo_state())
    # THEN the settings read the local database and the simulator's key, not the (blanked) secrets
    with environment(env_vars["LoadFunction"]):
        settings = Settings()
        assert settings.database_secret_arn is None
        assert Adapters(settings).database_url() == env_vars["LoadFunction"]["DATABASE_URL"]
        assert settings.aws_endpoint_url == "http://host.docker.internal:5001"
    with environment(env_vars["EnrichFunction"]):
        settings = Adapters(Settings()).tmdb_settings()
        assert settings.tmdb_secret_arn is None
        assert settings.tmdb_api_key and settings.tmdb_api_key.get_secret_value() == "cinelake-sim-key"


def test_blank_variables_as_deployed_leave_the_defaults():
    # GIVEN the template's blank declarations, as a deployed function gets them
    blank = {"AWS_ENDPOINT_URL": "", "DATABASE_URL": "", "TMDB_API_KEY": "", "TMDB_API_URL": "", "TMDB_EXPORTS_URL": ""}
    with environment(blank):
        settings = Settings()
    # THEN the code reads them as unset: real AWS, the database's secret, TMDB itself
    assert settings.aws_endpoint_url is None and settings.database_url is None and settings.tmdb_api_key is None
    assert settings.tmdb_api_url == "https://api.themoviedb.org/3"
    assert settings.tmdb_exports_url == "https://files.tmdb.org/p/exports"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:5001", "http://host.docker.internal:5001"),
        ("http://localhost:5001/path?q=1", "http://host.docker.internal:5001/path?q=1"),
        ("postgresql://u:p%40ss@127.0.0.1:5432/db", "postgresql://u:p%40ss@host.docker.internal:5432/db"),
        ("postgresql://u@[::1]:5432/db", "postgresql://u@host.docker.internal:5432/db"),
        ("postgresql://u@db.example.com:5432/db", "postgresql://u@db.example.com:5432/db"),  # not loopback: kept
    ],
)
def test_only_loopback_hosts_are_replaced(url, expected):
    assert on_host(url, "host.docker.internal") == expected


def test_the_command_prints_the_env_vars_json_and_fails_clearly_without_a_demo(tmp_path, capsys):
    path = tmp_path / "local-stack.json"
    write_state(demo_state(), path)
    assert main(["local-env", "--state", str(path), "--host", "192.168.65.254"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["LoadFunction"]["AWS_ENDPOINT_URL"] == "http://192.168.65.254:5001"

    assert main(["local-env", "--state", str(Path(tmp_path / "none.json"))]) == 2
    assert "make demo" in capsys.readouterr().err
