"""From a question to a `QuerySpec`: what is asked, over which movies, with names linked to database rows.

The parser reads the folded question word by word. Years, thresholds, genres, languages and countries are read from
the vocabulary; titles, people, companies and keywords are linked through the `NameIndex`; then the shape of the
question (count, aggregate, ranking of groups, lookup, comparison or list) and its measure are decided. Where the
words leave the measure or the shape open, the `SemanticMatcher` (the Hugging Face sentence model) decides by meaning.
"""

import copy
import re
from dataclasses import dataclass
from itertools import pairwise

from cinelake.ask.conditions import (
    read_comparisons,
    read_directed_by_women,
    read_known,
    read_month,
    read_multiplying_verbs,
    read_no_votes,
    read_percentile,
    read_profit_or_loss,
    read_status,
    share_pivot,
)
from cinelake.ask.linking import (
    ACTOR_CUES,
    ACTOR_VERBS,
    DIRECTOR_CUES,
    KNOWN_WORDS,
    STOPWORDS,
    THEME_CUES,
    THEME_LEADS,
    WHO_MADE_THE_MOST,
    best_title,
    left_title,
    lookup_field,
    question_shape,
    split_comparison,
    surname_match,
    title_chunk,
)
from cinelake.ask.names import PHRASE_WORDS, NameIndex, NameMatch, NameTable
from cinelake.ask.reading import (
    AUXILIARIES,
    MAKING_VERBS,
    genres_joined_by_and,
    measures_in,
    read_limit,
    read_making_verb,
    read_measure,
    read_places_and_genres,
    read_thresholds,
    read_years,
)
from cinelake.ask.semantic import SemanticMatcher
from cinelake.ask.spec import DEFAULT_TOP, MAX_LIST_ROWS, Filters, Linked, MovieComparison, QuerySpec, Threshold
from cinelake.ask.text import Language, capitalized, contains, detect_language, english_forms, fold
from cinelake.ask.understood import EXAMPLE_QUESTIONS, leftover, meaning_may_explain, not_understood
from cinelake.ask.vocabulary import (
    AGGREGATE_WORDS,
    ASCENDING_WORDS,
    COMMON_WORDS,
    COMPANY_CUES,
    COUNT_PHRASES,
    COURTESIES,
    DESCENDING_WORDS,
    DIMENSION_WORDS,
    FEMALE_WORDS,
    GENRE_WORDS,
    MEASURE_WORDS,
    MONEY_VERBS,
    MOVIE_WORDS,
    SERIES_CUES,
    SQL_PATTERNS,
    THAN_MOVIE,
    THEME_TRANSLATIONS,
    WRITE_WORDS,
    Dimension,
    Measure,
)
from cinelake.ask.words import Words, has_any, number_at

DEFAULT_MIN_VOTES = 100  # a rating ranking without the asker's minimum, over movies not named otherwise


def names_a_few(filters: Filters) -> bool:
    """Whether a name narrows the movies to a few ("Pixar's lowest-rated movie"): each rated one of them counts."""
    return bool(filters.directors or filters.actors or filters.companies or filters.series or filters.keywords)


SINGULAR_WORDS = ("movie", "film", "pelicula")
ALL_TIME = ("of all time", "in history", "ever made", "de la historia", "de todos los tiempos", "en la historia")
GROUP_CUES = ("by", "per", "each", "every", "por", "cada", "para cada", "segun")
DIMENSION_LEADS = ("which", "what", "cual", "que", "top", "los", "las", "the", "el", "la", "most", "common", "comun",
                   "frecuente", "frequent", "original", "popular", "among", "entre")  # fmt: skip
RELATION_WORDS = ("vs", "versus", "against", "frente a", "contra", "relationship", "relation", "relacion",
                  "correlation", "correlacion", "compared to", "comparado con")  # fmt: skip
DISTRIBUTION_WORDS = ("distribution", "distribucion", "histogram", "histograma", "spread", "dispersion")
VOTE_COUNT = re.compile(r"\b(votes? count|number of votes|numero de votos|cantidad de votos)\b")
SCATTER_ROWS = 2000  # the best-known movies a scatter plots
DISTRIBUTION_ROWS = 5000  # a histogram of up to this many movies; past it, a sample of them (sql.distribution_query)


PERSON_OR_DATE_LOOKUP = re.compile(r"^(who|whom|quien|quienes|when|cuando|how long is|cuanto dura)\b")
# Said before a keyword's name: "the keyword world war ii", "con la palabra clave distopía"
KEYWORD_CUES = ("keyword", "keywords", "palabra clave", "palabras clave", "etiqueta")
MAX_KEYWORD_WORDS = 5  # "based on novel or book": TMDB's longest common keywords
THEME_CUTOFF = 0.8  # a theme word may be a plural or another language's spelling of the keyword
SERIES_OR_THEME = 3  # a one-word theme this many times commoner than the titles starting with it is a theme
BRAND_MOVIES = 10  # a single word naming companies that hold at least this many movies is a brand ("Disney")


@dataclass(frozen=True)
class Brand:
    ids: tuple[int, ...]
    weight: float


def brand_companies(companies: NameTable, word: str) -> Brand | None:
    """Every company whose name holds the word ("Disney" -> Walt Disney Pictures, Walt Disney Animation Studios...)."""
    keys = companies.keys_with_word(word)
    rows = [row for key in keys for row in companies.rows[key]]
    weight = sum(row.weight for row in rows)
    return Brand(tuple(sorted({row.id for row in rows})), weight) if rows and weight >= BRAND_MOVIES else None


