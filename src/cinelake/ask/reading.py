"""Reading the pieces of a question from the vocabulary: years and decades, thresholds, places and genres, how many
rows, and the measure ranked by."""

import re
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from cinelake.ask.spec import MAX_LIST_ROWS, Filters, QuerySpec, Threshold
from cinelake.ask.vocabulary import (
    ASCENDING_WORDS,
    COUNTRY_WORDS,
    DECADE_WORDS,
    DESCENDING_WORDS,
    DIMENSION_WORDS,
    GENRE_WORDS,
    JOINT_WORDS,
    LANGUAGE_WORDS,
    MEASURE_WORDS,
    MOVIE_WORDS,
    REVERSING_WORDS,
    Dimension,
    Measure,
)
from cinelake.ask.words import Words, has_any, is_year, number_at

RECENT_YEARS = re.compile(r"\b(?:(?:in )?the |los |las )?(?:last|past|ultimos|pasados) (\w+) (?:years|anos)\b")
RELATIVE_YEARS = {"this year": 0, "este ano": 0, "last year": 1, "el ano pasado": 1, "ano pasado": 1}


def read_relative_years(words: Words, filters: Filters, this_year: int) -> None:
    """ "in the last 5 years" (this year and the four before), "este año", "el año pasado"."""
    match = RECENT_YEARS.search(words.text)
    if match:
        located = words.find_phrase(match.group(0))
        count = number_at(words, words.words.index(match.group(1), located[0])) if located else None
        if located and count is not None and count.is_integer() and 1 <= count <= 200:
            filters.year_from = this_year - int(count) + 1
            words.use(*located)
            return
    for phrase, years_back in RELATIVE_YEARS.items():
        located = words.find_phrase(phrase)
        if located:
            filters.year_from = filters.year_to = this_year - years_back
            words.use(*located)
            return


def read_years(words: Words, filters: Filters, this_year: int | None = None) -> None:
    """Years, ranges and decades, as the eval conventions read them ("after 2015" excludes 2015)."""
    read_relative_years(words, filters, this_year or date.today().year)
    was_used = list(words.used)
    whole = read_years_and_decades(words, filters)
    # "since", "released after", "antes de", "en el año": the words that said how the year bounds the movies
    for i in range(len(words.words)):
        if words.used[i] and not was_used[i]:
            j = i - 1
            while j >= 0 and not words.used[j] and words.words[j] in YEAR_CUES:
                if words.words[j] in BOUND_CUES and i in whole:
                    break  # a bound read as a whole year or decade: left unexplained, so refused, not misread
                words.use(j, j + 1)
                j -= 1


YEAR_CUES = frozenset(
    "since desde a partir de after despues posteriores posterior later than beyond before antes anteriores anterior "
    "earlier prior to until hasta through up by starting as of from in en del the released estrenadas "
    "estrenada lanzadas during durante and including onwards el al previas previos tras".split()
)


