"""The jobs' database logins: made from their secrets at each deploy, and their passwords rotated.

Rotation follows Secrets Manager's four steps for one user (the migrate function is the secrets' rotation function):
createSecret puts a new password in the secret as AWSPENDING, setSecret gives it to the role (as the master user),
testSecret logs in with it, and finishSecret makes it AWSCURRENT. Between setSecret and finishSecret a new connection
that reads AWSCURRENT is refused once; the API then reads the secret again and retries (api_service/database.py),
and the functions read it at each new connection.
"""

import json
import secrets as random_secrets
from collections.abc import Callable, Mapping
from contextlib import closing

import pg8000.native
from aws_lambda_powertools import Logger
from botocore.exceptions import ClientError

from cinelake.adapters.logins import JOBS, ensure_login, set_password
from cinelake.errors import PermanentError

logger = Logger(child=True)

PASSWORD_BYTES = 30  # 40 URL-safe characters
ROTATION_STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


def ensure_logins(conn: pg8000.native.Connection, login_secrets: Mapping[str, dict]) -> list[str]:
    """Each job's login as its secret ({"username", "password"}) says; returns the logins made or kept."""
    unknown = set(login_secrets) - set(JOBS)
    if unknown:
        raise PermanentError(f"no such job {sorted(unknown)}; the jobs are {sorted(JOBS)}")
    for job, secret in login_secrets.items():
        ensure_login(conn, job, secret["username"], secret["password"])
    return [secret["username"] for secret in login_secrets.values()]


def rotate_login(
    step: str,
    secret_id: str,
    token: str,
    secrets_client,
    master: Callable[[], pg8000.native.Connection],
    login: Callable[[dict], pg8000.native.Connection],
) -> None:
    """One step of a rotation. `master` connects as the master user; `login` connects with a secret's credentials."""
    if step not in ROTATION_STEPS:
        raise PermanentError(f"unknown rotation step {step!r}")
    stages = secrets_client.describe_secret(SecretId=secret_id).get("VersionIdsToStages", {})
    if "AWSCURRENT" in stages.get(token, ()):
        logger.info("this version is already current", extra={"step": step})
        return
    # createSecret makes the pending version; every later step needs it
    if step != "createSecret" and "AWSPENDING" not in stages.get(token, ()):
        raise PermanentError(f"secret version {token} of {secret_id} is not pending rotation")
    logger.info("rotating a database login", extra={"step": step, "secret_id": secret_id})

    if step == "createSecret":
        current = _secret(secrets_client, secret_id, VersionStage="AWSCURRENT")
        try:
            _secret(secrets_client, secret_id, VersionId=token, VersionStage="AWSPENDING")
        except ClientError as error:
            if error.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
            pending = current | {"password": random_secrets.token_urlsafe(PASSWORD_BYTES)}
            secrets_client.put_secret_value(
                SecretId=secret_id,
                ClientRequestToken=token,
                SecretString=json.dumps(pending),
                VersionStages=["AWSPENDING"],
            )
    elif step == "setSecret":
        pending = _secret(secrets_client, secret_id, VersionId=token, VersionStage="AWSPENDING")
        with closing(master()) as conn:
            set_password(conn, pending["username"], pending["password"])
    elif step == "testSecret":
        pending = _secret(secrets_client, secret_id, VersionId=token, VersionStage="AWSPENDING")
        with closing(login(pending)) as conn:
            conn.run("SELECT 1")
    else:  # finishSecret
        (current_version,) = [version for version, names in stages.items() if "AWSCURRENT" in names]
        secrets_client.update_secret_version_stage(
            SecretId=secret_id, VersionStage="AWSCURRENT", MoveToVersionId=token, RemoveFromVersionId=current_version
        )


def _secret(secrets_client, secret_id: str, **version) -> dict:
    return json.loads(secrets_client.get_secret_value(SecretId=secret_id, **version)["SecretString"])