class UnanswerableQuestion(ValueError):
    """The question cannot be answered from this database; `reason` says why, in the question's language."""

    def __init__(self, language: Language, reason: str, not_understood: str = "") -> None:
        super().__init__(reason)
        self.language = language
        self.reason = reason
        self.not_understood = not_understood  # the words left over, when that is why


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
    "theme": {
        "en": "No movie keyword matches '{theme}', so I cannot filter by it. Keywords are stored in English; try "
        "another word for the theme, e.g. 'Movies about time travel'.",
        "es": "Ninguna palabra clave de las películas coincide con '{theme}', así que no puedo filtrar por ese tema. "
        "Pruebe con otra palabra, p. ej. 'Películas sobre viajes en el tiempo'.",
    },
    "share": {
        "en": "I read a percentage, but not which part of the movies it is of. Ask, for example: "
        "'What percentage of 2012 movies are dramas?'",
        "es": "Entendí que pide un porcentaje, pero no de qué parte de las películas. Pregunte, por ejemplo: "
        "'¿Qué porcentaje de las películas de 2012 son dramas?'",
    },
    "compound": {
        "en": "That is two questions in one. Ask them one at a time, e.g. 'How many comedies were released in 2019?'",
        "es": "Son dos preguntas en una. Hágalas de una en una, p. ej. '¿Cuántas comedias se estrenaron en 2019?'",
    },
    "genres_and": {
        "en": "«{0} and {1}» may mean movies of both genres or movies of either. Ask 'movies that are both {0} and "
        "{1}' or '{0} or {1} movies'.",
        "es": "«{0} y {1}» puede significar películas de los dos géneros a la vez o de cualquiera de ellos. Pregunte "
        "'películas a la vez de {0} y {1}' o 'películas de {0} o de {1}'.",
    },
    "compare": {
        "en": "To compare, name two movies the database holds and a measure, e.g. "
        "'Which made more money, Titanic or Avatar?'",
        "es": "Para comparar, nombre dos películas de la base de datos y una medida, p. ej. "
        "'¿Cuál recaudó más, Titanic o Avatar?'",
    },
}


def read_values(words: Words, filters: Filters) -> None:
    """The conditions on a movie's own values, read before names: what they consume is no name."""
    read_profit_or_loss(words, filters)
    read_no_votes(words, filters)
    read_comparisons(words, filters)
    read_multiplying_verbs(words, filters)
    read_known(words, filters)
    read_month(words, filters)
    read_status(words, filters)
    read_directed_by_women(words, filters)
    read_years(words, filters)
    read_thresholds(words, filters)