def read_years_and_decades(words: Words, filters: Filters) -> set[int]:
    """Reads them into `filters`; returns where a whole year or decade was read (not a bound)."""
    w = words.words
    whole = set()
    for i, _word in enumerate(w):
        if words.used[i]:
            continue
        decade = decade_at(w, i)
        if decade is not None:
            start, end = decade_span(w, i)
            before = " ".join(w[max(0, start - 3) : start])
            if has_any(before, SINCE_WORDS):  # "since the 1970s": from 1970 on
                filters.year_from = decade
                start = max(0, start - 1)
            elif has_any(before, ("before", "antes", "until", "hasta")):  # "antes de los 90": the span took "de"
                filters.year_to = decade - 1 if has_any(before, ("before", "antes")) else decade + 9
                start = max(0, start - 1)
            elif filters.excluded_years is None and (negation := year_negation(words, start)):  # "not in the 2010s"
                filters.excluded_years = (decade, decade + 9)
                words.use(*negation)
            else:
                filters.year_from, filters.year_to = decade, decade + 9
                whole.add(i)
            words.use(start, end)
            continue
        value = number_at(words, i)
        unit = w[i + 1] if i + 1 < len(w) and not (i + 2 < len(w) and w[i + 2].isdigit()) else None
        if not is_year(value) or unit in NOT_YEAR_UNITS or w[i].isalpha():  # "2019 min" is no year; "2019 min 500" is
            continue
        year = int(value)
        before = " ".join(w[max(0, i - 3) : i])
        nxt = w[i + 1] if i + 1 < len(w) else ""
        second = number_at(words, i + 2)
        joined = nxt in ("and", "y", "to", "a", "through", "until", "hasta", "al")
        joined = joined or (nxt in ("or", "o", "u") and second is not None and abs(second - year) == 1)
        if joined and is_year(second):
            filters.year_from, filters.year_to = sorted((year, int(second)))
            words.use(max(0, i - 1), i + 3)
        elif has_any(before, ("since", "desde", "a partir de", "from", "starting", "after and including")) and has_any(
            " ".join(w[i + 1 : i + 3]), ("on", "onwards", "onward", "en adelante", "adelante")
        ):
            filters.year_from = year
            words.use(i, min(len(w), i + 3))
        elif has_any(before, ("since", "desde", "a partir de", "a partir del", "starting", "as of")):
            filters.year_from = year
            words.use(i, i + 1)
        elif has_any(
            before,
            ("after", "despues de", "despues del", "posteriores a", "posteriores al", "posterior a", "posterior al")
            + ("tras", "later than", "beyond"),
        ):
            filters.year_from = year + 1
            words.use(i, i + 1)
        elif has_any(
            before,
            ("before", "antes de", "antes del", "anteriores a", "anteriores al", "anterior a", "anterior al")
            + ("previas a", "previas al", "previos a", "previos al", "earlier than", "prior to"),
        ):
            filters.year_to = year - 1
            words.use(i, i + 1)
        elif has_any(before, ("until", "hasta", "through", "up to")) or (i > 0 and w[i - 1] == "by"):
            filters.year_to = year  # "by 2019"; not "average budget by genre in 2019"
            words.use(i, i + 1)
        elif filters.excluded_years is None and (negation := year_negation(words, i)):  # "que no son de 2020"
            filters.excluded_years = (year, year)
            words.use(*negation)
            words.use(i, i + 1)
        elif filters.year_from is None and filters.year_to is None:
            filters.year_from = filters.year_to = year
            words.use(i, i + 1)
            whole.add(i)
    return whole


YEAR_NEGATIONS = ("not", "no", "excluding", "except", "outside", "sin", "excepto", "salvo", "fuera")
# What may stand between a negation and the year it negates: "that were not released in", "que no se estrenaron en"
NEGATED_YEAR_VERBS = frozenset(
    "that which were was are is been que se son es fueron estrenaron estreno estrenadas salieron salio released made "
    "produced come out came hechas producidas de los las del el the in en from".split()
)


def year_negation(words: Words, start: int) -> tuple[int, int] | None:
    """The negation of the year or decade at `start` and the words up to it ("not made in"), up to five words."""
    for at in range(start - 1, max(-1, start - 6), -1):
        if words.used[at]:
            return None
        if words.words[at] in YEAR_NEGATIONS or words.words[at].endswith("n't"):  # "weren't", "didn't"
            return at, start
        if words.words[at] not in NEGATED_YEAR_VERBS:
            return None
    return None


