"""The third round of ideas for the success model (issue 14), judged on the time-ordered training folds only.

    python model_export/round_three.py [--holdout]

The ideas, written down before any of them was run (2026-12-06):

A. Audience size per role: the mean log10(1 + vote count) of each role's earlier films (director, top-3 cast,
   company, keyword, series), with the same 90-day lag as every track record. Earlier films' figures, like
   `_mean_log_revenue`, never the scored film's; but vote counts are read at snapshot time, so an earlier film's count
   includes votes cast after the scored film's release (a later hit can send viewers to an actor's earlier films).
B. Reception per role: the mean vote average of each role's earlier films with at least 10 votes (same caveat).
C. A and B together.
D. Recency-weighted track records: success rate and mean log-ROI per role with each earlier film weighted by
   exp(-age / tau), a half-life of 3 years.
E. Genre, language and country momentum: the success rate and mean log-ROI of the film's genres (mean over its
   genres) over the 36 calendar months ending at least 90 days before its release (months m-39 to m-4), and the
   success rate of its original language and of its production countries over the same window (a group with fewer
   than 10 labelled films there is unknown).
F. The cast track record over all 5 billed cast members instead of the top 3 (replaces the six cast columns).
G. The lead actor's own track record beside the pooled top 3 (films, success rate, mean log-ROI, mean log revenue).
H. Trees with monotonic constraints (increasing) on every role's and the series' success rate and mean log-ROI.
I. The blend as the mean of its two members' log-odds instead of their probabilities (a fixed logistic stack). A
   stack fitted on inner out-of-fold scores was left out: rounds one and two found equal weights best among 0.2-0.7.
J. Every idea of A-H ahead of the shipped blend in all five folds, together.

The rule: an idea ships only if its blend is ahead of the shipped blend in every one of the five folds (ROC-AUC).
`--holdout` adds the holdout diagnostics; it was run only after the choice. Each extra column here is computed
from the database beside the shipped ones (the shipped features are untouched), with earlier films counted when
released at least 90 days before the scored film (`counted_before`), as the book counts them.
"""

import argparse
import dataclasses
import math
import sys
from contextlib import closing

import numpy as np
import pandas as pd
from scipy.special import expit, logit
from sklearn.metrics import average_precision_score, roc_auc_score
from threadpoolctl import threadpool_limits

from cinelake.adapters.model_data import ModelData
from cinelake.adapters.postgres import connect, run
from cinelake.cli import local_adapters
from cinelake.domain.features import NUMERIC_FEATURES, ROLES, TRACK_RECORD_LAG_DAYS, outcome_of
from cinelake.domain.series import collection_key, series_keys, title_key
from cinelake.domain.success import DEFAULT_RULE
from cinelake.services import train as training

FILMS_SQL = """
SELECT f.tmdb_id, f.release_date - DATE '0001-01-01' + 1, f.status, f.budget, f.revenue,
       (f.fetched_at AT TIME ZONE 'UTC')::date - DATE '0001-01-01' + 1, f.vote_count, f.vote_average,
       f.original_language, f.title, m.collection_id
FROM movie_facts f JOIN movies m USING (tmdb_id)
WHERE f.release_date IS NOT NULL
"""
# Each role's names per film, normalised as the book normalises them, in each movie's order (cast by billing).
CREDITS_SQL = {
    "director": """SELECT tmdb_id, lower(btrim(p.name)), credit_id FROM movie_crew c JOIN people p USING (person_id)
        WHERE job = 'Director' ORDER BY tmdb_id, credit_id""",
    "cast": """SELECT tmdb_id, lower(btrim(p.name)), cast_order FROM movie_cast c JOIN people p USING (person_id)
        ORDER BY tmdb_id, cast_order, credit_id""",
    "company": """SELECT tmdb_id, lower(btrim(c.name)), 0 FROM movie_companies JOIN companies c USING (company_id)
        ORDER BY tmdb_id, c.name, company_id""",
    "keyword": """SELECT tmdb_id, lower(btrim(k.name)), 0 FROM movie_keywords JOIN keywords k USING (keyword_id)
        ORDER BY tmdb_id, k.name""",
}
GENRES_SQL = "SELECT mg.tmdb_id, g.name FROM movie_genres mg JOIN genres g USING (genre_id)"
COUNTRIES_SQL = "SELECT tmdb_id, iso_3166_1 FROM movie_countries"

