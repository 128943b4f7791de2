"""Train the success model from PostgreSQL, evaluate it on the most recent years, and publish it.

1. Read every movie and every dated credit (`ModelData`), label the movies (`domain.success`) and build one feature
   row per labelled movie (`domain.features`), each with track records as of its own release date.
2. Split by time: films released before `holdout_from` train; the ones released from then on are the holdout.
3. On the training side only: time-ordered out-of-fold predictions (each fold predicted by a model fitted on the
   films released before it) choose the decision threshold.
4. Fit the model and the baselines on the whole training side, score the holdout once, and hand the result to
   `export_model` for the ONNX file, the model card and publishing.

The same data and seed give the same model, probabilities and metrics: the rows are ordered by (release date,
tmdb_id), the folds are fixed, and every estimator gets the seed.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    log_loss,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)
from sklearn.model_selection import TimeSeriesSplit
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from cinelake.adapters.model_data import DataSnapshot, ModelData
from cinelake.adapters.s3 import LakeStore
from cinelake.domain.features import CATEGORICAL_FEATURES, NUMERIC_FEATURES, TrackRecordBook, feature_row
from cinelake.domain.success import DEFAULT_RULE, SuccessRule, success_label
from cinelake.errors import PermanentError
from cinelake.services.model_inputs import feature_frame

# The holdout: the four most recent calendar years with released films (2022-2025 in the catalogue).
HOLDOUT_FROM = date(2022, 1, 1)
# A language needs this many labelled training films to get a column; rarer ones share the all-zero row.
MIN_LANGUAGE_FILMS = 20
BOOTSTRAP_RESAMPLES = 1000
# Chosen by time-ordered cross-validation on the training side (docs/success.md lists what was tried).
MODEL_PARAMS = {
    "learning_rate": 0.03,
    "max_iter": 300,
    "max_depth": 3,
    "min_samples_leaf": 100,
    "l2_regularization": 1.0,
    "early_stopping": False,  # early stopping would hold out a random slice: not time-ordered, and not needed
}
THRESHOLD_METHOD = "youden_j_on_time_ordered_out_of_fold_predictions"
THRESHOLD_REASON = (
    "The threshold maximises Youden's J (true-positive rate minus false-positive rate, i.e. balanced accuracy) over "
    "time-ordered out-of-fold predictions on the training films. J depends only on how the scores of successes and "
    "failures are distributed, not on how common successes are, so it travels better than an accuracy- or "
    "F1-optimal threshold to recent years, where the share of successes is lower than in the training years. "
    "A missed success and a false alarm weigh the same, relative to the size of their class."
)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class TrainingOptions:
    seed: int = 0
    holdout_from: date = HOLDOUT_FROM
    rule: SuccessRule = DEFAULT_RULE
    cv_folds: int = 5
    min_language_films: int = MIN_LANGUAGE_FILMS


@dataclass(frozen=True)
class Dataset:
    """The labelled movies, one feature row each, ordered by (release date, tmdb_id)."""

    features: pd.DataFrame
    tmdb_ids: np.ndarray
    release_dates: np.ndarray
    labels: np.ndarray
    snapshot: DataSnapshot

    def subset(self, mask: np.ndarray) -> "Dataset":
        return Dataset(
            self.features[mask].reset_index(drop=True),
            self.tmdb_ids[mask],
            self.release_dates[mask],
            self.labels[mask],
            self.snapshot,
        )

    def __len__(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class Scores:
    roc_auc: float
    pr_auc: float  # average precision
    brier: float
    log_loss: float
    base_rate: float  # share of successes among the scored films

    def as_dict(self) -> dict[str, float]:
        return {name: round(float(value), 6) for name, value in self.__dict__.items()}


@dataclass(frozen=True)
class ThresholdScores:
    threshold: float
    precision: float
    recall: float
    balanced_accuracy: float
    accuracy: float
    predicted_positive_share: float

    def as_dict(self) -> dict[str, float]:
        return {name: round(float(value), 6) for name, value in self.__dict__.items()}


@dataclass(frozen=True)
class CalibrationCurve:
    mean_predicted: list[float]
    observed_rate: list[float]


@dataclass
class TrainedModel:
    """Everything export and the model card need."""

    options: TrainingOptions
    snapshot: DataSnapshot
    model: Pipeline
    languages: list[str]
    threshold: float
    train: Dataset
    holdout: Dataset
    holdout_probabilities: np.ndarray
    holdout_scores: dict[str, Scores]  # "model", "logistic_regression", "majority_class"
    holdout_at_threshold: ThresholdScores
    out_of_fold_scores: Scores
    calibration: dict[str, CalibrationCurve]  # holdout reliability curves of the model and the logistic baseline
    roc_auc_intervals: dict[str, tuple[float, float]]  # holdout, paired bootstrap, 95%
    baseline_probabilities: dict[str, np.ndarray] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def holdout_table(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "tmdb_id": self.holdout.tmdb_ids,
                "label": self.holdout.labels,
                "probability": self.holdout_probabilities,
            }
        )


# ---------------------------------------------------------------------------------------------------------------
# Data


def load_dataset(data: ModelData, rule: SuccessRule = DEFAULT_RULE, progress: Progress | None = None) -> Dataset:
    """Every labelled movie with a release date, with its features as of that date."""
    say = progress or _quiet
    snapshot = data.snapshot()
    movies = data.catalog_movies()
    say(f"read {len(movies):,} movies")
    book = TrackRecordBook(data.past_credits(), rule)
    say(f"built the track records of {len(book.filmographies):,} names")
    labelled = []
    for movie in movies:
        label = success_label(movie.status, movie.inputs.budget, movie.revenue, rule)
        if label is not None and movie.inputs.release_date is not None:
            labelled.append((movie.inputs.release_date, movie.tmdb_id, label, movie.inputs))
    labelled.sort(key=lambda item: (item[0], item[1]))
    if not labelled:
        raise PermanentError("no movie has a success label: is the database loaded?")
    rows = [feature_row(inputs, book.records_for(inputs, as_of=released)) for released, _, _, inputs in labelled]
    say(f"built {len(rows):,} feature rows (labelled movies)")
    return Dataset(
        features=feature_frame(rows),
        tmdb_ids=np.array([item[1] for item in labelled], dtype=np.int64),
        release_dates=np.array([item[0] for item in labelled], dtype=object),
        labels=np.array([int(item[2]) for item in labelled], dtype=np.int64),
        snapshot=snapshot,
    )


def split_by_time(dataset: Dataset, holdout_from: date) -> tuple[Dataset, Dataset]:
    is_holdout = np.array([released >= holdout_from for released in dataset.release_dates], dtype=bool)
    train, holdout = dataset.subset(~is_holdout), dataset.subset(is_holdout)
    if len(train) == 0 or len(holdout) == 0:
        raise PermanentError(
            f"splitting at {holdout_from} leaves {len(train)} training and {len(holdout)} holdout films"
        )
    if len(set(train.labels)) < 2 or len(set(holdout.labels)) < 2:
        raise PermanentError("both sides of the split need successes and failures")
    return train, holdout


def frequent_languages(train: Dataset, min_films: int) -> list[str]:
    counts = train.features["original_language"].value_counts()
    return sorted(str(language) for language in counts[counts >= min_films].index)


# ---------------------------------------------------------------------------------------------------------------
# Models


def build_model(languages: list[str], seed: int) -> Pipeline:
    """Gradient-boosted trees over the raw columns: no scaler (trees do not need one, and a float64 scaler would make
    ONNX and sklearn disagree); unknown numbers stay NaN, which the trees route on their own."""
    columns = ColumnTransformer(
        [
            ("numbers", "passthrough", list(NUMERIC_FEATURES)),
            ("language", _language_encoder(languages), list(CATEGORICAL_FEATURES)),
        ]
    )
    return make_pipeline(columns, HistGradientBoostingClassifier(random_state=seed, **MODEL_PARAMS))


def build_logistic_baseline(languages: list[str], seed: int) -> Pipeline:
    numbers = make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler())
    columns = ColumnTransformer(
        [
            ("numbers", numbers, list(NUMERIC_FEATURES)),
            ("language", _language_encoder(languages), list(CATEGORICAL_FEATURES)),
        ]
    )
    return make_pipeline(columns, LogisticRegression(max_iter=5000, random_state=seed))


def _language_encoder(languages: list[str]) -> OneHotEncoder:
    # Fixed categories rather than min_frequency: skl2onnx cannot convert sklearn's "infrequent" bucket.
    return OneHotEncoder(categories=[languages], handle_unknown="ignore", sparse_output=False)


def positive_probabilities(model, features: pd.DataFrame) -> np.ndarray:
    return model.predict_proba(features)[:, 1]


def out_of_fold_probabilities(
    train: Dataset, build: Callable[[], Pipeline], folds: int
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Time-ordered folds: each block of films is predicted by a fresh `build()` fitted on the films released
    before it. Returns the predicted rows' positions (the first block is never predicted), their probabilities,
    and each block's ROC-AUC."""
    positions, probabilities, fold_auc = [], [], []
    for fitted_on, predicted in TimeSeriesSplit(n_splits=folds).split(train.features):
        model = build().fit(train.features.iloc[fitted_on], train.labels[fitted_on])
        block = positive_probabilities(model, train.features.iloc[predicted])
        positions.append(predicted)
        probabilities.append(block)
        fold_auc.append(float(roc_auc_score(train.labels[predicted], block)))
    return np.concatenate(positions), np.concatenate(probabilities), fold_auc