class QuestionParser:
    def __init__(self, names: NameIndex, semantic: SemanticMatcher | None = None) -> None:
        self.names = names
        self.semantic = semantic
        self.question = ""  # the one being read, as written: series names are told from themes by their capitals
        self.person_spans: list[tuple[int, int]] = []

    def parse(self, question: str) -> QuerySpec:
        """What the question asks; UnanswerableQuestion when a word of it was not understood."""
        spec, words = self.read(question)
        if spec.filters.any_genre or (spec.subset and spec.subset.any_genre):
            words.use_all(("or", "o", "u"))  # "horror or thriller": read as either genre
        left = leftover(words, spec)
        if left and not (spec.measure_by_meaning and meaning_may_explain(left)):
            suggestion = self.suggest(question, spec.language)
            raise UnanswerableQuestion(spec.language, not_understood(spec.language, left, suggestion), left)
        return spec

    def suggest(self, question: str, language: Language) -> str:
        """The engine's own example question nearest the asked one (by meaning, with the sentence model)."""
        examples = EXAMPLE_QUESTIONS[language]
        if self.semantic is None:
            return examples[0]
        return self.semantic.nearest(question, examples)

    def read(self, question: str) -> tuple[QuerySpec, Words]:
        """The question's reading, and its words with what each reading consumed marked."""
        self.question = question
        self.person_spans = []  # where each linked person is named, for "X or Y"
        language = detect_language(question)
        folded = without_courtesies(fold(normalize_numbers(question)))
        refuse_hostile(question, folded, language)
        if len(re.findall(QUESTION_HEADS, folded)) >= 2:  # "¿cuántas hizo Pixar y cuántas DreamWorks?"
            raise UnanswerableQuestion(language, REFUSALS["compound"][language])
        words = Words(folded.split())
        spec = QuerySpec(language=language, kind="list", spanish_titles=language == "es" and self.names.spanish_titles)
        for phrase in ALL_TIME:  # "the most expensive movie in history": no filter, and no History genre
            located = words.find_phrase(phrase)
            if located:
                words.use(*located)
        read_percentile(words, spec)
        pivot = share_pivot(words)
        if pivot is not None:
            return self.parse_share(question, words, spec, *pivot), words
        read_values(words, spec.filters)
        if question_shape(words.unused_text) != "compare":  # "is Titanic longer than Avatar?" compares the two
            self.link_than_movie(words, spec.filters)
        self.link_same_year_movie(words, spec.filters)
        shape = question_shape(words.unused_text)
        plotted = measures_in(words.unused_text)
        if len(plotted) >= 2 and has_any(words.unused_text, RELATION_WORDS):
            shape = "scatter"
        if shape in ("lookup", "compare") and spec.aggregate != "percentile":  # "the 90th percentile of runtime"
            movies = self.link_titles(words, compare=shape == "compare")
            if shape == "compare" and len(movies) >= 2:
                spec.kind, spec.movies = "compare", movies
            elif shape == "lookup" and movies:
                spec.kind, spec.movies = "lookup", movies[:1]
            elif shape == "compare":
                raise UnanswerableQuestion(language, REFUSALS["compare"][language])
            elif shape == "lookup" and has_any(words.unused_text, RANKING_CUES + ORDER_CUES):
                spec.kind = "lookup"  # "Who directed the highest-grossing movie of 2017?": the top movie's field
            elif PERSON_OR_DATE_LOOKUP.match(words.text):  # "Who directed ...?" naming no movie we hold
                raise UnanswerableQuestion(language, REFUSALS["title"][language])
        self.link_keyword_after_cue(words, spec.filters)  # before genres: "the keyword world war ii" is no War film
        self.link_translated_themes(words, spec.filters)  # before genres: "segunda guerra mundial" is no War film
        self.link_companies_named_by_genre(words, spec.filters)  # before genres: "DreamWorks Animation"
        joined = genres_joined_by_and(words, read_places_and_genres(words, spec.filters))
        if joined is not None:
            raise UnanswerableQuestion(language, REFUSALS["genres_and"][language].format(*joined))
        self.link_series(words, spec.filters)
        self.link_names(words, spec.filters)
        read_either_person(words, spec.filters, self.person_spans)
        read_both_roles(words, spec.filters)
        refuse_unknown_theme(words, spec.filters, language)
        read_limit(words, spec)
        maker = read_making_verb(words)
        measure, direction = read_measure(words.unused_text, spec.filters)
        if spec.kind == "lookup" and not spec.movies:  # the movie is the first of a ranking
            # "what's the ROI of | the most profitable movie of 2015?": the field before the ranking, its measure after
            unused = words.unused_text.split()
            cue_at = next(i for i, word in enumerate(unused) if word in RANKING_CUES + ORDER_CUES)
            field_words = " ".join(unused[:cue_at])
            spec.lookup = lookup_field(field_words) or next(iter(measures_in(field_words)), None)
            measure, direction = read_measure(" ".join(unused[cue_at:]), spec.filters)
            if spec.lookup is not None and measure is not None and measure != spec.lookup:
                spec.measure, spec.descending = measure, direction != "asc"
                if measure == "rating" and not any(t.measure == "votes" for t in spec.filters.thresholds):
                    spec.filters.thresholds.append(Threshold("votes", ">=", DEFAULT_MIN_VOTES))
                return spec, words
            if PERSON_OR_DATE_LOOKUP.match(words.text) and (spec.lookup is None or measure is None):
                raise UnanswerableQuestion(language, REFUSALS["title"][language])
            measure, direction = read_measure(words.unused_text, spec.filters)
            spec.kind, spec.lookup = "list", None  # "the budget of the most expensive movie": a ranking, shown
        if spec.kind == "lookup":
            spec.lookup = lookup_field(words.text)
            if spec.lookup is None and measure:
                spec.lookup = measure
            return spec, words
        if spec.kind == "compare":
            meant = None if measure else self.semantic_measure(question)
            spec.measure = measure or (meant[0] if meant else "revenue")
            spec.measure_by_meaning = meant is not None
            spec.descending = direction != "asc" if direction else not has_any(words.text, ASCENDING_WORDS)
            return spec, words
        if shape == "scatter":
            spec.kind, spec.measure, spec.second_measure = "scatter", plotted[0], plotted[1]
            spec.limit = SCATTER_ROWS
            return spec, words
        if has_any(words.text, DISTRIBUTION_WORDS) and measure and measure != "release_date":
            spec.kind, spec.measure, spec.limit = "distribution", measure, DISTRIBUTION_ROWS
            return spec, words
        decide_kind(words, spec, measure, direction, maker)
        if spec.kind == "list" and spec.measure is None:
            ranking = has_any(words.unused_text, DESCENDING_WORDS + ASCENDING_WORDS)
            unexplained = bool(leftover(copy.deepcopy(words), spec))  # words only a reading by meaning may explain
            # a list turns into a ranking by meaning only where the question ranks: "lost money" is no "lowest profit"
            ranks = ranking or spec.explicit_limit or has_any(words.text, RANKING_CUES + ORDER_CUES)
            ranks = ranks or any(SUPERLATIVE.fullmatch(word) for word in words.words)  # "the priciest"
            if ranking or (unexplained and ranks) or not self.has_subject(words, spec):
                meant = self.semantic_measure(question)
                if meant is not None:
                    spec.measure, spec.descending = meant
                    spec.measure_by_meaning = True
                    if has_any(words.unused_text, ASCENDING_WORDS):
                        spec.descending = not spec.descending  # "least popular" flips the meaning found
                    spec.limit = spec.limit if spec.explicit_limit else (1 if is_singular(words.text) else DEFAULT_TOP)
            if spec.measure is None and not self.has_subject(words, spec):
                raise UnanswerableQuestion(language, REFUSALS["topic"][language])
        if (
            spec.kind == "list"
            and spec.measure == "rating"
            and not any(t.measure == "votes" for t in spec.filters.thresholds)
            and not names_a_few(spec.filters)
        ):
            # A 10.0 from two votes is no ranking: without the asker's minimum, a default one (said in the answer).
            spec.filters.thresholds.append(Threshold("votes", ">=", DEFAULT_MIN_VOTES))
        if shape == "lookup" and not spec.movies and spec.filters.is_empty() and spec.measure is None:
            raise UnanswerableQuestion(language, REFUSALS["title"][language])
        return spec, words

    def parse_share(self, question: str, words: Words, spec: QuerySpec, share_at: int, pivot: int) -> QuerySpec:
        """ "What percentage of 2012 movies are dramas?": the movies counted, then the part of them asked about."""
        words.use(share_at, share_at + 1)
        spec.kind, spec.subset = "share", Filters()
        for filters, hidden in ((spec.filters, range(pivot, len(words.words))), (spec.subset, range(0, pivot))):
            kept = [words.used[i] for i in hidden]
            for i in hidden:
                words.used[i] = True
            read_values(words, filters)
            self.link_translated_themes(words, filters)
            read_places_and_genres(words, filters)
            self.link_series(words, filters)
            self.link_names(words, filters)
            for i, used in zip(hidden, kept, strict=True):
                words.used[i] = used
        if spec.subset.is_empty():
            raise UnanswerableQuestion(spec.language, REFUSALS["share"][spec.language])
        return spec

    # --- names -------------------------------------------------------------------------------------------------

    def is_other_name(self, words: Words, start: int, end: int) -> bool:
        """The span is, or is part of, a person's or a company's name ("Woody" in "Woody Allen")."""
        for left in range(max(0, start - 2), start + 1):
            for right in range(end, min(len(words.words), end + 2) + 1):
                phrase = words.phrase(left, right)
                if self.names.people.exact(phrase) or self.names.companies.exact(phrase):
                    return True
        return False

    def link_series(self, words: Words, filters: Filters) -> None:
        """ "the Toy Story movies", "las películas de Shrek": the titles that start with those words, where more
        than one does and no person, company or better-known keyword has that name."""
        for start, end in list(words.spans(longest=5)):
            if any(words.used[start:end]):
                continue
            phrase = words.phrase(start, end)
            span = words.words[start:end]
            if span[0] in STOPWORDS or span[-1] in STOPWORDS:
                continue
            if any(w in KNOWN_WORDS for w in span if w not in STOPWORDS):  # "of the" may join a title's words
                continue
            if end - start == 1 and (
                len(phrase) < 4 or phrase in COMMON_WORDS or brand_companies(self.names.companies, phrase)
            ):
                continue
            cued = next_to_movie_word(words, start, end) or words.near(start, end, SERIES_CUES, before=3, after=1)
            found = self.names.titles.series(phrase) if cued else None
            if found is None and start > 0 and words.words[start - 1] == "the" and not words.used[start - 1]:
                # "the Lord of the Rings movies", "las películas de The Lord of the Rings"
                with_the = next_to_movie_word(words, start - 1, end) or words.near(start - 1, end, SERIES_CUES, 3, 1)
                found = self.names.titles.series(f"the {phrase}") if cued or with_the else None
                start = start - 1 if found else start
            if found is None or found[0] < 2:
                continue
            if self.is_other_name(words, start, end) or words.near(start, end, THEME_CUES, before=2):
                continue  # "movies about Jurassic Park" asks for the keyword
            keyword = self.names.keywords.exact(phrase)
            # "the jurassic park movies", "the alien movies": several words, or "the", name titles, capitals or not
            one_word_theme = end - start == 1 and (start == 0 or words.words[start - 1] != "the")
            if keyword and one_word_theme and keyword.best.weight > found[0] and not capitalized(self.question, phrase):
                continue  # "películas de zombie": a theme
            if keyword and one_word_theme and keyword.best.weight > SERIES_OR_THEME * found[0]:
                continue  # "Christmas movies": far more often a theme than a title's start
            filters.series.append(found[1])
            words.use(start, end)

    def link_titles(self, words: Words, compare: bool) -> list[Linked]:
        """The movies a lookup or comparison names: exact titles first, then the leftover phrase, fuzzily."""
        text = words.text
        chunks = split_comparison(text) if compare else [title_chunk(text)]
        found: list[Linked] = []
        for n, chunk in enumerate(chunks):
            titles = self.names.titles
            match = left_title(titles, chunk) if compare and n == 0 else best_title(titles, chunk)
            if match is not None and not compare and self.read_otherwise(words, match):
                continue  # "who directed the highest rated movie of 2010?": a year, not the movie "2010"
            if match is not None:
                found.append(Linked((match.best.id,), match.best.name))
                located = words.find_phrase(match.key) if match.exact else None
                if located is None and not match.exact:  # a title with a typo: the words that named it
                    located = words.find_phrase(chunk, unused_only=False)
                if located:
                    words.use(*located)
        return found

    def link_than_movie(self, words: Words, filters: Filters) -> None:
        """ "movies longer than Titanic", "¿cuántas tienen más votos que Toy Story?": against a named movie's value."""
        w = words.words
        for at, word in enumerate(w):
            if word not in ("than", "que") or words.used[at]:
                continue
            comparative = comparative_before(words, at)
            title = self.title_at(words, at + 1) if comparative else None  # titles are looked up in the database
            if comparative is None or title is None:
                continue
            start, measure, op = comparative
            match, end = title
            filters.than_movies.append(MovieComparison(measure, op, Linked((match.best.id,), match.best.name)))
            words.use(start, end)

    def link_same_year_movie(self, words: Words, filters: Filters) -> None:
        """ "movies released the same year as Titanic", "el mismo año que Titanic": that movie's release year."""
        located = words.find_phrase("same year as") or words.find_phrase("mismo ano que")
        title = self.title_at(words, located[1]) if located else None
        if located is None or title is None:
            return
        match, end = title
        filters.same_year_as = Linked((match.best.id,), match.best.name)
        start = located[0]
        while start > 0 and not words.used[start - 1] and words.words[start - 1] in ("the", "el", "in", "en", "del"):
            start -= 1  # "in the same year as", "en el mismo año que"
        words.use(start, end)

    def title_at(self, words: Words, start: int) -> tuple[NameMatch, int] | None:
        """The longest title named exactly from `start` on, and where it ends."""
        for end in range(min(len(words.words), start + PHRASE_WORDS), start, -1):
            if not any(words.used[start:end]) and (match := self.names.titles.exact(words.phrase(start, end))):
                return match, end
        return None

    def acronym(self, phrase: str) -> bool:
        """A short name written as a code or in capitals: "A24", "MGM", "HBO"; not "up" or "it"."""
        has_digit = any(ch.isdigit() for ch in phrase) and not phrase.isdigit()
        return has_digit or re.search(rf"\b{re.escape(phrase.upper())}\b", self.question) is not None

    @staticmethod
    def read_otherwise(words: Words, match: NameMatch) -> bool:
        """A title whose words another reading took, in a question that ranks: the first of a ranking is asked."""
        located = words.find_phrase(match.key, unused_only=False) if match.exact else None
        taken = located is not None and all(words.used[located[0] : located[1]])
        return taken and has_any(words.text, RANKING_CUES + ORDER_CUES)

    def link_names(self, words: Words, filters: Filters) -> None:
        """People, companies and keywords named in the question, longest phrase first."""
        for start, end in list(words.spans()):
            if any(words.used[start:end]):
                continue
            phrase = words.phrase(start, end)
            first, last = words.words[start], words.words[end - 1]
            named = end - start >= 2 and self.names.people.exact(phrase) is not None  # "Al Pacino"
            if not named and (first in STOPWORDS or last in STOPWORDS):
                continue
            if phrase in MEASURE_WORDS or phrase in DIMENSION_WORDS:
                continue
            themed = words.near(start, end, THEME_CUES, before=2)
            person = self.names.people.exact(phrase) if end - start >= 2 else None
            company = self.names.companies.exact(phrase) if not themed else None
            keyword = self.keyword_named(phrase) if themed or end - start >= 2 else None
            if person:
                self.add_person(words, start, end, person, filters)
            elif company and (
                end - start >= 2
                or (len(phrase) >= 4 and (phrase not in COMMON_WORDS or words.near(start, end, COMPANY_CUES)))
                or self.acronym(phrase)
            ):
                filters.companies.append(Linked(tuple(r.id for r in company.rows), company.best.name))
            elif keyword:
                add_keyword(filters, keyword)
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
            beside_movie = next_to_movie_word(words, start, end)
            themed = words.near(start, end, THEME_CUES, before=2)
            keyword = self.keyword_named(word)
            if keyword is None and themed:  # "sobre zombis": the stored keyword is "zombie"
                keyword = self.names.keywords.fuzzy(word, cutoff=THEME_CUTOFF)
            pointed = word not in COMMON_WORDS or words.near(start, end, COMPANY_CUES, before=2)
            brand = brand_companies(self.names.companies, word) if beside_movie and pointed and not themed else None
            if brand and (keyword is None or brand.weight > keyword.best.weight):
                filters.companies.append(Linked(brand.ids, word.capitalize()))
                words.use(start, end)
                continue
            if keyword and (beside_movie or themed) and keyword.best.weight >= 3:
                add_keyword(filters, keyword)
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

    def keyword_named(self, phrase: str) -> NameMatch | None:
        """The keyword a phrase names, as written or in the singular TMDB mostly stores: "haunted houses" is "haunted
        house", "dysfunctional families" "dysfunctional family". Where both forms are keywords ("shark", "sharks"),
        the films of either."""
        found = [match for form in english_forms(phrase) if (match := self.names.keywords.exact(form))]
        if len(found) < 2:
            return found[0] if found else None
        rows = sorted({row for match in found for row in match.rows}, key=lambda row: -row.weight)
        return NameMatch(found[0].key, tuple(rows), exact=True)

    def link_companies_named_by_genre(self, words: Words, filters: Filters) -> None:
        """A company whose name holds a genre, written as a name: "DreamWorks Animation" is the studio, not
        DreamWorks' animated films."""
        for start, end in list(words.spans(longest=4)):
            phrase = words.phrase(start, end)
            if end - start < 2 or any(words.used[start:end]):
                continue
            span = words.words[start:end]
            if not any(word in GENRE_WORDS for word in span) or all(word in GENRE_WORDS for word in span):
                continue  # "DreamWorks Animation", "walt disney animation studios"; not "animation comedy"
            company = self.names.companies.exact(phrase)
            if company:
                filters.companies.append(Linked(tuple(r.id for r in company.rows), company.best.name))
                words.use(start, end)

    def link_keyword_after_cue(self, words: Words, filters: Filters) -> None:
        """ "with the keyword world war ii", "la palabra clave distopía": the longest run of words right after the cue
        that names a keyword (in Spanish, through its translation), whatever other readings its words have."""
        for cue in KEYWORD_CUES:
            located = words.find_phrase(cue)
            if located is None:
                continue
            after = located[1]
            for end in range(min(len(words.words), after + MAX_KEYWORD_WORDS), after, -1):
                phrase = words.phrase(after, end)
                keyword = self.keyword_named(THEME_TRANSLATIONS.get(phrase, phrase))
                if keyword and not any(words.used[after:end]):
                    add_keyword(filters, keyword)
                    words.use(after, end)
                    break

    def link_translated_themes(self, words: Words, filters: Filters) -> None:
        """A theme said in Spanish ("sobre viajes en el tiempo") linked to the English keyword TMDB stores. A single
        word must read as a theme ("sobre zombis", "películas de vampiros"); a longer phrase is one anywhere."""
        for start, end in list(words.spans(longest=4)):
            english = THEME_TRANSLATIONS.get(words.phrase(start, end))
            if english is None or any(words.used[start:end]):
                continue
            themed = next_to_movie_word(words, start, end) or words.near(start, end, THEME_CUES, before=2)
            themed = themed or (start > 0 and words.words[start - 1] in MOVIE_WORDS)  # "películas navideñas"
            if end - start == 1 and not themed:
                continue
            keyword = self.names.keywords.exact(english)
            if keyword:
                add_keyword(filters, keyword)
                words.use(start, end)

    def add_person(self, words: Words, start: int, end: int, person: NameMatch, filters: Filters) -> None:
        """A cue just before the name decides the role; else a cue anywhere; else the role of most credits.

        When the question asks for people ("Which actor appeared in the most Spielberg movies?"), the words about
        them say nothing of the named person's role: only a cue just before the name does."""
        asks_people = GROUP_ASKED.match(words.text) is not None or WHO_MADE_THE_MOST.match(words.text) is not None
        # "the actor with the most Zemeckis movies": there "with" belongs to the people asked for, not to the name
        actor_cues = tuple(cue for cue in ACTOR_CUES if cue not in ("with", "con")) if asks_people else ACTOR_CUES
        if words.near(start, end, DIRECTOR_CUES, before=3):
            role = "director"
        elif words.near(start, end, actor_cues, before=3) or (
            asks_people and words.near(start, end, ("with", "con"), 1)
        ):
            role = "actor"
        elif not asks_people and has_any(
            words.text, DIRECTOR_CUES + ("as a director", "as director", "como director", "como directora")
        ):
            role = "director"
        elif not asks_people and has_any(words.text, ACTOR_VERBS):
            role = "actor"
        else:
            role = person.best.role
        credited = [r for r in person.rows if (r.directed if role == "director" else r.acted)]
        if not credited:  # a cue for another name: this one never worked in that role
            credited = list(person.rows)
            role = person.best.role
        linked = Linked((credited[0].id,), credited[0].name)
        (filters.directors if role == "director" else filters.actors).append(linked)
        self.person_spans.append((start, end))

    def has_subject(self, words: Words, spec: QuerySpec) -> bool:
        """Whether the question is about movies at all: a movie word, a filter, or a name."""
        return not spec.filters.is_empty() or any(w in MOVIE_WORDS for w in words.words)

    def semantic_measure(self, question: str) -> tuple[Measure, bool] | None:
        return self.semantic.measure(question) if self.semantic else None


