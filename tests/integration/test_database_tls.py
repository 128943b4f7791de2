"""TLS to the database, on a throwaway PostgreSQL cluster that serves a certificate from a CA made here by openssl
and asks for SCRAM passwords: deployed settings verify the server's certificate and name, and a login's password
(and its rotation through Secrets Manager's four steps) is what the server checks."""

import json
import os
import shutil
import ssl
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pg8000.native
import pytest

from cinelake.adapters.migrations import apply_migrations
from cinelake.adapters.postgres import connect
from cinelake.bootstrap import login_url
from cinelake.config import Settings
from cinelake.local.moto_server import moto_client
from cinelake.local.postgres import find_binaries
from cinelake.readiness import free_port
from cinelake.services.logins import ROTATION_STEPS, ensure_logins, rotate_login
from tests.integration.certificates import make_ca, make_server_certificate

pytestmark = pytest.mark.integration


@dataclass
class TlsServer:
    port: int
    socket_dir: Path
    ca_file: Path  # the CA that signed the server's certificate (for "localhost" only)
    other_ca_file: Path  # a CA that signed nothing of this server's

    def admin(self, database: str = "postgres") -> pg8000.native.Connection:
        return pg8000.native.Connection(
            "postgres", unix_sock=str(self.socket_dir / f".s.PGSQL.{self.port}"), database=database
        )

    def url(self, user: str, password: str, host: str = "localhost", query: str = "") -> str:
        return f"postgresql://{user}:{password}@{host}:{self.port}/cinelake?{query}"


def run_as_postgres(*command: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True, cwd="/")


@pytest.fixture(scope="module")
def tls_server() -> Iterator[TlsServer]:
    bin_dir = find_binaries()
    root = Path(tempfile.mkdtemp(prefix="cinelake-pg-tls-"))
    data, sockets, certs = root / "data", root / "socket", root / "certs"
    for folder in (data, sockets, certs):
        folder.mkdir()
    # A CA, a server certificate it signs for the name "localhost" only, and a second CA that signs nothing here.
    make_ca("ca", certs)
    make_ca("other", certs)
    make_server_certificate(certs, "ca", "DNS:localhost")
    if os.geteuid() == 0:
        for path in (root, data, sockets, certs, certs / "server.key", certs / "server.crt"):
            shutil.chown(path, "postgres")
    port = free_port()
    run_as_postgres(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
                    "--auth-local=trust", "--auth-host=scram-sha-256")  # fmt: skip
    # Over TCP only TLS, and only with a SCRAM password; the test's own setup goes through the socket.
    (data / "pg_hba.conf").write_text(
        "local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 127.0.0.1/32 reject\n"
    )
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on"
        f" -c ssl_cert_file={certs / 'server.crt'} -c ssl_key_file={certs / 'server.key'}"
    )
    run_as_postgres(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start")
    server = TlsServer(port, sockets, certs / "ca.crt", certs / "other.crt")
    try:
        with closing(server.admin()) as conn:
            conn.run("CREATE DATABASE cinelake")
        with closing(server.admin("cinelake")) as conn:
            apply_migrations(conn)
        yield server
    finally:
        run_as_postgres(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def ask_login(tls_server: TlsServer) -> dict[str, str]:
    secret = {"username": "ask_login", "password": "first-password-0123456789"}
    with closing(tls_server.admin("cinelake")) as conn:
        ensure_logins(conn, {"ask": secret})
    return secret


def deployed_settings(server: TlsServer, ca_file: Path) -> Settings:
    return Settings(database_host="localhost", database_port=server.port, database_ca_bundle=ca_file)


def test_deployed_settings_verify_the_servers_certificate_and_name(tls_server, ask_login):
    # GIVEN the deployed settings, whose CA bundle signed the server's certificate
    url = login_url(ask_login, deployed_settings(tls_server, tls_server.ca_file))
    assert "sslmode=verify-full" in url
    # WHEN the login connects THEN the session is encrypted
    with closing(connect(url)) as conn:
        assert conn.run("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == [[True]]
    # BUT with a bundle that did not sign it, nothing connects: verification is on
    wrong = login_url(ask_login, deployed_settings(tls_server, tls_server.other_ca_file))
    with pytest.raises(ssl.SSLCertVerificationError, match="certificate verify failed"):
        connect(wrong)
    # AND the right CA for another name (the certificate says localhost, not 127.0.0.1) is refused too
    other_name = tls_server.url(
        ask_login["username"], ask_login["password"], host="127.0.0.1",
        query=f"sslmode=verify-full&sslrootcert={tls_server.ca_file}",
    )  # fmt: skip
    with pytest.raises(ssl.SSLCertVerificationError, match="IP address mismatch|doesn't match|Hostname mismatch"):
        connect(other_name)
    # AND sslmode=require (the old setting) would have connected to the wrong certificate: that is what changed
    with closing(connect(tls_server.url(ask_login["username"], ask_login["password"], query="sslmode=require"))):
        pass


def test_the_server_checks_the_logins_scram_password(tls_server, ask_login):
    query = f"sslmode=verify-full&sslrootcert={tls_server.ca_file}"
    with closing(connect(tls_server.url(ask_login["username"], ask_login["password"], query=query))) as conn:
        assert conn.run("SELECT current_user") == [["ask_login"]]
    with pytest.raises(pg8000.native.DatabaseError, match="28P01"):
        connect(tls_server.url(ask_login["username"], "not-the-password", query=query))


def test_a_rotation_gives_the_login_a_new_password_and_makes_it_current(tls_server, aws_endpoint):
    # GIVEN a login and its secret
    secrets = moto_client("secretsmanager", aws_endpoint, "us-east-1")
    first = {"username": "load_login", "password": "before-rotation-0123456789"}
    secret_id = secrets.create_secret(Name=f"cinelake-test/{uuid.uuid4().hex}", SecretString=json.dumps(first))["ARN"]
    with closing(tls_server.admin("cinelake")) as conn:
        ensure_logins(conn, {"load": first})
    settings = deployed_settings(tls_server, tls_server.ca_file)
    # WHEN Secrets Manager runs the four steps of a rotation
    token = str(uuid.uuid4())
    for step in ROTATION_STEPS:
        rotate_login(
            step, secret_id, token, secrets,
            master=lambda: tls_server.admin("cinelake"),
            login=lambda secret: connect(login_url(secret, settings)),
        )  # fmt: skip
    # THEN the secret's current password is new, the login takes it and no longer takes the old one
    # (by its stage: moto's default version does not follow update_secret_version_stage; AWS's does)
    current = json.loads(secrets.get_secret_value(SecretId=secret_id, VersionStage="AWSCURRENT")["SecretString"])
    assert current["username"] == "load_login" and current["password"] != first["password"]
    with closing(connect(login_url(current, settings))) as conn:
        assert conn.run("SELECT current_user") == [["load_login"]]
    with pytest.raises(pg8000.native.DatabaseError, match="28P01"):
        connect(login_url(first, settings))
    # AND a step run again for the finished version changes nothing
    rotate_login("finishSecret", secret_id, token, secrets, master=tls_server.admin, login=connect)
