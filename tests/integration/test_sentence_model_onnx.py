"""The sentence model served with onnxruntime: the same vectors as transformers on the packaged weights, exported once
and cached, and no torch in the process that serves it."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cinelake.ask.embedder import SentenceEmbedder, bundled_model_path, onnx_path

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TEXTS = [
    "What are the 5 movies with the highest budget from 2012?",
    "películas más vistas en cines",
    "box office bombs",
    "hi",
]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("embedder-cache")


def transformers_vectors(texts: list[str]) -> np.ndarray:
    """The reference: mean-pooled, normalized token states from transformers on torch."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = bundled_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True).eval()
    batch = tokenizer(texts, padding=True, truncation=True, max_length=64, return_tensors="pt")
    with torch.inference_mode():
        states = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
    pooled = ((states * mask).sum(dim=1) / mask.sum(dim=1)).numpy()
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def test_onnx_vectors_match_transformers_and_the_export_is_cached(cache_dir: Path):
    # GIVEN no export yet  WHEN texts are encoded
    embedder = SentenceEmbedder(cache_dir=cache_dir)
    vectors = embedder.encode(TEXTS)
    # THEN the export is cached where the next worker finds it, and the vectors are transformers' own
    assert onnx_path(bundled_model_path(), cache_dir).is_file()
    reference = transformers_vectors(TEXTS)
    assert vectors.shape == (len(TEXTS), 384)
    assert np.abs(vectors - reference).max() < 1e-5
    assert (vectors * reference).sum(axis=1).min() > 0.99999


def test_the_serving_process_never_imports_torch(cache_dir: Path):
    # GIVEN the cached export  WHEN a fresh process encodes a question
    code = (
        "import sys; from pathlib import Path; from cinelake.ask.embedder import SentenceEmbedder; "
        f"SentenceEmbedder(cache_dir=Path({str(cache_dir)!r})).encode(['How many horror movies?']); "
        "print('torch' in sys.modules)"
    )
    SentenceEmbedder(cache_dir=cache_dir).encode(["warm"])  # the export exists before the child runs
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # THEN torch was never imported there
    assert result.stdout.strip() == "False"
