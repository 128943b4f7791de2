"""functions/migrate/app.py as CloudFormation runs it: a real PostgreSQL, and a real HTTP server on 127.0.0.1
standing in for the pre-signed ResponseURL that CloudFormation waits on."""

import importlib.util
import json
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing
from pathlib import Path
from types import ModuleType
from typing import Any

import pg8000.native
import pytest

from cinelake.adapters.migrations import ADVISORY_LOCK_KEY, read_migrations, shipped_migrations_dir
from cinelake.adapters.postgres import connect, with_database
from cinelake.bootstrap import Adapters, installed
from cinelake.config import Settings
from cinelake.local.delivery import LambdaContext
from cinelake.local.moto_server import moto_client, moto_session
from cinelake.readiness import free_port

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[2]
HANDLER_FILE = REPO_ROOT / "functions" / "migrate" / "app.py"
CREATE_EVENT_FILE = REPO_ROOT / "events" / "migrate_create.json"
# A path and query shaped like CloudFormation's pre-signed URL, which must be used exactly as given.
RESPONSE_PATH = "/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack%2Fcinelake-dev%2Fx%7CDatabaseMigrations"
RESPONSE_QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=3f5a1d6c"


def response_url(cloudformation) -> str:
    """A ResponseURL shaped like CloudFormation's, answered by the stand-in (tests/integration/conftest.py)."""
    return f"{cloudformation.base_url}{RESPONSE_PATH}?{RESPONSE_QUERY}"


