"""From a question to a `QuerySpec`: what is asked, over which movies, with names linked to database rows.

The parser reads the folded question word by word. Years, thresholds, genres, languages and countries are read from
the vocabulary; titles, people, companies and keywords are linked through the `NameIndex`; then the shape of the
question (count, aggregate, ranking of groups, lookup, comparison or list) and its measure are decided. Where the
words leave the measure or the shape open, the `SemanticMatcher` (the Hugging Face sentence model) decides by meaning.
"""

import difflib
import re
from dataclasses import dataclass, field

from cinelake.ask.names import NameIndex, NameMatch, NameTable
from cinelake.ask.semantic import SemanticMatcher
from cinelake.ask.spec import Filters, Linked, QuerySpec, Threshold
from cinelake.ask.text import Language, contains, detect_language, fold
from cinelake.ask.vocabulary import (
    AGGREGATE_WORDS,
    ASCENDING_WORDS,
    COUNT_PHRASES,
    COUNTRY_WORDS,
    DECADE_WORDS,
    DESCENDING_WORDS,
    DIMENSION_WORDS,
    GENRE_WORDS,
    LANGUAGE_WORDS,
    LOOKUP_WORDS,
    MEASURE_WORDS,
    MOVIE_WORDS,
    NUMBER_WORDS,
    SQL_PATTERNS,
    WRITE_WORDS,
    Measure,
)

MAX_QUESTION_CHARS = 500
MAX_LIST_ROWS = 100
DEFAULT_TOP = 10
DEFAULT_MIN_VOTES = 100
FIRST_YEAR, LAST_YEAR = 1870, 2035

# Words that never start or end a name on their own.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "and",
        "or",
        "to",
        "from",
        "is",
        "are",
        "was",
        "were",
        "be",
        "did",
        "do",
        "does",
        "has",
        "have",
        "had",
        "what",
        "which",
        "who",
        "whom",
        "when",
        "how",
        "many",
        "much",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "me",
        "show",
        "list",
        "give",
        "tell",
        "all",
        "any",
        "than",
        "as",
        "about",
        "most",
        "least",
        "top",
        "el",
        "la",
        "los",
        "las",
        "un",
        "una",
        "unos",
        "unas",
        "de",
        "del",
        "en",
        "con",
        "por",
        "para",
        "y",
        "o",
        "que",
        "cual",
        "cuales",
        "quien",
        "quienes",
        "como",
        "cuanto",
        "cuantas",
        "cuantos",
        "es",
        "son",
        "fue",
        "fueron",
        "ha",
        "han",
        "hay",
        "se",
        "su",
        "sus",
        "al",
        "lo",
        "mas",
        "menos",
        "entre",
        "desde",
        "hasta",
        "sobre",
        "dime",
        "muestra",
        "muestrame",
        "lista",
        "dame",
        "peliculas",
        "pelicula",
        "movies",
        "movie",
        "film",
        "films",
    ]
)
DIRECTOR_CUES = ("directed", "director", "directors", "dirigida", "dirigidas", "dirigido", "dirigidos", "dirigio",
                 "directed by", "dirigida por", "dirigidas por", "directora")  # fmt: skip
ACTOR_CUES = ("starring", "stars", "starred", "with", "actor", "actress", "featuring", "con", "protagonizada",
              "protagonizadas", "protagonizo", "actuo", "actua", "aparece", "sale", "acted", "cast")  # fmt: skip
ACTOR_VERBS = ("starring", "starred", "stars", "acted", "actor", "actress", "protagonizada", "protagonizadas",
               "protagonizo", "actuo", "actua", "actuan", "aparece", "featuring")  # fmt: skip
THEME_CUES = ("about", "sobre", "featuring", "theme", "themed", "tema", "involving", "acerca de", "keyword")
COMPARE_WORDS = ("or", "vs", "versus", "o", "u")
SINGULAR_WORDS = ("movie", "film", "pelicula")
GROUP_CUES = ("by", "per", "each", "por", "cada", "para cada", "segun")
DIMENSION_LEADS = ("which", "what", "cual", "que", "top", "los", "las", "the", "el", "la", "most", "common", "comun",
                   "frecuente", "frequent", "original", "popular", "among", "entre")  # fmt: skip
RELATION_WORDS = ("vs", "versus", "against", "frente a", "contra", "relationship", "relation", "relacion",
                  "correlation", "correlacion", "compared to", "comparado con")  # fmt: skip
DISTRIBUTION_WORDS = ("distribution", "distribucion", "histogram", "histograma", "spread", "dispersion")
SCATTER_ROWS = 2000
DISTRIBUTION_ROWS = 20000


class UnanswerableQuestion(ValueError):
    """The question cannot be answered from this database; `reason` says why, in the question's language."""

    def __init__(self, language: Language, reason: str) -> None:
        super().__init__(reason)
        self.language = language
        self.reason = reason