SINCE_WORDS = ("since", "desde", "a partir de")
# Cue words that make a year a bound (before, after, since, until)
BOUND_CUES = frozenset(
    "since desde partir after despues posteriores posterior later beyond before antes anteriores anterior earlier "
    "prior previas previos tras until hasta through starting onwards".split()
)
CURRENCY_WORDS = ("dollars", "dolares", "usd")
NOT_YEAR_UNITS = frozenset("votes votos minutes minutos min million millones m".split()) | frozenset(CURRENCY_WORDS)


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
        # "the 2010" and "del 2010" are a year ("antes del 2000"); "la década del 2000" and "los 2000" a decade
        if re.fullmatch(r"(1[89]|20)\d0", word) and (previous not in ("the", "del") or two_back == "decada del"):
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
    ">": ("over", "above", "more than", "greater than", "higher than", "bigger than", "exceeding", "exceed",
          "exceeds", "exceeded", "superan", "supera", "superaron", "supero", "superen", "mas de",
          "mas que", "superior a", "superiores a", "mayor a", "mayor que", "mayores a", "por encima de", "sobre",
          "longer than", "mas largas de", "mas largas que", "mas larga de", "mas larga que"),
    ">=": ("at least", "minimum of", "or more", "no less than", "al menos", "como minimo", "minimo", "o mas", "min",
           "minimum"),
    "<": ("under", "below", "less than", "lower than", "fewer than", "menos de", "inferior a", "inferiores a",
          "menor a", "menor que", "por debajo de", "bajo", "shorter than", "mas cortas de", "mas cortas que",
          "mas corta de", "mas corta que"),
    "<=": ("at most", "no more than", "up to", "como maximo", "como mucho", "o menos"),
    "=": ("exactly", "exactamente", "equal to", "igual a", "precisely", "justo"),
}  # fmt: skip
SCALES = {"million": 1e6, "millions": 1e6, "millones": 1e6, "millon": 1e6, "billion": 1e9, "billions": 1e9,
          "thousand": 1e3, "mil": 1e3, "k": 1e3}  # fmt: skip


MIN_MOVIES_VERBS = ("made", "make", "have", "has", "directed", "with", "tienen", "tiene", "hicieron", "hizo",
                    "dirigieron", "dirigio", "con", "acted", "starred", "appeared", "aparecen")  # fmt: skip
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
                    add_threshold(filters, threshold)
                    words.use(value_at, end)
                break
    read_ranges(words, filters)
    for op, phrases in COMPARATORS.items():
        for phrase in phrases:
            size = len(phrase.split())
            for start in range(len(w) - size + 1):
                if " ".join(w[start : start + size]) != phrase or any(words.used[start : start + size]):
                    continue
                value_at = start + size
                if value_at < len(w) and w[value_at] in ("los", "las", "the", "el", "la") and not words.used[value_at]:
                    value_at += 1  # "superior a los 1000 millones"
                value = number_at(words, value_at)
                if value is None:
                    continue
                threshold, used_to = make_threshold(words, start, value_at, value, op, w[value_at + 1 : value_at + 4])
                if threshold is None:
                    continue
                add_threshold(filters, threshold)
                words.use(start, max(start + size, used_to))


