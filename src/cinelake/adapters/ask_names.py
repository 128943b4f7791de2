"""The names questions are linked to: companies and keywords read into memory (a few tens of thousands even for all
of TMDB), titles and people looked up in PostgreSQL (millions at that size) through indexes on `ask_fold(name)`,
which folds as `cinelake.ask.text.fold` does: on the expression for titles (migration 0008), on the stored
`people.folded_name` and `folded_last_word` for people (0016).

The stored tables answer as `NameTable` would over the same rows (tests compare them): the same keys, rows and
weights. A name with a typo is looked for among the names sharing enough trigrams with it (pg_trgm), then scored
by the same ratio as in memory.
"""

import difflib
import itertools
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pg8000.native

from cinelake.adapters.postgres import run
from cinelake.ask.names import (
    FUZZY_CUTOFF,
    SERIES_WORDS,
    SURNAME_CUTOFF,
    SURNAME_MIN_LETTERS,
    SURNAME_MIN_WEIGHT,
    NameIndex,
    NameMatch,
    NameRow,
    NameTable,
    near_words,
    person_role,
)
from cinelake.ask.text import fold

COMPANIES_SQL = """
SELECT c.company_id, c.name, count(*) FROM movie_companies mc JOIN companies c USING (company_id)
GROUP BY c.company_id, c.name
"""
SPANISH_TITLES_SQL = "SELECT EXISTS (SELECT 1 FROM movie_titles WHERE iso_639_1 = 'es')"
KEYWORDS_SQL = """
SELECT k.keyword_id, k.name, count(*) FROM movie_keywords mk JOIN keywords k USING (keyword_id)
GROUP BY k.keyword_id, k.name
"""

# Every title a movie is known by (its title, its original title, its translations), with its votes, where the
# folded title matches `{condition}` (over the alias `key`). The part says which, so rows come in a fixed order.
TITLES_SQL = """
SELECT * FROM (
    SELECT 0 AS part, tmdb_id, title AS name, coalesce(vote_count, 0) AS weight, ask_fold(title) AS key FROM movies
    UNION ALL
    SELECT 1, tmdb_id, original_title, coalesce(vote_count, 0), ask_fold(original_title) FROM movies
    WHERE original_title <> title
    UNION ALL
    SELECT DISTINCT 2, t.tmdb_id, t.title, coalesce(m.vote_count, 0), ask_fold(t.title)
    FROM movie_titles t JOIN movies m USING (tmdb_id)
    WHERE t.title <> m.title AND t.title IS DISTINCT FROM m.original_title
) titles
WHERE {condition}
"""
# The first `{size}` words of the titles of `{titles}` as written, each with its titles and the best known's votes.
SERIES_SQL = """
SELECT rtrim(substring(btrim(name) FROM '^\\S+(?:\\s+\\S+){{0,{more}}}'), ':,.-') AS start, count(*), max(weight)
FROM ({titles}) titles
GROUP BY start
"""
# People credited as directors or in a cast, with those credits and the department TMDB says they are known for
# (`person_role` reads the three). Those of `{condition}` (over `key` and `last_word`).
PEOPLE_SQL = """
SELECT * FROM (
    SELECT p.person_id, p.name, p.folded_name AS key, p.folded_last_word AS last_word,
        (SELECT count(*) FROM movie_crew c WHERE c.person_id = p.person_id AND c.job = 'Director') AS directed,
        (SELECT count(*) FROM movie_cast c WHERE c.person_id = p.person_id) AS acted,
        p.known_for_department
    FROM people p
) people
WHERE ({condition}) AND directed + acted > 0
"""
# The last names sharing trigrams with `:w` of people credited as directors or in a cast.
SURNAMES_SQL = """
SELECT DISTINCT p.folded_last_word FROM people p
WHERE p.folded_last_word % :w
    AND (EXISTS (SELECT 1 FROM movie_cast c WHERE c.person_id = p.person_id)
        OR EXISTS (SELECT 1 FROM movie_crew c WHERE c.person_id = p.person_id AND c.job = 'Director'))
"""
# pg_trgm's `%` keeps the names sharing at least this share of trigrams with the phrase (pg_trgm's default, 0.3:
# a short title with a typo, "slt" for "Salt", shares few). A person's name, two words or more, close enough for
# FUZZY_CUTOFF shares far more: the higher share keeps the thousands of "Christopher ..." out at the size of TMDB.
TRIGRAM_SHARE = 0.3
PERSON_TRIGRAM_SHARE = 0.5


