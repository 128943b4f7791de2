"""Train the success model from PostgreSQL, evaluate it on the most recent years, and publish it.

1. Read every movie, every dated credit, every series and the release calendar (`ModelData`), label the movies whose
   run was over when their record was read (`domain.success`), and build one feature row per labelled movie
   (`domain.features`), each as of its own release date.
2. Split by time: films released before `holdout_from` train; the ones released from then on are the holdout.
3. On the training side only: time-ordered folds (each block of films predicted by models fitted on the films
   released before it) score the candidates (gradient-boosted trees, a logistic regression, and their blend, the
   mean of the two probabilities), choose the one to ship, and choose its decision threshold.
4. Fit every candidate on the whole training side, score the holdout once (all films, and the films whose records
   are complete), and hand the result to `publish_model` (with `onnx_export` and `model_card`) for the ONNX file,
   the model card and publishing.

The same data and seed give the same model, probabilities and metrics: the rows are ordered by (release date,
tmdb_id), the folds are fixed, and every estimator gets the seed.
"""

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier, VotingClassifier
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
from sklearn.preprocessing import Binarizer, OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from cinelake.adapters.model_data import DataSnapshot, ModelData
from cinelake.domain.feature_columns import MovieColumns, feature_columns
from cinelake.domain.features import CATEGORICAL_FEATURES, NUMERIC_FEATURES, TRACK_RECORD_LAG_DAYS
from cinelake.domain.success import DEFAULT_RULE, SuccessRule, run_over, success_label
from cinelake.errors import PermanentError
from cinelake.services.model_inputs import feature_frame_of

# The holdout: the four most recent calendar years with released films (2022-2025 in the catalogue).
HOLDOUT_FROM = date(2022, 1, 1)
# A language needs this many labelled training films to get a column; rarer ones share the all-zero row.
MIN_LANGUAGE_FILMS = 20
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_BATCH = 50  # resamples drawn at once: each is a row of weights over every scored film (at 1.2 M movies,
# 1,000 rows over a holdout of 100,000 films would be gigabytes)
# Chosen by time-ordered cross-validation on the training side (model_export/candidates.py; docs/success.md).
MODEL_PARAMS = {
    "learning_rate": 0.03,
    "max_iter": 300,
    "max_depth": 3,
    "min_samples_leaf": 100,
    "l2_regularization": 1.0,
    "early_stopping": False,  # early stopping would hold out a random slice: not time-ordered, and not needed
}
LOGISTIC_PARAMS = {"C": 0.3, "max_iter": 5000}
# What the logistic regression sees for an unknown number: the training median, plus a 0/1 "was unknown" column.
# The 0/1 column is built from a constant fill and a Binarizer (skl2onnx converts neither SimpleImputer's indicator
# nor MissingIndicator); no feature comes near the fill value.
UNKNOWN_FILL = 1e9
CANDIDATES = ("trees", "logistic_regression", "blend")
BASELINES = ("logistic_regression", "majority_class")
THRESHOLD_METHOD = "youden_j_on_time_ordered_out_of_fold_predictions"
THRESHOLD_REASON = (
    "The threshold maximises Youden's J (true-positive rate minus false-positive rate, i.e. balanced accuracy) over "
    "time-ordered out-of-fold predictions on the training films. J depends only on how the scores of successes and "
    "failures are distributed, not on how common successes are, so it travels better than an accuracy- or "
    "F1-optimal threshold to recent years, where the share of successes is lower than in the training years. "
    "A missed success and a false alarm weigh the same, relative to the size of their class."
)
SELECTION_METHOD = (
    "the candidate with the highest mean ROC-AUC over the time-ordered folds of the training films; the logistic "
    "regression baseline is a candidate, so the shipped model is never behind it on the folds"
)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class TrainingOptions:
    seed: int = 0
    holdout_from: date = HOLDOUT_FROM
    rule: SuccessRule = DEFAULT_RULE
    cv_folds: int = 5
    min_language_films: int = MIN_LANGUAGE_FILMS
    track_record_lag_days: int = TRACK_RECORD_LAG_DAYS