def read_ranges(words: Words, filters: Filters) -> None:
    """ "budget between 50 and 100 million", "entre 90 y 120 minutos": both ends included, in the upper's unit."""
    w = words.words
    for i, word in enumerate(w):
        if word not in ("between", "entre") or words.used[i] or i + 3 >= len(w) or w[i + 2] not in ("and", "y"):
            continue
        low, high = number_at(words, i + 1), number_at(words, i + 3)
        if low is None or high is None or not high:
            continue
        upper, used_to = make_threshold(words, i, i + 3, high, "<=", w[i + 4 : i + 7])
        if not isinstance(upper, Threshold):
            continue
        scale = upper.value / high  # "between 50 and 100 million": the lower end is in millions too
        if low * scale > upper.value:  # "between 1 million and 500,000"? no range
            continue
        filters.thresholds += [Threshold(upper.measure, ">=", low * scale), upper]
        words.use(i, max(i + 4, used_to))


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
    if following[:1] and following[0] in ("de", "in", "en"):  # "mil millones de dólares", "500 million in dollars"
        end += 2 if following[1:] and following[1] in CURRENCY_WORDS else 1
    elif following[:1] and following[0] in CURRENCY_WORDS:
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
    elif (movie_word_at := movie_word_after(unit_words)) is not None:
        # "directors who made at least 15 movies": the verb counts films, it names no money
        for i in range(max(0, start - 2), start):
            if w[i] in MIN_MOVIES_VERBS:
                words.use(i, i + 1)
        # "at least 10 horror movies": the genre between stays for the genre filter
        words.use(value_at + 1 + movie_word_at, value_at + 2 + movie_word_at)
        minimum = {">=": int(value), ">": int(value) + 1}.get(op)  # "fewer than 5 movies" is no minimum
        return (None if minimum is None else MinMovies(minimum)), value_at + 1
    else:
        context_before = " ".join(w[max(0, start - 4) : start])
        context_after = " ".join(w[end : end + 3])
        measure = measure_in(context_before) or measure_in(context_after)
        if measure is None and scale >= 1e6:
            measure = "revenue"
        if measure is None:
            return None, end
        if measure_in(context_after) == measure and measure_in(context_before) != measure:
            end = measure_word_after(words, end, measure)  # "superan los 100 millones de recaudación"
        if measure in ("budget", "revenue", "profit") and scale == 1.0 and value < 10_000:
            scale = 1e6  # "budget over 200" means millions
    threshold = Threshold(measure, op, value * scale)  # type: ignore[arg-type]
    # the measure word right before the comparator belongs to the threshold, not to a ranking
    for i in range(max(0, start - 3), start):
        if names_threshold_measure(w, i, measure):
            words.use(i, i + 1)
    return threshold, end


def names_threshold_measure(w: list[str], i: int, measure: Measure) -> bool:
    """Whether the word before a comparator names the threshold's measure: "budget over", "ran longer than", "una
    valoración media superior a 8" (a movie's rating is already an average of its votes)."""
    if measure_in(w[i]) == measure or (measure == "runtime" and w[i] in RUNNING_VERBS):
        return True
    return measure == "rating" and w[i] in AVERAGE_ADJECTIVES and measure_in(" ".join(w[i - 1 : i + 2])) == measure


def measure_word_after(words: Words, end: int, measure: Measure) -> int:
    """The end of a threshold that names its measure after the value: "100 millones de recaudación"."""
    w, i = words.words, end
    while i < len(w) and w[i] in ("de", "of", "in", "en") and not words.used[i]:
        i += 1
    if i < len(w) and not words.used[i] and measure_in(w[i]) == measure:
        return i + 1
    return end


def movie_word_after(unit_words: list[str]) -> int | None:
    """Where "movies" stands after a number, directly or after a genre: "15 movies", "10 horror movies"."""
    for genre_size in (0, 1, 2):
        if genre_size and " ".join(unit_words[:genre_size]) not in GENRE_WORDS:
            continue
        if unit_words[genre_size : genre_size + 1] and unit_words[genre_size] in MOVIE_WORDS:
            return genre_size
    return None


def add_threshold(filters: Filters, threshold: Threshold | MinMovies) -> None:
    if isinstance(threshold, MinMovies):
        filters.min_group_movies = threshold.count
    else:
        filters.thresholds.append(threshold)


AVERAGE_ADJECTIVES = ("average", "mean", "media", "medio", "promedio")
RUNNING_VERBS = ("ran", "run", "runs", "running", "lasted", "last", "lasts", "lasting", "duran", "duraron", "dura",
                 "duro", "duraba", "duraban")  # fmt: skip


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


PRODUCED_WORDS = (
    "made",
    "produced",
    "filmed",
    "shot",
    "hechas",
    "hecha",
    "producidas",
    "producida",
    "rodadas",
    "rodada",
)
NEGATIONS = ("non", "not", "no", "excluding", "except", "other than", "apart from", "sin", "excepto", "salvo",
             "aparte de", "fuera de", "neither", "nor", "ni")  # fmt: skip


PLACE_OR_GENRE_WORDS = frozenset(
    word for phrase in (*GENRE_WORDS, *LANGUAGE_WORDS, *COUNTRY_WORDS) for word in phrase.split()
) - {"de", "the", "of", "en", "del", "la", "el"}
BESIDES = ("after", "besides", "despues del", "despues de", "aparte del", "ademas del", "sin contar el",
           "sin contar")  # fmt: skip