def youden_threshold(labels: np.ndarray, probabilities: np.ndarray) -> float:
    """The probability cut that maximises TPR - FPR (the first such cut when several tie)."""
    false_positive_rate, true_positive_rate, cuts = roc_curve(labels, probabilities)
    best = int(np.argmax(true_positive_rate - false_positive_rate))
    return float(min(cuts[best], 1.0))


def scores(labels: np.ndarray, probabilities: np.ndarray) -> Scores:
    return Scores(
        roc_auc=roc_auc_score(labels, probabilities),
        pr_auc=average_precision_score(labels, probabilities),
        brier=brier_score_loss(labels, probabilities),
        log_loss=log_loss(labels, np.clip(probabilities, 1e-15, 1 - 1e-15), labels=[0, 1]),
        base_rate=float(np.mean(labels)),
    )


def threshold_scores(labels: np.ndarray, probabilities: np.ndarray, threshold: float) -> ThresholdScores:
    predicted = (probabilities >= threshold).astype(int)
    return ThresholdScores(
        threshold=threshold,
        precision=precision_score(labels, predicted, zero_division=0),
        recall=recall_score(labels, predicted, zero_division=0),
        balanced_accuracy=balanced_accuracy_score(labels, predicted),
        accuracy=float(np.mean(predicted == labels)),
        predicted_positive_share=float(np.mean(predicted)),
    )