def load_name_index(conn: pg8000.native.Connection) -> NameIndex:
    """The index, its stored tables reading on `conn` until `reading_on` names another connection."""

    def rows(sql: str) -> list:
        return run(conn, sql, "reading the names questions link to")

    return NameIndex(
        titles=StoredTitles(conn),
        people=StoredPeople(conn),
        companies=NameTable(NameRow(i, name, float(n)) for i, name, n in rows(COMPANIES_SQL)),
        keywords=NameTable(NameRow(i, name, float(n)) for i, name, n in rows(KEYWORDS_SQL)),
        spanish_titles=rows(SPANISH_TITLES_SQL)[0][0],
    )


class StoredNames:
    """Names in PostgreSQL, read on one connection. A lookup is remembered for the life of the object, which is one
    question's (`reading_on` makes a new one): a question asks for the same phrase many times."""

    sql: str
    keys_sql: str  # the folded names sharing trigrams with `:phrase`
    trigram_share = TRIGRAM_SHARE

    def __init__(self, conn: Any, phrases: Iterable[str] = ()) -> None:
        self.conn = conn
        self._exact: dict[str, NameMatch | None] = {}
        phrases = sorted(phrases)
        if phrases:
            found = self.matches("key = ANY(CAST(:phrases AS text[]))", phrases=phrases)
            self._exact = {
                phrase: NameMatch(phrase, found[phrase], exact=True) if phrase in found else None for phrase in phrases
            }

    def reading_on(self, conn: Any, phrases: Iterable[str] = ()):
        return type(self)(conn, phrases)

    def row(self, found: list) -> NameRow:
        raise NotImplementedError

    def matches(self, condition: str, **params) -> dict[str, tuple[NameRow, ...]]:
        """The rows of `condition`, by folded name, heaviest first (as `NameTable` holds them)."""
        grouped: dict[str, list[NameRow]] = defaultdict(list)
        for found in run(self.conn, self.sql.format(condition=condition), "looking up names", **params):
            row = self.row(found)
            grouped[fold(row.name)].append(row)  # fold in Python too: the key as linking knows it
        return {key: tuple(sorted(group, key=lambda r: -r.weight)) for key, group in grouped.items()}

    def exact(self, phrase: str) -> NameMatch | None:
        if phrase not in self._exact:
            rows = self.matches("key = :phrase", phrase=phrase).get(phrase) if phrase else None
            self._exact[phrase] = NameMatch(phrase, rows, exact=True) if rows else None
        return self._exact[phrase]

    def fuzzy(self, phrase: str, cutoff: float = FUZZY_CUTOFF) -> NameMatch | None:
        """As `NameTable.fuzzy`: among the names of ±1 word sharing a word, or a near spelling of one, with the
        phrase, the closest (the heaviest of equals); here drawn from the names sharing trigrams with it."""
        words = [word for word in phrase.split() if len(word) >= 3]
        if not words:
            return None
        run(self.conn, "SELECT set_limit(:share)", "looking up names", share=self.trigram_share)  # what % keeps
        similar = [key for (key,) in run(self.conn, self.keys_sql, "looking up names", phrase=phrase)]
        vocabulary = {word for key in similar for word in key.split()}
        near = {
            found
            for word in words
            for found in [word, *near_words(word, [known for known in vocabulary if known[0] == word[0]])]
        }
        scored = sorted(
            (
                (difflib.SequenceMatcher(None, phrase, key).ratio(), key)
                for key in similar
                if abs(len(key.split()) - len(phrase.split())) <= 1 and near.intersection(key.split())
            ),
            reverse=True,
        )
        for ratio, equals in itertools.groupby(scored, key=lambda pair: pair[0]):
            if ratio < cutoff:
                break
            found = [match for _, key in equals if (match := self.exact(key))]
            if found:
                best = max(found, key=lambda match: match.best.weight)
                return NameMatch(best.key, best.rows, exact=False)
        return None

    def series(self, phrase: str) -> tuple[int, str] | None:
        return None

    def surname(self, word: str) -> NameMatch | None:
        return None