def read_either_person(words: Words, filters: Filters, spans: list[tuple[int, int]]) -> None:
    """ "Movies directed by Greta Gerwig or Sofia Coppola": either person's movies, not the movies of both."""
    for (_, left_end), (right_start, _) in pairwise(sorted(spans)):
        between = range(left_end, right_start)
        ors = [i for i in between if words.words[i] in ("or", "o", "u") and not words.used[i]]
        if ors and all(words.words[i] in ("or", "o", "u", "by", "por", "de") for i in between):
            filters.any_person = True
            for i in ors:
                words.use(i, i + 1)


def without_courtesies(folded: str) -> str:
    """The question without the courtesies around it ("can you tell me ...", "... por favor"), which say nothing of
    what is asked, so the question's own first words lead ("who directed", "how much")."""
    shorter = True
    while shorter:
        shorter = False
        for phrase in COURTESIES:
            if folded.startswith(phrase + " ") or folded.endswith(" " + phrase):
                folded = folded.removeprefix(phrase + " ").removesuffix(" " + phrase)
                shorter = True
    return folded


def normalize_numbers(question: str) -> str:
    """Thousands separators out ("1,000,000" and "1.000"), so a number is one word; "$200M" -> "200 million"."""
    text = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", question)
    text = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", text)
    text = re.sub(r"\$\s*(\d+(?:\.\d+)?)\s*[mM]\b", r"\1 million", text)
    text = re.sub(r"\$\s*(\d+(?:\.\d+)?)\s*[bB]\b", r"\1 billion", text)
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s*[mM]\b(?!\w)", r"\1 million", text)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*\+", r"at least \1", text)  # "1000+ votes"
    # "in 2015 or later", "de 1990 o anteriores": an open range of years, as "since 2015", "hasta 1990" read
    year = r"\b(?:(?:in|from|en|de|del)\s+)?((?:18|19|20)\d{2})\s+"
    for after, before in (("or (?:later|after|newer)", "since"), ("or (?:earlier|before|older)", "up to"),
                          ("o (?:posterior|posteriores|despu[eé]s|m[aá]s recientes?)", "desde"),
                          ("o (?:anterior|anteriores|antes)", "hasta")):  # fmt: skip
        text = re.sub(year + after + r"\b", before + r" \1", text, flags=re.IGNORECASE)
    # "10 or more movies", "10 películas o más": the comparator put before the number, "at least 10 movies"
    number_then = r"\b(\d+(?:\.\d+)?)(\s+[^\W\d]+)?\s+"
    for after, before in (("or (?:more|higher|above|over|better|greater)", "at least"),
                          ("or (?:fewer|less|lower|below|under|worse)", "at most"),
                          ("o (?:m[aá]s|superior|superiores|mayor)", "al menos"),
                          ("o (?:menos|inferior|inferiores|menor)", "como mucho")):  # fmt: skip
        text = re.sub(number_then + after + r"\b", before + r" \1\2", text, flags=re.IGNORECASE)
    text = re.sub(r"%", " percent ", text)  # "what % of", "el 10 %": folding drops the sign
    text = re.sub(r"\b(\d+)\s*[xX]\b", r"\1 times", text)  # "revenue over 3x the budget"
    text = re.sub(r"\b(?:a|one|un|uno)\s+(billion|million|mill[oó]n)\b", r"1 \1", text, flags=re.IGNORECASE)
    return re.sub(r"(?<=\d),(?=\d)", ".", text)  # "7,5" -> "7.5"