HALF_LIFE_YEARS = 3.0
MIN_VOTES_FOR_AVERAGE = 10
MOMENTUM_MONTHS = 36
MOMENTUM_GAP_MONTHS = 4  # months m-39 .. m-4: every film in them came out at least 90 days before month m's first day
MIN_GROUP_FILMS = 10
RATE_AND_ROI = ("success_rate", "mean_log_roi")


@dataclasses.dataclass(frozen=True)
class Films:
    """Every dated film: its day, what it contributes, and its keys."""

    frame: pd.DataFrame  # tmdb_id, day, labelled, success, log_roi, with_revenue, log_revenue, ...
    credits: dict[str, pd.DataFrame]  # role -> (tmdb_id, name, order), in each movie's order
    genres: pd.DataFrame
    countries: pd.DataFrame


def read_films(conn) -> Films:
    rows = run(conn, FILMS_SQL, "round three")
    frame = pd.DataFrame(
        rows,
        columns=[
            "tmdb_id", "day", "status", "budget", "revenue", "fetched_day", "votes", "vote_average", "language",
            "title", "collection_id",
        ],
    )  # fmt: skip
    labelled, success, log_roi, with_revenue, log_revenue = [], [], [], [], []
    for day, status, budget, revenue, fetched in zip(
        frame.day, frame.status, frame.budget, frame.revenue, frame.fetched_day, strict=True
    ):
        outcome = outcome_of(
            _date(day),
            status,
            None if pd.isna(budget) else int(budget),
            None if pd.isna(revenue) else int(revenue),
            None if pd.isna(fetched) else _date(fetched),
            DEFAULT_RULE,
        )
        labelled.append(outcome.success is not None)
        success.append(bool(outcome.success))
        log_roi.append(outcome.log_roi or 0.0)
        with_revenue.append(outcome.log_revenue is not None)
        log_revenue.append(outcome.log_revenue or 0.0)
    frame["labelled"] = np.array(labelled, dtype=float)
    frame["success"] = np.array(success, dtype=float) * frame["labelled"]
    frame["log_roi"] = np.array(log_roi)
    frame["with_revenue"] = np.array(with_revenue, dtype=float)
    frame["log_revenue"] = np.array(log_revenue)
    votes = pd.to_numeric(frame["votes"], errors="coerce")
    frame["with_votes"] = votes.notna().astype(float)
    frame["log_votes"] = np.log10(1 + votes.fillna(0))
    average = pd.to_numeric(frame["vote_average"], errors="coerce")
    rated = (votes >= MIN_VOTES_FOR_AVERAGE) & average.notna()
    frame["rated"] = rated.astype(float)
    frame["vote_average"] = average.where(rated, 0.0)
    frame["day"] = frame["day"].astype(np.int64)
    credits = {}
    for role, sql in CREDITS_SQL.items():
        credits[role] = pd.DataFrame(run(conn, sql, "round three"), columns=["tmdb_id", "name", "order"])
        credits[role]["name"] = credits[role]["name"].fillna("")
    genres = pd.DataFrame(run(conn, GENRES_SQL, "round three"), columns=["tmdb_id", "name"])
    countries = pd.DataFrame(run(conn, COUNTRIES_SQL, "round three"), columns=["tmdb_id", "name"])
    series = [
        (tmdb_id, key)
        for tmdb_id, title, collection in zip(frame.tmdb_id, frame.title, frame.collection_id, strict=True)
        for key in series_keys(title or None, None if pd.isna(collection) else int(collection))
    ]
    credits["series"] = pd.DataFrame(series, columns=["tmdb_id", "name"]).assign(order=0)
    return Films(frame, credits, genres, countries)


def _date(ordinal):
    from datetime import date

    return date.fromordinal(int(ordinal))


