"""The figures of docs/success.md and of each model version: PNGs drawn with matplotlib and seaborn.

Figures are drawn on `matplotlib.figure.Figure` objects, not through pyplot, so no display backend is involved.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from cinelake.adapters.model_data import MovieFacts
from cinelake.domain.success import DEFAULT_RULE, SuccessRule, roi, success_label

SUCCESS_COLOR, FAILURE_COLOR, UNKNOWN_COLOR = "#2a9d8f", "#e76f51", "#bfbfbf"
MODEL_COLOR, LOGISTIC_COLOR = "#264653", "#e9c46a"
DPI = 130


def _money(value: float, _position=None) -> str:
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if value >= limit:
            return f"${value / limit:g}{suffix}"
    return f"${value:g}"


def _save(figure: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=DPI, bbox_inches="tight")
    return path


# ---------------------------------------------------------------------------------------------------------------
# The data behind the label


def facts_frame(facts: Sequence[MovieFacts], rule: SuccessRule = DEFAULT_RULE) -> pd.DataFrame:
    frame = pd.DataFrame([fact.__dict__ for fact in facts])
    # From the facts, not the frame's columns: pandas turns a missing amount into NaN, which the rule does not take.
    frame["roi"] = [roi(fact.budget, fact.revenue, rule) for fact in facts]
    frame["label"] = [success_label(fact.status, fact.budget, fact.revenue, rule) for fact in facts]
    frame["rated"] = frame["vote_count"].fillna(0) > 0  # TMDB shows 0.0 for a film nobody rated
    return frame


def distributions_figure(frame: pd.DataFrame, path: Path) -> Path:
    """Budget, revenue, ROI, rating and votes, each with the share of movies where it is unknown."""
    total = len(frame)
    figure = Figure(figsize=(13, 7.5))
    axes = figure.subplots(2, 3).ravel()
    money_bins = np.logspace(0, 10, 41)

    def unknown_note(ax, unknown: int, extra: str = "") -> None:
        ax.set_title(ax.get_title() + f"\nunknown: {unknown:,} of {total:,} movies ({unknown / total:.0%}){extra}")

    for ax, column in zip(axes[:2], ("budget", "revenue"), strict=True):
        known = frame[column].dropna()
        tiny = known[known < DEFAULT_RULE.money_min]
        sns.histplot(known, bins=money_bins, ax=ax, color=MODEL_COLOR)
        sns.histplot(tiny, bins=money_bins, ax=ax, color=FAILURE_COLOR, label=f"< $1,000: {len(tiny)} implausible")
        ax.set_xscale("log")
        ax.set_yscale("log")  # so that the handful of implausible amounts shows next to the thousands of others
        ax.set_ylim(0.7, ax.get_ylim()[1] * 10)  # room for the legend above the peak
        ax.xaxis.set_major_formatter(FuncFormatter(_money))
        ax.set_xlabel(f"{column} (USD, log scale)")
        ax.set_ylabel("movies (log scale)")
        ax.set_title(column.capitalize())
        ax.legend(loc="upper left", frameon=False)
        unknown_note(ax, int(frame[column].isna().sum()))

    ratios = frame["roi"].dropna()
    ax = axes[2]
    sns.histplot(np.log10(ratios), bins=50, ax=ax, color=MODEL_COLOR)
    ax.axvline(math.log10(DEFAULT_RULE.roi_min), color=FAILURE_COLOR, linestyle="--", label="ROI = 2.5")
    ax.axvline(0, color="grey", linestyle=":", label="ROI = 1 (revenue = budget)")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{10**v:g}×"))
    ax.set_xlabel("ROI = revenue / budget (log scale)")
    ax.set_ylabel("movies")
    ax.set_title("ROI (budget and revenue both ≥ $1,000)")
    ax.set_ylim(0, ax.get_ylim()[1] * 1.3)  # room for the legend above the peak
    ax.legend(loc="upper left", frameon=False)
    unknown_note(ax, total - len(ratios))

    rated = frame[frame["rated"]]
    ax = axes[3]
    sns.histplot(rated["vote_average"], bins=np.arange(0, 10.25, 0.25), ax=ax, color=MODEL_COLOR)
    ax.set_xlabel("vote average (0–10)")
    ax.set_ylabel("movies")
    ax.set_title("Rating (vote average)")
    unknown_note(ax, total - len(rated), extra=": no votes")

    ax = axes[4]
    sns.histplot(rated["vote_count"], bins=np.logspace(0, 5.5, 45), ax=ax, color=MODEL_COLOR)
    ax.set_xscale("log")
    ax.set_xlabel("vote count (log scale)")
    ax.set_ylabel("movies")
    ax.set_title("Votes")
    unknown_note(ax, total - len(rated), extra=": no votes")

    ax = axes[5]
    shares = pd.Series(
        {
            "budget": frame["budget"].isna().mean(),
            "revenue": frame["revenue"].isna().mean(),
            "ROI (either unknown\nor < $1,000)": frame["roi"].isna().mean(),
            "rating / votes": 1 - frame["rated"].mean(),
        }
    )
    sns.barplot(x=shares.values, y=shares.index, ax=ax, color=UNKNOWN_COLOR, orient="h")
    for position, share in enumerate(shares.values):
        ax.text(share + 0.01, position, f"{share:.0%}", va="center")
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("share of all movies")
    ax.set_ylabel("")
    ax.set_title(f"How much is unknown ({total:,} movies)")
    figure.tight_layout()
    return _save(figure, path)


@dataclass(frozen=True)
class Candidate:
    name: str
    success: pd.Series  # True, False or NA (unknown) per movie


def candidate_definitions(frame: pd.DataFrame) -> list[Candidate]:
    """Definitions one could choose, each splitting the catalogue into success, not, and unknown."""
    released = frame["status"] == DEFAULT_RULE.status
    ratio = frame["roi"].where(released)
    enough_votes = released & (frame["vote_count"].fillna(0) >= 100)
    rating = frame["vote_average"].where(enough_votes)

    def rule(condition: pd.Series, known: pd.Series) -> pd.Series:
        return condition.astype("boolean").where(known, pd.NA)

    return [
        Candidate("ROI ≥ 1 (earns its budget back)", rule(ratio >= 1, ratio.notna())),
        Candidate("ROI ≥ 2", rule(ratio >= 2, ratio.notna())),
        Candidate("ROI ≥ 2.5 (chosen)", rule(ratio >= 2.5, ratio.notna())),
        Candidate("ROI ≥ 3", rule(ratio >= 3, ratio.notna())),
        Candidate("profit ≥ $50M", rule(frame["revenue"] - frame["budget"] >= 50e6, ratio.notna())),
        Candidate("rating ≥ 7 (≥ 100 votes)", rule(rating >= 7, rating.notna())),
    ]


def candidates_figure(frame: pd.DataFrame, path: Path) -> Path:
    """How each candidate definition splits the movies, and the success share among the labelled ones."""
    rows = []
    for candidate in candidate_definitions(frame):
        counts = candidate.success.value_counts()  # NA (unknown) is not counted
        success, failure = int(counts.get(True, 0)), int(counts.get(False, 0))
        rows.append((candidate.name, success, failure, len(frame) - success - failure))
    table = pd.DataFrame(rows, columns=["candidate", "success", "not a success", "unknown"]).set_index("candidate")

    figure = Figure(figsize=(11, 4.8))
    ax = figure.subplots()
    left = np.zeros(len(table))
    for column, color in zip(table.columns, (SUCCESS_COLOR, FAILURE_COLOR, UNKNOWN_COLOR), strict=True):
        bars = ax.barh(table.index, table[column], left=left, color=color, label=column)
        for bar, value in zip(bars, table[column], strict=True):
            if value > 600:
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    f"{value:,}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if color != UNKNOWN_COLOR else "black",
                )
        left += table[column].to_numpy()
    labelled = table["success"] + table["not a success"]
    for position, (name, count) in enumerate(labelled.items()):
        ax.text(
            len(frame) * 1.01, position, f"{table.loc[name, 'success'] / count:.0%} of {count:,} labelled", va="center"
        )
    ax.invert_yaxis()
    ax.set_xlim(0, len(frame) * 1.28)
    ax.set_xlabel(f"movies (all {len(frame):,} in the catalogue)")
    ax.set_xticks(range(0, len(frame) + 1, 2000))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:,.0f}"))
    ax.set_title("How candidate definitions of success split the catalogue")
    ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.14), ncol=3, frameon=False)
    figure.tight_layout()
    return _save(figure, path)


def success_by_year_figure(frame: pd.DataFrame, path: Path, holdout_from_year: int) -> Path:
    """Per release year since 1980: labelled movies and the share of successes, with the holdout years marked."""
    recent = frame[(frame["release_year"] >= 1980) & frame["label"].notna()]
    by_year = recent.groupby("release_year")["label"].agg(["count", "mean"])
    figure = Figure(figsize=(11, 4.2))
    ax = figure.subplots()
    ax.bar(by_year.index, by_year["count"], color=UNKNOWN_COLOR, label="labelled movies (left axis)")
    ax.set_ylabel("labelled movies")
    ax.set_xlabel("release year")
    share = ax.twinx()
    share.plot(by_year.index, by_year["mean"], color=SUCCESS_COLOR, marker="o", markersize=3, label="success share")
    share.set_ylim(0, 1)
    share.yaxis.set_major_formatter(PercentFormatter(1.0))
    share.set_ylabel("share of successes (ROI ≥ 2.5)")
    ax.axvspan(holdout_from_year - 0.5, by_year.index.max() + 0.5, color=MODEL_COLOR, alpha=0.12, label="holdout")
    handles = ax.get_legend_handles_labels()[0] + share.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="upper left", frameon=False)
    ax.set_title("Labelled movies and success share by release year")
    figure.tight_layout()
    return _save(figure, path)


def budget_revenue_figure(frame: pd.DataFrame, path: Path) -> Path:
    """Budget against revenue for every movie with both known: the ROI lines, and the implausible tiny amounts."""
    both = frame.dropna(subset=["budget", "revenue"])
    implausible = (both["budget"] < DEFAULT_RULE.money_min) | (both["revenue"] < DEFAULT_RULE.money_min)
    labelled = both[~implausible]
    figure = Figure(figsize=(7.5, 6.5))
    ax = figure.subplots()
    colors = labelled["roi"].ge(DEFAULT_RULE.roi_min).map({True: SUCCESS_COLOR, False: FAILURE_COLOR})
    ax.scatter(labelled["budget"], labelled["revenue"], s=4, c=colors, alpha=0.5, linewidths=0)
    ax.scatter(
        both.loc[implausible, "budget"],
        both.loc[implausible, "revenue"],
        s=22,
        marker="x",
        color="black",
        label=f"budget or revenue < $1,000 ({int(implausible.sum())}): label unknown",
    )
    line = np.logspace(0, 10, 10)
    ax.plot(
        line, line * DEFAULT_RULE.roi_min, color="black", linestyle="--", linewidth=1, label="revenue = 2.5 × budget"
    )
    ax.plot(line, line, color="grey", linestyle=":", linewidth=1, label="revenue = budget")
    ax.scatter([], [], s=12, color=SUCCESS_COLOR, label="success")
    ax.scatter([], [], s=12, color=FAILURE_COLOR, label="not a success")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(0.5, 2e9)
    ax.set_ylim(0.5, 1e10)
    ax.xaxis.set_major_formatter(FuncFormatter(_money))
    ax.yaxis.set_major_formatter(FuncFormatter(_money))
    ax.set_xlabel("budget (log scale)")
    ax.set_ylabel("revenue (log scale)")
    ax.set_title(f"Budget and revenue, {len(both):,} movies with both known")
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    figure.tight_layout()
    return _save(figure, path)


def write_analysis_figures(facts: Sequence[MovieFacts], directory: Path, holdout_from_year: int) -> list[Path]:
    frame = facts_frame(facts)
    return [
        distributions_figure(frame, directory / "distributions.png"),
        budget_revenue_figure(frame, directory / "budget_revenue.png"),
        candidates_figure(frame, directory / "candidate_definitions.png"),
        success_by_year_figure(frame, directory / "success_by_year.png", holdout_from_year),
    ]


# ---------------------------------------------------------------------------------------------------------------
# A trained model


def calibration_figure(
    labels: np.ndarray,
    probabilities: dict[str, np.ndarray],
    curves: dict[str, tuple[list[float], list[float]]],
    threshold: float,
    path: Path,
    shipped: str = "the shipped model",
) -> Path:
    """Left: reliability on the holdout (predicted probability against the observed success share, by decile).
    Right: the model's holdout probabilities for successes and failures, with the decision threshold."""
    figure = Figure(figsize=(12, 5))
    reliability_ax, histogram_ax = figure.subplots(1, 2)
    reliability_ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfectly calibrated")
    names = {
        "model": (shipped, MODEL_COLOR),
        "logistic_regression": ("logistic regression", LOGISTIC_COLOR),
    }
    for key, (predicted, observed) in curves.items():
        label, color = names[key]
        reliability_ax.plot(predicted, observed, marker="o", color=color, label=label)
    base_rate = float(np.mean(labels))
    reliability_ax.axhline(
        base_rate, color=FAILURE_COLOR, linestyle="--", linewidth=1, label="majority class (base rate)"
    )
    reliability_ax.set_xlim(0, 1)
    reliability_ax.set_ylim(0, 1)
    reliability_ax.set_xlabel("mean predicted probability (holdout deciles)")
    reliability_ax.set_ylabel("observed share of successes")
    reliability_ax.set_title(f"Calibration on the holdout ({len(labels):,} films)")
    reliability_ax.legend(loc="upper left", frameon=False)

    model_probabilities = probabilities["model"]
    bins = np.linspace(0, 1, 26)
    histogram_ax.hist(model_probabilities[labels == 1], bins=bins, alpha=0.6, color=SUCCESS_COLOR, label="successes")
    histogram_ax.hist(
        model_probabilities[labels == 0], bins=bins, alpha=0.6, color=FAILURE_COLOR, label="not successes"
    )
    histogram_ax.axvline(threshold, color="black", linestyle="--", label=f"threshold {threshold:.2f}")
    histogram_ax.set_xlim(0, 1)
    histogram_ax.set_xlabel("model probability of success")
    histogram_ax.set_ylabel("holdout films")
    histogram_ax.set_title("The model's holdout probabilities")
    histogram_ax.legend(loc="upper right", frameon=False)
    figure.tight_layout()
    return _save(figure, path)