def add_keyword(filters: Filters, keyword: NameMatch) -> None:
    filters.keywords.append(Linked(tuple(r.id for r in keyword.rows), keyword.best.name))


def next_to_movie_word(words: Words, start: int, end: int) -> bool:
    """ "zombie movies", "películas de zombis": the word names the kind of movie."""
    return (end < len(words.words) and words.words[end] in MOVIE_WORDS) or (
        start >= 2 and words.words[start - 1] == "de" and words.words[start - 2] in MOVIE_WORDS
    )


def refuse_unknown_theme(words: Words, filters: Filters, language: Language) -> None:
    """ "Películas sobre X" where X links to no keyword is refused: answered without the theme, it would be wrong."""
    if filters.keywords:
        return
    for i, word in enumerate(words.words):
        if words.used[i] or word not in THEME_LEADS:
            continue
        if not any(w in MOVIE_WORDS for w in words.words[max(0, i - 3) : i]):
            continue  # "movies about X" names a theme; "the most talked about films" does not
        run = []
        for following, used in zip(words.words[i + 1 : i + 6], words.used[i + 1 : i + 6], strict=True):
            if used:
                break
            run.append(following)
        content = [w for w in run if w not in STOPWORDS and w not in KNOWN_WORDS and not w.isdigit()]
        if content:
            theme = " ".join(run[: run.index(content[-1]) + 1])
            raise UnanswerableQuestion(language, REFUSALS["theme"][language].format(theme=theme))