@pytest.fixture(scope="module")
def migrate_module() -> ModuleType:
    """The handler module, loaded by file path as Lambda (and the local delivery) loads it."""
    spec = importlib.util.spec_from_file_location("cinelake_lambda_MigrateFunction", HANDLER_FILE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fresh_database_url(empty_database_url: str) -> Iterator[str]:
    """A database of its own on the test server, so that the handler is what creates the schema."""
    name = f"cinelake_migrate_{uuid.uuid4().hex[:10]}"
    with closing(connect(empty_database_url)) as conn:
        conn.run(f"CREATE DATABASE {pg8000.native.identifier(name)}")
    yield with_database(empty_database_url, name)
    with closing(connect(empty_database_url)) as conn:
        conn.run(f"DROP DATABASE IF EXISTS {pg8000.native.identifier(name)} WITH (FORCE)")


@pytest.fixture
def use_database() -> Iterator[Callable[..., None]]:
    """Point the handler's adapters at a database (and any other settings), as Lambda's environment would."""
    with ExitStack() as using:

        def use(url: str, **settings: Any) -> None:
            adapters = Adapters(Settings(database_url=url, **settings), aws_session=moto_session("us-east-1"))
            using.enter_context(installed(adapters))

        yield use


def custom_resource_event(response_url: str, request_type: str = "Create", **changes: str) -> dict[str, Any]:
    event = json.loads(CREATE_EVENT_FILE.read_text(encoding="utf-8"))
    event.update(RequestType=request_type, ResponseURL=response_url, **changes)
    return event


def lambda_context(seconds_left: float = 300) -> LambdaContext:
    return LambdaContext(
        function_name="cinelake-dev-MigrateFunction",
        function_version="$LATEST",
        invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:cinelake-dev-MigrateFunction",
        memory_limit_in_mb=256,
        aws_request_id=str(uuid.uuid4()),
        log_group_name="/aws/lambda/cinelake-dev-MigrateFunction",
        log_stream_name="2024/05/01/[$LATEST]0123456789abcdef",
        deadline=time.monotonic() + seconds_left,
    )


def unreachable_database_url() -> str:
    return f"postgresql://cinelake:s3cret-password@127.0.0.1:{free_port()}/cinelake"


def test_create_applies_the_migrations_and_answers_success(
    migrate_module, cloudformation, fresh_database_url, use_database
):
    # GIVEN an empty database and CloudFormation's Create request
    use_database(fresh_database_url)
    event = custom_resource_event(response_url(cloudformation))

    # WHEN the function runs
    migrate_module.lambda_handler(event, lambda_context())

    # THEN it answered SUCCESS at the URL exactly as given, with what CloudFormation matches the answer by
    answer = cloudformation.only_answer()
    assert answer.path == f"{RESPONSE_PATH}?{RESPONSE_QUERY}"
    assert answer.content_type == ""  # the URL is signed for an empty Content-Type
    assert answer.body["Status"] == "SUCCESS"
    assert answer.body["PhysicalResourceId"] == migrate_module.PHYSICAL_RESOURCE_ID
    for key in ("StackId", "RequestId", "LogicalResourceId"):
        assert answer.body[key] == event[key]
    shipped = [migration.version for migration in read_migrations(shipped_migrations_dir())]
    assert answer.body["Data"] == {"Applied": ",".join(shipped)}
    # AND the schema is there
    with closing(connect(fresh_database_url)) as conn:
        assert conn.run("SELECT version FROM schema_migrations ORDER BY 1") == [[v] for v in shipped]
        assert conn.run("SELECT to_regclass('movies') IS NOT NULL") == [[True]]


def test_an_update_with_nothing_new_answers_success_under_the_same_physical_id(
    migrate_module, cloudformation, fresh_database_url, use_database
):
    # GIVEN a database the stack's creation migrated
    use_database(fresh_database_url)
    migrate_module.lambda_handler(custom_resource_event(response_url(cloudformation)), lambda_context())
    created = cloudformation.answers[0].body

    # WHEN a later deploy sends an Update
    update = custom_resource_event(
        response_url(cloudformation), "Update", PhysicalResourceId=created["PhysicalResourceId"]
    )
    migrate_module.lambda_handler(update, lambda_context())

    # THEN it succeeds, applies nothing, and keeps the id (a new one would mean a replacement)
    updated = cloudformation.answers[1].body
    assert updated["Status"] == "SUCCESS"
    assert updated["Data"] == {"Applied": "none"}
    assert updated["PhysicalResourceId"] == created["PhysicalResourceId"]


def test_an_unreachable_database_is_answered_failed_with_the_reason(migrate_module, cloudformation, use_database):
    # GIVEN a database nobody listens for
    use_database(unreachable_database_url())

    # WHEN the function runs for a Create
    migrate_module.lambda_handler(custom_resource_event(response_url(cloudformation)), lambda_context())

    # THEN CloudFormation hears FAILED and why, without the password
    answer = cloudformation.only_answer()
    assert answer.body["Status"] == "FAILED"
    assert answer.body["PhysicalResourceId"] == migrate_module.PHYSICAL_RESOURCE_ID
    assert "127.0.0.1" in answer.body["Reason"]
    assert "s3cret" not in answer.body["Reason"]


def test_a_deployed_setting_without_the_database_host_is_answered_failed_as_a_configuration_error(
    migrate_module, cloudformation
):
    # GIVEN the function's settings as deployed (the master secret), but with DATABASE_HOST missing
    deployed = Settings(
        database_url=None,
        database_secret_arn="arn:aws:secretsmanager:us-east-1:123456789012:secret:m",
        database_host=None,
    )
    with installed(Adapters(deployed)):
        # WHEN CloudFormation creates the stack
        migrate_module.lambda_handler(custom_resource_event(response_url(cloudformation)), lambda_context())

    # THEN it hears FAILED with what to set: no secret was read and no local stand-in was tried
    answer = cloudformation.only_answer()
    assert answer.body["Status"] == "FAILED"
    assert answer.body["Reason"].startswith("no database is configured")
    assert "DATABASE_HOST is unset" in answer.body["Reason"]


def test_a_database_that_never_answers_is_answered_failed_before_lambdas_time_limit(
    migrate_module, cloudformation, use_database
):
    # GIVEN a server that accepts connections and never says a word
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        use_database(f"postgresql://cinelake@127.0.0.1:{silent.getsockname()[1]}/cinelake")
        # AND an invocation with one second left before the margin kept for answering
        seconds_left = migrate_module.ANSWER_MARGIN_SECONDS + 1

        # WHEN the function runs
        started = time.monotonic()
        migrate_module.lambda_handler(custom_resource_event(response_url(cloudformation)), lambda_context(seconds_left))

    # THEN it gave up in time and said so, rather than leaving the stack waiting
    assert time.monotonic() - started < seconds_left
    answer = cloudformation.only_answer()
    assert answer.body["Status"] == "FAILED"
    assert answer.body["Reason"]


def test_a_migration_held_up_by_another_migrator_gives_up_once_and_crhelpers_timer_never_answers_again(
    migrate_module, cloudformation, fresh_database_url, use_database
):
    # GIVEN another migrator holding the migrations' lock on the database
    use_database(fresh_database_url)
    with closing(connect(fresh_database_url)) as other:
        other.run("SELECT pg_advisory_lock(:key)", key=ADVISORY_LOCK_KEY)
        # AND an invocation with one second left before the margin kept for answering
        seconds_left = migrate_module.ANSWER_MARGIN_SECONDS + 1
        deadline = time.monotonic() + seconds_left

        # WHEN the function runs
        migrate_module.lambda_handler(custom_resource_event(response_url(cloudformation)), lambda_context(seconds_left))

        # THEN it answered FAILED with the time limit, long before Lambda's
        answer = cloudformation.only_answer()
        assert answer.body["Status"] == "FAILED"
        assert "did not finish within 1 s" in answer.body["Reason"]
        assert time.monotonic() < deadline - 5

    # AND nothing more came once Lambda's time would have run out (crhelper's timer fires 0.5 s before it)
    time.sleep(deadline + 1 - time.monotonic())
    assert len(cloudformation.answers) == 1
    # AND no migration was half applied
    with closing(connect(fresh_database_url)) as conn:
        assert conn.run("SELECT to_regclass('movies') IS NULL") == [[True]]


def test_delete_answers_success_without_touching_the_database(migrate_module, cloudformation, use_database):
    # GIVEN a database that could not be reached anyway
    use_database(unreachable_database_url())

    # WHEN the stack is deleted
    delete = custom_resource_event(
        response_url(cloudformation), "Delete", PhysicalResourceId=migrate_module.PHYSICAL_RESOURCE_ID
    )
    migrate_module.lambda_handler(delete, lambda_context())

    # THEN the database is left as it is and CloudFormation may go on
    answer = cloudformation.only_answer()
    assert answer.body["Status"] == "SUCCESS"
    assert answer.body["PhysicalResourceId"] == migrate_module.PHYSICAL_RESOURCE_ID


def test_create_makes_each_jobs_login_from_its_secret(
    migrate_module, cloudformation, fresh_database_url, use_database, aws_endpoint, postgres_server
):
    # GIVEN the three login secrets in Secrets Manager (moto), named as the template names them to the function
    secrets = moto_client("secretsmanager", aws_endpoint, "us-east-1")
    suffix = uuid.uuid4().hex[:8]
    logins = {job: f"m{suffix}_{job}" for job in ("load", "api", "ask")}
    arns = {
        job: secrets.create_secret(
            Name=f"cinelake-test/{suffix}/{job}", SecretString=json.dumps({"username": user, "password": "p-" + job})
        )["ARN"]
        for job, user in logins.items()
    }
    use_database(fresh_database_url, aws_endpoint_url=aws_endpoint, database_login_secret_arns=arns)
    try:
        # WHEN CloudFormation creates the stack
        migrate_module.lambda_handler(custom_resource_event(response_url(cloudformation)), lambda_context())
        # THEN it answered SUCCESS, and each login exists in its one group
        assert cloudformation.only_answer().body["Status"] == "SUCCESS"
        with closing(connect(fresh_database_url)) as conn:
            groups = dict(
                conn.run(
                    "SELECT r.rolname, g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                    " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = ANY(:n)",
                    n=list(logins.values()),
                )
            )
        assert groups == {
            logins["load"]: "cinelake_writer",
            logins["api"]: "cinelake_reader",
            logins["ask"]: "cinelake_reader",
        }
    finally:
        with closing(connect(postgres_server.admin_url)) as conn:
            for user in logins.values():
                conn.run(f"DROP ROLE IF EXISTS {pg8000.native.identifier(user)}")