@dataclass(frozen=True)
class Dataset:
    """The labelled movies, one feature row each, ordered by (release date, tmdb_id)."""

    features: pd.DataFrame
    tmdb_ids: np.ndarray
    release_dates: np.ndarray
    labels: np.ndarray
    complete: np.ndarray  # whether the record names keywords, companies and cast (the catalogue's gaps are elsewhere)
    snapshot: DataSnapshot
    unfinished_release_dates: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))

    def subset(self, mask: np.ndarray) -> "Dataset":
        return Dataset(
            self.features[mask].reset_index(drop=True),
            self.tmdb_ids[mask],
            self.release_dates[mask],
            self.labels[mask],
            self.complete[mask],
            self.snapshot,
            self.unfinished_release_dates,
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


@dataclass(frozen=True)
class FoldScores:
    """One candidate on the time-ordered folds of the training films."""

    roc_auc: list[float]  # per fold, oldest first
    pr_auc: list[float]
    pooled_roc_auc: float

    @property
    def mean_roc_auc(self) -> float:
        return float(np.mean(self.roc_auc))

    @property
    def mean_pr_auc(self) -> float:
        return float(np.mean(self.pr_auc))

    def as_dict(self) -> dict:
        return {
            "mean_roc_auc": round(self.mean_roc_auc, 6),
            "mean_pr_auc": round(self.mean_pr_auc, 6),
            "pooled_roc_auc": round(self.pooled_roc_auc, 6),
            "fold_roc_auc": [round(value, 6) for value in self.roc_auc],
            "fold_pr_auc": [round(value, 6) for value in self.pr_auc],
        }


@dataclass(frozen=True)
class LabelCounts:
    """How many films the label rule kept, and how many it left out because their run was not over."""

    labelled: int
    unfinished: int
    unfinished_train: int
    unfinished_holdout: int


# Interval = (low, high): a 95% percentile interval from a bootstrap over the scored films.
Interval = tuple[float, float]


@dataclass
class TrainedModel:
    """Everything export and the model card need."""

    options: TrainingOptions
    snapshot: DataSnapshot
    chosen: str  # one of CANDIDATES
    model: Pipeline | VotingClassifier
    languages: list[str]
    threshold: float
    train: Dataset
    holdout: Dataset
    holdout_probabilities: np.ndarray  # the shipped model's
    holdout_scores: dict[str, Scores]  # "model" (shipped), each candidate, "majority_class"
    holdout_complete_scores: dict[str, Scores]  # the same, on the films whose records are complete
    holdout_intervals: dict[str, dict[str, dict[str, Interval]]]  # subset -> name -> metric -> interval
    holdout_at_threshold: ThresholdScores
    out_of_fold_scores: Scores  # the shipped model's, pooled over the folds
    fold_scores: dict[str, FoldScores]
    calibration: dict[str, CalibrationCurve]  # holdout reliability curves of the model and the logistic baseline
    roc_auc_intervals: dict[str, Interval]  # model, logistic regression and their difference (paired)
    label_counts: LabelCounts
    baseline_probabilities: dict[str, np.ndarray] = field(default_factory=dict)  # every other scored model
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def behind_a_baseline(self) -> list[str]:
        """The baselines the shipped model trails on the holdout on both ROC-AUC and PR-AUC (all films)."""
        model = self.holdout_scores["model"]
        return [
            name
            for name in BASELINES
            if self.holdout_scores[name].roc_auc > model.roc_auc and self.holdout_scores[name].pr_auc > model.pr_auc
        ]

    def holdout_table(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "tmdb_id": self.holdout.tmdb_ids,
                "label": self.holdout.labels,
                "probability": self.holdout_probabilities,
                "complete_record": self.holdout.complete.astype(int),
            }
        )


# ---------------------------------------------------------------------------------------------------------------
# Data