REFUSALS = {
    "write": {
        "en": "CineLake only answers questions; it never changes data. Ask, for example: "
        "'Which 5 movies had the highest budget in 2019?'",
        "es": "CineLake solo responde preguntas; nunca modifica datos. Pregunte, por ejemplo: "
        "'¿Cuáles fueron las 5 películas con mayor presupuesto de 2019?'",
    },
    "sql": {
        "en": "Ask in plain English or Spanish, not in SQL. For example: 'How many horror movies are there?'",
        "es": "Pregunte en español o inglés, no en SQL. Por ejemplo: '¿Cuántas películas de terror hay?'",
    },
    "topic": {
        "en": "That does not look like a question about movies in this database (titles, budgets, revenue, ratings, "
        "genres, directors, actors, years). Try: 'Top 5 genres by popularity' or 'Who directed Inception?'",
        "es": "Eso no parece una pregunta sobre las películas de esta base de datos (títulos, presupuestos, "
        "recaudación, valoraciones, géneros, directores, actores, años). Pruebe: 'Top 5 géneros por popularidad' "
        "o '¿Quién dirigió Titanic?'",
    },
    "title": {
        "en": "I could not find that movie in the database. Check the title's spelling, e.g. 'Who directed Inception?'",
        "es": "No encontré esa película en la base de datos. Revise el título, p. ej. '¿Quién dirigió Titanic?'",
    },
    "compare": {
        "en": "To compare, name two movies the database holds and a measure, e.g. "
        "'Which made more money, Titanic or Avatar?'",
        "es": "Para comparar, nombre dos películas de la base de datos y una medida, p. ej. "
        "'¿Cuál recaudó más, Titanic o Avatar?'",
    },
}


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

    def find_phrase(self, phrase: str, unused_only: bool = True) -> tuple[int, int] | None:
        size = len(phrase.split())
        for start in range(0, len(self.words) - size + 1):
            if " ".join(self.words[start : start + size]) == phrase and (
                not unused_only or not any(self.used[start : start + size])
            ):
                return start, start + size
        return None

    def near(self, start: int, end: int, phrases, before: int = 3, after: int = 0) -> bool:
        window = " ".join(self.words[max(0, start - before) : start] + self.words[end : end + after])
        return any(contains(window, phrase) for phrase in phrases)


