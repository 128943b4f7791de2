"""Export a trained model: the whole pipeline as ONNX, the model card, the holdout predictions; publish them.

Layout, the same on disk (under the output folder) and in the lake (under `models/`):
    <version>/model.onnx          the preprocessing and the trees; one input per raw feature column
    <version>/model_card.json     what the model is, what it saw, how well it does (`ModelCard`)
    <version>/model_card.md       the same for people
    <version>/holdout.csv         tmdb_id, label, probability for every holdout film
    <version>/calibration.png     reliability on the holdout
    current.json                  the pointer to the current version, written last

The ONNX graph takes, per row, one float32 `[N, 1]` input for each numeric feature column and one string `[N, 1]`
input `original_language`; `probabilities[:, 1]` is the probability of success.
"""

import hashlib
import json
import math
import platform
import shutil
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import onnxruntime
import pandas as pd
from pydantic import BaseModel, ConfigDict
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.ensemble import VotingClassifier
from sklearn.pipeline import Pipeline

from cinelake.adapters.s3 import LakeStore
from cinelake.domain.features import (
    BIG_RELEASE_QUANTILE,
    CATEGORICAL_FEATURES,
    COMPETITION_DAYS,
    NUMERIC_FEATURES,
    POST_RELEASE_FIELDS,
    TOP_BILLED_CAST,
)
from cinelake.domain.success import SuccessRule
from cinelake.errors import PermanentError
from cinelake.services import model_figures
from cinelake.services.model_inputs import onnx_feeds
from cinelake.services.train import (
    LOGISTIC_PARAMS,
    MODEL_PARAMS,
    SELECTION_METHOD,
    THRESHOLD_METHOD,
    THRESHOLD_REASON,
    TrainedModel,
)

MODEL_FILE = "model.onnx"
CARD_JSON = "model_card.json"
CARD_MARKDOWN = "model_card.md"
HOLDOUT_CSV = "holdout.csv"
CALIBRATION_PNG = "calibration.png"
POINTER_FILE = "current.json"
LAKE_PREFIX = "models/"
PROBABILITY_OUTPUT = "probabilities"
PARITY_TOLERANCE = 1e-5
ONNX_GRAPH_NAME = "cinelake_success"
ONNX_INPUTS = (
    "one [N, 1] tensor per feature column, named as the column: float32 numbers (NaN = unknown), "
    "string original_language"
)
# Opsets every onnxruntime since 1.15 runs; ai.onnx.ml 3 is the tree ensemble the converter targets.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}
LIBRARIES = ("cinelake", "scikit-learn", "skl2onnx", "onnx", "onnxruntime", "numpy", "pandas", "protobuf")
CONTENT_TYPES = {
    MODEL_FILE: "application/octet-stream",
    CARD_JSON: "application/json",
    CARD_MARKDOWN: "text/markdown; charset=utf-8",
    HOLDOUT_CSV: "text/csv; charset=utf-8",
    CALIBRATION_PNG: "image/png",
}


# ---------------------------------------------------------------------------------------------------------------
# ONNX


def to_onnx(model: Pipeline | VotingClassifier) -> bytes:
    """The fitted pipeline, preprocessing included, as an ONNX model that takes the raw feature columns."""
    inputs = [(name, FloatTensorType([None, 1])) for name in NUMERIC_FEATURES]
    inputs += [(name, StringTensorType([None, 1])) for name in CATEGORICAL_FEATURES]
    with warnings.catch_warnings():
        # skl2onnx hands onnx booleans where it wants ints; onnx warns about it (once per tree) and converts them.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="onnx.helper")
        onnx_model = convert_sklearn(
            model,
            initial_types=inputs,
            options={id(model): {"zipmap": False}},  # a plain [N, 2] tensor, not a list of dicts
            target_opset=TARGET_OPSET,
            name=ONNX_GRAPH_NAME,  # a fixed name: skl2onnx would pick a random one, and the bytes would differ per run
        )
    return onnx_model.SerializeToString()


def onnx_session(model_bytes: bytes) -> onnxruntime.InferenceSession:
    return onnxruntime.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])