def earlier_sums(films: Films, role: str, names: pd.DataFrame, values: dict[str, np.ndarray]) -> pd.DataFrame:
    """For each (query film, name) pair of `names` (columns `query`, `day`, `name`), the sums of `values` (arrays
    over `films.frame`'s rows) over the name's films released at least the lag before `day`, and their count."""
    credits = films.credits[role].drop_duplicates(["tmdb_id", "name"])
    row_of = pd.Series(np.arange(len(films.frame)), index=films.frame.tmdb_id)
    rows = row_of.reindex(credits.tmdb_id).to_numpy()
    credits = credits[~np.isnan(rows)].assign(row=rows[~np.isnan(rows)].astype(np.int64))
    codes, uniques = pd.factorize(pd.concat([credits["name"], names["name"]], ignore_index=True))
    credit_code, query_code = codes[: len(credits)], codes[len(credits) :]
    day = films.frame["day"].to_numpy()[credits["row"].to_numpy()]
    composite = credit_code.astype(np.int64) * 1_000_000 + day
    order = np.argsort(composite, kind="stable")
    composite = composite[order]
    chosen = credits["row"].to_numpy()[order]
    cutoff = names["day"].to_numpy() - (TRACK_RECORD_LAG_DAYS - 1)  # films before this day count
    known = query_code >= 0
    base = np.where(known, query_code, -1).astype(np.int64) * 1_000_000
    low = np.searchsorted(composite, base, side="left")
    high = np.searchsorted(composite, base + cutoff, side="left")
    high = np.where(known, high, low)
    result = {"films": (high - low).astype(float)}
    for name, value in values.items():
        cumulative = np.r_[0.0, np.cumsum(value[chosen])]
        result[name] = cumulative[high] - cumulative[low]
    return pd.DataFrame(result, index=names.index)