class StoredTitles(StoredNames):
    sql = TITLES_SQL
    keys_sql = """
    SELECT ask_fold(title) FROM movies WHERE ask_fold(title) % :phrase
    UNION
    SELECT ask_fold(original_title) FROM movies WHERE ask_fold(original_title) % :phrase
    UNION
    SELECT ask_fold(title) FROM movie_titles WHERE ask_fold(title) % :phrase
    """

    def row(self, found: list) -> NameRow:
        _, tmdb_id, title, votes, _ = found
        return NameRow(tmdb_id, title, float(votes))

    def series(self, phrase: str) -> tuple[int, str] | None:
        """How many titles start with the phrase's words ("toy story" -> Toy Story, Toy Story 2...), and the start as
        the titles write it (for a case-insensitive prefix match); None when none does."""
        size = len(phrase.split())
        if not phrase or size > SERIES_WORDS:
            return None
        starts = run(
            self.conn,
            SERIES_SQL.format(titles=TITLES_SQL.format(condition="key = :phrase OR key LIKE :prefix"), more=size - 1),
            "looking up a series",
            phrase=phrase,
            prefix=f"{phrase} %",
        )
        if not starts:
            return None
        return sum(titles for _, titles, _ in starts), series_start(phrase, starts)


def series_start(phrase: str, starts: list) -> str:
    """How the titles write the phrase's words: as plain words where one does ("Toy Story"), else as the best-known
    title does ("Scooby-Doo"), else the folded phrase. `starts`: (start, titles, heaviest votes)."""
    written = [(start, votes) for start, _, votes in starts if fold(start) == phrase]
    if not written:
        return phrase
    return max(written, key=lambda pair: (pair[0].lower() == phrase, pair[1]))[0]


class StoredPeople(StoredNames):
    sql = PEOPLE_SQL
    keys_sql = "SELECT DISTINCT folded_name FROM people WHERE folded_name % :phrase"
    trigram_share = PERSON_TRIGRAM_SHARE

    def row(self, found: list) -> NameRow:
        person_id, name, _, _, directed, acted, known_for = found
        return NameRow(
            person_id, name, float(directed + acted), person_role(directed, acted, known_for), directed, acted
        )

    def surname(self, word: str) -> NameMatch | None:
        """As `NameTable.surname`, the near spellings drawn from the surnames sharing trigrams with the word."""
        spellings = [word]
        if len(word) >= SURNAME_MIN_LETTERS:
            run(self.conn, "SELECT set_limit(:share)", "looking up surnames", share=TRIGRAM_SHARE)
            similar = run(
                self.conn,
                SURNAMES_SQL,
                "looking up surnames",
                w=word,
            )
            vocabulary = sorted(last for (last,) in similar if last.startswith(word[0]))
            spellings += difflib.get_close_matches(word, vocabulary, n=3, cutoff=SURNAME_CUTOFF)
        # every person of a key shares its last word: each key comes with all its rows
        found = self.matches("last_word = ANY(CAST(:spellings AS text[]))", spellings=spellings)
        if not found:
            return None
        key = max(found, key=lambda k: found[k][0].weight)
        return NameMatch(key, found[key], exact=False) if found[key][0].weight >= SURNAME_MIN_WEIGHT else None
