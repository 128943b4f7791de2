"""Compare model and feature choices on the training side only, by time-ordered cross-validation.

    python model_export/candidates.py [--holdout]

Each candidate is scored on the films released before the holdout, in 5 time-ordered folds (each block predicted
by a model fitted on the films released before it). The shipped model was chosen from this table. `--holdout`
adds each candidate's holdout ROC-AUC as a diagnostic, after the choice: it must not be used to choose.
"""

import argparse
import dataclasses
import sys
from contextlib import closing

import numpy as np
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

from cinelake import wiring
from cinelake.adapters.model_data import ModelData
from cinelake.adapters.postgres import connect
from cinelake.config import get_settings
from cinelake.domain.features import ROLES, TRACK_RECORD_STATS
from cinelake.services import train as training

TREES = "histgradientboostingclassifier__"
VARIANTS = {
    "trees, shipped (depth 3, 300 rounds, rate 0.03, leaf 100)": {},
    "trees, first try (depth 4, 400 rounds, rate 0.03, leaf 40)": {
        "max_depth": 4,
        "max_iter": 400,
        "min_samples_leaf": 40,
    },
    "trees, shallow (depth 2, 300 rounds, leaf 100)": {"max_depth": 2},
    "trees, faster (depth 4, 150 rounds, rate 0.06, leaf 100)": {
        "max_depth": 4,
        "max_iter": 150,
        "learning_rate": 0.06,
    },
}


def track_record_columns(*roles: str) -> tuple[str, ...]:
    return tuple(f"{role}_{stat}" for role in roles for stat in TRACK_RECORD_STATS)


ABLATIONS = {
    "shipped trees without any track record": track_record_columns(*ROLES),
    "shipped trees without the keyword features": track_record_columns("keyword"),
    "shipped trees without cast and director track records": track_record_columns("cast", "director"),
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
    with closing(connect(wiring.database_url(get_settings()), application_name="cinelake-candidates")) as conn:
        dataset = training.load_dataset(ModelData(conn), options.rule, progress=print)

    def trees(changes: dict):
        def build():
            model = training.build_model(languages, options.seed)
            return model.set_params(**{TREES + name: value for name, value in changes.items()})

        return build

    train, holdout = training.split_by_time(dataset, options.holdout_from)
    languages = training.frequent_languages(train, options.min_language_films)
    candidates = [("logistic regression", train, lambda: training.build_logistic_baseline(languages, args.seed))]
    candidates += [(name, train, trees(changes)) for name, changes in VARIANTS.items()]
    candidates += [(name, without(train, columns), trees({})) for name, columns in ABLATIONS.items()]

    header = "| candidate | mean fold ROC-AUC | newest fold | pooled out-of-fold |"
    print("\n" + header + (" holdout (diagnostic) |" if args.holdout else ""))
    print("| --- | ---: | ---: | ---: |" + (" ---: |" if args.holdout else ""))
    with threadpool_limits(limits=1):
        for name, data, build in candidates:
            positions, probabilities, fold_auc = training.out_of_fold_probabilities(data, build, options.cv_folds)
            pooled = roc_auc_score(data.labels[positions], probabilities)
            row = f"| {name} | {np.mean(fold_auc):.3f} | {fold_auc[-1]:.3f} | {pooled:.3f} |"
            if args.holdout:
                scored = holdout if data is train else without(holdout, ABLATIONS[name])
                fitted = build().fit(data.features, data.labels)
                row += f" {roc_auc_score(scored.labels, fitted.predict_proba(scored.features)[:, 1]):.3f} |"
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