def tracked(films: Films, role: str, scored: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The scored films' names of one role (each name once, blanks left out; the first `limit` of the list)."""
    credits = films.credits[role]
    credits = credits[credits.tmdb_id.isin(scored.tmdb_id)]
    if limit is not None:
        credits = credits[credits.groupby("tmdb_id").cumcount() < limit]
    credits = credits.dropna(subset=["name"])
    credits = credits[credits.name.str.len() > 0].drop_duplicates(["tmdb_id", "name"])
    merged = credits.merge(scored[["tmdb_id", "day", "query"]], on="tmdb_id")
    return merged.reset_index(drop=True)


def pooled(scored: pd.DataFrame, names: pd.DataFrame, sums: pd.DataFrame) -> pd.DataFrame:
    """Each scored film's sums over its names (NaN rows for a film with no name of the role)."""
    totals = sums.groupby(names["query"].to_numpy()).sum()
    return totals.reindex(scored["query"].to_numpy())


def ratio(total: pd.Series, over: pd.Series) -> np.ndarray:
    total, over = total.to_numpy(), over.to_numpy()
    return np.divide(total, over, out=np.full(len(total), np.nan), where=over > 0)


def series_names(films: Films, scored: pd.DataFrame) -> pd.DataFrame:
    """Each scored film's series key, as the book chooses it: its collection's when that has earlier films, else its
    title's."""
    frame = films.frame.set_index("tmdb_id").loc[scored.tmdb_id]
    out = []
    for query, day, title, collection in zip(
        scored["query"], scored["day"], frame["title"], frame["collection_id"], strict=True
    ):
        out.append((query, day, collection_key(None if pd.isna(collection) else int(collection)), title_key(title)))
    by = pd.DataFrame(out, columns=["query", "day", "collection", "title"])
    with_collection = by.dropna(subset=["collection"]).rename(columns={"collection": "name"})
    counts = earlier_sums(films, "series", with_collection, {})
    has = set(with_collection["query"][counts["films"].to_numpy() > 0])
    chosen = [
        (query, day, collection if query in has else title)
        for query, day, collection, title in by.itertuples(index=False)
    ]
    chosen = pd.DataFrame(chosen, columns=["query", "day", "name"]).dropna(subset=["name"])
    return chosen.reset_index(drop=True)


def extra_columns(films: Films, tmdb_ids: np.ndarray, days: np.ndarray) -> dict[str, pd.DataFrame]:
    """Each idea's extra columns for the scored films (in the given order), by idea."""
    scored = pd.DataFrame({"tmdb_id": tmdb_ids, "day": days, "query": np.arange(len(tmdb_ids))})
    frame = films.frame
    reference = 730_000  # about the year 2000: keeps exp(day / tau) within float range
    tau = HALF_LIFE_YEARS * 365.25 / math.log(2)
    weight = np.exp((frame["day"].to_numpy() - reference) / tau)
    values = {
        "labelled": frame["labelled"].to_numpy(),
        "success": frame["success"].to_numpy(),
        "log_roi": frame["log_roi"].to_numpy(),
        "with_revenue": frame["with_revenue"].to_numpy(),
        "log_revenue": frame["log_revenue"].to_numpy(),
        "with_votes": frame["with_votes"].to_numpy(),
        "log_votes": frame["with_votes"].to_numpy() * frame["log_votes"].to_numpy(),
        "rated": frame["rated"].to_numpy(),
        "vote_average": frame["vote_average"].to_numpy(),
        "w_labelled": weight * frame["labelled"].to_numpy(),
        "w_success": weight * frame["success"].to_numpy(),
        "w_log_roi": weight * frame["log_roi"].to_numpy(),
    }
    ideas: dict[str, dict[str, np.ndarray]] = {key: {} for key in "ABDEFG"}
    check: dict[str, np.ndarray] = {}
    for role in (*ROLES, "series"):
        names = (
            series_names(films, scored)
            if role == "series"
            else tracked(films, role, scored, 3 if role == "cast" else None)
        )
        sums = earlier_sums(films, role, names, values)
        total = pooled(scored, names, sums)
        ideas["A"][f"{role}_mean_log_votes"] = ratio(total["log_votes"], total["with_votes"])
        ideas["B"][f"{role}_mean_vote_average"] = ratio(total["vote_average"], total["rated"])
        ideas["D"][f"{role}_recent_success_rate"] = ratio(total["w_success"], total["w_labelled"])
        ideas["D"][f"{role}_recent_mean_log_roi"] = ratio(total["w_log_roi"], total["w_labelled"])
        check[f"{role}_success_rate"] = ratio(total["success"], total["labelled"])
        check[f"{role}_mean_log_revenue"] = ratio(total["log_revenue"], total["with_revenue"])
        if role == "series":
            check["series_films"] = total["films"].to_numpy()
    for limit, idea, prefix in ((5, "F", "cast"), (1, "G", "lead")):
        names = tracked(films, "cast", scored, limit)
        sums = earlier_sums(films, "cast", names, values)
        total = pooled(scored, names, sums)
        columns = {
            "films": total["films"].to_numpy(),
            "successes": total["success"].to_numpy(),
            "success_rate": ratio(total["success"], total["labelled"]),
            "mean_log_roi": ratio(total["log_roi"], total["labelled"]),
            "mean_log_revenue": ratio(total["log_revenue"], total["with_revenue"]),
        }
        if idea == "F":
            columns["best_films"] = sums["films"].groupby(names["query"].to_numpy()).max().reindex(scored["query"])
            columns["best_films"] = np.asarray(columns["best_films"], dtype=float)
        else:
            columns = {k: v for k, v in columns.items() if k != "successes"}
        ideas[idea] |= {f"{prefix}_{stat}": value for stat, value in columns.items()}
    ideas["E"] = momentum(films, scored)
    result = {idea: pd.DataFrame(columns).astype(np.float32) for idea, columns in ideas.items()}
    result["check"] = pd.DataFrame(check).astype(np.float32)
    return result


def _month(day: np.ndarray) -> np.ndarray:
    from datetime import date

    return np.array([(d.year * 12 + d.month - 1) for d in map(date.fromordinal, day.tolist())], dtype=np.int64)


def group_rates(films: Films, groups: pd.DataFrame, scored: pd.DataFrame, label: str) -> dict[str, np.ndarray]:
    """The mean over each scored film's groups (genres, language, countries) of the group's success rate and mean
    log-ROI over the labelled films of months m-39 .. m-4 (a group with fewer than MIN_GROUP_FILMS is left out)."""
    frame = films.frame.set_index("tmdb_id")
    labelled = frame[frame["labelled"] > 0]
    members = groups[groups.tmdb_id.isin(labelled.index)]
    month = pd.Series(_month(labelled["day"].to_numpy()), index=labelled.index)
    members = members.assign(
        month=month.reindex(members.tmdb_id).to_numpy(),
        success=labelled["success"].reindex(members.tmdb_id).to_numpy(),
        log_roi=labelled["log_roi"].reindex(members.tmdb_id).to_numpy(),
    )
    by_group = {
        name: (part.sort_values("month")["month"].to_numpy(), part.sort_values("month"))
        for name, part in members.groupby("name")
    }
    scored_months = pd.Series(_month(scored["day"].to_numpy()), index=scored["tmdb_id"].to_numpy())
    wanted = groups[groups.tmdb_id.isin(scored.tmdb_id)]
    cache: dict[tuple[str, int], tuple[float, float]] = {}
    rate_sum = np.zeros(len(scored))
    roi_sum = np.zeros(len(scored))
    count = np.zeros(len(scored))
    position = pd.Series(np.arange(len(scored)), index=scored["tmdb_id"].to_numpy())
    for tmdb_id, name in zip(wanted.tmdb_id, wanted.name, strict=True):
        m = int(scored_months[tmdb_id])
        if (name, m) not in cache:
            value = (math.nan, math.nan)
            if name in by_group:
                months, part = by_group[name]
                low, high = np.searchsorted(
                    months, [m - MOMENTUM_MONTHS - MOMENTUM_GAP_MONTHS + 1, m - MOMENTUM_GAP_MONTHS + 1]
                )
                if high - low >= MIN_GROUP_FILMS:
                    value = (part["success"].to_numpy()[low:high].mean(), part["log_roi"].to_numpy()[low:high].mean())
            cache[(name, m)] = value
        rate, roi = cache[(name, m)]
        if not math.isnan(rate):
            at = position[tmdb_id]
            rate_sum[at] += rate
            roi_sum[at] += roi
            count[at] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            f"{label}_momentum_success_rate": np.where(count > 0, rate_sum / count, np.nan),
            f"{label}_momentum_mean_log_roi": np.where(count > 0, roi_sum / count, np.nan),
        }