def onnx_probabilities(session: onnxruntime.InferenceSession, features: pd.DataFrame) -> np.ndarray:
    (probabilities,) = session.run([PROBABILITY_OUTPUT], onnx_feeds(features))
    return probabilities[:, 1].astype(np.float64)


# ---------------------------------------------------------------------------------------------------------------
# The model card

MODEL_TYPES = {
    "trees": "sklearn Pipeline(ColumnTransformer(passthrough numbers, one-hot language), "
    "HistGradientBoostingClassifier)",
    "logistic_regression": "sklearn Pipeline(ColumnTransformer(median-imputed standardised numbers, 0/1 unknown "
    "flags, one-hot language), LogisticRegression)",
    "blend": "sklearn VotingClassifier(soft: the mean of the trees' and the logistic regression's probabilities)",
}
MODEL_NAMES = {
    "model": "shipped",
    "trees": "gradient-boosted trees",
    "logistic_regression": "logistic regression",
    "blend": "blend (mean of the two)",
    "majority_class": "majority class",
}


class SnapshotCard(BaseModel):
    movies: int
    newest_loaded_at: datetime | None
    labelled_movies: int
    train_films: int
    holdout_films: int
    holdout_complete_record_films: int


class LabelCutOffCard(BaseModel):
    """The films whose money says success or not, but whose record was read before their run was over."""

    fetched_days_after_release: int
    left_out: int
    left_out_train: int
    left_out_holdout: int


class SplitCard(BaseModel):
    method: str = "time: train on films released before holdout_from, evaluate on the ones released from then on"
    holdout_from: date
    train_released: tuple[date, date]
    holdout_released: tuple[date, date]
    train_success_rate: float
    holdout_success_rate: float


class FeaturesCard(BaseModel):
    numeric: list[str]
    categorical: list[str]
    languages_with_a_column: list[str]
    post_release_fields_excluded: list[str]
    track_records: str
    track_record_lag_days: int
    series: str
    calendar: str
    unknown: str = "NaN: a count the record does not give (no companies, cast, directors, genres, countries or "
    "keywords) is unknown, not 0, and so is that role's track record"


class ThresholdCard(BaseModel):
    value: float
    method: str
    reason: str


class MetricsCard(BaseModel):
    holdout: dict[str, dict[str, float]]  # model (shipped), trees, logistic_regression, blend, majority_class
    holdout_complete_records: dict[str, dict[str, float]]  # the same on films with keywords, companies and cast
    holdout_ci95: dict[str, dict[str, dict[str, tuple[float, float]]]]  # subset -> model -> roc_auc/pr_auc
    holdout_at_threshold: dict[str, float]
    holdout_roc_auc_ci95: dict[str, tuple[float, float]]  # paired bootstrap over the holdout films
    shipped_behind_a_baseline_on_holdout: list[str]  # baselines ahead of the shipped model on both ROC-AUC and PR-AUC
    training_out_of_fold: dict[str, float]
    training_folds: dict[str, dict]  # per candidate: the time-ordered folds that chose the shipped model
    calibration_holdout: dict[str, dict[str, list[float]]]


class OnnxCard(BaseModel):
    file: str = MODEL_FILE
    sha256: str
    inputs: str = ONNX_INPUTS
    probability_output: str = f"{PROBABILITY_OUTPUT}[:, 1]"
    target_opset: dict[str, int]
    holdout_max_abs_difference_vs_sklearn: float