class QuestionParser:
    def __init__(self, names: NameIndex, semantic: SemanticMatcher | None = None) -> None:
        self.names = names
        self.semantic = semantic

    def parse(self, question: str) -> QuerySpec:
        language = detect_language(question)
        folded = fold(normalize_numbers(question))
        refuse_hostile(question, folded, language)
        words = Words(folded.split())
        spec = QuerySpec(language=language, kind="list")
        read_years(words, spec.filters)
        read_thresholds(words, spec.filters)
        shape = question_shape(words.unused_text)
        plotted = measures_in(words.unused_text)
        if len(plotted) >= 2 and has_any(words.unused_text, RELATION_WORDS):
            shape = "scatter"
        if shape in ("lookup", "compare"):
            movies = self.link_titles(words, compare=shape == "compare")
            if shape == "compare" and len(movies) >= 2:
                spec.kind, spec.movies = "compare", movies
            elif shape == "lookup" and movies:
                spec.kind, spec.movies = "lookup", movies[:1]
            elif shape == "compare":
                raise UnanswerableQuestion(language, REFUSALS["compare"][language])
        read_places_and_genres(words, spec.filters)
        self.link_names(words, spec.filters)
        read_limit(words, spec)
        measure, direction = read_measure(words.unused_text, spec.filters)
        if spec.kind == "lookup":
            spec.lookup = lookup_field(words.text)
            if spec.lookup is None and measure:
                spec.lookup = measure
            return spec
        if spec.kind == "compare":
            meant = None if measure else self.semantic_measure(question)
            spec.measure = measure or (meant[0] if meant else "revenue")
            spec.descending = direction != "asc" if direction else not has_any(words.text, ASCENDING_WORDS)
            return spec
        if shape == "scatter":
            spec.kind, spec.measure, spec.second_measure = "scatter", plotted[0], plotted[1]
            spec.limit = SCATTER_ROWS
            return spec
        if has_any(words.text, DISTRIBUTION_WORDS) and measure and measure != "release_date":
            spec.kind, spec.measure, spec.limit = "distribution", measure, DISTRIBUTION_ROWS
            return spec
        decide_kind(words, spec, measure, direction)
        if spec.kind == "list" and spec.measure is None:
            ranking = has_any(words.unused_text, DESCENDING_WORDS + ASCENDING_WORDS)
            if ranking or not self.has_subject(words, spec):
                meant = self.semantic_measure(question)
                if meant is not None:
                    spec.measure, spec.descending = meant
                    if has_any(words.unused_text, ASCENDING_WORDS):
                        spec.descending = not spec.descending  # "least popular" flips the meaning found
                    spec.limit = spec.limit if spec.explicit_limit else (1 if is_singular(words.text) else DEFAULT_TOP)
            if spec.measure is None and not self.has_subject(words, spec):
                raise UnanswerableQuestion(language, REFUSALS["topic"][language])
        if (
            spec.kind == "list"
            and spec.measure == "rating"
            and not any(t.measure == "votes" for t in spec.filters.thresholds)
        ):
            # A 10.0 from two votes is no ranking: without the asker's minimum, a default one (said in the answer).
            spec.filters.thresholds.append(Threshold("votes", ">=", DEFAULT_MIN_VOTES))
        if shape == "lookup" and not spec.movies and spec.filters.is_empty() and spec.measure is None:
            raise UnanswerableQuestion(language, REFUSALS["title"][language])
        return spec

    # --- names -------------------------------------------------------------------------------------------------

    def link_titles(self, words: Words, compare: bool) -> list[Linked]:
        """The movies a lookup or comparison names: exact titles first, then the leftover phrase, fuzzily."""
        text = words.text
        chunks = split_comparison(text) if compare else [title_chunk(text)]
        found: list[Linked] = []
        for chunk in chunks:
            match = best_title(self.names.titles, chunk)
            if match is not None:
                found.append(Linked((match.best.id,), match.best.name))
                located = words.find_phrase(match.key) if match.exact else None
                if located:
                    words.use(*located)
        return found

    def link_names(self, words: Words, filters: Filters) -> None:
        """People, companies and keywords named in the question, longest phrase first."""
        for start, end in list(words.spans()):
            if any(words.used[start:end]):
                continue
            phrase = words.phrase(start, end)
            first, last = words.words[start], words.words[end - 1]
            if first in STOPWORDS or last in STOPWORDS or phrase in MEASURE_WORDS or phrase in DIMENSION_WORDS:
                continue
            themed = words.near(start, end, THEME_CUES, before=2)
            person = self.names.people.exact(phrase) if end - start >= 2 else None
            company = self.names.companies.exact(phrase) if not themed else None
            keyword = self.names.keywords.exact(phrase) if themed or end - start >= 2 else None
            if person:
                self.add_person(words, start, end, person, filters)
            elif company and (end - start >= 2 or len(phrase) >= 4):
                filters.companies.append(Linked(tuple(r.id for r in company.rows), company.best.name))
            elif keyword:
                filters.keywords.append(Linked(tuple(r.id for r in keyword.rows), keyword.best.name))
            else:
                continue
            words.use(start, end)
        # Names with a typo: runs of unused words after a person cue, or two capitalized-looking unknown words.
        for start, end in list(words.spans(longest=3)):
            if end - start < 2 or any(words.used[start:end]):
                continue
            if words.words[start] in STOPWORDS or words.words[end - 1] in STOPWORDS:
                continue
            if any(w in KNOWN_WORDS or w.isdigit() for w in words.words[start:end]):
                continue
            person = self.names.people.fuzzy(words.phrase(start, end))
            if person:
                self.add_person(words, start, end, person, filters)
                words.use(start, end)
        for start, end in list(words.spans(longest=1)):
            word = words.words[start]
            if word in STOPWORDS or word in KNOWN_WORDS or word.isdigit() or len(word) < 4:
                continue
            beside_movie = (end < len(words.words) and words.words[end] in MOVIE_WORDS) or (
                start >= 2 and words.words[start - 1] == "de" and words.words[start - 2] in MOVIE_WORDS
            )
            keyword = self.names.keywords.exact(word) or (
                self.names.keywords.exact(word[:-1]) if word.endswith("s") else None
            )
            if keyword and beside_movie and keyword.best.weight >= 3:
                filters.keywords.append(Linked(tuple(r.id for r in keyword.rows), keyword.best.name))
                words.use(start, end)
                continue
            if len(word) < 5 or not (
                beside_movie or words.near(start, end, DIRECTOR_CUES + ACTOR_CUES + ("de", "by", "of", "any"), before=2)
            ):
                continue
            person = surname_match(self.names.people, word)
            if person:
                self.add_person(words, start, end, person, filters)
                words.use(start, end)

    def add_person(self, words: Words, start: int, end: int, person: NameMatch, filters: Filters) -> None:
        """A cue just before the name decides the role; else a cue anywhere; else the role of most credits."""
        if words.near(start, end, DIRECTOR_CUES, before=3):
            role = "director"
        elif words.near(start, end, ACTOR_CUES, before=3):
            role = "actor"
        elif has_any(words.text, DIRECTOR_CUES + ("as a director", "as director", "como director", "como directora")):
            role = "director"
        elif has_any(words.text, ACTOR_VERBS):
            role = "actor"
        else:
            role = person.best.role
        credited = [r for r in person.rows if (r.directed if role == "director" else r.acted)]
        if not credited:  # a cue for another name: this one never worked in that role
            credited = list(person.rows)
            role = person.best.role
        linked = Linked((credited[0].id,), credited[0].name)
        (filters.directors if role == "director" else filters.actors).append(linked)

    def has_subject(self, words: Words, spec: QuerySpec) -> bool:
        """Whether the question is about movies at all: a movie word, a filter, or a name."""
        return not spec.filters.is_empty() or any(w in MOVIE_WORDS for w in words.words)

    def semantic_measure(self, question: str) -> tuple[Measure, bool] | None:
        return self.semantic.measure(question) if self.semantic else None


# --- the pieces, each reading one kind of thing ---------------------------------------------------------------------

KNOWN_WORDS = (
    frozenset(w for phrase in MEASURE_WORDS for w in phrase.split())
    | frozenset(DIMENSION_WORDS)
    | frozenset(w for phrase in GENRE_WORDS for w in phrase.split())
    | frozenset(LANGUAGE_WORDS)
    | frozenset(w for phrase in COUNTRY_WORDS for w in phrase.split())
    | frozenset(AGGREGATE_WORDS)
    | frozenset(NUMBER_WORDS)
    | frozenset(w for phrase in LOOKUP_WORDS for w in phrase.split())
    | frozenset(DESCENDING_WORDS)
    | frozenset(ASCENDING_WORDS)
    | frozenset(MOVIE_WORDS)
    | frozenset(
        [
            "released",
            "releases",
            "release",
            "estrenadas",
            "estrenaron",
            "estrenada",
            "votes",
            "votos",
            "million",
            "millones",
        ]
    )
)


