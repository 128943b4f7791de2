"""Train, export and publish a model: its files on disk and in the lake, the pointer to the current one written last.

Layout, the same on disk (under the output folder) and in the lake (under `models/`):
    <version>/model.onnx          the preprocessing and the trees; one input per raw feature column
    <version>/model_card.json     what the model is, what it saw, how well it does (`ModelCard`)
    <version>/model_card.md       the same for people
    <version>/holdout.csv         tmdb_id, label, probability for every holdout film
    <version>/calibration.png     reliability on the holdout
    current.json                  the pointer to the current version, written last
"""

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cinelake.adapters.model_data import ModelData
from cinelake.adapters.s3 import LakeStore
from cinelake.services import model_figures
from cinelake.services.model_card import MODEL_NAMES, ModelCard, model_card, model_card_markdown
from cinelake.services.onnx_export import MODEL_FILE, check_parity, to_onnx
from cinelake.services.train import (
    Progress,
    TrainedModel,
    TrainingOptions,
    _quiet,
    fit_and_evaluate,
    load_dataset,
)

CARD_JSON = "model_card.json"
CARD_MARKDOWN = "model_card.md"
HOLDOUT_CSV = "holdout.csv"
CALIBRATION_PNG = "calibration.png"
POINTER_FILE = "current.json"
LAKE_PREFIX = "models/"
CONTENT_TYPES = {
    MODEL_FILE: "application/octet-stream",
    CARD_JSON: "application/json",
    CARD_MARKDOWN: "text/markdown; charset=utf-8",
    HOLDOUT_CSV: "text/csv; charset=utf-8",
    CALIBRATION_PNG: "image/png",
}


@dataclass(frozen=True)
class PublishedModel:
    version: str
    directory: Path
    card: ModelCard
    lake_keys: list[str]
    trained: TrainedModel


def version_name(trained_at: datetime, model_bytes: bytes) -> str:
    """When, plus what: two runs on the same data and seed differ only in the time part."""
    return f"{trained_at:%Y%m%dT%H%M%SZ}-{hashlib.sha256(model_bytes).hexdigest()[:8]}"


def pointer(card: ModelCard) -> dict:
    """`current.json`: paths are relative to the models root (the output folder, or `models/` in the lake)."""
    return {
        "version": card.version,
        "trained_at": card.trained_at.isoformat(),
        "model": f"{card.version}/{MODEL_FILE}",
        "model_card": f"{card.version}/{CARD_JSON}",
        "threshold": card.threshold.value,
        "holdout_roc_auc": card.metrics.holdout["model"]["roc_auc"],
    }


def write_artifacts(trained: TrainedModel, card: ModelCard, model_bytes: bytes, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MODEL_FILE).write_bytes(model_bytes)
    (directory / CARD_JSON).write_text(card.model_dump_json(indent=2) + "\n", encoding="utf-8")
    (directory / CARD_MARKDOWN).write_text(model_card_markdown(card), encoding="utf-8")
    holdout = trained.holdout_table()
    holdout.to_csv(directory / HOLDOUT_CSV, index=False, float_format="%.9f")
    model_figures.calibration_figure(
        trained.holdout.labels,
        {"model": trained.holdout_probabilities, **trained.baseline_probabilities},
        {name: (c.mean_predicted, c.observed_rate) for name, c in trained.calibration.items()},
        trained.threshold,
        directory / CALIBRATION_PNG,
        shipped=f"{MODEL_NAMES[trained.chosen]} (shipped)",
    )
    return directory


def publish_local(card: ModelCard, output_dir: Path) -> Path:
    """Point `output_dir/current.json` at the version, atomically (write then rename)."""
    path = output_dir / POINTER_FILE
    staging = path.with_suffix(".json.tmp")
    staging.write_text(json.dumps(pointer(card), indent=2) + "\n", encoding="utf-8")
    staging.replace(path)
    return path


def publish_to_lake(lake: LakeStore, card: ModelCard, directory: Path) -> list[str]:
    """Upload the version's files under `models/<version>/`, then move `models/current.json` to it."""
    keys = []
    for name, content_type in CONTENT_TYPES.items():
        key = f"{LAKE_PREFIX}{card.version}/{name}"
        lake.put_bytes(key, (directory / name).read_bytes(), content_type=content_type)
        keys.append(key)
    lake.put_json(f"{LAKE_PREFIX}{POINTER_FILE}", pointer(card))  # last: readers never see a half-published version
    keys.append(f"{LAKE_PREFIX}{POINTER_FILE}")
    return keys


def export_and_publish(
    trained: TrainedModel,
    output_dir: Path,
    lake: LakeStore | None = None,
    figures_dir: Path | None = None,
    trained_at: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> PublishedModel:
    say = progress or (lambda message: None)
    started = time.perf_counter()
    model_bytes = to_onnx(trained.model)
    parity = check_parity(trained, model_bytes)
    say(f"exported to ONNX ({len(model_bytes) / 1e6:.1f} MB); holdout parity with scikit-learn {parity:.1e}")
    trained_at = trained_at or datetime.now(UTC).replace(microsecond=0)
    name = version_name(trained_at, model_bytes)
    trained.seconds["export"] = time.perf_counter() - started
    card = model_card(trained, name, trained_at, model_bytes, parity)
    directory = write_artifacts(trained, card, model_bytes, output_dir / name)
    publish_local(card, output_dir)
    say(f"wrote {directory} and {output_dir / POINTER_FILE}")
    if figures_dir is not None:
        figures_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(directory / CALIBRATION_PNG, figures_dir / CALIBRATION_PNG)
    lake_keys = publish_to_lake(lake, card, directory) if lake is not None else []
    if lake is not None:
        say(f"published to s3://{lake.bucket}/{LAKE_PREFIX}{name}/ and moved {LAKE_PREFIX}{POINTER_FILE}")
    return PublishedModel(version=name, directory=directory, card=card, lake_keys=lake_keys, trained=trained)


def train_and_publish(
    data: ModelData,
    output_dir: Path,
    options: TrainingOptions = TrainingOptions(),
    lake: LakeStore | None = None,
    figures_dir: Path | None = None,
    progress: Progress | None = None,
):
    """Train, write `output_dir/<version>/` and `output_dir/current.json`, and publish to the lake when given one.
    Returns the `PublishedModel`."""
    say = progress or _quiet
    started = time.perf_counter()
    dataset = load_dataset(data, options.rule, say, options.track_record_lag_days)
    read_seconds = time.perf_counter() - started
    trained = fit_and_evaluate(dataset, options, say)
    trained.seconds["read_and_build_rows"] = read_seconds
    trained.seconds["read_and_train"] = time.perf_counter() - started
    published = export_and_publish(trained, output_dir, lake=lake, figures_dir=figures_dir, progress=say)
    say(f"published {published.version} in {time.perf_counter() - started:.1f}s")
    return published