class ModelCard(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: str
    trained_at: datetime
    seed: int
    model: dict
    data_snapshot: SnapshotCard
    label_rule: SuccessRule
    label_cut_off: LabelCutOffCard
    split: SplitCard
    features: FeaturesCard
    threshold: ThresholdCard
    metrics: MetricsCard
    onnx: OnnxCard
    library_versions: dict[str, str]
    training_seconds: dict[str, float]


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def model_card(
    trained: TrainedModel, version_name: str, trained_at: datetime, model_bytes: bytes, parity: float
) -> ModelCard:
    train, holdout = trained.train, trained.holdout
    lag = trained.options.track_record_lag_days
    return ModelCard(
        version=version_name,
        trained_at=trained_at,
        seed=trained.options.seed,
        model={
            "type": MODEL_TYPES[trained.chosen],
            "chosen": trained.chosen,
            "selection": SELECTION_METHOD,
            "params": {"trees": MODEL_PARAMS, "logistic_regression": LOGISTIC_PARAMS},
        },
        data_snapshot=SnapshotCard(
            movies=trained.snapshot.movies,
            newest_loaded_at=trained.snapshot.newest_loaded_at,
            labelled_movies=len(train) + len(holdout),
            train_films=len(train),
            holdout_films=len(holdout),
            holdout_complete_record_films=int(holdout.complete.sum()),
        ),
        label_rule=trained.options.rule,
        label_cut_off=LabelCutOffCard(
            fetched_days_after_release=trained.options.rule.fetched_days_after_release,
            left_out=trained.label_counts.unfinished,
            left_out_train=trained.label_counts.unfinished_train,
            left_out_holdout=trained.label_counts.unfinished_holdout,
        ),
        split=SplitCard(
            holdout_from=trained.options.holdout_from,
            train_released=(train.release_dates.min(), train.release_dates.max()),
            holdout_released=(holdout.release_dates.min(), holdout.release_dates.max()),
            train_success_rate=round(float(train.labels.mean()), 6),
            holdout_success_rate=round(float(holdout.labels.mean()), 6),
        ),
        features=FeaturesCard(
            numeric=list(NUMERIC_FEATURES),
            categorical=list(CATEGORICAL_FEATURES),
            languages_with_a_column=trained.languages,
            post_release_fields_excluded=sorted(POST_RELEASE_FIELDS),
            track_records=(
                f"director_*, cast_* (top {TOP_BILLED_CAST} billed), company_*, keyword_*: pooled over the movie's "
                f"names, counting only films released at least {lag} days before the scored film; films, successes, "
                "success_rate, mean_log_roi (per film clipped to ±log 20), mean_log_revenue (log10 USD), best_films; "
                "an earlier film's success and revenue count only if its record was read after its run was over"
            ),
            track_record_lag_days=lag,
            series=(
                "series_*: the earlier instalments (released at least the lag before) of the film's TMDB collection "
                "when it has any, else of its title's stem (a shared name plus a number, a subtitle after a colon or "
                "a sequel word; a remake under the same title counts); films, success_rate, mean_log_roi, "
                "mean_log_revenue, years_since_last"
            ),
            calendar=(
                "budget_vs_past_year: log10 budget minus the median of the twelve months before the release month; "
                f"big_releases_near: films within {COMPETITION_DAYS} days either side whose budget is in the top "
                f"{1 - BIG_RELEASE_QUANTILE:.0%} of their own twelve months before; release_summer (May to August), "
                "release_holidays (15 November to 31 December)"
            ),
        ),
        threshold=ThresholdCard(value=round(trained.threshold, 6), method=THRESHOLD_METHOD, reason=THRESHOLD_REASON),
        metrics=MetricsCard(
            holdout={name: s.as_dict() for name, s in trained.holdout_scores.items()},
            holdout_complete_records={name: s.as_dict() for name, s in trained.holdout_complete_scores.items()},
            holdout_ci95=trained.holdout_intervals,
            holdout_at_threshold=trained.holdout_at_threshold.as_dict(),
            holdout_roc_auc_ci95=trained.roc_auc_intervals,
            shipped_behind_a_baseline_on_holdout=trained.behind_a_baseline,
            training_out_of_fold=trained.out_of_fold_scores.as_dict(),
            training_folds={name: folds.as_dict() for name, folds in trained.fold_scores.items()},
            calibration_holdout={
                name: {"mean_predicted": curve.mean_predicted, "observed_rate": curve.observed_rate}
                for name, curve in trained.calibration.items()
            },
        ),
        onnx=OnnxCard(
            sha256=hashlib.sha256(model_bytes).hexdigest(),
            target_opset=TARGET_OPSET,
            holdout_max_abs_difference_vs_sklearn=parity,
        ),
        library_versions=library_versions(),
        training_seconds={name: round(seconds, 2) for name, seconds in trained.seconds.items()},
    )


def holdout_rows(card: ModelCard) -> list[str]:
    """The holdout table: each model's ROC-AUC and PR-AUC with their 95% intervals, on all films and on the films
    whose records are complete."""
    metrics = card.metrics
    chosen = card.model["chosen"]
    rows = []
    for name in ("trees", "logistic_regression", "blend", "majority_class"):
        label = MODEL_NAMES[name] + (" **(shipped)**" if name == chosen else "")
        cells = []
        for subset, table in (("all", metrics.holdout), ("complete_records", metrics.holdout_complete_records)):
            scores = table.get(name)
            bounds = metrics.holdout_ci95.get(subset, {}).get(name, {})
            for metric in ("roc_auc", "pr_auc"):
                if scores is None:
                    cells.append("n/a")
                    continue
                low, high = bounds.get(metric, (math.nan, math.nan))
                cells.append(f"{scores[metric]:.3f} ({low:.3f}–{high:.3f})")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return rows


def model_card_markdown(card: ModelCard) -> str:
    metrics = card.metrics
    at = metrics.holdout_at_threshold
    oof = metrics.training_out_of_fold
    intervals = {name.replace("_", " "): bounds for name, bounds in metrics.holdout_roc_auc_ci95.items()}
    snapshot, split, rule, cut = card.data_snapshot, card.split, card.label_rule, card.label_cut_off
    folds = [
        f"| {MODEL_NAMES[name]} | {scores['mean_roc_auc']:.3f} | {scores['mean_pr_auc']:.3f} | "
        f"{scores['fold_roc_auc'][-1]:.3f} | {scores['pooled_roc_auc']:.3f} |"
        for name, scores in metrics.training_folds.items()
    ]
    behind = metrics.shipped_behind_a_baseline_on_holdout
    lines = [
        f"# Success model {card.version}",
        "",
        f"Trained {card.trained_at:%Y-%m-%d %H:%M UTC} with seed {card.seed} on {snapshot.movies:,} movies "
        f"(newest loaded {snapshot.newest_loaded_at}). Shipped: **{MODEL_NAMES[card.model['chosen']]}**, chosen by "
        f"{card.model['selection']}.",
        "",
        "## What it predicts",
        "",
        f"The probability that a movie earns at least {rule.roi_min:g} times its budget (revenue / budget ≥ "
        f"{rule.roi_min:g}), from what is known before release. Labels exist only for `{rule.status}` movies "
        f"whose budget and revenue are both known and at least ${rule.money_min:,}, and whose record was read at "
        f"least {rule.fetched_days_after_release} days after the release; the others are left out.",
        "",
        "```json",
        rule.model_dump_json(indent=2),
        "```",
        "",
        f"Left out because their record was read before their run was over: **{cut.left_out:,} films** "
        f"({cut.left_out_train:,} training, {cut.left_out_holdout:,} holdout).",
        "",
        "## How well (temporal holdout)",
        "",
        f"Trained on {snapshot.train_films:,} films released {split.train_released[0]} to {split.train_released[1]} "
        f"(success rate {split.train_success_rate:.1%}); evaluated once on the {snapshot.holdout_films:,} films "
        f"released {split.holdout_released[0]} to {split.holdout_released[1]} (success rate "
        f"{split.holdout_success_rate:.1%}), of which {snapshot.holdout_complete_record_films:,} have complete "
        "records (keywords, production companies and cast).",
        "",
        "ROC-AUC and PR-AUC with 95% bootstrap intervals:",
        "",
        "| model | all: ROC-AUC | all: PR-AUC | complete records: ROC-AUC | complete records: PR-AUC |",
        "| --- | ---: | ---: | ---: | ---: |",
        *holdout_rows(card),
        "",
        "Paired 95% intervals for the holdout ROC-AUC (all films): "
        + "; ".join(f"{name} {low:.3f} to {high:.3f}" for name, (low, high) in intervals.items())
        + ".",
        "",
        "The shipped model trails a baseline on both ROC-AUC and PR-AUC: "
        + (", ".join(MODEL_NAMES[name] for name in behind) if behind else "no")
        + ".",
        "",
        f"Shipped model on the holdout (all films): Brier {metrics.holdout['model']['brier']:.3f}, log loss "
        f"{metrics.holdout['model']['log_loss']:.3f}.",
        "",
        "## How it was chosen (training films only, time-ordered folds)",
        "",
        "| candidate | mean fold ROC-AUC | mean fold PR-AUC | newest fold ROC-AUC | pooled out-of-fold ROC-AUC |",
        "| --- | ---: | ---: | ---: | ---: |",
        *folds,
        "",
        f"Shipped model, pooled out-of-fold: ROC-AUC {oof['roc_auc']:.3f}, PR-AUC {oof['pr_auc']:.3f}, "
        f"Brier {oof['brier']:.3f}.",
        "",
        "![calibration](calibration.png)",
        "",
        "## Decision threshold",
        "",
        f"**{card.threshold.value:.3f}**. {card.threshold.reason}",
        "",
        f"On the holdout at this threshold: precision {at['precision']:.3f}, recall {at['recall']:.3f}, "
        f"balanced accuracy {at['balanced_accuracy']:.3f}, accuracy {at['accuracy']:.3f}; "
        f"{at['predicted_positive_share']:.1%} of films are predicted to succeed.",
        "",
        "## Features",
        "",
        f"Numeric ({len(card.features.numeric)}): " + ", ".join(f"`{n}`" for n in card.features.numeric) + ".",
        "",
        "Categorical: `original_language` (a column each for "
        + ", ".join(card.features.languages_with_a_column)
        + "; any other language gets none).",
        "",
        f"Track records: {card.features.track_records}.",
        "",
        f"Series: {card.features.series}.",
        "",
        f"Release calendar: {card.features.calendar}.",
        "",
        f"Unknown values: {card.features.unknown}.",
        "",
        "Never used: " + ", ".join(f"`{n}`" for n in card.features.post_release_fields_excluded) + ".",
        "",
        "## The file",
        "",
        f"`{card.onnx.file}` (sha256 `{card.onnx.sha256[:16]}…`): {card.onnx.inputs}; the probability of success is "
        f"`{card.onnx.probability_output}`. Its holdout probabilities differ from scikit-learn's by at most "
        f"{card.onnx.holdout_max_abs_difference_vs_sklearn:.1e}.",
        "",
        "Libraries: " + ", ".join(f"{name} {v}" for name, v in card.library_versions.items()) + ".",
        "",
    ]
    return "\n".join(lines)


def headline(card: ModelCard) -> str:
    """The few lines to print after training."""
    metrics = card.metrics
    lines = [
        f"success model {card.version}: {card.data_snapshot.train_films:,} training films, "
        f"{card.data_snapshot.holdout_films:,} held out (released from {card.split.holdout_from}; "
        f"{card.data_snapshot.holdout_complete_record_films:,} with complete records), "
        f"{card.label_cut_off.left_out:,} left out (run not over when read)",
        "holdout            all films        complete records",
        "                   ROC-AUC  PR-AUC  ROC-AUC  PR-AUC",
    ]
    for name in ("trees", "logistic_regression", "blend", "majority_class"):
        every, complete = metrics.holdout[name], metrics.holdout_complete_records.get(name)
        tail = f"  {complete['roc_auc']:.3f}    {complete['pr_auc']:.3f}" if complete else ""
        marker = "*" if name == card.model["chosen"] else " "
        lines.append(f"  {marker}{name[:16]:16s} {every['roc_auc']:.3f}    {every['pr_auc']:.3f}{tail}")
    lines.append(
        f"(* shipped) threshold {card.threshold.value:.3f}: precision {metrics.holdout_at_threshold['precision']:.3f}, "
        f"recall {metrics.holdout_at_threshold['recall']:.3f} on the holdout"
    )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Writing and publishing


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


def check_parity(trained: TrainedModel, model_bytes: bytes) -> float:
    """The largest difference between ONNX's and scikit-learn's probabilities over the whole holdout."""
    from_onnx = onnx_probabilities(onnx_session(model_bytes), trained.holdout.features)
    difference = float(np.max(np.abs(from_onnx - trained.holdout_probabilities)))
    if difference > PARITY_TOLERANCE:
        raise PermanentError(f"ONNX and scikit-learn disagree by {difference:.2e} on the holdout")
    return difference


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