def momentum(films: Films, scored: pd.DataFrame) -> dict[str, np.ndarray]:
    genres = films.genres.assign(name=films.genres.name.str.strip().str.lower()).drop_duplicates()
    language = films.frame[["tmdb_id", "language"]].rename(columns={"language": "name"}).dropna()
    language = language.assign(name=language.name.str.strip().str.lower())
    language = language[language.name.str.len() > 0]
    columns = group_rates(films, genres, scored, "genre")
    columns |= {k: v for k, v in group_rates(films, language, scored, "language").items() if "success" in k}
    columns |= {k: v for k, v in group_rates(films, films.countries, scored, "country").items() if "success" in k}
    return columns


MONOTONIC = tuple(f"{role}_{stat}" for role in (*ROLES, "series") for stat in RATE_AND_ROI)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--holdout", action="store_true", help="add the holdout diagnostics (after the choice)")
    parser.add_argument("--only", help="comma-separated ideas to run (default: all)")
    parser.add_argument("--holdout-only", action="store_true", help="only the holdout diagnostics, not the folds")
    parser.add_argument("--together", help="J: comma-separated ideas to run together")
    args = parser.parse_args(argv)
    options = training.TrainingOptions(seed=0)
    with closing(connect(local_adapters().database_url(), application_name="cinelake-round-three")) as conn:
        dataset = training.load_dataset(ModelData(conn), options.rule, print, options.track_record_lag_days)
        films = read_films(conn)
    days = np.array([d.toordinal() for d in dataset.release_dates], dtype=np.int64)
    extra = extra_columns(films, dataset.tmdb_ids, days)
    for column, values in extra["check"].items():  # the machinery against the shipped columns
        shipped = dataset.features[column.replace("series_films", "series_films")].to_numpy()
        same = np.isclose(values.to_numpy(), shipped, atol=1e-4, equal_nan=True).mean()
        print(f"check {column}: {same:.4f} of rows agree with the shipped column")
    for idea, frame in extra.items():
        if idea != "check":
            print(f"idea {idea}: " + ", ".join(f"{c} known {frame[c].notna().mean():.0%}" for c in frame.columns))

    def variant(idea_keys: str):
        features = dataset.features.copy()
        numbers = list(NUMERIC_FEATURES)
        for key in idea_keys:
            frame = extra[key]
            for column in frame.columns:
                features[column] = frame[column].to_numpy()
                if column not in numbers:
                    numbers.append(column)
        return dataclasses.replace(dataset, features=features), tuple(numbers)

    train_all, holdout_all = training.split_by_time(dataset, options.holdout_from)
    languages = training.frequent_languages(train_all, options.min_language_films)
    seed = options.seed
    folds_n = options.cv_folds

    def members(data, numbers, tree_params=None, monotonic=False):
        def trees(rows):
            model = training.build_model(languages, seed, rows, tree_params, numbers)
            if monotonic:
                empty = training._empty_columns(rows, numbers)
                order = [n for n in numbers if n not in empty] + empty
                cst = [1 if name in MONOTONIC else 0 for name in order] + [0] * len(languages)
                model.set_params(histgradientboostingclassifier__monotonic_cst=cst)
            return model

        def logistic(rows):
            return training.build_logistic_baseline(languages, seed, rows, None, numbers)

        return trees, logistic

    rows = [("the shipped blend (round two)", "", False, "mean")]
    chosen = (args.only or "A,B,C,D,E,F,G,H,I").split(",")
    for key in chosen:
        if key == "C":
            rows.append(("C: A and B", "AB", False, "mean"))
        elif key == "H":
            rows.append(("H: monotonic trees", "", True, "mean"))
        elif key == "I":
            rows.append(("I: mean of log-odds", "", False, "logit"))
        elif key in "ABDEFG":
            rows.append((f"{key}", key, False, "mean"))
    if args.together:
        rows.append(
            (
                f"J: {args.together} together",
                args.together.replace(",", "").replace("H", ""),
                "H" in args.together,
                "mean",
            )
        )

    cache: dict[tuple, np.ndarray] = {}
    base_folds = None
    folds_header = " mean fold ROC-AUC | mean fold PR-AUC | newest fold | pooled | per fold ROC-AUC | ahead in |"
    holdout_header = (
        " holdout, all: blend ROC / PR | complete: blend ROC / PR | all: logistic ROC / PR |"
        " complete: logistic ROC / PR |"
    )
    print(
        "\n| idea |"
        + ("" if args.holdout_only else folds_header)
        + (holdout_header if args.holdout or args.holdout_only else "")
    )
    with threadpool_limits(limits=1):
        for name, keys, monotonic, how in rows:
            data, numbers = variant(keys)
            train, holdout = training.split_by_time(data, options.holdout_from)
            trees, logistic = members(train, numbers, monotonic=monotonic)
            key_t, key_l = (keys, monotonic), (keys,)
            if args.holdout_only:
                line = f"| {name} |"
            if not args.holdout_only and key_t not in cache:
                cache[key_t] = training.out_of_fold_probabilities(train, trees, folds_n)[:2]
            if not args.holdout_only and key_l not in cache:
                cache[key_l] = training.out_of_fold_probabilities(train, logistic, folds_n)[:2]
            if not args.holdout_only:
                positions, p_trees = cache[key_t]
                _, p_logistic = cache[key_l]
                blend = (p_trees + p_logistic) / 2 if how == "mean" else expit((logit(p_trees) + logit(p_logistic)) / 2)
                folds = training.fold_scores(train, positions, blend, folds_n)
                if base_folds is None:
                    base_folds = folds
                ahead = sum(a > b for a, b in zip(folds.roc_auc, base_folds.roc_auc, strict=True))
                line = (
                    f"| {name} | {folds.mean_roc_auc:.4f} | {folds.mean_pr_auc:.4f} | {folds.roc_auc[-1]:.4f} | "
                    f"{folds.pooled_roc_auc:.4f} | {' / '.join(f'{v:.4f}' for v in folds.roc_auc)} | {ahead} of 5 |"
                )
            if args.holdout or args.holdout_only:
                t = trees(train.features).fit(train.features, train.labels).predict_proba(holdout.features)[:, 1]
                lr = logistic(train.features).fit(train.features, train.labels).predict_proba(holdout.features)[:, 1]
                p = (t + lr) / 2 if how == "mean" else expit((logit(t) + logit(lr)) / 2)
                for probabilities in (p, lr):
                    for mask in (np.ones(len(holdout.labels), dtype=bool), holdout.complete):
                        y = holdout.labels[mask]
                        line += (
                            f" {roc_auc_score(y, probabilities[mask]):.3f} / "
                            f"{average_precision_score(y, probabilities[mask]):.3f} |"
                        )
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
