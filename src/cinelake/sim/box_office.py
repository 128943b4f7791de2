"""The synthetic catalogue's hidden model: a film's true budget, revenue and fame from what it is made of
(budget, genres, the director's and the leads' talent, the release month, the strongest company, plus noise), and
the votes, popularity and public amounts that follow from them."""

import math
import random
from dataclasses import dataclass
from datetime import date

from cinelake.sim import synthetic_words as words
from cinelake.sim.synthetic_names import Company, Keyword, Person

RELEASED = "Released"


@dataclass(frozen=True)
class HiddenMoney:
    """A movie's true budget and revenue, which the public record may not show yet; later days reveal them."""

    budget: int
    revenue: int


@dataclass(frozen=True)
class MovieFacts:
    """What one film is made of, drawn before it is written out as TMDB JSON."""

    language: str
    adult: bool
    video: bool
    release: date | None
    status: str
    genres: list[tuple[int, str]]
    directors: list[Person]
    cast: list[Person]  # in billing order
    companies: list[Company]
    countries: list[str]
    keywords: list[Keyword]

    @property
    def released(self) -> bool:
        return self.status == RELEASED

    @property
    def director_talent(self) -> float:
        return mean_or([person.talent for person in self.directors], default=0.0)


def lead_cast_talent(cast: list[Person]) -> float:
    """The leads carry a film: top billing counts most."""
    weights = (0.5, 0.3, 0.2)
    leads = cast[:3]
    if not leads:
        return -0.5
    return sum(weight * person.talent for weight, person in zip(weights, leads, strict=False)) / sum(
        weights[: len(leads)]
    )


def draw_vote_count(rng: random.Random, fame: float, age_days: int) -> int:
    youth = min(0.0, 0.7 * math.log(max(age_days, 1) / 365))  # new films have had little time to collect votes
    return max(0, int(math.exp(4.8 + 1.1 * fame + youth + rng.gauss(0, 1.5))) - 2)


def draw_vote_average(rng: random.Random, facts: MovieFacts, vote_count: int) -> float:
    """0.0 without votes (as TMDB); otherwise talent and genre help, and few votes make it noisy."""
    if vote_count == 0:
        return 0.0
    average = (
        6.2
        + mean_or([words.GENRE_EFFECTS[genre_id].vote_average for genre_id, _ in facts.genres], default=0.0)
        + 0.35 * facts.director_talent
        + 0.15 * lead_cast_talent(facts.cast)
        + rng.gauss(0, 0.8)
        + rng.gauss(0, 1.5) / math.sqrt(vote_count)
    )
    return round(min(max(average, 1.0), 10.0), 3)


def draw_popularity(rng: random.Random, vote_count: int, released: bool, age_days: int) -> float:
    """Heavy-tailed; follows votes, and new or upcoming films get a boost."""
    recency = 1.0 if not released else 1.5 if age_days < 60 else 0.7 if age_days < 365 else 0.0
    return round(math.exp(-0.6 + 0.42 * math.log1p(vote_count) + recency + rng.gauss(0, 0.9)), 3)


def add_votes(rng: random.Random, movie: dict, recent: bool) -> None:
    old_count = movie["vote_count"]
    new_votes = int(old_count * rng.uniform(0.001, 0.02)) + rng.randint(0 if not recent else 3, 5)
    if new_votes == 0:
        return
    if old_count == 0:
        average = rng.gauss(6.2, 1.2)
    else:
        average = movie["vote_average"] + rng.gauss(0, 1.0) * new_votes / (old_count + new_votes)
    movie["vote_count"] = old_count + new_votes
    movie["vote_average"] = round(min(max(average, 1.0), 10.0), 3)


def public_amount(rng: random.Random, amount: int) -> int:
    """What TMDB shows for a known amount: usually the amount, rarely a tiny value typed in millions."""
    if rng.random() < 0.006:
        return max(1, min(999, round(amount / 1_000_000))) if amount >= 1_000_000 else rng.randint(1, 999)
    return amount


def round_budget(amount: float) -> int:
    """Budgets are reported in round figures: two significant digits."""
    digits = max(0, int(math.log10(max(amount, 1))) - 1)
    return int(round(amount / 10**digits) * 10**digits)


def mean_or(values: list[float], default: float) -> float:
    return sum(values) / len(values) if values else default


def box_office(rng: random.Random, facts: MovieFacts, age_days: int) -> tuple[HiddenMoney, float]:
    """The hidden model: true budget and revenue, and the film's fame (the attention it gets)."""
    effects = [words.GENRE_EFFECTS[genre_id] for genre_id, _ in facts.genres]
    strength = max((company.strength for company in facts.companies), default=-0.6)
    lead_talent = lead_cast_talent(facts.cast)
    english = facts.language == "en"
    log_budget = (
        16.3
        + mean_or([effect.log_budget for effect in effects], default=0.0)
        + 0.45 * strength
        + 0.2 * lead_talent
        + (0.3 if english else -0.6)
        - 0.022 * age_days / 365.25  # older films were cheaper
        - (2.0 if facts.adult or facts.video else 0.0)
        + rng.gauss(0, 1.0)
    )
    log_budget = min(max(log_budget, 10.5), 19.6)
    month = facts.release.month if facts.release else rng.randint(1, 12)
    log_ratio = (  # log(revenue / budget)
        -0.1
        + mean_or([effect.log_revenue_ratio for effect in effects], default=0.0)
        + words.MONTH_EFFECTS[month - 1]
        + 0.7 * facts.director_talent
        + 0.4 * lead_talent
        + 0.25 * strength
        + sum(words.KEYWORD_REVENUE_EFFECTS.get(keyword.name, 0.0) for keyword in facts.keywords)
        - 0.12 * (log_budget - 16.3)  # big budgets rarely multiply
        + rng.gauss(0, 1.2)
    )
    fame = (
        0.35 * (log_budget - 16.3)
        + 0.3 * lead_talent
        + 0.25 * strength
        + (0.3 if english else -0.4)
        + 0.2 * log_ratio
        + rng.gauss(0, 0.6)
    )
    money = HiddenMoney(budget=round_budget(math.exp(log_budget)), revenue=int(math.exp(log_budget + log_ratio)))
    return money, fame