def bootstrap_auc_intervals(
    labels: np.ndarray, model: np.ndarray, baseline: np.ndarray, seed: int, resamples: int = BOOTSTRAP_RESAMPLES
) -> dict[str, tuple[float, float]]:
    """95% intervals for the model's and the baseline's ROC-AUC and for their difference, from the same resampled
    films (paired), so that a gap between the two can be told from noise."""
    random = np.random.default_rng(seed)
    draws = []
    for _ in range(resamples):
        sample = random.integers(0, len(labels), len(labels))
        if labels[sample].min() == labels[sample].max():
            continue  # a resample with one class has no AUC
        first, second = roc_auc_score(labels[sample], model[sample]), roc_auc_score(labels[sample], baseline[sample])
        draws.append((first, second, first - second))
    low, high = np.percentile(np.array(draws), [2.5, 97.5], axis=0)
    names = ("model", "logistic_regression", "model_minus_logistic_regression")
    return {name: (round(float(lo), 4), round(float(hi), 4)) for name, lo, hi in zip(names, low, high, strict=True)}


def reliability(labels: np.ndarray, probabilities: np.ndarray, bins: int = 10) -> CalibrationCurve:
    observed, predicted = calibration_curve(labels, probabilities, n_bins=bins, strategy="quantile")
    return CalibrationCurve(mean_predicted=predicted.round(6).tolist(), observed_rate=observed.round(6).tolist())


