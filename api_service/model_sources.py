"""Where published models are read from: a local folder, or the lake's `models/` downloaded into a cache folder.

Both hold the layout publish_model publishes: `current.json` pointing at `<version>/model.onnx` and
`<version>/model_card.json`, with paths relative to the models root.
"""

import json
from pathlib import Path
from typing import Protocol

from botocore.exceptions import BotoCoreError, ClientError

from cinelake.adapters.s3 import LakeStore
from cinelake.errors import RetryableError

POINTER_FILE = "current.json"
LAKE_PREFIX = "models/"  # publish_model's LAKE_PREFIX; not imported, as that module brings scikit-learn


class ModelSource(Protocol):
    description: str

    def read_pointer(self) -> str | None:
        """The text of `current.json`, or None while nothing is published here."""

    def fetch(self, pointer: dict) -> Path:
        """The local folder the pointer's paths are relative to, holding the version's files."""


class LocalModels:
    def __init__(self, models_dir: Path) -> None:
        self.models_dir = models_dir
        self.description = str(models_dir)

    def read_pointer(self) -> str | None:
        try:
            return (self.models_dir / POINTER_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def fetch(self, pointer: dict) -> Path:
        return self.models_dir


class LakeModels:
    """A version's files are downloaded once into the cache folder; a version is never changed once published."""

    def __init__(self, lake: LakeStore, cache_dir: Path) -> None:
        self.lake = lake
        self.cache_dir = cache_dir
        self.description = f"s3://{lake.bucket}/{LAKE_PREFIX}"

    def read_pointer(self) -> str | None:
        pointer = self.lake.get_json(LAKE_PREFIX + POINTER_FILE)  # RetryableError when S3 does not answer
        return None if pointer is None else json.dumps(pointer, sort_keys=True)

    def fetch(self, pointer: dict) -> Path:
        for relative in (pointer["model"], pointer["model_card"]):
            self._download(relative)
        return self.cache_dir

    def _download(self, relative: str) -> None:
        target = (self.cache_dir / relative).resolve()
        if not target.is_relative_to(self.cache_dir.resolve()):
            raise ValueError(f"{relative!r} points outside the models root")
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(target.name + ".part")
        try:
            self.lake.s3.download_file(self.lake.bucket, LAKE_PREFIX + relative, str(staging))
        except (BotoCoreError, ClientError) as error:
            raise RetryableError(f"cannot download s3://{self.lake.bucket}/{LAKE_PREFIX}{relative}: {error}") from error
        staging.replace(target)  # a half-downloaded file is never taken for the model