def normalize_numbers(question: str) -> str:
    """Thousands separators out ("1,000,000" and "1.000"), so a number is one word; "$200M" -> "200 million"."""
    text = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", question)
    text = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", text)
    text = re.sub(r"\$\s*(\d+(?:\.\d+)?)\s*[mM]\b", r"\1 million", text)
    text = re.sub(r"\$\s*(\d+(?:\.\d+)?)\s*[bB]\b", r"\1 billion", text)
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s*[mM]\b(?!\w)", r"\1 million", text)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*\+", r"at least \1", text)  # "1000+ votes"
    return re.sub(r"(?<=\d),(?=\d)", ".", text)  # "7,5" -> "7.5"


def refuse_hostile(question: str, folded: str, language: Language) -> None:
    lowered = question.lower()
    if any(re.search(pattern, lowered) for pattern in SQL_PATTERNS):
        raise UnanswerableQuestion(language, REFUSALS["sql"][language])
    if any(contains(folded, word) for word in WRITE_WORDS):
        raise UnanswerableQuestion(language, REFUSALS["write"][language])


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


def is_year(value: float | None) -> bool:
    return value is not None and value.is_integer() and FIRST_YEAR <= value <= LAST_YEAR


def read_years(words: Words, filters: Filters) -> None:
    """Years, ranges and decades, as the eval conventions read them ("after 2015" excludes 2015)."""
    w = words.words
    for i, _word in enumerate(w):
        if words.used[i]:
            continue
        decade = decade_at(w, i)
        if decade is not None:
            filters.year_from, filters.year_to = decade, decade + 9
            words.use(*decade_span(w, i))
            continue
        value = number_at(words, i)
        if not is_year(value) or (i + 1 < len(w) and w[i + 1] in NOT_YEAR_UNITS) or w[i].isalpha():
            continue
        year = int(value)
        before = " ".join(w[max(0, i - 3) : i])
        nxt = w[i + 1] if i + 1 < len(w) else ""
        second = number_at(words, i + 2)
        if nxt in ("and", "y", "to", "a", "through", "until", "hasta", "al") and is_year(second):
            filters.year_from, filters.year_to = sorted((year, int(second)))
            words.use(max(0, i - 1), i + 3)
        elif has_any(before, ("since", "desde", "a partir de", "from", "starting", "after and including")) and has_any(
            " ".join(w[i + 1 : i + 3]), ("on", "onwards", "onward", "en adelante", "adelante")
        ):
            filters.year_from = year
            words.use(i, min(len(w), i + 3))
        elif has_any(before, ("since", "desde", "a partir de", "starting", "as of")):
            filters.year_from = year
            words.use(i, i + 1)
        elif has_any(before, ("after", "despues de", "posteriores a", "posterior a", "later than", "beyond")):
            filters.year_from = year + 1
            words.use(i, i + 1)
        elif has_any(before, ("before", "antes de", "anteriores a", "anterior a", "earlier than", "prior to")):
            filters.year_to = year - 1
            words.use(i, i + 1)
        elif has_any(before, ("until", "hasta", "through", "up to", "by")):
            filters.year_to = year
            words.use(i, i + 1)
        elif filters.year_from is None and filters.year_to is None:
            filters.year_from = filters.year_to = year
            words.use(i, i + 1)


NOT_YEAR_UNITS = frozenset(
    ["votes", "votos", "minutes", "minutos", "min", "million", "millones", "dollars", "dolares", "usd", "m"]
)


def decade_at(w: list[str], i: int) -> int | None:
    word = w[i]
    if re.fullmatch(r"(1[89]|20)\d0s", word):
        return int(word[:4])
    if re.fullmatch(r"\d0s", word):  # "90s"
        return 1900 + int(word[:2]) if word[0] != "0" and word[0] != "1" else 2000 + int(word[:2])
    previous = w[i - 1] if i > 0 else ""
    two_back = " ".join(w[max(0, i - 2) : i])
    if previous in ("anos", "decada", "los", "the", "del") or two_back in (
        "decada de",
        "decada del",
        "los anos",
        "the decade",
    ):
        if re.fullmatch(r"(1[89]|20)\d0", word) and previous != "the":
            return int(word)
        if re.fullmatch(r"[2-9]0", word):
            return 1900 + int(word)
        if word in DECADE_WORDS and previous in ("anos", "los", "the"):
            return DECADE_WORDS[word]
    return None


def decade_span(w: list[str], i: int) -> tuple[int, int]:
    start = i
    while start > 0 and w[start - 1] in ("the", "los", "anos", "decada", "de", "del", "la", "in", "en"):
        start -= 1
    return start, i + 1


@dataclass(frozen=True)
class MinMovies:
    """ "with at least 50 movies": a group needs this many movies to be ranked."""

    count: int


COMPARATORS = {
    ">": ("over", "above", "more than", "greater than", "higher than", "bigger than", "exceeding", "mas de",
          "mas que", "superior a", "superiores a", "mayor a", "mayor que", "mayores a", "por encima de", "sobre"),
    ">=": ("at least", "minimum of", "or more", "no less than", "al menos", "como minimo", "minimo", "o mas"),
    "<": ("under", "below", "less than", "lower than", "fewer than", "menos de", "inferior a", "inferiores a",
          "menor a", "menor que", "por debajo de", "bajo"),
    "<=": ("at most", "no more than", "up to", "como maximo", "como mucho", "o menos"),
}  # fmt: skip
SCALES = {"million": 1e6, "millions": 1e6, "millones": 1e6, "millon": 1e6, "billion": 1e9, "billions": 1e9,
          "thousand": 1e3, "mil": 1e3, "k": 1e3}  # fmt: skip
