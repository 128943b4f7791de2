"""What "success" means for a movie: the label rule as data, and the pure function that applies it.

A released movie succeeds when its revenue is at least 2.5 times its budget (the usual break-even rule of thumb:
the studio's share of the box office is about half, and marketing costs about as much again as the budget).
The label is unknown, and the movie is left out of training and evaluation, when:
- the movie is not released (`Post Production`, `Rumored`): it has no revenue to judge yet;
- its budget or revenue is unknown (TMDB's 0, stored as NULL);
- its budget or revenue is below 1,000: such figures (budget 1 for *Modern Times*, revenue 7 for a film that cost
  4 million) were entered in millions or are placeholders, so the ratio means nothing;
- its run was not over when its record was read: a record fetched less than 180 days after the release may hold a
  fraction of the final box office (`final_success_label`, `run_over`).

docs/success.md shows the data behind each choice. The same rule in SQL, over the analysts' view:
`CASE WHEN status = 'Released' AND budget >= 1000 AND revenue >= 1000
      AND fetched_at::date - release_date >= 180 THEN roi >= 2.5 END`.
"""

import math
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Budgets and revenues below this are implausible for a released feature film; the label treats them as unknown
# and so do the features (a budget of 3 would otherwise read as the cheapest film ever made).
PLAUSIBLE_MONEY_MIN = 1000

MoneyField = Literal["budget", "revenue"]


class SuccessRule(BaseModel):
    """The label rule, serialised as is into the model card so that anyone can recompute the labels."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "roi_at_least_2.5"
    roi_min: float = Field(default=2.5, gt=0, description="success when revenue / budget >= roi_min")
    requires: tuple[MoneyField, ...] = Field(
        default=("budget", "revenue"), description="fields that must be known, else the label is unknown"
    )
    money_min: int = Field(
        default=PLAUSIBLE_MONEY_MIN, ge=1, description="a required field below this counts as unknown (USD)"
    )
    status: str = Field(default="Released", description="only movies with this TMDB status get a label")
    fetched_days_after_release: int = Field(
        default=180,
        ge=0,
        description="a label needs the record fetched at least this many days after the release: the run is over",
    )
    unknown: str = "a movie whose label is unknown is left out of training and evaluation"


DEFAULT_RULE = SuccessRule()


def plausible_money(amount: int | None, rule: SuccessRule = DEFAULT_RULE) -> int | None:
    """The amount, or None when it is unknown or too small to be believed."""
    if amount is None or amount < rule.money_min:
        return None
    return amount


def roi(budget: int | None, revenue: int | None, rule: SuccessRule = DEFAULT_RULE) -> float | None:
    """revenue / budget, or None when either is unknown or implausible."""
    budget, revenue = plausible_money(budget, rule), plausible_money(revenue, rule)
    if budget is None or revenue is None:
        return None
    return revenue / budget


def success_label(
    status: str | None, budget: int | None, revenue: int | None, rule: SuccessRule = DEFAULT_RULE
) -> bool | None:
    """True (a success), False (not one) or None (unknown: the movie gets no label)."""
    if status != rule.status:
        return None
    money = {"budget": budget, "revenue": revenue}
    if any(plausible_money(money[field], rule) is None for field in rule.requires):
        return None
    ratio = roi(budget, revenue, rule)
    return None if ratio is None else ratio >= rule.roi_min


def log_roi(budget: int | None, revenue: int | None, rule: SuccessRule = DEFAULT_RULE) -> float | None:
    """The natural log of the ROI: a film's track-record contribution, symmetric between flops and hits."""
    ratio = roi(budget, revenue, rule)
    return None if ratio is None else math.log(ratio)


def run_over(released: date | None, fetched_at: datetime | date | None, rule: SuccessRule = DEFAULT_RULE) -> bool:
    """Whether the record was read late enough after the release for its box office to be final. A record with no
    fetch time (a hand-made one) counts as final; one with no release date never does."""
    if fetched_at is None:
        return True
    if released is None:
        return False
    fetched = fetched_at.date() if isinstance(fetched_at, datetime) else fetched_at
    return (fetched - released).days >= rule.fetched_days_after_release


def final_success_label(
    status: str | None,
    budget: int | None,
    revenue: int | None,
    released: date | None,
    fetched_at: datetime | date | None,
    rule: SuccessRule = DEFAULT_RULE,
) -> bool | None:
    """`success_label`, but None while the run was not over when the record was read: what training learns from."""
    return success_label(status, budget, revenue, rule) if run_over(released, fetched_at, rule) else None