BESIDES_WORDS = frozenset(word for phrase in BESIDES for word in phrase.split())


def negation_before(words: Words, start: int) -> tuple[int, int] | None:
    """Where a negation stands up to four words before, with no other genre, language or country between:
    "non-English horror movies" leaves English out, not horror; "que no son de terror" leaves horror out."""
    w = words.words
    for at in range(start - 1, max(-1, start - 5), -1):
        if w[at] in PLACE_OR_GENRE_WORDS:
            return None
        if w[at] in NEGATIONS:
            return at, at + 1
        if at > 0 and f"{w[at - 1]} {w[at]}" in NEGATIONS:
            return at - 1, at + 1
    return None


def use_negation(words: Words, negation: tuple[int, int]) -> None:
    """The negation read with what it negates; "no son ni de acción ni de aventura": the "no" before "ni" too."""
    words.use(*negation)
    if words.words[negation[0]] in ("ni", "nor"):
        for at in range(max(0, negation[0] - 3), negation[0]):
            if words.words[at] in ("no", "not", "neither") and not words.used[at]:
                words.use(at, at + 1)


def read_places_and_genres(words: Words, filters: Filters) -> list[tuple[int, int]]:
    """Reads them into `filters`; returns where each genre was named."""
    genre_spans = []
    for start, end in list(words.spans(longest=3)):
        if any(words.used[start:end]):
            continue
        phrase = words.phrase(start, end)
        # "non-English", "not in English", "que no son en inglés", "excluding animation", "sin animación"
        negation = negation_before(words, start)
        negated = negation is not None
        # "the languages with the most movies after English", "aparte del inglés": English left out
        besides = phrase in LANGUAGE_WORDS and words.near(start, end, BESIDES, before=2)
        if besides:
            for at in range(max(0, start - 2), start):
                if any(word in BESIDES_WORDS for word in [words.words[at]]):
                    words.use(at, at + 1)
        negated = negated or besides
        if phrase in GENRE_WORDS and negated:
            filters.excluded_genres.append(GENRE_WORDS[phrase])
        elif phrase in GENRE_WORDS:
            genre_spans.append((start, end))
            if GENRE_WORDS[phrase] not in filters.genres:
                filters.genres.append(GENRE_WORDS[phrase])
        elif phrase in COUNTRY_WORDS and (
            words.near(start, end, ("in", "from", "en", "de", "made", "produced", "producidas", "hechas", "rodadas"))
            or phrase not in LANGUAGE_WORDS
        ):
            if phrase in ("us",) and not words.near(start, end, ("the", "in", "from", "made")):
                continue
            (filters.excluded_countries if negated else filters.countries).append(COUNTRY_WORDS[phrase])
            # "made in Canada", "not made in the US": the verb says where, it names no money
            for i in range(max(0, start - 3), start):
                if words.words[i] in PRODUCED_WORDS and not words.used[i]:
                    words.use(i, i + 1)
        elif phrase in LANGUAGE_WORDS and filters.language is None:
            filters.language, filters.other_languages = LANGUAGE_WORDS[phrase], negated
        else:
            continue
        words.use(start, end)
        if negation is not None:
            use_negation(words, negation)
        # "French-language", "en idioma francés", "habladas en"
        if end < len(words.words) and words.words[end] in ("language", "speaking", "spoken"):
            words.use(end, end + 1)
    # "horror or thriller", "comedias o dramas": either genre, not both
    genre_spans.sort()
    filters.any_genre = any(
        {"or", "o", "u"} & set(words.words[left_end:right_start])
        for (_, left_end), (right_start, _) in pairwise(genre_spans)
    )
    return genre_spans


