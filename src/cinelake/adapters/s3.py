"""The S3 data lake: gzip NDJSON objects in, JSON state documents in and out."""

import gzip
import json
from collections.abc import Iterable, Iterator

from botocore.exceptions import BotoCoreError, ClientError

from cinelake.errors import NotFound, RetryableError

GZIP_LEVEL = 6  # a good size/speed balance for JSON


class LakeStore:
    def __init__(self, s3_client, bucket: str) -> None:
        self.s3 = s3_client
        self.bucket = bucket

    def put_ndjson_gz(self, key: str, records: Iterable[dict]) -> str:
        """Write records as one gzip JSON-lines object; return its ETag."""
        body = gzip.compress(
            b"".join(json.dumps(r, separators=(",", ":"), ensure_ascii=False).encode() + b"\n" for r in records),
            compresslevel=GZIP_LEVEL,
            mtime=0,
        )
        return self.put_bytes(key, body, content_type="application/x-ndjson", content_encoding="gzip")

    def put_bytes(self, key: str, body: bytes, content_type: str, content_encoding: str | None = None) -> str:
        extra = {"ContentEncoding": content_encoding} if content_encoding else {}
        response = self._call(
            self.s3.put_object, Bucket=self.bucket, Key=key, Body=body, ContentType=content_type, **extra
        )
        return response["ETag"].strip('"')

    def upload_stream(self, key: str, stream, content_type: str) -> None:
        """Stream a file-like object to S3 (multipart for large ones) without holding it in memory."""
        try:
            self.s3.upload_fileobj(stream, self.bucket, key, ExtraArgs={"ContentType": content_type})
        except (BotoCoreError, ClientError) as error:
            raise RetryableError(f"S3 upload of {key} failed: {error}") from error

    def read_gz_lines(self, key: str) -> Iterator[bytes]:
        """Stream the lines of a gzip object."""
        response = self._call(self.s3.get_object, Bucket=self.bucket, Key=key)
        with gzip.GzipFile(fileobj=response["Body"]) as lines:
            yield from lines

    def etag(self, key: str) -> str:
        return self._call(self.s3.head_object, Bucket=self.bucket, Key=key)["ETag"].strip('"')

    def get_json(self, key: str) -> dict | None:
        """A small JSON document, or None if there is none."""
        try:
            body = self._call(self.s3.get_object, Bucket=self.bucket, Key=key)["Body"].read()
        except NotFound:
            return None
        return json.loads(body)

    def put_json(self, key: str, document: dict) -> None:
        self.put_bytes(key, json.dumps(document, indent=1, default=str).encode(), content_type="application/json")

    def _call(self, operation, **kwargs):
        try:
            return operation(**kwargs)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in ("NoSuchKey", "404", "NotFound"):
                raise NotFound(f"s3://{self.bucket}/{kwargs.get('Key')} does not exist") from error
            raise RetryableError(f"S3 {operation.__name__} failed ({code}): {error}") from error
        except BotoCoreError as error:
            raise RetryableError(f"S3 {operation.__name__} failed: {error}") from error