HOUR_WORDS = ("hours", "hour", "horas", "hora", "h")
MINUTE_WORDS = ("minutes", "minute", "minutos", "minuto", "min", "mins")


TRAILING_COMPARATORS = {"or more": ">=", "o mas": ">=", "or less": "<=", "o menos": "<=", "or fewer": "<="}


def read_thresholds(words: Words, filters: Filters) -> None:
    """ "budget over 200 million", "más de 3 horas", "rating above 7.5", "1000 votes or more"."""
    w = words.words
    for phrase, op in TRAILING_COMPARATORS.items():
        located = words.find_phrase(phrase)
        if located is None:
            continue
        start, end = located
        # "1000 votos o más": the number is one or two words back, its unit between
        for value_at in (start - 1, start - 2):
            value = number_at(words, value_at)
            if value is not None and not words.used[value_at]:
                threshold, _ = make_threshold(words, value_at, value_at, value, op, w[value_at + 1 : value_at + 4])
                if threshold is not None:
                    filters.thresholds.append(threshold)
                    words.use(value_at, end)
                break
    for op, phrases in COMPARATORS.items():
        for phrase in phrases:
            size = len(phrase.split())
            for start in range(len(w) - size + 1):
                if " ".join(w[start : start + size]) != phrase or any(words.used[start : start + size]):
                    continue
                value_at = start + size
                value = number_at(words, value_at)
                if value is None:
                    continue
                threshold, used_to = make_threshold(words, start, value_at, value, op, w[value_at + 1 : value_at + 4])
                if threshold is None:
                    continue
                if isinstance(threshold, MinMovies):
                    filters.min_group_movies = threshold.count
                else:
                    filters.thresholds.append(threshold)
                words.use(start, max(start + size, used_to))


def make_threshold(words: Words, start: int, value_at: int, value: float, op: str, unit_words: list[str]):
    w = words.words
    end = value_at + 1
    scale = 1.0
    if unit_words and unit_words[0] in SCALES:
        scale = SCALES[unit_words[0]]
        end += 1
        if unit_words[0] == "mil" and len(unit_words) > 1 and unit_words[1] in ("millones", "millon"):
            scale, end = 1e9, end + 1
    following = w[end : end + 2]
    if following[:1] and following[0] in ("dollars", "dolares", "usd", "de", "in", "en"):
        end += 1
    measure: Measure | None = None
    if unit_words and unit_words[0] in HOUR_WORDS:
        measure, value, end = "runtime", value * 60, value_at + 2
        if unit_words[1:3] in (["y", "media"], ["and", "a"]) or unit_words[1:2] == ["half"]:
            value, end = value + 30, end + (3 if unit_words[1:3] == ["and", "a"] else 2)
    elif unit_words and unit_words[0] in MINUTE_WORDS:
        measure, end = "runtime", value_at + 2
    elif unit_words and unit_words[0] in ("votes", "votos", "ratings", "valoraciones", "reviews"):
        measure, end = "votes", value_at + 2
    elif unit_words and unit_words[0] in MOVIE_WORDS:
        return MinMovies(int(value)), value_at + 2
    else:
        context_before = " ".join(w[max(0, start - 4) : start])
        context_after = " ".join(w[end : end + 3])
        measure = measure_in(context_before) or measure_in(context_after)
        if measure is None and scale >= 1e6:
            measure = "revenue"
        if measure is None:
            return None, end
        if measure in ("budget", "revenue", "profit") and scale == 1.0 and value < 10_000:
            scale = 1e6  # "budget over 200" means millions
    threshold = Threshold(measure, op, value * scale)  # type: ignore[arg-type]
    # the measure word right before the comparator belongs to the threshold, not to a ranking
    for i in range(max(0, start - 3), start):
        if measure_in(w[i]) == measure:
            words.use(i, i + 1)
    return threshold, end


def measure_in(text: str) -> Measure | None:
    """The measure the last measure word of a short text names."""
    found = None
    words = text.split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if phrase in MEASURE_WORDS and MEASURE_WORDS[phrase][0] != "release_date":
                found = found or (i, MEASURE_WORDS[phrase][0])
                if i > found[0]:
                    found = (i, MEASURE_WORDS[phrase][0])
    return found[1] if found else None


def read_places_and_genres(words: Words, filters: Filters) -> None:
    for start, end in list(words.spans(longest=3)):
        if any(words.used[start:end]):
            continue
        phrase = words.phrase(start, end)
        if phrase in GENRE_WORDS:
            if GENRE_WORDS[phrase] not in filters.genres:
                filters.genres.append(GENRE_WORDS[phrase])
        elif phrase in COUNTRY_WORDS and (
            words.near(start, end, ("in", "from", "en", "de", "made", "produced", "producidas", "hechas", "rodadas"))
            or phrase not in LANGUAGE_WORDS
        ):
            if phrase in ("us",) and not words.near(start, end, ("the", "in", "from", "made")):
                continue
            filters.countries.append(COUNTRY_WORDS[phrase])
        elif phrase in LANGUAGE_WORDS and filters.language is None:
            filters.language = LANGUAGE_WORDS[phrase]
        else:
            continue
        words.use(start, end)
        # "French-language", "en idioma francés", "habladas en"
        if end < len(words.words) and words.words[end] in ("language", "speaking", "spoken"):
            words.use(end, end + 1)


