"""Compare model and feature choices on the training side only, by time-ordered cross-validation.

    python model_export/candidates.py [--holdout]

Each candidate is scored on the films released before the holdout, in 5 time-ordered folds (each block predicted
by a model fitted on the films released before it): the mean ROC-AUC and PR-AUC over the folds, the newest fold's
ROC-AUC, and the pooled out-of-fold ROC-AUC. The shipped settings were chosen from this table. `--holdout` adds each
candidate's holdout ROC-AUC (all films, and films with complete records) as a diagnostic, after the choice: it must
not be used to choose. Each row prints as soon as it is done (about 10 s a row on 2 cores).
"""

import argparse
import dataclasses
import sys
from collections.abc import Callable
from contextlib import closing

import numpy as np
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

from cinelake.adapters.model_data import ModelData
from cinelake.adapters.postgres import connect
from cinelake.cli import local_adapters
from cinelake.domain.features import CALENDAR_COLUMNS, ROLES, SERIES_COLUMNS, TRACK_RECORD_STATS
from cinelake.services import train as training

TREE_VARIANTS = {
    "depth 2, 600 rounds, leaf 50": {"max_depth": 2, "max_iter": 600, "min_samples_leaf": 50},
    "depth 4, 300 rounds, leaf 100": {"max_depth": 4},
    "depth 3, 600 rounds, leaf 100": {"max_iter": 600},
    "depth 3, 300 rounds, leaf 200": {"min_samples_leaf": 200},
    "depth 3, 300 rounds, leaf 100, half the features per split": {"max_features": 0.5},
}
LOGISTIC_VARIANTS = {"C 0.03": {"C": 0.03}, "C 1": {"C": 1.0}}


def track_record_columns(*roles: str) -> tuple[str, ...]:
    return tuple(f"{role}_{stat}" for role in roles for stat in TRACK_RECORD_STATS)


ABLATIONS = {
    "without the series features": SERIES_COLUMNS,
    "without the release-calendar features": CALENDAR_COLUMNS,
    "without the budget beside its genres' (the model before 2026-12-06)": ("budget_vs_genre",),
    "without the keyword track records": track_record_columns("keyword"),
    "without any track record or series": track_record_columns(*ROLES) + SERIES_COLUMNS,
}


def without(dataset: training.Dataset, columns: tuple[str, ...]) -> training.Dataset:
    """The same films with the named feature columns set to 0: a constant carries no information."""
    features = dataset.features.copy()
    features[list(columns)] = np.float32(0)
    return dataclasses.replace(dataset, features=features)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--holdout", action="store_true", help="also show each candidate's holdout ROC-AUC")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    options = training.TrainingOptions(seed=args.seed)
    with closing(connect(local_adapters().database_url(), application_name="cinelake-candidates")) as conn:
        dataset = training.load_dataset(ModelData(conn), options.rule, print, options.track_record_lag_days)
    train, holdout = training.split_by_time(dataset, options.holdout_from)
    languages = training.frequent_languages(train, options.min_language_films)
    seed = options.seed

    def trees(params=None):
        return lambda rows: training.build_model(languages, seed, rows, params)

    def logistic(params=None):
        return lambda rows: training.build_logistic_baseline(languages, seed, rows, params)

    def blend(tree_params=None):
        return lambda rows: training.build_blend(languages, seed, rows, tree_params)

    rows: list[tuple[str, str, Callable]] = [  # (name, ablation or "", builder)
        ("trees (shipped settings)", "", trees()),
        ("logistic regression (shipped settings)", "", logistic()),
        ("blend of the two (shipped settings)", "", blend()),
    ]
    rows += [(f"trees, {name}", "", trees(params)) for name, params in TREE_VARIANTS.items()]
    rows += [(f"logistic regression, {name}", "", logistic(params)) for name, params in LOGISTIC_VARIANTS.items()]
    rows += [(f"blend, {ablation}", ablation, blend()) for ablation in ABLATIONS]

    header = "| candidate | mean fold ROC-AUC | mean fold PR-AUC | newest fold | pooled out-of-fold |"
    extra = " holdout: all (diagnostic) | holdout: complete records (diagnostic) |" if args.holdout else ""
    print("\n" + header + extra)
    print("| --- | ---: | ---: | ---: | ---: |" + (" ---: | ---: |" if args.holdout else ""))
    with threadpool_limits(limits=1):
        for name, ablation, build in rows:
            data = without(train, ABLATIONS[ablation]) if ablation else train
            positions, probabilities, _ = training.out_of_fold_probabilities(data, build, options.cv_folds)
            folds = training.fold_scores(data, positions, probabilities, options.cv_folds)
            row = (
                f"| {name} | {folds.mean_roc_auc:.3f} | {folds.mean_pr_auc:.3f} | {folds.roc_auc[-1]:.3f} | "
                f"{folds.pooled_roc_auc:.3f} |"
            )
            if args.holdout:
                scored = without(holdout, ABLATIONS[ablation]) if ablation else holdout
                fitted = build(data.features).fit(data.features, data.labels)
                p = fitted.predict_proba(scored.features)[:, 1]
                complete = scored.complete
                row += f" {roc_auc_score(scored.labels, p):.3f} |"
                row += f" {roc_auc_score(scored.labels[complete], p[complete]):.3f} |"
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