# What starts a question: two of them are two questions in one
QUESTION_HEADS = r"\b(?:how many|how much|cuantas|cuantos|cuanto|cuanta|what is|what are|cual es|cuales son)\b"


def refuse_hostile(question: str, folded: str, language: Language) -> None:
    lowered = question.lower()
    if any(re.search(pattern, lowered) for pattern in SQL_PATTERNS):
        raise UnanswerableQuestion(language, REFUSALS["sql"][language])
    if any(contains(folded, word) for word in WRITE_WORDS):
        raise UnanswerableQuestion(language, REFUSALS["write"][language])


# "how many directors", "¿cuántos actores distintos…": the groups themselves counted
COUNTED_GROUPS = re.compile(
    r"^(how many|cuantos|cuantas|number of|numero de|el numero de) (different |distinct |distintos |distintas |"
    r"diferentes )?(\w+)( distintos| distintas| diferentes)?\b"
)


COUNTED_DIMENSION_WORDS = frozenset(word for word in DIMENSION_WORDS if word.endswith("s"))  # plural: "directors"
GROUP_VERBS = frozenset(MAKING_VERBS) | frozenset(AUXILIARIES) | {"hecho", "tienen", "tiene"}


def decide_kind(
    words: Words, spec: QuerySpec, measure: Measure | None, direction: str | None, maker: Dimension | None = None
) -> None:
    """The query's shape. `maker` is whom a verb of making names ("who directed the most ...": a director)."""
    text = words.text
    f = spec.filters
    linked_dimensions = {"director": f.directors, "actor": f.actors, "company": f.companies, "genre": f.genres,
                         "language": [f.language] if f.language and not f.other_languages else [],
                         "country": f.countries, "keyword": f.keywords}  # fmt: skip
    asked_group = GROUP_ASKED.match(text)
    counted = COUNTED_GROUPS.match(text)
    group_at = len(text[: counted.start(3)].split()) if counted else 0
    # "how many directors have more than 10 movies?", "¿cuántos países produjeron películas en 2019?"; not "how many
    # Studio Ghibli films", whose "studio" is part of a name
    if counted and counted.group(3) in COUNTED_DIMENSION_WORDS and not words.used[group_at] and measure is None:
        spec.kind, spec.group_by = "group_count", DIMENSION_WORDS[counted.group(3)]
        spec.women_only = counted.group(3) in FEMALE_WORDS
        end = len(counted.group(0).split())
        while end < min(len(words.words), group_at + 4) and not words.used[end] and words.words[end] in GROUP_VERBS:
            end += 1  # "have made", "produjeron", "han hecho"
        words.use(len(text[: counted.start(2 if counted.group(2) else 3)].split()), end)
        return
    dimension = None
    selected = False
    per_group = False  # "of each decade", "de cada año": one row (or a few) per group
    for i, word in enumerate(words.words):
        pair = " ".join(words.words[i : i + 2])
        key = pair if pair in DIMENSION_WORDS else word
        if key in DIMENSION_WORDS and not words.used[i]:
            candidate = DIMENSION_WORDS[key]
            asked = asked_group is not None and asked_group.start(1) == len(" ".join(words.words[:i])) + bool(i)
            if linked_dimensions.get(candidate) and not asked:
                after = i + len(key.split())
                if after < len(words.words) and words.used[after]:
                    words.use(i, after)  # "the keyword time travel": the word names the filter that follows
                continue  # "movies by director X": X is a filter
            previous = " ".join(words.words[max(0, i - 2) : i])
            cued = has_any(previous, GROUP_CUES + DIMENSION_LEADS)
            cued = cued or i == 0 or (i > 0 and number_at(words, i - 1) is not None)
            if cued:
                dimension = candidate
                # "which genre ..." asks for one; "by genre" for them all
                selected = not has_any(previous, GROUP_CUES)
                per_group = has_any(previous, EACH_CUES) or (has_any(previous, GROUP_CUES) and is_singular(text))
                spec.women_only = key in FEMALE_WORDS
                break
    asked_who = dimension is None and maker is not None and words.words[0] in ("who", "quien", "quienes")
    if asked_who:
        dimension, selected = maker, True  # "who directed the most horror movies?"
        words.use(0, 1)
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
        and (has_any(text, ("movies", "films", "peliculas")) or names_a_few(f))
        and not has_any(text, RANKING_CUES)
    ):
        aggregate = "sum"  # "¿Cuánto recaudaron las películas de Pixar?", "How much money did Pixar make?"
    if spec.aggregate == "percentile":
        aggregate = "percentile"  # read before: "the 90th percentile"
    counting = has_any(re.sub(VOTE_COUNT, " ", text), COUNT_PHRASES)  # "by vote count" ranks; it counts nothing
    if dimension and per_group and measure and aggregate is None and not counting:
        # "the most expensive movie of each decade": the best row of each group, not an average per group
        spec.kind, spec.group_by, spec.measure = "best_per_group", dimension, measure
        spec.descending = direction != "asc"
        spec.limit = spec.limit if spec.explicit_limit else 1
        if measure == "rating" and not any(t.measure == "votes" for t in f.thresholds):
            f.thresholds.append(Threshold("votes", ">=", DEFAULT_MIN_VOTES))  # as a ranking: no 10.0 from 2 votes
        return
    if dimension:
        spec.kind, spec.group_by = "group", dimension
        ranks_count = (
            counting or measure is None or has_any(text, ("most movies", "mas peliculas", "releases", "estrenos"))
        )
        if ranks_count and aggregate is None:
            spec.aggregate, spec.measure = "count", None
        else:
            if aggregate is None and measure in ("revenue", "profit", "budget") and has_any(text, MONEY_VERBS):
                aggregate = "sum"  # "Which companies made the most money?": their films' money added up
            spec.aggregate, spec.measure = (aggregate or "avg"), measure
            if spec.aggregate == "count":
                spec.measure = None
        spec.descending = direction != "asc" if direction else not has_any(words.unused_text, ASCENDING_WORDS)
        singular = has_any(
            text,
            tuple(w for w, d in DIMENSION_WORDS.items() if d == dimension and (not w.endswith("s") or w == "actress")),
        ) or (asked_who and words.words[0] != "quienes")
        chronological = dimension in ("year", "decade") and not has_any(
            text, ("most", "least", "mas", "menos", "highest", "lowest", "top", "mayor", "menor", "best", "mejor")
        )
        if chronological:
            spec.chronological, spec.descending = True, False
            spec.limit = spec.limit if spec.explicit_limit else MAX_LIST_ROWS + 1  # one more shows a cut
        elif not spec.explicit_limit and f.min_group_movies and not singular and not has_any(text, RANKING_CUES):
            spec.limit = MAX_LIST_ROWS + 1  # "which directors have at least 15 movies": all of them
        elif not spec.explicit_limit:
            one = singular and selected and (asked_who or is_singular_group(text, dimension))  # "who": one person
            spec.limit = 1 if one else DEFAULT_TOP
        return
    if counting and (aggregate is None or (aggregate == "sum" and measure is None)):
        spec.kind, spec.aggregate = "count", "count"  # "how many movies are there in total?"
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


