"""A deterministic synthetic TMDB catalogue, so the simulator, the demo and the tests need no data files.

`generate_catalog` draws a day-0 catalogue and one change set per simulated day from a single seeded
`random.Random`: the same arguments always give the same movies, byte for byte. Each movie has the shape of
`GET /3/movie/{id}?append_to_response=credits,keywords`, as in ../shared/data/catalog/base.jsonl.gz.

The numbers are loosely calibrated on that real catalogue. Revenue comes from a hidden model (box_office.py), so
a model can learn a real but imperfect signal. About half of all budgets and revenues are unknown (0), as on TMDB.
People, companies, keywords, their names and the titles are drawn from synthetic_names.py; this module draws each
film's facts, writes it out as TMDB JSON and revises it day by day.
"""

import math
import random
from bisect import bisect
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import TypeVar

from cinelake.domain.genres import GENRES_BY_ID
from cinelake.sim import synthetic_words as words
from cinelake.sim.box_office import (
    RELEASED,
    HiddenMoney,
    MovieFacts,
    add_votes,
    box_office,
    draw_popularity,
    draw_vote_average,
    draw_vote_count,
    mean_or,
    public_amount,
)
from cinelake.sim.catalog import Catalog, ChangeSet
from cinelake.sim.synthetic_names import (
    Company,
    Keyword,
    LanguagePools,
    NameBook,
    Person,
    UniqueIds,
    ZipfPool,
    company_name_batches,
    draw_english_title,
    draw_spanish_title,
    full_name,
    homepage_of,
    person_name_batches,
)

FIRST_MODERN_DAY = date(1970, 1, 1)
MEAN_FILM_AGE_DAYS = 16 * 365.25  # release dates lie an exponential number of days back: recent is common
ADULT_SHARE = 0.01
VIDEO_SHARE = 0.01
FUTURE_SHARE = 0.015  # announced films, not yet released
CLASSIC_SHARE = 0.04  # films from before 1970
MOVIE_ID_RANGE = (2, 1_350_000)  # spread like TMDB's ids, not 1..N
PERSON_ID_RANGE = (1, 4_900_000)
COMPANY_ID_RANGE = (1, 230_000)
KEYWORD_ID_RANGE = (1, 330_000)
COLLECTION_ID_RANGE = (10, 1_500_000)
# Series: about one film in ten is a sequel of an earlier film in its language, released one to eight years before.
# Sequels follow their series' record: a hit's sequel tends to do well too, a flop's tends not to.
SEQUEL_SHARE = 0.1
SEQUEL_GAP_DAYS = (365, 8 * 365)

T = TypeVar("T")


def generate_catalog(n_movies: int = 2000, n_days: int = 7, seed: int = 0, start_date: date | None = None) -> Catalog:
    """A catalogue of `n_movies` movies on day 0 (`start_date`, default today in UTC) and `n_days` change sets.

    The same arguments give the same catalogue. The base does not depend on `n_days`, and day k's changes do
    not depend on how many days follow.
    """
    today = start_date or datetime.now(UTC).date()
    # Series are drawn from a random stream of their own, so adding them left every other draw as it was.
    world = SyntheticTmdb(random.Random(seed), n_movies, today, series_rng=random.Random(f"series-{seed}"))
    base = world.base_catalogue()
    changes = [world.next_day(today + timedelta(days=day)) for day in range(1, n_days + 1)]
    return Catalog(base=base, changes=changes)


