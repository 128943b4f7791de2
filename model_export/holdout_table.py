"""The holdout table of docs/success.md: trees, logistic regression and their blend, on all films and on the films
whose records are complete (keywords, production companies and cast), ROC-AUC and PR-AUC with 95% intervals.

    python model_export/holdout_table.py [--same-films models/<version>/holdout.csv]

It trains with whichever `cinelake` is imported, through calls that every version since issue 4 has
(`load_dataset`, `fit_and_evaluate`), so the same script gives the "before" rows when run against an older checkout:

    git worktree add /tmp/cinelake-before <commit>
    PYTHONPATH=/tmp/cinelake-before/src python model_export/holdout_table.py

`--same-films` keeps only the holdout films listed in a version's holdout.csv (e.g. to score the old code on the
films the new label rule keeps). The blend is the mean of the trees' and the logistic regression's probabilities.
The database is DATABASE_URL's (else the local one, as for every `cinelake` command).
"""

import argparse
import csv
import sys
from contextlib import closing
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from cinelake.adapters.model_data import ModelData
from cinelake.adapters.postgres import connect
from cinelake.cli import local_adapters
from cinelake.services import train as training

RESAMPLES = 1000


def interval(labels: np.ndarray, probabilities: np.ndarray, metric, seed: int = 0) -> str:
    """The metric, and its 95% percentile interval over bootstrap resamples of the films."""
    random = np.random.default_rng(seed)
    draws = []
    for _ in range(RESAMPLES):
        sample = random.integers(0, len(labels), len(labels))
        if labels[sample].min() != labels[sample].max():
            draws.append(metric(labels[sample], probabilities[sample]))
    low, high = np.percentile(draws, [2.5, 97.5])
    return f"{metric(labels, probabilities):.3f} ({low:.3f}–{high:.3f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--same-films", type=Path, help="a holdout.csv: score only the films it lists")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    with closing(connect(local_adapters().database_url(), application_name="cinelake-holdout-table")) as conn:
        data = ModelData(conn)
        dataset = training.load_dataset(data)
        inputs = {movie.tmdb_id: movie.inputs for movie in data.catalog_movies()}
    trained = training.fit_and_evaluate(dataset, training.TrainingOptions(seed=args.seed), print)
    holdout = trained.holdout
    trees_or_shipped = trained.holdout_probabilities
    logistic = trained.baseline_probabilities["logistic_regression"]
    models = {"trees": trained.baseline_probabilities.get("trees", trees_or_shipped), "logistic regression": logistic}
    models["blend (mean of the two)"] = (models["trees"] + logistic) / 2
    keep = np.ones(len(holdout.labels), dtype=bool)
    if args.same_films:
        with args.same_films.open() as file:
            listed = {int(row["tmdb_id"]) for row in csv.DictReader(file)}
        keep = np.array([int(tmdb_id) in listed for tmdb_id in holdout.tmdb_ids])
    complete = keep & np.array(
        [bool(inputs[t].keywords and inputs[t].production_companies and inputs[t].cast) for t in holdout.tmdb_ids]
    )
    print(f"\n{keep.sum():,} holdout films, {complete.sum():,} with complete records\n")
    print("| model | all films: ROC-AUC | all films: PR-AUC | complete records: ROC-AUC | complete records: PR-AUC |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, probabilities in models.items():
        cells = [
            interval(holdout.labels[mask], probabilities[mask], metric, args.seed)
            for mask in (keep, complete)
            for metric in (roc_auc_score, average_precision_score)
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
