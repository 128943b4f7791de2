"""Names the database holds (titles, people, companies, keywords), for linking the words of a question to rows.

Matching folds case, accents and punctuation, then tolerates small typos: a phrase with no exact match is compared
with the names that share a word (or a near-spelled word) with it, and the closest above a similarity cutoff wins.

`NameTable` holds its names in memory (companies and keywords, a few tens of thousands even for all of TMDB);
titles and people, millions at that size, are looked up in PostgreSQL by a table with the same methods
(`cinelake.adapters.ask_names`), through the connection the question is answered on.
"""

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from cinelake.ask.text import fold

FUZZY_CUTOFF = 0.84
SERIES_WORDS = 5  # a series is named by at most this many words of its titles
WORD_CUTOFF = 0.8
SURNAME_CUTOFF = 0.85
SURNAME_MIN_LETTERS = 6  # a misspelling is only guessed for longer words: "tiene" is not "Tierney"
SURNAME_MIN_WEIGHT = 5  # a surname alone names someone well known
PHRASE_WORDS = 10  # the longest phrase of a question looked up as a name (a span of 6 and 2 words either side)


@dataclass(frozen=True, slots=True)  # millions of rows at the size of TMDB: no __dict__ each
class NameRow:
    """One database row carrying a name: its id, the name as stored, and how much it weighs (votes, credits)."""

    id: int
    name: str
    weight: float = 0.0
    role: str = ""  # people: "director" or "actor", what their name alone means (`person_role`)
    directed: int = 0
    acted: int = 0


# A film has one director and up to five billed parts, so directing one says more of a person than one part:
# "Woody Allen movies" are the 25 he directed, not the 16 he is billed in; "Mel Gibson movies", his 40 parts.
FILM_DIRECTED_WEIGHS = 2


def person_role(directed: int, acted: int, known_for: str | None = None) -> str:
    """What a name alone means ("Greta Gerwig's latest film"): the role of most credits, a film directed weighing
    `FILM_DIRECTED_WEIGHS` parts; on a tie, the department TMDB says the person is known for."""
    weighed = FILM_DIRECTED_WEIGHS * directed
    if weighed == acted:
        return "actor" if known_for == "Acting" else "director"
    return "director" if weighed > acted else "actor"


@dataclass(frozen=True)
class NameMatch:
    key: str  # the folded name
    rows: tuple[NameRow, ...]  # heaviest first
    exact: bool

    @property
    def best(self) -> NameRow:
        return self.rows[0]


def best_near(phrase: str, keys: Iterable[str], weight_of, cutoff: float) -> str | None:
    """The key closest to the phrase (the heavier of equals) if it is close enough: what `fuzzy` keeps."""
    scored = [(difflib.SequenceMatcher(None, phrase, key).ratio(), key) for key in keys]
    if not scored:
        return None
    ratio, key = max(scored, key=lambda pair: (pair[0], weight_of(pair[1])))
    return key if ratio >= cutoff else None


def near_words(word: str, words: list[str]) -> list[str]:
    """The (at most 3) spellings among `words` a misspelled word may stand for."""
    return difflib.get_close_matches(word, words, n=3, cutoff=WORD_CUTOFF)


class Names(Protocol):
    """What linking asks of a table of names, wherever it is held."""

    def exact(self, phrase: str) -> "NameMatch | None": ...

    def fuzzy(self, phrase: str, cutoff: float = FUZZY_CUTOFF) -> "NameMatch | None": ...

    def series(self, phrase: str) -> tuple[int, str] | None: ...

    def surname(self, word: str) -> "NameMatch | None": ...

    def reading_on(self, conn: Any, phrases: Iterable[str] = ()) -> "Names": ...