def comparative_before(words: Words, at: int) -> tuple[int, Measure, str] | None:
    """The comparative ending just before `at` ("longer", "más votos"): where it starts, its measure and comparison."""
    for phrase in sorted(THAN_MOVIE, key=lambda p: -len(p.split())):
        start = at - len(phrase.split())
        if start >= 0 and words.phrase(start, at) == phrase and not any(words.used[start:at]):
            return start, *THAN_MOVIE[phrase]
    return None


# "directed by Clint Eastwood that he also starred in", "dirigidas y protagonizadas por": one person in both roles
BOTH_ROLES = re.compile(
    r"\b(?:(?:also|himself|herself|tambien|el mismo|ella misma)\s+(?:\w+\s+)?"
    r"(?:starred|stars|starring|acted|acts|appeared|appears|played|plays|directed|directs|protagoniza|protagonizo|"
    r"protagonizan|actua|actuo|aparece|aparecio|sale|salio|dirige|dirigio)"
    r"|(?:directed|dirigidas?|dirigidos?|dirigio)\s+(?:and|y)\s+(?:starred|starring|acted|appeared|protagonizadas?|"
    r"protagonizados?|protagonizo|actuo|interpretadas?)"
    r"|(?:starred|starring|acted|protagonizadas?|protagonizados?|protagonizo|actuo)\s+(?:and|y)\s+"
    r"(?:directed|dirigidas?|dirigidos?|dirigio)"
    r"|(?:direct|directs|dirige|dirigir)\s+(?:and|y)\s+(?:star|stars|act|acts|appear|appears|protagoniza|"
    r"protagonizar|actua|actuar))\b"
)


