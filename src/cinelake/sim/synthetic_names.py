"""Who and what the synthetic films are made of: people, companies and keywords, the pools they are drawn from
(weighted by rank, ids never reused), and their names and the films' titles."""

import random
import unicodedata
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar

from cinelake.sim import synthetic_words as words

T = TypeVar("T")


# eq=False: people, companies and keywords are compared by identity, which is also fast.
@dataclass(frozen=True, eq=False)
class Person:
    id: int
    name: str
    gender: int  # TMDB: 0 unknown, 1 female, 2 male
    popularity: float
    talent: float  # hidden: how much this person lifts box office and ratings


@dataclass(frozen=True, eq=False)
class Company:
    id: int
    name: str
    country: str
    strength: float  # hidden: bigger studios spend more and sell more


@dataclass(frozen=True, eq=False)
class Keyword:
    id: int
    name: str


class ZipfPool(Generic[T]):
    """Items drawn with weight 1/(rank + offset)^exponent: the first few recur often, most recur rarely."""

    def __init__(self, items: list[T], exponent: float = 1.0, offset: float = 2.0) -> None:
        self.items = items
        self._cumulative = list(accumulate((rank + offset) ** -exponent for rank in range(len(items))))

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect(self._cumulative, rng.random() * self._cumulative[-1])]

    def draw_distinct(self, rng: random.Random, count: int) -> list[T]:
        chosen: list[T] = []
        for _ in range(count * 10):  # bounded: small pools may not have `count` distinct items
            if len(chosen) == count:
                break
            item = self.draw(rng)
            if item not in chosen:
                chosen.append(item)
        return chosen


class UniqueIds:
    """Draws ids at random from a range, never the same one twice."""

    def __init__(self, rng: random.Random, low: int, high: int) -> None:
        self._rng = rng
        self._low, self._high = low, high
        self._used: set[int] = set()  # only asked "is it in?", never iterated: order stays seed-stable

    def draw(self) -> int:
        while True:
            candidate = self._rng.randrange(self._low, self._high)
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate


class NameBook:
    """Hands out names without repeats while it can: each batch in a seeded random order, one batch after
    another; once all are used up, used names again at random (TMDB has namesakes too: ids tell them apart).
    Batches are built only when reached, so a small catalogue never builds the big variant lists."""

    def __init__(self, rng: random.Random, batches: list[Callable[[], list[str]]]) -> None:
        self._rng = rng
        self._batches = list(batches)
        self._unused: list[str] = []
        self._used: list[str] = []

    def next_name(self) -> str:
        while not self._unused and self._batches:
            self._unused = self._batches.pop(0)()
            self._rng.shuffle(self._unused)
        if not self._unused:
            return self._rng.choice(self._used)
        name = self._unused.pop()
        self._used.append(name)
        return name


@dataclass
class LanguagePools:
    """The people and companies that films in one original language draw on."""

    actors: ZipfPool[Person]
    directors: ZipfPool[Person]
    companies: ZipfPool[Company]


def full_name(language: str, gender: int, given: str, family: str) -> str:
    if language == "ru" and gender == 1:
        family += "a"  # Ivanov -> Ivanova
    return f"{family} {given}" if language in words.FAMILY_NAME_FIRST else f"{given} {family}"


def person_name_batches(language: str, gender: int) -> list[Callable[[], list[str]]]:
    """Plain names first; then, as people do, a second family name (Spanish, Portuguese) or a middle initial.
    Japanese, Korean, Chinese and Hindi names get no variants: namesakes are common there."""
    given_names = words.FEMALE_NAMES[language] if gender == 1 else words.MALE_NAMES[language]
    families = words.FAMILY_NAMES[language]

    def plain() -> list[str]:
        return [full_name(language, gender, given, family) for given in given_names for family in families]

    def two_families() -> list[str]:
        return [
            full_name(language, gender, given, f"{first} {second}")
            for given in given_names
            for first in families
            for second in families
            if first != second
        ]

    def middle_initial() -> list[str]:
        initials = [f"{chr(code)}." for code in range(ord("A"), ord("Z") + 1)]
        return [
            full_name(language, gender, f"{given} {initial}", family)
            for given in given_names
            for initial in initials
            for family in families
        ]

    if language in ("es", "pt"):
        return [plain, two_families]
    if language in ("ja", "ko", "zh", "hi"):
        return [plain]
    return [plain, middle_initial]


def company_name_batches(language: str) -> list[Callable[[], list[str]]]:
    """A brand ("Lantern Films") or a founder ("Producciones Castillo"); then, in English, two brands."""
    brands = words.COMPANY_BRANDS[language]
    suffixes = words.COMPANY_SUFFIXES[language]

    def named(parts: list[str]) -> list[str]:
        return [
            f"{suffix} {part}" if suffix in words.SUFFIX_FIRST else f"{part} {suffix}"
            for part in parts
            for suffix in suffixes
        ]

    def single() -> list[str]:
        return named(list(brands) + list(words.FAMILY_NAMES[language]))

    def double() -> list[str]:
        return named([f"{first} {second}" for first in brands for second in brands if first != second])

    return [single, double] if language == "en" else [single]


def draw_english_title(rng: random.Random) -> str:
    template = rng.choice(words.TITLE_TEMPLATES)
    noun, other_noun = rng.sample(words.TITLE_NOUNS, 2)
    return template.format(
        A=rng.choice(words.TITLE_ADJECTIVES),
        N=noun,
        M=other_noun,
        P=rng.choice(words.TITLE_PLACES),
        F=rng.choice(words.FEMALE_NAMES["en"] + words.MALE_NAMES["en"]),
    )


def draw_spanish_title(rng: random.Random) -> tuple[str, str]:
    """A Spanish title and its English translation, e.g. ("La noche del silencio", "The Night of the Silence")."""
    spanish_template, english_template = rng.choice(words.SPANISH_TEMPLATES)
    (a_es, a_en), (b_es, b_en) = rng.sample(words.SPANISH_PHRASES, 2)
    spanish = spanish_template.format(a=a_es, b=b_es).replace(" de el ", " del ")
    english = english_template.format(a=a_en, b=b_en)
    return spanish[0].upper() + spanish[1:], title_case(english)


def title_case(text: str) -> str:
    small = {"of", "the", "and", "in", "a"}
    parts = text.split(" ")
    return " ".join(part if index and part in small else part[0].upper() + part[1:] for index, part in enumerate(parts))


def homepage_of(english_title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", english_title).encode("ascii", "ignore").decode().lower()
    slug = "-".join("".join(char if char.isalnum() else " " for char in ascii_title).split())
    return f"https://{slug or 'movie'}.example.com/"