def genres_joined_by_and(words: Words, genre_spans: list[tuple[int, int]]) -> tuple[str, str] | None:
    """ "horror and comedy movies": both genres at once, or either? Only "both", "a la vez"... say which."""
    if has_any(words.text, JOINT_WORDS):
        return None
    for (left_start, left_end), (right_start, right_end) in pairwise(sorted(genre_spans)):
        if {"and", "y", "e"} & set(words.words[left_end:right_start]):
            return words.phrase(left_start, left_end), words.phrase(right_start, right_end)
    return None


ORDINALS = {"second": 2, "2nd": 2, "segunda": 2, "segundo": 2, "third": 3, "3rd": 3, "tercera": 3, "tercer": 3,
            "tercero": 3, "fourth": 4, "4th": 4, "cuarta": 4, "cuarto": 4, "fifth": 5, "5th": 5, "quinta": 5,
            "quinto": 5, "sixth": 6, "6th": 6, "sexta": 6, "sexto": 6, "seventh": 7, "7th": 7, "septima": 7,
            "septimo": 7, "eighth": 8, "8th": 8, "octava": 8, "octavo": 8, "ninth": 9, "9th": 9, "novena": 9,
            "noveno": 9, "tenth": 10, "10th": 10, "decima": 10, "decimo": 10}  # fmt: skip
RANKING_WORDS = ("most", "least", "highest", "lowest", "best", "worst", "biggest", "largest", "longest", "shortest",
                 "cheapest", "costliest", "priciest", "oldest", "newest", "latest", "earliest", "smallest",
                 "mas", "menos", "mayor", "menor", "mejor", "peor")  # fmt: skip


def read_limit(words: Words, spec: QuerySpec) -> None:
    """ "top 5", "the 10 most", "las diez", "5 movies", "first three"; "the second highest" is one row, after one."""
    w = words.words
    for i, word in enumerate(w):
        if word in ORDINALS and not words.used[i] and has_any(" ".join(w[i + 1 : i + 4]), RANKING_WORDS):
            spec.offset, spec.limit, spec.explicit_limit = ORDINALS[word] - 1, 1, True
            words.use(i, i + 1)
            return
    for i, word in enumerate(w):
        if words.used[i]:
            continue
        value = number_at(words, i)
        if value is None or not value.is_integer() or not 1 <= value <= MAX_LIST_ROWS:
            continue
        previous = w[i - 1] if i > 0 else ""
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if nxt in ("original", "originales") and i + 2 < len(w):  # "the 3 original languages"
            nxt = w[i + 2]
        if word in ("una", "uno", "one") and previous not in ("top", "the", "las", "los", "first"):
            continue
        if (
            previous in ("top", "first", "primeras", "primeros", "the", "las", "los", "these", "mejores", "peores")
            or nxt in MOVIE_WORDS
            or nxt in DIMENSION_WORDS
            or nxt in GENRE_WORDS
            or nxt in ("most", "least", "mas", "menos", "highest", "lowest", "best", "worst", "biggest", "largest")
            or nxt in ("mejores", "peores", "top", "longest", "shortest", "oldest", "newest", "cheapest")
        ):
            spec.limit, spec.explicit_limit = int(value), True
            words.use(i, i + 1)
            return


# Verbs of making movies, and who makes them: "directed the most horror movies", "ha dirigido más comedias".
MAKING_VERBS: dict[str, Dimension | None] = {
    "directed": "director", "direct": "director", "directs": "director", "dirigio": "director",
    "dirigido": "director", "dirigieron": "director", "dirige": "director",
    "starred": "actor", "appeared": "actor", "acted": "actor", "played": "actor", "protagonizo": "actor",
    "protagonizado": "actor",
    "actuado": "actor", "actuo": "actor", "aparecido": "actor", "salido": "actor",
    "produced": "company", "produce": "company", "produces": "company", "produjo": "company",
    "producido": "company", "produjeron": "company",
    "made": None, "make": None, "makes": None, "hizo": None, "hicieron": None, "hecho": None, "released": None,
    "estreno": None, "estrenado": None, "estrenaron": None, "filmed": None, "rodado": None, "rodo": None,
}  # fmt: skip
MOST_WORDS = ("most", "more", "fewest", "least", "mas", "menos")
AUXILIARIES = ("has", "have", "had", "ha", "han", "habia", "did")