def load_dataset(
    data: ModelData,
    rule: SuccessRule = DEFAULT_RULE,
    progress: Progress | None = None,
    lag_days: int = TRACK_RECORD_LAG_DAYS,
) -> Dataset:
    """Every movie with a release date and a final label, with its features as of that date.

    The catalogue is read column-wise and the rows are built column by column (`feature_columns`): at a million
    movies, a Python object per movie and name would take most of an hour."""
    say = progress or _quiet
    snapshot = data.snapshot()
    book, catalog = data.training_data(rule, lag_days)
    say(f"built the track records of {book.names:,} names and series, read {len(catalog):,} dated movies")
    labels, finished = [], []
    for day, status, budget, revenue, fetched_day in zip(
        catalog.inputs.release_day.tolist(),
        catalog.status.tolist(),
        catalog.inputs.budget.tolist(),
        catalog.revenue.tolist(),
        catalog.fetched_day.tolist(),
        strict=True,
    ):
        label = success_label(status or None, _money(budget), _money(revenue), rule)
        labels.append(-1 if label is None else int(label))
        fetched = None if fetched_day != fetched_day else date.fromordinal(int(fetched_day))  # NaN: unknown
        finished.append(label is None or run_over(date.fromordinal(day), fetched, rule))
    labelled, over = np.array(labels) >= 0, np.array(finished, dtype=bool)
    unfinished = catalog.inputs.release_day[labelled & ~over]
    catalog = catalog.subset(labelled & over)
    if not len(catalog):
        raise PermanentError("no movie has a success label: is the database loaded?")
    features = feature_frame_of(feature_columns(catalog.inputs, book))
    say(
        f"built {len(catalog):,} feature rows (labelled movies); "
        f"{len(unfinished):,} left out: their record was read less than {rule.fetched_days_after_release} days "
        "after the release"
    )
    inputs = catalog.inputs
    complete = complete_records(inputs)
    order = np.lexsort((catalog.tmdb_id, inputs.release_day))  # by (release date, tmdb_id)
    return Dataset(
        features=features.iloc[order].reset_index(drop=True),
        tmdb_ids=catalog.tmdb_id[order],
        release_dates=np.array([date.fromordinal(day) for day in inputs.release_day[order].tolist()], dtype=object),
        labels=np.array(labels)[labelled & over][order].astype(np.int64),
        complete=complete[order],
        snapshot=snapshot,
        unfinished_release_dates=np.array(
            [date.fromordinal(day) for day in np.sort(unfinished).tolist()], dtype=object
        ),
    )


def _money(amount: float) -> int | None:
    return None if amount != amount else int(amount)  # NaN: unknown


