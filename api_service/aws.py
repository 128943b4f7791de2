"""The API's AWS clients: short timeouts and one attempt, so an unreachable AWS costs a request seconds, not minutes."""

import boto3
from botocore.config import Config

from cinelake.config import Settings

# /stats asks S3 and SQS on every call and must answer even when AWS does not.
CLIENT_CONFIG = Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 1, "mode": "standard"})


def aws_client(service: str, settings: Settings):
    return boto3.client(
        service, region_name=settings.aws_default_region, endpoint_url=settings.aws_endpoint_url, config=CLIENT_CONFIG
    )
