"""moto in server mode on 127.0.0.1: the local stand-in for S3, SQS and EventBridge Scheduler.

The server runs in a thread of this process (moto's ThreadedMotoServer) and answers real HTTP, so everything
reaches it through boto3 with an endpoint URL, exactly as it would reach AWS. Its state lives in this
process's moto backends: `moto_server()` resets them when it starts, so each run begins with an empty AWS.
Run one server per process.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
import requests
from moto.server import ThreadedMotoServer

# moto accepts any credentials; fixed dummy ones keep real credentials out of local requests.
LOCAL_ACCESS_KEY_ID = "testing"
LOCAL_SECRET_ACCESS_KEY = "testing"


@contextmanager
def moto_server() -> Iterator[str]:
    """Start moto on 127.0.0.1 and a free port, yield its endpoint URL, and stop it afterwards."""
    # Werkzeug logs every request at INFO: thousands of lines for one pipeline run.
    request_logger = logging.getLogger("werkzeug")
    previous_level = request_logger.level
    request_logger.setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint_url = f"http://{host}:{port}"
        _reset(endpoint_url)
        yield endpoint_url
    finally:
        server.stop()
        request_logger.setLevel(previous_level)


def moto_session(region: str) -> boto3.Session:
    """A boto3 session with the stand-in's dummy credentials, whatever the environment holds."""
    return boto3.Session(
        aws_access_key_id=LOCAL_ACCESS_KEY_ID, aws_secret_access_key=LOCAL_SECRET_ACCESS_KEY, region_name=region
    )


def moto_client(service: str, endpoint_url: str, region: str):
    """A boto3 client for one service of the stand-in."""
    return moto_session(region).client(service, endpoint_url=endpoint_url, region_name=region)


def _reset(endpoint_url: str) -> None:
    # The backends belong to the process and outlive a server: start from an empty AWS.
    response = requests.post(f"{endpoint_url}/moto-api/reset", timeout=10)
    response.raise_for_status()