class SyntheticTmdb:
    """The recurring world behind the catalogue (people, companies, keywords), and the catalogue's state."""

    def __init__(
        self, rng: random.Random, n_movies: int, start_date: date, series_rng: random.Random | None = None
    ) -> None:
        self.rng = rng
        self.series_rng = series_rng or random.Random(0)
        self.n_movies = n_movies
        self.start_date = start_date
        self._person_ids = UniqueIds(rng, *PERSON_ID_RANGE)
        self._company_ids = UniqueIds(rng, *COMPANY_ID_RANGE)
        self._keyword_ids = UniqueIds(rng, *KEYWORD_ID_RANGE)
        self._person_names: dict[tuple[str, int], NameBook] = {}  # by (language, gender)
        self._language_cumulative = list(accumulate(language.share for language in words.LANGUAGES))
        self._genre_cumulative = list(accumulate(share for _, share in words.GENRE_SHARES))
        self._pools = {language.code: self._language_pools(language) for language in words.LANGUAGES}
        self._keywords_by_name: dict[str, Keyword] = {}
        self._genre_keywords = {
            genre_id: [self._keyword(name) for name in names] for genre_id, names in words.GENRE_KEYWORDS.items()
        }
        self._woman_director = self._keyword("woman director")  # given to films by women, not at random
        self._general_keywords = ZipfPool([self._keyword(name) for name in words.GENERAL_KEYWORDS], offset=4.0)
        self._live: dict[int, dict] = {}  # id -> the movie as TMDB shows it now
        self._money: dict[int, HiddenMoney] = {}
        self._next_movie_id = MOVIE_ID_RANGE[1]

    # ----- the recurring world -----

    def _language_pools(self, language: words.Language) -> LanguagePools:
        """Pools grow with the catalogue, so reuse looks alike at any size."""
        expected_films = max(1.0, self.n_movies * language.share)
        actors = [self._person(language.code, "Acting") for _ in range(max(25, int(expected_films * 3)))]
        directors = [self._person(language.code, "Directing") for _ in range(max(8, int(expected_films * 0.8)))]
        # The more talented tend to be cast more often, but not always: rank by talent plus noise.
        actors.sort(key=lambda person: -(person.talent + self.rng.gauss(0, 1)))
        directors.sort(key=lambda person: -(person.talent + self.rng.gauss(0, 1)))
        return LanguagePools(
            actors=ZipfPool(actors, exponent=0.7, offset=30.0),
            directors=ZipfPool(directors, exponent=0.7, offset=20.0),
            companies=ZipfPool(self._companies(language.code, expected_films), exponent=0.9, offset=10.0),
        )

    def _person(self, language: str, department: str) -> Person:
        rng = self.rng
        female_share = 0.45 if department == "Acting" else 0.15
        gender = 1 if rng.random() < female_share else 2
        book = self._person_names.get((language, gender))
        if book is None:
            book = self._person_names[(language, gender)] = NameBook(rng, person_name_batches(language, gender))
        talent = rng.gauss(0, 1)
        return Person(
            id=self._person_ids.draw(),
            name=book.next_name(),
            gender=0 if rng.random() < 0.05 else gender,
            popularity=round(math.exp(rng.gauss(0.2 + 0.4 * talent, 0.9)), 3),
            talent=talent,
        )

    def _person_name(self, language: str, gender: int) -> str:
        """A name drawn at random, for characters (who may share names)."""
        given_names = words.FEMALE_NAMES[language] if gender == 1 else words.MALE_NAMES[language]
        return full_name(language, gender, self.rng.choice(given_names), self.rng.choice(words.FAMILY_NAMES[language]))

    def _companies(self, language: str, expected_films: float) -> list[Company]:
        rng = self.rng
        homes = words.LANGUAGES_BY_CODE[language].home_countries
        majors = [
            Company(self._company_ids.draw(), name, country, strength)
            for name, country, strength in words.MAJOR_STUDIOS.get(language, ())
        ]
        names = NameBook(rng, company_name_batches(language))
        small = [
            Company(
                id=self._company_ids.draw(),
                name=names.next_name(),
                country=rng.choices([code for code, _ in homes], weights=[weight for _, weight in homes])[0],
                strength=rng.gauss(-0.3, 0.6),
            )
            for _ in range(max(6, int(expected_films * 0.8)))
        ]
        return majors + small

    def _keyword(self, name: str) -> Keyword:
        if name not in self._keywords_by_name:
            self._keywords_by_name[name] = Keyword(self._keyword_ids.draw(), name)
        return self._keywords_by_name[name]

    # ----- day 0 -----

    def base_catalogue(self) -> dict[int, dict]:
        """Day 0: `n_movies` movies, keyed by id in ascending order."""
        drafts = []
        for _ in range(self.n_movies):
            release, status = self._release(self.start_date)
            drafts.append(self._draft(self.start_date, release, status))
        # TMDB's ids grow as films are added, so older films tend to have lower ids.
        ids = sorted(self.rng.sample(range(*MOVIE_ID_RANGE), self.n_movies))
        order = sorted(
            range(len(drafts)),
            key=lambda index: _ordinal(drafts[index][0]["release_date"]) + self.rng.gauss(0, 3000),
        )
        for movie_id, index in zip(ids, order, strict=True):
            movie, money = drafts[index]
            movie["id"] = movie_id
            self._money[movie_id] = money
        base = {movie["id"]: movie for movie, _ in sorted(drafts, key=lambda draft: draft[0]["id"])}
        self._make_series(base)
        self._live = dict(base)  # never changed in place: a revision is always a new object
        self._next_movie_id = (ids[-1] if ids else MOVIE_ID_RANGE[0]) + 1
        return base

    def _make_series(self, base: dict[int, dict]) -> None:
        """Turn some films into sequels of earlier ones, oldest first: TMDB's `belongs_to_collection` on every film
        of the series, titles numbered after the first film's ("Night Harbor 2"), and a box office that follows the
        series' record (the hidden revenue, and the public one where it is on record)."""
        rng = self.series_rng
        collection_ids = UniqueIds(rng, *COLLECTION_ID_RANGE)
        dated = sorted(
            (date.fromisoformat(movie["release_date"]), movie_id)
            for movie_id, movie in base.items()
            if movie["release_date"] and movie["status"] == RELEASED and not (movie["adult"] or movie["video"])
        )
        earlier: dict[str, list[tuple[date, int]]] = {}  # by original language, in release order
        series_of: dict[int, list[int]] = {}  # a film -> the films of its series, first film first
        for released, movie_id in dated:
            movie = base[movie_id]
            language = movie["original_language"]
            low, high = released - timedelta(days=SEQUEL_GAP_DAYS[1]), released - timedelta(days=SEQUEL_GAP_DAYS[0])
            candidates = [other for day, other in earlier.get(language, ()) if low <= day <= high]
            earlier.setdefault(language, []).append((released, movie_id))
            if not candidates or rng.random() >= SEQUEL_SHARE:
                continue
            # hits get sequels more often than flops
            weights = [min(20.0, self._money[other].revenue / self._money[other].budget) for other in candidates]
            previous = rng.choices(candidates, weights=weights)[0]
            series = series_of.setdefault(previous, [previous])
            first = base[series[0]]
            if first["belongs_to_collection"] is None:
                first["belongs_to_collection"] = {
                    "id": collection_ids.draw(),
                    "name": f"{first['title']} Collection",
                    "poster_path": None,
                    "backdrop_path": None,
                }
            series.append(movie_id)
            series_of[movie_id] = series
            number = len(series)
            movie["belongs_to_collection"] = dict(first["belongs_to_collection"])
            movie["title"] = f"{first['title']} {number}"
            movie["original_title"] = f"{first['original_title']} {number}"
            self._follow_the_series(movie, series[:-1], rng)

    def _follow_the_series(self, movie: dict, earlier: list[int], rng: random.Random) -> None:
        """A sequel's revenue moves with its series' mean log ROI so far, plus the brand's own pull."""
        ratios = [math.log(self._money[other].revenue / self._money[other].budget) for other in earlier]
        shift = 0.3 + 0.5 * max(-2.0, min(2.0, sum(ratios) / len(ratios))) + rng.gauss(0, 0.3)
        money = self._money[movie["id"]]
        revenue = max(1, int(money.revenue * math.exp(shift)))
        self._money[movie["id"]] = HiddenMoney(budget=money.budget, revenue=revenue)
        if movie["revenue"] >= 1000:  # on record (and not a mistyped tiny value)
            movie["revenue"] = revenue

    def _release(self, today: date) -> tuple[date | None, str]:
        """A release date and status: mostly released, recent films more common, a few announced ones."""
        rng = self.rng
        draw = rng.random()
        if draw < FUTURE_SHARE:
            release = today + timedelta(days=min(1000, 14 + int(rng.expovariate(1 / 200))))
            status = _production_status(release, today)
            return (None if status == "Planned" and rng.random() < 0.4 else release), status
        if draw < FUTURE_SHARE + CLASSIC_SHARE:
            return date(rng.randint(1925, 1969), rng.randint(1, 12), rng.randint(1, 28)), RELEASED
        oldest = (today - FIRST_MODERN_DAY).days
        for _ in range(50):
            days_ago = int(rng.expovariate(1 / MEAN_FILM_AGE_DAYS))
            if days_ago <= oldest:
                break
        else:
            days_ago = rng.randint(0, oldest)
        return today - timedelta(days=days_ago), RELEASED

    # ----- one movie -----

    def _draft(self, today: date, release: date | None, status: str) -> tuple[dict, HiddenMoney]:
        """A whole movie (id 0: the caller sets it) and its hidden money, as TMDB would show it on `today`."""
        facts = self._draw_facts(release, status)
        age_days = (today - release).days if release and facts.released else 0
        money, fame = self._box_office(facts, age_days)
        return self._movie_json(facts, money, fame, age_days), money

    def _draw_facts(self, release: date | None, status: str) -> MovieFacts:
        rng = self.rng
        language = self._draw_language()
        kind = rng.random()
        adult, video = kind < ADULT_SHARE, ADULT_SHARE <= kind < ADULT_SHARE + VIDEO_SHARE
        genres = self._draw_genres(adult=adult, video=video)
        directors = self._pools[language].directors.draw_distinct(rng, _director_count(rng))
        return MovieFacts(
            language=language,
            adult=adult,
            video=video,
            release=release,
            status=status,
            genres=genres,
            directors=directors,
            cast=self._draw_cast(language, 5 if rng.random() < 0.97 else rng.randint(0, 4)),
            companies=self._draw_companies(language),
            countries=self._draw_countries(language),
            keywords=self._draw_keywords(genres, directors),
        )

    def _box_office(self, facts: MovieFacts, age_days: int) -> tuple[HiddenMoney, float]:
        return box_office(self.rng, facts, age_days)

    def _movie_json(self, facts: MovieFacts, money: HiddenMoney, fame: float, age_days: int) -> dict:
        """The movie as TMDB shows it: much money unknown (0), votes and popularity following its fame."""
        rng = self.rng
        # Famous films get their money on record; obscure, adult and video ones seldom do.
        documented = fame + rng.gauss(0, 1.0) - (1.5 if facts.adult or facts.video else 0.0)
        budget_known = documented + rng.gauss(0, 0.7) > 0.1
        revenue_known = facts.released and age_days > 14 and documented + rng.gauss(0, 0.7) > 0.1
        vote_count = draw_vote_count(rng, fame, age_days) if facts.released else 0
        title, original_title, english_title = self._titles(facts.language, facts.keywords)
        return {
            "adult": facts.adult,
            "backdrop_path": None,
            "belongs_to_collection": None,
            "budget": public_amount(rng, money.budget) if budget_known else 0,
            "credits": {
                "cast": [self._cast_member(person, order, facts) for order, person in enumerate(facts.cast)],
                "crew": [_director_credit(rng, person) for person in facts.directors],
            },
            "genres": [{"id": genre_id, "name": name} for genre_id, name in facts.genres],
            "homepage": homepage_of(english_title) if rng.random() < 0.12 else "",
            "id": 0,
            "imdb_id": None,
            "keywords": {"keywords": [{"id": keyword.id, "name": keyword.name} for keyword in facts.keywords]},
            "origin_country": facts.countries[:1],
            "original_language": facts.language,
            "original_title": original_title,
            "overview": self._overview(facts) if rng.random() < 0.9 else "",
            "popularity": draw_popularity(rng, vote_count, facts.released, age_days),
            "poster_path": None,
            "production_companies": [
                {"id": company.id, "logo_path": None, "name": company.name, "origin_country": company.country}
                for company in facts.companies
            ],
            "production_countries": [
                {"iso_3166_1": code, "name": words.COUNTRY_NAMES[code]} for code in facts.countries
            ],
            "release_date": facts.release.isoformat() if facts.release else "",
            "revenue": public_amount(rng, money.revenue) if revenue_known else 0,
            "runtime": self._runtime(facts),
            "spoken_languages": self._spoken_languages(facts.language),
            "status": facts.status,
            "tagline": rng.choice(words.TAGLINES) if rng.random() < 0.45 else "",
            "title": title,
            "video": facts.video,
            "vote_average": draw_vote_average(rng, facts, vote_count),
            "vote_count": vote_count,
        }

    def _draw_language(self) -> str:
        draw = self.rng.random() * self._language_cumulative[-1]
        return words.LANGUAGES[bisect(self._language_cumulative, draw)].code

    def _draw_genres(self, adult: bool, video: bool) -> list[tuple[int, str]]:
        rng = self.rng
        if adult:
            return [(10749, "Romance")] + ([(18, "Drama")] if rng.random() < 0.5 else [])
        count = rng.choices((1, 2, 3), cum_weights=(0.33, 0.75, 1.0))[0]
        chosen: list[tuple[int, str]] = []
        if video:
            chosen.append(rng.choice(((99, "Documentary"), (10402, "Music"), (10751, "Family"), (16, "Animation"))))
        while len(chosen) < count:
            genre_id, _ = words.GENRE_SHARES[bisect(self._genre_cumulative, rng.random() * self._genre_cumulative[-1])]
            name = GENRES_BY_ID[genre_id].name
            if (genre_id, name) not in chosen:
                chosen.append((genre_id, name))
        return chosen

    def _draw_cast(self, language: str, count: int) -> list[Person]:
        """Top-billed actors, mostly from the film's own language; some international names."""
        cast: list[Person] = []
        for _ in range(count * 10):
            if len(cast) == count:
                break
            pool = self._pools["en" if self.rng.random() < 0.1 else language].actors
            person = pool.draw(self.rng)
            if person not in cast:
                cast.append(person)
        return cast

    def _draw_companies(self, language: str) -> list[Company]:
        rng = self.rng
        count = rng.choices((0, 1, 2, 3, 4, 5), cum_weights=(0.08, 0.38, 0.66, 0.84, 0.94, 1.0))[0]
        companies = self._pools[language].companies.draw_distinct(rng, count)
        if language != "en" and companies and rng.random() < 0.1:  # an international co-producer
            partner = self._pools["en"].companies.draw(rng)
            if partner not in companies:
                companies.append(partner)
        return companies

    def _draw_countries(self, language: str) -> list[str]:
        rng = self.rng
        if rng.random() < 0.03:
            return []
        homes = words.LANGUAGES_BY_CODE[language].home_countries
        countries = [rng.choices([code for code, _ in homes], weights=[weight for _, weight in homes])[0]]
        partners = rng.choices((0, 1, 2), cum_weights=(0.72, 0.94, 1.0))[0]
        for _ in range(partners):
            partner = rng.choice(words.CO_PRODUCERS)
            if partner not in countries:
                countries.append(partner)
        return countries

    def _draw_keywords(self, genres: list[tuple[int, str]], directors: list[Person]) -> list[Keyword]:
        rng = self.rng
        if rng.random() < 0.3:
            return []
        count = min(20, 1 + int(rng.expovariate(1 / 5)))
        chosen: list[Keyword] = []
        if any(person.gender == 1 for person in directors) and rng.random() < 0.4:
            chosen.append(self._woman_director)
        for _ in range(count * 5):
            if len(chosen) >= count:
                break
            if rng.random() < 0.6:
                genre_id = rng.choice(genres)[0]
                keyword = rng.choice(self._genre_keywords[genre_id])
            else:
                keyword = self._general_keywords.draw(rng)
            if keyword not in chosen:
                chosen.append(keyword)
        return chosen

    def _cast_member(self, person: Person, order: int, facts: MovieFacts) -> dict:
        return {
            "adult": False,
            "cast_id": order,
            "character": self._character(person, facts),
            "credit_id": _credit_id(self.rng),
            "gender": person.gender,
            "id": person.id,
            "known_for_department": "Acting",
            "name": person.name,
            "order": order,
            "original_name": person.name,
            "popularity": person.popularity,
            "profile_path": None,
        }

    def _character(self, person: Person, facts: MovieFacts) -> str:
        rng = self.rng
        if rng.random() < 0.15:
            return ""  # not on record
        if any(genre_id == 99 for genre_id, _ in facts.genres):
            return "Herself" if person.gender == 1 else "Himself"
        if rng.random() < 0.25:
            return f"{rng.choice(words.CHARACTER_ROLES)} {rng.choice(words.FAMILY_NAMES[facts.language])}"
        return self._person_name(facts.language, person.gender or rng.choice((1, 2)))

    def _titles(self, language: str, keywords: list[Keyword]) -> tuple[str, str, str]:
        """(title, original_title, English title). `title` is what TMDB shows an en-US client."""
        rng = self.rng
        if language == "en":
            english = draw_english_title(rng)
            if any(keyword.name == "sequel" for keyword in keywords):
                english += rng.choice((" 2", " II", " 3", ": Part Two", ": The Return"))
            return english, english, english
        if language == "es":
            spanish, english = draw_spanish_title(rng)
            return (spanish if rng.random() < 0.7 else english), spanish, english
        native, english = rng.choice(words.FOREIGN_TITLES[language])
        keeps_native = language in ("fr", "de", "it", "pt", "sv") and rng.random() < 0.4
        return (native if keeps_native else english), native, english

    def _overview(self, facts: MovieFacts) -> str:
        rng = self.rng
        name = rng.choice(words.FEMALE_NAMES[facts.language] + words.MALE_NAMES[facts.language])
        setup = rng.choice(words.GENRE_SETUPS[facts.genres[0][0]])
        return f"{name}, {rng.choice(words.PROTAGONISTS)}, {setup}. {rng.choice(words.COMPLICATIONS)}"

    def _spoken_languages(self, language: str) -> list[dict]:
        rng = self.rng
        if rng.random() < 0.06:
            return []
        codes = [language]
        if rng.random() < (0.1 if language == "en" else 0.2):
            other = "en" if language != "en" else rng.choice(("es", "fr", "de", "it", "ru"))
            codes.append(other)
        return [
            {
                "english_name": words.LANGUAGES_BY_CODE[code].english_name,
                "iso_639_1": code,
                "name": words.LANGUAGES_BY_CODE[code].native_name,
            }
            for code in codes
        ]

    def _runtime(self, facts: MovieFacts) -> int:
        rng = self.rng
        if rng.random() < (0.025 if facts.released else 0.6):
            return 0  # unknown
        if facts.video:
            return rng.randint(40, 100)
        typical = mean_or([words.GENRE_EFFECTS[genre_id].runtime for genre_id, _ in facts.genres], default=100.0)
        if facts.language == "hi":
            typical += 35  # Hindi films run long
        return int(min(max(rng.gauss(typical, 15), 62), 210))

    # ----- the days after -----

    def next_day(self, today: date) -> ChangeSet:
        """One day's changes: ~2-5% of movies revised, a few new movies, a few deleted ids."""
        rng = self.rng
        live_ids = list(self._live)
        # Announced films whose day has come are always revised: they become Released.
        due = [
            movie_id
            for movie_id in live_ids
            if self._live[movie_id]["status"] != RELEASED
            and self._live[movie_id]["release_date"]
            and date.fromisoformat(self._live[movie_id]["release_date"]) <= today
        ]
        share = rng.uniform(0.02, 0.05)
        sampled = rng.sample(live_ids, min(len(live_ids), max(1, round(len(live_ids) * share))))
        to_update = set(due) | set(sampled)  # membership only; the order comes from sorted() below
        deletable = [movie_id for movie_id in live_ids if movie_id not in to_update]
        n_deleted = max(1, round(len(live_ids) * rng.uniform(0.0003, 0.0012)))
        deleted = sorted(rng.sample(deletable, min(n_deleted, len(deletable))))

        updated = []
        for movie_id in sorted(to_update):
            self._live[movie_id] = self._revise(self._live[movie_id], today)
            updated.append(self._live[movie_id])
        for movie_id in deleted:
            del self._live[movie_id]
            del self._money[movie_id]
        n_new = max(1, round(max(len(live_ids), 1) * rng.uniform(0.001, 0.003)))
        for _ in range(n_new):
            updated.append(self._new_movie(today))
        return ChangeSet(updated=updated, deleted=deleted)

    def _new_movie(self, today: date) -> dict:
        """A movie added to TMDB today: just released, or announced."""
        rng = self.rng
        if rng.random() < 0.5:
            release: date | None = today - timedelta(days=rng.randint(0, 20))
            status = RELEASED
        else:
            release = today + timedelta(days=rng.randint(7, 700))
            status = _production_status(release, today)
        movie, money = self._draft(today, release, status)
        movie["id"] = self._next_movie_id
        self._next_movie_id += rng.randint(1, 400)
        self._live[movie["id"]] = movie
        self._money[movie["id"]] = money
        return movie

    def _revise(self, movie: dict, today: date) -> dict:
        """A new version of a movie: new votes and popularity, sometimes money, a keyword or a cast fix."""
        rng = self.rng
        revised = _json_copy(movie)
        money = self._money[movie["id"]]
        release = date.fromisoformat(movie["release_date"]) if movie["release_date"] else None
        if revised["status"] != RELEASED and release:
            revised["status"] = RELEASED if release <= today else _production_status(release, today)
        if revised["status"] == RELEASED:
            days_out = (today - release).days if release else 10_000
            add_votes(rng, revised, recent=days_out < 90)
            if revised["revenue"] == 0 and days_out > 14 and rng.random() < 0.15:
                revised["revenue"] = money.revenue  # newly reported, once there is box office to report
            elif revised["revenue"] and rng.random() < 0.1:
                # A correction: a tiny (mistyped) value is fixed; box office otherwise creeps up.
                grown = round(revised["revenue"] * (1 + abs(rng.gauss(0, 0.05))))
                revised["revenue"] = money.revenue if revised["revenue"] < 1000 else grown
        revised["popularity"] = round(max(0.01, revised["popularity"] * math.exp(rng.gauss(0, 0.25))), 3)
        # A budget is reported late, or a tiny (mistyped) one is corrected.
        budget_fix_chance = 0.06 if revised["budget"] == 0 else 0.5 if revised["budget"] < 1000 else 0.0
        if rng.random() < budget_fix_chance:
            revised["budget"] = money.budget
        if rng.random() < 0.1:
            self._add_keyword(revised)
        if rng.random() < 0.05:
            self._fix_cast(revised)
        return revised

    def _add_keyword(self, movie: dict) -> None:
        if not movie["genres"]:
            return
        genre_id = self.rng.choice(movie["genres"])["id"]
        keyword = self.rng.choice(self._genre_keywords[genre_id])
        keywords = movie["keywords"]["keywords"]
        if all(existing["id"] != keyword.id for existing in keywords):
            keywords.append({"id": keyword.id, "name": keyword.name})

    def _fix_cast(self, movie: dict) -> None:
        """Fill in a missing character name, or else correct the billing of the second and third leads."""
        cast = movie["credits"]["cast"]
        unnamed = [member for member in cast if not member["character"]]
        if unnamed:
            member = unnamed[0]
            member["character"] = self._person_name(movie["original_language"], member["gender"] or 2)
        elif len(cast) >= 3:
            cast[1], cast[2] = cast[2], cast[1]
            for order, member in enumerate(cast):
                member["order"] = member["cast_id"] = order


def _production_status(release: date, today: date) -> str:
    days_away = (release - today).days
    if days_away <= 180:
        return "Post Production"
    if days_away <= 450:
        return "In Production"
    return "Planned"


def _director_count(rng: random.Random) -> int:
    draw = rng.random()
    return 0 if draw < 0.005 else 1 if draw < 0.95 else 2 if draw < 0.995 else 3


def _credit_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(96):024x}"


def _director_credit(rng: random.Random, person: Person) -> dict:
    return {
        "adult": False,
        "credit_id": _credit_id(rng),
        "department": "Directing",
        "gender": person.gender,
        "id": person.id,
        "job": "Director",
        "known_for_department": "Directing",
        "name": person.name,
        "original_name": person.name,
        "popularity": person.popularity,
        "profile_path": None,
    }


def _ordinal(release_date: str) -> int:
    """Days since year 1 of a release date; an unknown date counts as far in the future."""
    return date.fromisoformat(release_date).toordinal() if release_date else date.max.toordinal()


def _json_copy(value):
    """A deep copy of JSON-like data: each version of a movie is its own object."""
    if isinstance(value, dict):
        return {key: _json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_copy(item) for item in value]
    return value
