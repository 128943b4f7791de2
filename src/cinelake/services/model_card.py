"""The model card: what the model is, what it saw and how well it does, as JSON (`ModelCard`) and for people."""

import hashlib
import math
import platform
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version

from pydantic import BaseModel, ConfigDict

from cinelake.domain.features import (
    BIG_RELEASE_QUANTILE,
    CATEGORICAL_FEATURES,
    COMPETITION_DAYS,
    NUMERIC_FEATURES,
    POST_RELEASE_FIELDS,
    TOP_BILLED_CAST,
)
from cinelake.domain.success import SuccessRule
from cinelake.services.onnx_export import MODEL_FILE, ONNX_INPUTS, PROBABILITY_OUTPUT, TARGET_OPSET
from cinelake.services.train import (
    LOGISTIC_PARAMS,
    MODEL_PARAMS,
    SELECTION_METHOD,
    THRESHOLD_METHOD,
    THRESHOLD_REASON,
    TrainedModel,
)

LIBRARIES = ("cinelake", "scikit-learn", "skl2onnx", "onnx", "onnxruntime", "numpy", "pandas", "protobuf")

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