def read_limit(words: Words, spec: QuerySpec) -> None:
    """ "top 5", "the 10 most", "las diez", "5 movies", "first three"."""
    w = words.words
    for i, word in enumerate(w):
        if words.used[i]:
            continue
        value = number_at(words, i)
        if value is None or not value.is_integer() or not 1 <= value <= MAX_LIST_ROWS:
            continue
        previous = w[i - 1] if i > 0 else ""
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if word in ("una", "uno", "one") and previous not in ("top", "the", "las", "los", "first"):
            continue
        if (
            previous in ("top", "first", "primeras", "primeros", "the", "las", "los", "these", "mejores", "peores")
            or nxt in MOVIE_WORDS
            or nxt in DIMENSION_WORDS
            or nxt in ("most", "least", "mas", "menos", "highest", "lowest", "best", "worst", "biggest", "largest")
            or nxt in ("mejores", "peores", "top", "longest", "shortest", "oldest", "newest", "cheapest")
        ):
            spec.limit, spec.explicit_limit = int(value), True
            words.use(i, i + 1)
            return


GENERIC_RANKING = frozenset(("best", "worst", "mejor", "mejores", "peor", "peores", "made", "make", "money", "long"))


def read_measure(text: str, filters: Filters) -> tuple[Measure | None, str | None]:
    """The ranked measure and its direction, from the words left (a threshold's words are already used).

    A specific measure word beats a generic one: "best ROI" ranks by ROI, best first."""
    words = text.split()
    best: tuple[int, int, int, Measure, str | None] | None = None
    generic_direction = None
    for size in (4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if phrase in MEASURE_WORDS:
                measure, direction = MEASURE_WORDS[phrase]
                specific = int(phrase not in GENERIC_RANKING)
                if not specific and phrase in ("best", "worst", "mejor", "mejores", "peor", "peores"):
                    generic_direction = generic_direction or direction
                candidate = (specific, size, -i, measure, direction)
                if best is None or candidate[:3] > best[:3]:
                    best = candidate
    if best is None:
        return None, None
    specific, _, position, measure, direction = best
    if specific and direction is None and generic_direction:
        direction = generic_direction
    if direction is None:
        before = " ".join(words[max(0, -position - 3) : -position])
        if has_any(before, ASCENDING_WORDS):
            direction = "asc"
        elif has_any(before, DESCENDING_WORDS):
            direction = "desc"
    return measure, direction


def measures_in(text: str) -> list[Measure]:
    """Every measure the text names, in order, each once (release dates are no axis)."""
    words = text.split()
    found: list[tuple[int, Measure]] = []
    taken: set[int] = set()
    for size in (4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if phrase in MEASURE_WORDS and not taken & set(range(i, i + size)):
                measure = MEASURE_WORDS[phrase][0]
                if measure != "release_date" and phrase not in (
                    "best",
                    "worst",
                    "mejor",
                    "mejores",
                    "peor",
                    "peores",
                    "made",
                    "make",
                    "money",
                    "long",
                    "short",
                ):
                    found.append((i, measure))
                    taken |= set(range(i, i + size))
    ordered = [measure for _, measure in sorted(found)]
    return list(dict.fromkeys(ordered))


def question_shape(text: str) -> str:
    """Whether the question looks up one movie, compares movies, or asks about many (decided further on)."""
    if has_any(text, COMPARE_WORDS) and has_any(
        text, ("which", "what", "cual", "que", "who", "quien", "compare", "compara", "more", "mas", "less", "menos")
    ):
        plural = has_any(text, ("movies", "films", "peliculas", "genres", "generos", "years"))
        if not plural:
            return "compare"
    plural_list = has_any(text, ("movies", "films", "peliculas", "titles", "list", "lista", "how many", "cuantas"))
    lookup_start = (
        "who directed", "who starred", "who stars", "who is in", "who acted", "quien dirigio", "quien protagoniza",
        "quien protagonizo", "quienes actuan", "quienes actuaron", "quien actua", "when was", "when did",
        "cuando se estreno", "cuando salio", "how long is", "how long was", "cuanto dura", "cuanto duro",
        "how much did", "cuanto costo", "cuanto recaudo", "cuanto gano", "what year was", "what year did",
        "en que ano se estreno", "en que ano salio", "en que fecha", "who is the director", "who was the director",
        "who the director", "who are the actors", "quien es el director", "quien fue el director",
        "quienes son los actores", "quienes son los protagonistas", "quien dirige",
    )  # fmt: skip
    if has_any(text, lookup_start):
        return "lookup"
    if (
        re.match(r"^(how much|cuanto|cuanta) (\w+ )?(did|does|do|recaudo|gano|costo|tuvo|hizo)\b", text)
        and not plural_list
    ):
        return "lookup"
    if re.match(
        r"^(cuantos|cuantas|how many) (votos|votes|minutos|minutes) (tiene|tuvo|has|had|did|does|dura)\b", text
    ):
        return "lookup"
    of_field = re.search(
        r"\b(budget|revenue|rating|runtime|release date|director|cast|genres?|box office|gross|score|"
        r"presupuesto|recaudacion|taquilla|valoracion|nota|duracion|fecha de estreno|reparto|generos?|"
        r"ingresos|puntuacion|director|directores|actors|actores|protagonistas|cast members)"
        r"(\s+(principales|main|lead))?\s+(of|de|for|del|para|behind|in)\b",
        text,
    )
    if of_field and not plural_list and not has_any(text, ("average", "total", "promedio", "media", "sum")):
        return "lookup"
    ranking = has_any(text, DESCENDING_WORDS + ASCENDING_WORDS) or any(w in DIMENSION_WORDS for w in text.split())
    if TRAILING_FIELD.search(text) and not plural_list and not ranking and not has_any(text, tuple(AGGREGATE_WORDS)):
        return "lookup"
    return "many"


TRAILING_FIELD = re.compile(
    r"\b(budget|revenue|rating|runtime|release date|box office|gross|director|cast|genres|presupuesto|"
    r"recaudacion|taquilla|valoracion|duracion|fecha de estreno|reparto|generos)$"
)
LOOKUP_PREFIXES = re.compile(
    r"^(who directed|who starred in|who stars in|who is in|who acted in|quien dirigio|quien protagoniza|"
    r"quien protagonizo|quienes actuan en|quienes actuaron en|quien actua en|when was|when did|cuando se estreno|"
    r"cuando salio|how long is|how long was|cuanto dura|cuanto duro|how much did|how much money did|cuanto costo|"
    r"cuanto recaudo|cuanto gano|what year was|what year did|en que ano se estreno|en que ano salio|en que fecha salio|"
    r"en que fecha se estreno|who is the director of|who was the director of|who the director behind|"
    r"quienes son los actores principales de|quienes son los actores de|quien es el director de|"
    r"(how much|cuanto|cuanta) (\w+ )?(did|does|do|recaudo|gano|costo|tuvo|hizo)|"
    r"(cuantos|cuantas|how many) (votos|votes|minutos|minutes) (tiene|tuvo|has|had|did|does|dura)|"
    r"(what|which|cual|que) (is|was|es|fue|were|son|fueron)( the| el| la| los| las)?|tell me|dime|give me|show me)\b"
)
LOOKUP_SUFFIXES = re.compile(
    r"\b(released|come out|came out|premiere|premiered|make|made|gross|earn|cost|directed|se estreno|have|has|"
    r"production budget|budget|revenue|rating|runtime|tiene|tuvo|"
    r"recaudo|costo|dura|last|lasts|run|in theaters|at the box office|en taquilla)$"
)
FIELD_OF = re.compile(
    r"^(the )?(\w+ ){0,3}?(budget|revenue|rating|runtime|release date|director|directors|cast|genres|genre|"
    r"box office|gross|score|presupuesto|recaudacion|taquilla|valoracion|nota|duracion|fecha de estreno|reparto|"
    r"genero|generos|ingresos|puntuacion|directores|idioma|language|popularity|popularidad|votes|votos|actors|"
    r"actores|protagonistas)( principales| main| lead| production)? (of|de|for|del|para|behind|in)( the| la| el)? "
)


def title_chunk(text: str) -> str:
    """The part of a lookup question that should be the title."""
    chunk = LOOKUP_PREFIXES.sub("", text).strip()
    chunk = FIELD_OF.sub("", chunk).strip() if FIELD_OF.search(chunk) else chunk
    match = re.search(
        r"\b(?:budget|revenue|rating|runtime|release date|director|cast|presupuesto|recaudacion|taquilla|"
        r"valoracion|nota|duracion|reparto|director) (?:of|de|for|del) (?:the |la |el )?(.+)$",
        chunk,
    )
    if match:
        chunk = match.group(1)
    for _ in range(2):
        chunk = LOOKUP_SUFFIXES.sub("", chunk).strip()
    return chunk


def split_comparison(text: str) -> list[str]:
    for word in COMPARE_WORDS:
        if contains(text, word):
            left, right = f" {text} ".split(f" {word} ", 1)
            left_words = left.split()
            # the left title is the tail of the left part after the question words
            left_title = strip_question_words(left_words)
            right_title = strip_trailing_words(right.split())
            return [left_title, right_title]
    return []


QUESTION_LEAD = frozenset(
    [
        "which",
        "what",
        "who",
        "cual",
        "que",
        "quien",
        "made",
        "more",
        "less",
        "money",
        "earned",
        "grossed",
        "had",
        "has",
        "was",
        "is",
        "did",
        "does",
        "the",
        "movie",
        "film",
        "pelicula",
        "recaudo",
        "mas",
        "menos",
        "dinero",
        "gano",
        "tuvo",
        "fue",
        "es",
        "longer",
        "shorter",
        "larga",
        "corta",
        "cara",
        "barata",
        "expensive",
        "cheaper",
        "better",
        "worse",
        "mejor",
        "peor",
        "higher",
        "lower",
        "rated",
        "valorada",
        "budget",
        "presupuesto",
        "revenue",
        "rating",
        "between",
        "entre",
        "compare",
        "compara",
        "y",
        "and",
        "popular",
        "more",
        "popular",
        "higher",
        "grossing",
        "de",
        "la",
        "el",
    ]
)


def strip_question_words(words: list[str]) -> str:
    start = 0
    for i, word in enumerate(words):
        if word in QUESTION_LEAD:
            start = i + 1
    return " ".join(words[start:]) if start < len(words) else " ".join(words[-2:])


def strip_trailing_words(words: list[str]) -> str:
    while words and words[-1] in QUESTION_LEAD:
        words = words[:-1]
    return " ".join(words)


def best_title(titles: NameTable, chunk: str) -> NameMatch | None:
    if not chunk:
        return None
    exact = titles.exact(chunk) or titles.exact(f"the {chunk}")
    if exact:
        return exact
    words = chunk.split()
    # the longest exact title inside the chunk, then a fuzzy match of the whole chunk
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if phrase in STOPWORDS:
                continue
            match = titles.exact(phrase)
            if match and (size >= 2 or len(phrase) >= 4):
                return match
    return titles.fuzzy(chunk, cutoff=0.8)


def surname_match(people: NameTable, word: str) -> NameMatch | None:
    """A single word that is the last name of a well-known director or actor, spelled right or nearly."""
    spellings = [word] + difflib.get_close_matches(word, people.words_starting(word[0]), n=3, cutoff=0.8)
    candidates = [
        key for spelling in spellings for key in people.keys_with_word(spelling) if key.split()[-1] == spelling
    ]
    if not candidates:
        return None
    key = max(candidates, key=lambda k: people.rows[k][0].weight)
    return NameMatch(key, people.rows[key], exact=False) if people.rows[key][0].weight >= 5 else None


def lookup_field(text: str):
    best = None
    words = text.split()
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if phrase in LOOKUP_WORDS and (best is None or size > best[0]):
                best = (size, LOOKUP_WORDS[phrase])
    return best[1] if best else None


def decide_kind(words: Words, spec: QuerySpec, measure: Measure | None, direction: str | None) -> None:
    text = words.text
    f = spec.filters
    linked_dimensions = {"director": f.directors, "actor": f.actors, "company": f.companies}
    dimension = None
    selected = False
    for i, word in enumerate(words.words):
        if word in DIMENSION_WORDS and not words.used[i]:
            candidate = DIMENSION_WORDS[word]
            if linked_dimensions.get(candidate):
                continue  # "movies by director X": X is a filter
            previous = " ".join(words.words[max(0, i - 2) : i])
            cued = has_any(previous, GROUP_CUES + DIMENSION_LEADS)
            cued = cued or i == 0 or (i > 0 and number_at(words, i - 1) is not None)
            if cued:
                dimension = candidate
                # "which genre ..." asks for one; "by genre" for them all
                selected = not has_any(previous, GROUP_CUES)
                break
    aggregate = None
    for phrase, name in AGGREGATE_WORDS.items():
        if contains(words.unused_text, phrase):
            aggregate = name
            break
    if measure == "release_date":
        dimension = None if dimension in ("year", "decade") else dimension
        aggregate = None
    if (
        aggregate is None
        and measure
        and re.match(r"^(how much|cuanto|cuanta)\b", text)
        and has_any(text, ("movies", "films", "peliculas"))
    ):
        aggregate = "sum"  # "¿Cuánto recaudaron las películas de Pixar?"
    counting = has_any(text, COUNT_PHRASES)
    if dimension:
        spec.kind, spec.group_by = "group", dimension
        ranks_count = (
            counting or measure is None or has_any(text, ("most movies", "mas peliculas", "releases", "estrenos"))
        )
        if ranks_count and aggregate is None:
            spec.aggregate, spec.measure = "count", None
        else:
            spec.aggregate, spec.measure = (aggregate or "avg"), measure
            if spec.aggregate == "count":
                spec.measure = None
        spec.descending = direction != "asc" if direction else not has_any(words.unused_text, ASCENDING_WORDS)
        singular = has_any(text, tuple(w for w, d in DIMENSION_WORDS.items() if d == dimension and not w.endswith("s")))
        chronological = dimension in ("year", "decade") and not has_any(
            text, ("most", "least", "mas", "menos", "highest", "lowest", "top", "mayor", "menor", "best", "mejor")
        )
        if chronological:
            spec.chronological, spec.descending = True, False
            spec.limit = spec.limit if spec.explicit_limit else MAX_LIST_ROWS + 1  # one more shows a cut
        elif not spec.explicit_limit:
            spec.limit = 1 if singular and selected and is_singular_group(text, dimension) else DEFAULT_TOP
        return
    if counting and aggregate is None:
        spec.kind, spec.aggregate = "count", "count"
        return
    if aggregate and measure:
        spec.kind, spec.aggregate, spec.measure = "aggregate", aggregate, measure
        return
    spec.kind = "list"
    if measure:
        spec.measure = measure
        spec.descending = direction != "asc"
        if not spec.explicit_limit:
            spec.limit = 1 if is_singular(text) else DEFAULT_TOP
    else:
        spec.limit = spec.limit if spec.explicit_limit else MAX_LIST_ROWS + 1  # one more shows a cut


def is_singular_group(text: str, dimension: str) -> bool:
    """ "Which genre has ...", "¿Qué año tuvo ...": one group asked for."""
    plural = {w for w, d in DIMENSION_WORDS.items() if d == dimension and (w.endswith("s") or w.endswith("es"))}
    return not set(text.split()) & plural


def is_singular(text: str) -> bool:
    words = set(text.split())
    return bool(words & set(SINGULAR_WORDS)) and not words & {"movies", "films", "peliculas"}