def read_both_roles(words: Words, filters: Filters) -> None:
    """One person named, and a cue of each role: that person directed and acted in each movie."""
    people = filters.directors + filters.actors
    both = BOTH_ROLES.search(words.text)
    if len(people) == 1 and both and not GROUP_ASKED.match(words.text):
        (filters.actors if filters.directors else filters.directors).append(people[0])
        located = words.find_phrase(both.group(0), unused_only=False)
        if located:
            words.use(*located)


GROUP_ASKED = re.compile(
    r"^(?:(?:which|what|who|is|was|que|cual|cuales|quien|es|fue|el|la|los|las|the)\s+)+"
    r"(actor|actors|actress|actresses|actriz|actrices|actores|director|directors|directora|directores)\b"
)
# An English superlative ("priciest", "greatest"), not a word that merely ends so ("interest", "forest")
SUPERLATIVE = re.compile(
    r"(?!(?:inter|for|cont|prot|requ|hon|mod|harv|sugg|manif|w|t|r|n|b)est$)[a-z]+(?:iest|[^aeiou]est)"
)
EACH_CUES = ("each", "every", "cada")
# Words of a ranking by a measure that may lead it: "the longest movie", "la película más larga"
ORDER_CUES = ("longest", "shortest", "oldest", "newest", "latest", "cheapest", "expensive", "grossing", "rated",
              "popular", "larga", "corta", "antigua", "reciente", "cara", "barata", "taquillera",
              "valorada")  # fmt: skip
RANKING_CUES = (
    "most",
    "top",
    "mas",
    "highest",
    "biggest",
    "mayor",
    "best",
    "mejor",
    "mejores",
    "worst",
    "peor",
    "peores",
    "lowest",
    "menor",
)


def is_singular_group(text: str, dimension: str) -> bool:
    """ "Which genre has ...", "¿Qué año tuvo ...": one group asked for."""
    plural = {w for w, d in DIMENSION_WORDS.items() if d == dimension and w.endswith("s") and w != "actress"}
    return not set(text.split()) & plural


def is_singular(text: str) -> bool:
    words = set(text.split())
    return bool(words & set(SINGULAR_WORDS)) and not words & {"movies", "films", "peliculas"}
