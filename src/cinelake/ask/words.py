"""The folded question as words, with the words already explained by something marked as used."""

from dataclasses import dataclass, field

from cinelake.ask.text import contains
from cinelake.ask.vocabulary import (
    NUMBER_WORDS,
)


@dataclass
class Words:
    """The folded question as words, with the words already explained by something marked as used."""

    words: list[str]
    used: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.used = [False] * len(self.words)

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def spans(self, longest: int = 6):
        """(start, end) of every run of unused words, longest first."""
        n = len(self.words)
        for length in range(min(longest, n), 0, -1):
            for start in range(0, n - length + 1):
                end = start + length
                if not any(self.used[start:end]):
                    yield start, end

    @property
    def unused_text(self) -> str:
        return " ".join(word for word, used in zip(self.words, self.used, strict=True) if not used)

    def phrase(self, start: int, end: int) -> str:
        return " ".join(self.words[start:end])

    def use(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.used[i] = True

    def use_all(self, words: tuple[str, ...]) -> None:
        for i, word in enumerate(self.words):
            if word in words:
                self.used[i] = True

    def find_phrase(self, phrase: str, unused_only: bool = True) -> tuple[int, int] | None:
        size = len(phrase.split())
        for start in range(0, len(self.words) - size + 1):
            if " ".join(self.words[start : start + size]) == phrase and (
                not unused_only or not any(self.used[start : start + size])
            ):
                return start, start + size
        return None

    def take_longest(self, phrases) -> str | None:
        """The longest of `phrases` among the unused words, marked used ("no fueron rentables" before "fueron
        rentables"); None when none of them is there."""
        for phrase in sorted(phrases, key=lambda phrase: -len(phrase.split())):
            located = self.find_phrase(phrase)
            if located is not None:
                self.use(*located)
                return phrase
        return None

    def near(self, start: int, end: int, phrases, before: int = 3, after: int = 0) -> bool:
        window = " ".join(self.words[max(0, start - before) : start] + self.words[end : end + after])
        return any(contains(window, phrase) for phrase in phrases)


def has_any(text: str, phrases) -> bool:
    return any(contains(text, phrase) for phrase in phrases)


def number_at(words: Words, i: int) -> float | None:
    if i < 0 or i >= len(words.words):
        return None
    word = words.words[i]
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


FIRST_YEAR, LAST_YEAR = 1870, 2035  # a number in this range, not followed by a unit, is a year


def is_year(value: float | None) -> bool:
    return value is not None and value.is_integer() and FIRST_YEAR <= value <= LAST_YEAR