TOGETHER = ("together", "juntos", "juntas", "jointly")


def read_making_verb(words: Words) -> Dimension | None:
    """ "Who directed the most horror movies?", "¿Qué productora hizo más películas de terror?": the verb counts
    movies, it names no money. Returns whom the verb says makes them ("directed": a director), for a "who"."""
    w = words.words
    for i, word in enumerate(w):
        if word not in MAKING_VERBS or words.used[i]:
            continue
        if i + 1 < len(w) and w[i + 1] in TOGETHER:  # "the films they made together": no money
            words.use(i, i + 2)
            continue
        j = i + 1 + (i + 1 < len(w) and w[i + 1] in ("the", "in", "en"))  # "starred in the most", "the most"
        j += j < len(w) and w[j] == "the"
        if j >= len(w) or w[j] not in MOST_WORDS:
            continue
        # then genre words, "de" or names already linked, up to the movies: "most horror movies", "most Nolan films"
        k = j + 1
        while (
            k < len(w)
            and k < j + 5
            and w[k] not in MOVIE_WORDS
            and (w[k] in GENRE_WORDS or w[k] in ("de", "of") or words.used[k])
        ):
            k += 1
        if (k < len(w) and w[k] in MOVIE_WORDS) or (k > j + 1 and w[k - 1] in GENRE_WORDS):
            start = i - 1 if i > 0 and w[i - 1] in AUXILIARIES and not words.used[i - 1] else i
            words.use(start, i + 1)
            return MAKING_VERBS[word] or "director"
    return None


MADE_WHAT = frozenset(("a", "an", "one", "movie", "movies", "film", "films", "any", "some"))
GENERIC_RANKING = frozenset(("best", "worst", "mejor", "mejores", "peor", "peores", "made", "make", "money", "long"))


def read_measure(text: str, filters: Filters) -> tuple[Measure | None, str | None]:
    """The ranked measure and its direction, from the words left (a threshold's words are already used).

    A specific measure word beats a generic one: "best ROI" ranks by ROI, best first."""
    words = text.split()
    best: tuple[int, int, int, Measure, str | None] | None = None
    generic_direction = None
    directions: dict[Measure, str] = {}  # "the budget of the cheapest movie": "cheapest" says which way
    for size in (4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if phrase in ("made", "make", "makes") and words[i + 1 : i + 2] and words[i + 1] in MADE_WHAT:
                continue  # "directors who made a movie with Tom Hanks": making it, not its money
            if phrase in MEASURE_WORDS:
                measure, direction = MEASURE_WORDS[phrase]
                specific = int(phrase not in GENERIC_RANKING)
                if not specific and phrase in ("best", "worst", "mejor", "mejores", "peor", "peores"):
                    generic_direction = generic_direction or direction
                if direction is not None and specific:
                    directions.setdefault(measure, direction)
                candidate = (specific, size, -i, measure, direction)
                if best is None or candidate[:3] > best[:3]:
                    best = candidate
    if best is None:
        return None, None
    specific, size, position, measure, direction = best
    if direction is None and measure in directions:
        direction = directions[measure]
    elif specific and direction is None and generic_direction:
        direction = generic_direction
    elif direction is not None and -position > 0 and words[-position - 1] in REVERSING_WORDS:
        direction = "asc" if direction == "desc" else "desc"  # "menos populares", "least famous"
    if direction is None:
        before = " ".join(words[max(0, -position - 3) : -position])
        # "el presupuesto más bajo", "la recaudación más baja": in Spanish the direction may follow the measure
        after = " ".join(words[-position + size : -position + size + 2])
        if has_any(before, ASCENDING_WORDS) or has_any(after, ASCENDING_WORDS):
            direction = "asc"
        elif has_any(before, DESCENDING_WORDS) or has_any(after, DESCENDING_WORDS):
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