def complete_records(inputs: MovieColumns) -> np.ndarray:
    """A complete record names keywords, production companies and cast: the fields the catalogue's sources lack."""
    return (
        (inputs.keywords.counts(len(inputs)) > 0)
        & (inputs.companies.counts(len(inputs)) > 0)
        & (inputs.cast.counts(len(inputs)) > 0)
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


def label_counts(dataset: Dataset, holdout_from: date) -> LabelCounts:
    unfinished = dataset.unfinished_release_dates
    in_holdout = int(sum(released >= holdout_from for released in unfinished))
    return LabelCounts(len(dataset), len(unfinished), len(unfinished) - in_holdout, in_holdout)


def frequent_languages(train: Dataset, min_films: int) -> list[str]:
    counts = train.features["original_language"].value_counts()
    return sorted(str(language) for language in counts[counts >= min_films].index)


# ---------------------------------------------------------------------------------------------------------------
# Models

Builder = Callable[[pd.DataFrame], Pipeline | VotingClassifier]


def _empty_columns(features: pd.DataFrame | None, numbers: Sequence[str] = NUMERIC_FEATURES) -> list[str]:
    """Numeric columns with no value at all in the rows a model is fitted on (a small database, an early fold)."""
    if features is None:
        return []
    return [name for name in numbers if features[name].isna().all()]


def build_model(
    languages: list[str],
    seed: int,
    features: pd.DataFrame | None = None,
    params: Mapping | None = None,
    numbers: Sequence[str] = NUMERIC_FEATURES,
) -> Pipeline:
    """Gradient-boosted trees over the raw columns: no scaler (trees do not need one, and a float64 scaler would make
    ONNX and sklearn disagree); unknown numbers stay NaN, which the trees route on their own. A column with no value
    in `features` (the rows it will be fitted on) is set to 0: scikit-learn's binning fails on an all-NaN column, and
    a constant takes no split either way. `numbers`: the numeric columns it reads (an experiment may add some)."""
    empty = _empty_columns(features, numbers)
    parts = [("numbers", "passthrough", [name for name in numbers if name not in empty])]
    if empty:
        parts.append(("empty", SimpleImputer(strategy="constant", fill_value=0.0, keep_empty_features=True), empty))
    parts.append(("language", _language_encoder(languages), list(CATEGORICAL_FEATURES)))
    trees = HistGradientBoostingClassifier(random_state=seed, **(MODEL_PARAMS | dict(params or {})))
    return make_pipeline(ColumnTransformer(parts), trees)


def build_logistic_baseline(
    languages: list[str],
    seed: int,
    features: pd.DataFrame | None = None,
    params: Mapping | None = None,
    numbers: Sequence[str] = NUMERIC_FEATURES,
) -> Pipeline:
    """Standardised numbers (unknown: the training median) with a 0/1 column per number saying it was unknown."""
    scaled = make_pipeline(SimpleImputer(strategy="median", keep_empty_features=True), StandardScaler())
    unknown = make_pipeline(
        SimpleImputer(strategy="constant", fill_value=UNKNOWN_FILL, keep_empty_features=True),
        Binarizer(threshold=UNKNOWN_FILL / 2),
    )
    columns = ColumnTransformer(
        [
            ("numbers", scaled, list(numbers)),
            ("unknown", unknown, list(numbers)),
            ("language", _language_encoder(languages), list(CATEGORICAL_FEATURES)),
        ]
    )
    return make_pipeline(columns, LogisticRegression(random_state=seed, **(LOGISTIC_PARAMS | dict(params or {}))))


def build_blend(
    languages: list[str],
    seed: int,
    features: pd.DataFrame | None = None,
    tree_params: Mapping | None = None,
    logistic_params: Mapping | None = None,
    numbers: Sequence[str] = NUMERIC_FEATURES,
) -> VotingClassifier:
    """The mean of the trees' and the logistic regression's probabilities (one ONNX graph holds both)."""
    return VotingClassifier(
        [
            ("trees", build_model(languages, seed, features, tree_params, numbers)),
            ("logistic_regression", build_logistic_baseline(languages, seed, features, logistic_params, numbers)),
        ],
        voting="soft",
        flatten_transform=False,  # skl2onnx converts only this form
    )


def candidate_builders(languages: list[str], seed: int) -> dict[str, Builder]:
    return {
        "trees": lambda features: build_model(languages, seed, features),
        "logistic_regression": lambda features: build_logistic_baseline(languages, seed, features),
        "blend": lambda features: build_blend(languages, seed, features),
    }


def _language_encoder(languages: list[str]) -> OneHotEncoder:
    # Fixed categories rather than min_frequency: skl2onnx cannot convert sklearn's "infrequent" bucket.
    return OneHotEncoder(categories=[languages], handle_unknown="ignore", sparse_output=False)


def positive_probabilities(model, features: pd.DataFrame) -> np.ndarray:
    return model.predict_proba(features)[:, 1]


def time_ordered_folds(train: Dataset, folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each block of films, oldest first, with the films released before it (the first block is never predicted)."""
    return list(TimeSeriesSplit(n_splits=folds).split(train.features))


def out_of_fold_probabilities(train: Dataset, build: Builder, folds: int) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Time-ordered folds: each block of films is predicted by a fresh model fitted on the films released before it.
    `build` takes the rows the model will be fitted on. Returns the predicted rows' positions, their
    probabilities, and each block's ROC-AUC."""
    positions, probabilities, fold_auc = [], [], []
    for fitted_on, predicted in time_ordered_folds(train, folds):
        rows = train.features.iloc[fitted_on]
        model = build(rows).fit(rows, train.labels[fitted_on])
        block = positive_probabilities(model, train.features.iloc[predicted])
        positions.append(predicted)
        probabilities.append(block)
        fold_auc.append(float(roc_auc_score(train.labels[predicted], block)))
    return np.concatenate(positions), np.concatenate(probabilities), fold_auc


def fold_scores(train: Dataset, positions: np.ndarray, probabilities: np.ndarray, folds: int) -> FoldScores:
    """Per-fold ROC-AUC and PR-AUC of out-of-fold probabilities, in the folds' order."""
    roc, pr, start = [], [], 0
    for _, predicted in time_ordered_folds(train, folds):
        block = probabilities[start : start + len(predicted)]
        labels = train.labels[predicted]
        roc.append(float(roc_auc_score(labels, block)))
        pr.append(float(average_precision_score(labels, block)))
        start += len(predicted)
    return FoldScores(roc, pr, float(roc_auc_score(train.labels[positions], probabilities)))


def choose(folds: Mapping[str, FoldScores]) -> str:
    """The candidate with the best mean fold ROC-AUC (ties: the first in CANDIDATES)."""
    return max(CANDIDATES, key=lambda name: (round(folds[name].mean_roc_auc, 6), -CANDIDATES.index(name)))


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


def subset_scores(labels: np.ndarray, probabilities: Mapping[str, np.ndarray], mask: np.ndarray) -> dict[str, Scores]:
    """Every model's scores on the masked films; none when those films are not both successes and failures."""
    if len(set(labels[mask])) < 2:
        return {}
    return {name: scores(labels[mask], p[mask]) for name, p in probabilities.items()}


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


# ---------------------------------------------------------------------------------------------------------------
# Intervals: a bootstrap over the scored films, all resamples at once


def weighted_roc_and_pr(
    labels: np.ndarray, probabilities: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """ROC-AUC and average precision (as scikit-learn computes them, ties included) for each row of `weights`: the
    number of times each film is drawn in one resample."""
    order = np.argsort(-probabilities, kind="mergesort")
    ranked = probabilities[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(ranked)), len(ranked) - 1]
    counts = weights[:, order].astype(np.float64)
    positives = labels[order].astype(np.float64)
    tp = np.cumsum(counts * positives, axis=1)[:, last_of_tie]
    fp = np.cumsum(counts * (1 - positives), axis=1)[:, last_of_tie]
    total_p, total_n = tp[:, -1:], fp[:, -1:]
    tp0 = np.c_[np.zeros(len(tp)), tp]
    fp0 = np.c_[np.zeros(len(fp)), fp]
    with np.errstate(divide="ignore", invalid="ignore"):
        roc = np.sum(np.diff(fp0, axis=1) * (tp0[:, 1:] + tp0[:, :-1]) / 2, axis=1) / (total_p * total_n)[:, 0]
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
        pr = np.sum(np.diff(tp0, axis=1) * precision, axis=1) / total_p[:, 0]
    return roc, pr


def bootstrap_intervals(
    labels: np.ndarray, probabilities: Mapping[str, np.ndarray], seed: int, resamples: int = BOOTSTRAP_RESAMPLES
) -> tuple[dict[str, dict[str, Interval]], dict[str, np.ndarray]]:
    """95% intervals of every model's ROC-AUC and PR-AUC, each model scored on the same resampled films (paired),
    and the resampled ROC-AUCs themselves (to compare two models)."""
    random = np.random.default_rng(seed)
    uniform = np.full(len(labels), 1 / len(labels))
    roc_draws: dict[str, list[np.ndarray]] = {name: [] for name in probabilities}
    pr_draws: dict[str, list[np.ndarray]] = {name: [] for name in probabilities}
    for first in range(0, resamples, BOOTSTRAP_BATCH):
        weights = random.multinomial(len(labels), uniform, size=min(BOOTSTRAP_BATCH, resamples - first))
        positives = weights @ labels
        weights = weights[(positives > 0) & (positives < len(labels))]  # a resample with one class has no AUC
        for name, values in probabilities.items():
            roc, pr = weighted_roc_and_pr(labels, values, weights)
            roc_draws[name].append(roc)
            pr_draws[name].append(pr)
    intervals, draws = {}, {}
    for name in probabilities:
        draws[name] = np.concatenate(roc_draws[name])
        intervals[name] = {"roc_auc": _percentiles(draws[name]), "pr_auc": _percentiles(np.concatenate(pr_draws[name]))}
    return intervals, draws


def _percentiles(values: np.ndarray) -> Interval:
    low, high = np.percentile(values, [2.5, 97.5])
    return round(float(low), 4), round(float(high), 4)


def bootstrap_auc_intervals(
    labels: np.ndarray, model: np.ndarray, baseline: np.ndarray, seed: int, resamples: int = BOOTSTRAP_RESAMPLES
) -> dict[str, Interval]:
    """95% intervals for the model's and the baseline's ROC-AUC and for their difference, from the same resampled
    films (paired), so that a gap between the two can be told from noise."""
    _, draws = bootstrap_intervals(labels, {"model": model, "baseline": baseline}, seed, resamples)
    return {
        "model": _percentiles(draws["model"]),
        "logistic_regression": _percentiles(draws["baseline"]),
        "model_minus_logistic_regression": _percentiles(draws["model"] - draws["baseline"]),
    }


def reliability(labels: np.ndarray, probabilities: np.ndarray, bins: int = 10) -> CalibrationCurve:
    observed, predicted = calibration_curve(labels, probabilities, n_bins=bins, strategy="quantile")
    return CalibrationCurve(mean_predicted=predicted.round(6).tolist(), observed_rate=observed.round(6).tolist())


# ---------------------------------------------------------------------------------------------------------------
# Fitting and evaluating


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
    counts = label_counts(dataset, options.holdout_from)
    say(
        f"split at {options.holdout_from}: {len(train):,} training films (success rate {train.labels.mean():.1%}), "
        f"{len(holdout):,} holdout films (success rate {holdout.labels.mean():.1%}, "
        f"{holdout.complete.sum():,} with complete records)"
    )
    languages = frequent_languages(train, options.min_language_films)
    builders = candidate_builders(languages, options.seed)

    # The folds: trees and logistic regression are fitted per fold; the blend is the mean of their probabilities.
    oof: dict[str, np.ndarray] = {}
    positions = np.array([], dtype=np.int64)
    for name in ("trees", "logistic_regression"):
        positions, oof[name], _ = out_of_fold_probabilities(train, builders[name], options.cv_folds)
        say(f"  {name}: {options.cv_folds} time-ordered folds done")
    oof["blend"] = (oof["trees"] + oof["logistic_regression"]) / 2
    folds = {name: fold_scores(train, positions, oof[name], options.cv_folds) for name in CANDIDATES}
    chosen = choose(folds)
    threshold = youden_threshold(train.labels[positions], oof[chosen])
    seconds["out_of_fold_and_threshold"] = time.perf_counter() - started
    for name in CANDIDATES:
        say(
            f"{name}: mean fold ROC-AUC {folds[name].mean_roc_auc:.3f}, PR-AUC {folds[name].mean_pr_auc:.3f}"
            + (" (shipped)" if name == chosen else "")
        )
    say(f"threshold {threshold:.3f} (Youden's J on the shipped model's out-of-fold predictions)")

    fit_started = time.perf_counter()
    halves = CANDIDATES[:2]
    if chosen == "blend":
        # Its halves are the trees and the logistic regression (same builders, same seed, same rows): fitted once,
        # they are the other two candidates too, to the last bit. At 1.2 M movies each fit takes minutes.
        blend = builders["blend"](train.features).fit(train.features, train.labels)
        fitted = {"blend": blend, **{name: blend.named_estimators_[name] for name in halves}}
    else:
        fitted = {name: builders[name](train.features).fit(train.features, train.labels) for name in halves}
    probabilities = {name: positive_probabilities(fitted[name], holdout.features) for name in halves}
    # the blend's probability is the mean of its halves'; the shipped one's is read from the blend itself
    probabilities["blend"] = (probabilities["trees"] + probabilities["logistic_regression"]) / 2
    if chosen == "blend":
        probabilities["blend"] = positive_probabilities(fitted["blend"], holdout.features)
    seconds["fit_model"] = time.perf_counter() - fit_started
    majority = DummyClassifier(strategy="prior").fit(train.features, train.labels)
    probabilities["majority_class"] = positive_probabilities(majority, holdout.features)
    probabilities = {"model": probabilities[chosen], **probabilities}
    complete = holdout.complete
    holdout_scores = {name: scores(holdout.labels, p) for name, p in probabilities.items()}
    complete_scores = subset_scores(holdout.labels, probabilities, complete)
    intervals = {"all": bootstrap_intervals(holdout.labels, probabilities, options.seed)[0]}
    if complete_scores:
        only_complete = {name: p[complete] for name, p in probabilities.items()}
        intervals["complete_records"] = bootstrap_intervals(holdout.labels[complete], only_complete, options.seed)[0]
    seconds["fit_and_evaluate"] = time.perf_counter() - started
    for subset, table in (("all films", holdout_scores), ("complete records", complete_scores)):
        say(
            f"holdout ({subset}) ROC-AUC / PR-AUC: "
            + ", ".join(f"{name} {s.roc_auc:.3f} / {s.pr_auc:.3f}" for name, s in table.items() if name != "model")
        )
    trained = TrainedModel(
        options=options,
        snapshot=dataset.snapshot,
        chosen=chosen,
        model=fitted[chosen],
        languages=languages,
        threshold=threshold,
        train=train,
        holdout=holdout,
        holdout_probabilities=probabilities["model"],
        holdout_scores=holdout_scores,
        holdout_complete_scores=complete_scores,
        holdout_intervals=intervals,
        holdout_at_threshold=threshold_scores(holdout.labels, probabilities["model"], threshold),
        out_of_fold_scores=scores(train.labels[positions], oof[chosen]),
        fold_scores=folds,
        calibration={
            name: reliability(holdout.labels, probabilities[name]) for name in ("model", "logistic_regression")
        },
        roc_auc_intervals=bootstrap_auc_intervals(
            holdout.labels, probabilities["model"], probabilities["logistic_regression"], options.seed
        ),
        label_counts=counts,
        baseline_probabilities={name: p for name, p in probabilities.items() if name != "model"},
        seconds=seconds,
    )
    if trained.behind_a_baseline:
        behind = ", ".join(trained.behind_a_baseline)
        say(f"WARNING: on the holdout the shipped {chosen} trails {behind} on both ROC-AUC and PR-AUC")
    return trained


def _quiet(message: str) -> None:
    return None
