"""The current ONNX model, loaded once and swapped when `current.json` points at a new version.

The pointer is re-read at most every `refresh_seconds`, so a newly published version is served without a restart.
The sources are asked in order (the lake first, when configured); the first that has a pointer is served, so an
unreachable or empty lake falls back to the local folder. A version that fails to load is logged and skipped: the
one already loaded keeps serving.
"""

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime
from onnxruntime.capi.onnxruntime_pybind11_state import Fail, InvalidGraph, InvalidProtobuf, NoSuchFile

from api_service.model_sources import POINTER_FILE, LocalModels, ModelSource
from cinelake.domain.features import FeatureValue
from cinelake.errors import RetryableError
from cinelake.services.model_inputs import row_feeds

# The graph's output named by the model card (`probabilities[:, 1]`). Not imported from onnx_export: that module
# brings scikit-learn and skl2onnx, which the API does not need.
PROBABILITY_OUTPUT = "probabilities"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedModel:
    version: str
    threshold: float
    card: dict
    session: onnxruntime.InferenceSession

    @property
    def lag_days(self) -> int:
        """How long before a film its track records were counted in training (a card without it: no lag)."""
        return int((self.card.get("features") or {}).get("track_record_lag_days", 0))

    def probabilities(self, rows: list[dict[str, FeatureValue]]) -> np.ndarray:
        """One onnxruntime call for every row (`domain.features.feature_row`)."""
        (probabilities,) = self.session.run([PROBABILITY_OUTPUT], row_feeds(rows))
        return probabilities[:, 1].astype(np.float64)


def serving_options() -> onnxruntime.SessionOptions:
    """One thread per call: a request scores one movie (a batch, 1,000 in ~5 ms), and every worker process has its
    own session; onnxruntime's default pool of spinning threads per session would fight the workers for the cores."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def load_model(models_dir: Path, pointer: dict) -> LoadedModel:
    card = json.loads((models_dir / pointer["model_card"]).read_text(encoding="utf-8"))
    session = onnxruntime.InferenceSession(
        str(models_dir / pointer["model"]), sess_options=serving_options(), providers=["CPUExecutionProvider"]
    )
    return LoadedModel(version=pointer["version"], threshold=float(pointer["threshold"]), card=card, session=session)


class ModelRegistry:
    def __init__(
        self,
        source: Path | ModelSource | list[ModelSource],
        refresh_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if isinstance(source, Path):
            source = LocalModels(source)
        self.sources: list[ModelSource] = source if isinstance(source, list) else [source]
        self.refresh_seconds = refresh_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._loaded: LoadedModel | None = None
        self._pointer_text: str | None = None
        self._checked_at = -math.inf

    @property
    def description(self) -> str:
        return " or ".join(source.description for source in self.sources)

    @property
    def refresh_due(self) -> bool:
        """Whether `current` will read the pointer (a file, or S3) rather than answer from memory."""
        return self._clock() - self._checked_at >= self.refresh_seconds

    def current(self) -> LoadedModel | None:
        """The model to score with, or None while no version has been published."""
        if not self.refresh_due:
            return self._loaded
        with self._lock:
            if self.refresh_due:  # another thread may have just checked
                self._refresh()
                self._checked_at = self._clock()
        return self._loaded

    def _published(self) -> tuple[ModelSource, str] | None:
        for source in self.sources:
            try:
                text = source.read_pointer()
            except RetryableError as error:
                log.warning("cannot read %s%s: %s", source.description, POINTER_FILE, error)
                continue
            if text is not None:
                return source, text
        return None

    def _refresh(self) -> None:
        published = self._published()
        if published is None:
            return
        source, text = published
        if text == self._pointer_text:
            return
        try:
            pointer = json.loads(text)
            loaded = load_model(source.fetch(pointer), pointer)
        except (
            OSError,
            ValueError,
            KeyError,
            TypeError,
            RetryableError,
            Fail,
            InvalidGraph,
            InvalidProtobuf,
            NoSuchFile,
        ) as error:
            # a pointer or card that is not JSON is a ValueError; onnxruntime's own errors say the file is no model
            log.error("cannot load the model %s%s points at: %s", source.description, POINTER_FILE, error)
            return
        self._loaded, self._pointer_text = loaded, text
        log.info("serving model %s from %s", loaded.version, source.description)