class NameTable:
    def __init__(self, rows: Iterable[NameRow]) -> None:
        grouped: dict[str, list[NameRow]] = defaultdict(list)
        for row in rows:
            key = fold(row.name)
            if key:
                grouped[key].append(row)
        self.rows = {key: tuple(sorted(group, key=lambda r: -r.weight)) for key, group in grouped.items()}
        self._keys_by_word: dict[str, list[str]] = defaultdict(list)
        for key in self.rows:
            for word in set(key.split()):
                self._keys_by_word[word].append(key)
        self._words_by_initial: dict[str, list[str]] = defaultdict(list)
        for word in self._keys_by_word:
            self._words_by_initial[word[0]].append(word)
        self._prefixes: dict[str, tuple[int, str]] | None = None  # built on first use: only titles need it

    def reading_on(self, conn: Any, phrases: Iterable[str] = ()) -> "NameTable":
        return self  # held in memory: no connection needed

    def __len__(self) -> int:
        return len(self.rows)

    def keys_with_word(self, word: str) -> list[str]:
        return self._keys_by_word.get(word, [])

    def words_starting(self, initial: str) -> list[str]:
        return self._words_by_initial.get(initial, [])

    def series(self, phrase: str) -> tuple[int, str] | None:
        """How many names start with the phrase's words ("toy story" -> Toy Story, Toy Story 2...), and the start
        as stored (for a case-insensitive prefix match); None when none does."""
        if self._prefixes is None:
            prefixes: dict[str, tuple[int, str]] = {}
            for key, rows in self.rows.items():
                words, stored = key.split(), rows[0].name.split()
                for size in range(1, min(SERIES_WORDS, len(words)) + 1):
                    prefix = " ".join(words[:size])
                    as_stored = " ".join(stored[:size]).rstrip(":,.-")
                    count, shown = prefixes.get(prefix, (0, as_stored if fold(as_stored) == prefix else prefix))
                    prefixes[prefix] = (count + len(rows), shown)
            self._prefixes = prefixes
        return self._prefixes.get(phrase)

    def exact(self, phrase: str) -> NameMatch | None:
        rows = self.rows.get(phrase)
        return NameMatch(phrase, rows, exact=True) if rows else None

    def fuzzy(self, phrase: str, cutoff: float = FUZZY_CUTOFF) -> NameMatch | None:
        """The closest name to a phrase with a typo or two, if one is close enough."""
        words = phrase.split()
        candidates: set[str] = set()
        for word in words:
            if len(word) < 3:
                continue
            near = [word] if word in self._keys_by_word else []
            near += near_words(word, self._words_by_initial.get(word[0], []))
            for found in near:
                candidates.update(key for key in self._keys_by_word[found] if abs(len(key.split()) - len(words)) <= 1)
        key = best_near(phrase, candidates, lambda k: self.rows[k][0].weight, cutoff)
        return NameMatch(key, self.rows[key], exact=False) if key else None

    def surname(self, word: str) -> "NameMatch | None":
        """A single word that is the last name of someone well known, spelled right or nearly (people only)."""
        near = []
        if len(word) >= SURNAME_MIN_LETTERS:
            near = difflib.get_close_matches(word, self.words_starting(word[0]), n=3, cutoff=SURNAME_CUTOFF)
        spellings = [word, *near]
        candidates = [
            key for spelling in spellings for key in self.keys_with_word(spelling) if key.split()[-1] == spelling
        ]
        if not candidates:
            return None
        key = max(candidates, key=lambda k: self.rows[k][0].weight)
        return NameMatch(key, self.rows[key], exact=False) if self.rows[key][0].weight >= SURNAME_MIN_WEIGHT else None


@dataclass(frozen=True)
class NameIndex:
    titles: Names  # weight: vote count; id: tmdb_id
    people: Names  # weight: credits; role: the role of most credits
    companies: NameTable  # weight: movies
    keywords: NameTable  # weight: movies
    spanish_titles: bool = False  # the catalogue holds Spanish titles (TMDB's translations) to answer with

    def reading_on(self, conn: Any, question: str = "") -> "NameIndex":
        """This index with the names kept in the database read on `conn` (the question's connection), those the
        question's phrases name read at once, in one query a table."""
        words = fold(question).split()
        phrases = {
            " ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(i + PHRASE_WORDS, len(words)) + 1)
        }
        titles = self.titles.reading_on(conn, phrases | {f"the {phrase}" for phrase in phrases})
        return replace(self, titles=titles, people=self.people.reading_on(conn, phrases))