def fit_and_evaluate(dataset: Dataset, options: TrainingOptions, progress: Progress | None = None) -> TrainedModel:
    # One thread: on ~5,000 rows OpenMP's start-up costs more than a second core gains (two threads took twice as
    # long on a busy 2-core machine), and the result does not depend on the thread count.
    with threadpool_limits(limits=1):
        return _fit_and_evaluate(dataset, options, progress)


def _fit_and_evaluate(dataset: Dataset, options: TrainingOptions, progress: Progress | None) -> TrainedModel:
    say = progress or _quiet
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    train, holdout = split_by_time(dataset, options.holdout_from)
    say(
        f"split at {options.holdout_from}: {len(train):,} training films (success rate {train.labels.mean():.1%}), "
        f"{len(holdout):,} holdout films (success rate {holdout.labels.mean():.1%})"
    )
    languages = frequent_languages(train, options.min_language_films)

    positions, oof, _ = out_of_fold_probabilities(train, lambda: build_model(languages, options.seed), options.cv_folds)
    threshold = youden_threshold(train.labels[positions], oof)
    seconds["out_of_fold_and_threshold"] = time.perf_counter() - started
    say(f"{options.cv_folds} time-ordered folds: out-of-fold ROC-AUC {roc_auc_score(train.labels[positions], oof):.3f}")
    say(f"threshold {threshold:.3f} (Youden's J on the out-of-fold predictions)")

    fit_started = time.perf_counter()
    model = build_model(languages, options.seed).fit(train.features, train.labels)
    seconds["fit_model"] = time.perf_counter() - fit_started
    logistic = build_logistic_baseline(languages, options.seed).fit(train.features, train.labels)
    majority = DummyClassifier(strategy="prior").fit(train.features, train.labels)

    probabilities = {
        "model": positive_probabilities(model, holdout.features),
        "logistic_regression": positive_probabilities(logistic, holdout.features),
        "majority_class": positive_probabilities(majority, holdout.features),
    }
    holdout_scores = {name: scores(holdout.labels, p) for name, p in probabilities.items()}
    seconds["fit_and_evaluate"] = time.perf_counter() - started
    say(
        "holdout ROC-AUC: model {:.3f}, logistic regression {:.3f}, majority class {:.3f}".format(
            *(holdout_scores[name].roc_auc for name in probabilities)
        )
    )
    return TrainedModel(
        options=options,
        snapshot=dataset.snapshot,
        model=model,
        languages=languages,
        threshold=threshold,
        train=train,
        holdout=holdout,
        holdout_probabilities=probabilities["model"],
        holdout_scores=holdout_scores,
        holdout_at_threshold=threshold_scores(holdout.labels, probabilities["model"], threshold),
        out_of_fold_scores=scores(train.labels[positions], oof),
        calibration={
            name: reliability(holdout.labels, probabilities[name]) for name in ("model", "logistic_regression")
        },
        roc_auc_intervals=bootstrap_auc_intervals(
            holdout.labels, probabilities["model"], probabilities["logistic_regression"], options.seed
        ),
        baseline_probabilities={name: p for name, p in probabilities.items() if name != "model"},
        seconds=seconds,
    )


# ---------------------------------------------------------------------------------------------------------------
# The whole job


def train_and_publish(
    data: ModelData,
    output_dir: Path,
    options: TrainingOptions = TrainingOptions(),
    lake: LakeStore | None = None,
    figures_dir: Path | None = None,
    progress: Progress | None = None,
):
    """Train, write `output_dir/<version>/` and `output_dir/current.json`, and publish to the lake when given one.
    Returns the `export_model.PublishedModel`."""
    # Imported here: export_model builds on this module (and brings skl2onnx and onnxruntime with it).
    from cinelake.services import export_model

    say = progress or _quiet
    started = time.perf_counter()
    dataset = load_dataset(data, options.rule, say)
    read_seconds = time.perf_counter() - started
    trained = fit_and_evaluate(dataset, options, say)
    trained.seconds["read_and_build_rows"] = read_seconds
    trained.seconds["read_and_train"] = time.perf_counter() - started
    published = export_model.export_and_publish(trained, output_dir, lake=lake, figures_dir=figures_dir, progress=say)
    say(f"published {published.version} in {time.perf_counter() - started:.1f}s")
    return published


def _quiet(message: str) -> None:
    return None
