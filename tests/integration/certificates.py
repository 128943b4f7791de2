"""A test CA made by openssl, and server certificates it signs: for the database's TLS test and the HTTPS stand-in
of CloudFormation's ResponseURL."""

import shutil
import subprocess
from pathlib import Path

import pytest


def openssl(*args: str, cwd: Path) -> None:
    if not shutil.which("openssl"):
        pytest.fail("openssl is needed to make the test CA")  # never skipped: the checks are part of the suite
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca(name: str, folder: Path) -> Path:
    """`name`.crt and `name`.key in `folder`; returns the certificate."""
    # With its key usage: Python 3.13 (Lambda's) verifies strictly (VERIFY_X509_STRICT) and rejects a CA without it.
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout", f"{name}.key", "-out", f"{name}.crt", cwd=folder)  # fmt: skip
    return folder / f"{name}.crt"


def make_server_certificate(folder: Path, ca: str, subject_alt_name: str) -> tuple[Path, Path]:
    """server.crt signed by `ca` for `subject_alt_name` only (e.g. "DNS:localhost", "IP:127.0.0.1"), and its key."""
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=server", "-keyout", "server.key",
            "-out", "server.csr", cwd=folder)  # fmt: skip
    # The extensions a strict verifier (Python 3.13's) wants of a server certificate, as RDS's carry them.
    (folder / "san.ext").write_text(
        f"subjectAltName={subject_alt_name}\nauthorityKeyIdentifier=keyid,issuer\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
    )
    openssl("x509", "-req", "-in", "server.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key", "-CAcreateserial",
            "-days", "2", "-extfile", "san.ext", "-out", "server.crt", cwd=folder)  # fmt: skip
    (folder / "server.key").chmod(0o600)
    return folder / "server.crt", folder / "server.key"
