"""Conditions on a movie's own values that are not a measure against a number: a value known or unknown, one value
against a multiple of another, the month of release, TMDB's status; and the pieces of aggregates and shares that
need more than one word ("the 90th percentile", "what share of ... are ...")."""

import re

from cinelake.ask.spec import ColumnComparison, Comparison, Filters, QuerySpec, Threshold
from cinelake.ask.vocabulary import (
    ABSENCE_WORDS,
    DIRECTED_BY_WOMEN,
    HOLIDAYS,
    KNOWN_WORDS_FOR_VALUES,
    MEASURE_WORDS,
    MONTHS,
    MULTIPLIERS,
    PARTS_OF_THE_YEAR,
    SHARE_PIVOTS,
    SHARE_WORDS,
    STATUS_WORDS,
    UNKNOWN_WORDS,
    Measure,
)
from cinelake.ask.words import Words, is_year, number_at

# Values that can be unknown in TMDB's data (a 0 there is stored as NULL).
MAY_BE_UNKNOWN: tuple[Measure, ...] = ("budget", "revenue", "runtime", "profit", "roi", "release_date", "rating")
LACKING = ("without", "sin", "lack", "lacks", "lacking", "carecen", "carece", "missing")  # "movies lacking a runtime"
LINKING_VERBS = ("is", "are", "was", "were", "es", "son", "esta", "estan", "era", "eran", "fue", "fueron")
# Between a cue and its measure: "no known runtime", "sin un presupuesto conocido", "without a reported budget"
ARTICLES = frozenset(("a", "an", "the", "any", "un", "una", "el", "la", "de", "data", "dato", "datos", "info"))
# Between a word of absence and its measure: "don't have a budget", "no tienen duración"
HAVE_WORDS = frozenset(("have", "has", "had", "having", "tienen", "tiene", "tenian", "tenia", "tuvieron",
                        "tengan", "tenga", "cuentan", "cuenta", "con", "list", "lists", "listed", "report",
                        "reports"))  # fmt: skip


def measure_at(words: Words, i: int) -> tuple[Measure, int] | None:
    """The measure a phrase of one or two words starting at i names (never a ranking word like "best")."""
    for size in (2, 1):
        phrase = words.phrase(i, i + size) if i + size <= len(words.words) else None
        if phrase and phrase in MEASURE_WORDS and not any(words.used[i : i + size]):
            measure = MEASURE_WORDS[phrase][0]
            if MEASURE_WORDS[phrase][1] is None or phrase in ("cost", "costs"):
                return measure, i + size
    return None


def negation_before(words: Words, i: int) -> int | None:
    """Where a word of absence stands before position i, over articles and verbs of having: "don't have a",
    "no tienen", "does not have any"."""
    w, j = words.words, i - 1
    while j >= 0 and not words.used[j] and (w[j] in ARTICLES or w[j] in HAVE_WORDS):
        j -= 1
    if j >= 0 and not words.used[j] and w[j] in ABSENCE_WORDS and not (w[j] == "no" and j > 0 and w[j - 1] == "de"):
        return j
    return None


def measure_after_articles(words: Words, i: int) -> tuple[Measure, int] | None:
    while i < len(words.words) and words.words[i] in ARTICLES and not words.used[i]:
        i += 1
    return measure_at(words, i)


POSSESSING = frozenset(("have", "has", "had", "with", "con", "tienen", "tiene", "tenian", "tuvieron"))
# After a measure these make it a threshold or a ranking, not a value merely known: "with a budget over 10 million"
NOT_MERELY_KNOWN = frozenset(("of", "de", "del", "over", "above", "under", "below", "more", "less", "mas", "menos",
                              "greater", "higher", "lower", "bigger", "smaller", "mayor", "menor", "superior",
                              "inferior", "between", "entre", "than", "que", "at", "al", "por", "sobre",
                              "bajo", "media", "medio", "average", "mean", "promedio"))  # fmt: skip


def possessed(words: Words, i: int, end: int) -> bool:
    """ "movies that have a budget", "con presupuesto pero sin recaudación": the measure named as had, no more."""
    w, before = words.words, i - 1
    if w[i] in LEFT_VERBS:  # "has made the most movies": a verb, no value had
        return False
    if before >= 0 and w[before] in ("a", "an", "un", "una") and not words.used[before]:
        before -= 1
    return (
        before >= 0
        and w[before] in POSSESSING
        and not words.used[before]
        and (end >= len(w) or (w[end] not in NOT_MERELY_KNOWN and number_at(words, end) is None))
    )


def read_neither(words: Words, filters: Filters) -> None:
    """ "neither a budget nor a revenue", "no tienen ni presupuesto ni recaudación conocidos", "sin presupuesto ni
    recaudación", "no known budget or revenue": both unknown."""
    w = words.words
    for i, word in enumerate(w):
        if word not in ("neither", "ni", *ABSENCE_WORDS) or words.used[i]:
            continue
        known_word = i + 1 < len(w) and w[i + 1] in KNOWN_WORDS_FOR_VALUES  # "no known budget or revenue"
        first = measure_after_articles(words, i + 1 + known_word)
        if first is None or first[1] >= len(w) or w[first[1]] not in ("nor", "ni", "or"):
            continue
        second = measure_after_articles(words, first[1] + 1)
        if second is None or not {first[0], second[0]} <= set(MAY_BE_UNKNOWN):
            continue
        start, end = negation_before(words, i), second[1]
        if end < len(w) and w[end] in KNOWN_WORDS_FOR_VALUES:
            end += 1
        filters.known[first[0]] = filters.known[second[0]] = False
        words.use(i if start is None else start, end)


def read_known(words: Words, filters: Filters) -> None:
    """ "no known runtime", "with unknown budget", "sin presupuesto conocido", "con recaudación conocida",
    "that don't have a known revenue", "que no tienen duración"."""
    read_neither(words, filters)
    w = words.words
    for i in range(len(w)):
        found = measure_at(words, i)
        if found is None or found[0] not in MAY_BE_UNKNOWN or w[i] in LEFT_VERBS:
            continue  # "not made in the US" names no revenue: only a measure's noun is known or not
        measure, end = found
        start = i
        while start > 0 and w[start - 1] in ARTICLES and not words.used[start - 1]:
            start -= 1
        before = w[start - 1] if start > 0 and not words.used[start - 1] else ""
        after = w[end] if end < len(w) and not words.used[end] else ""
        if after in LINKING_VERBS and end + 1 < len(w) and w[end + 1] in UNKNOWN_WORDS + KNOWN_WORDS_FOR_VALUES:
            end, after = end + 1, w[end + 1]  # "whose revenue is unknown"
        cue_start, cue_end = start, end
        known: bool | None = None
        if after in UNKNOWN_WORDS or before in UNKNOWN_WORDS:
            known = False
            cue_start = start - 1 if before in UNKNOWN_WORDS else start
        elif before in KNOWN_WORDS_FOR_VALUES or after in KNOWN_WORDS_FOR_VALUES:
            # "no known runtime", "sin presupuesto conocido", "don't have a known revenue"
            cue_start = start - 1 if before in KNOWN_WORDS_FOR_VALUES else start
            negated_at = negation_before(words, cue_start)
            known = negated_at is None
            cue_start = cue_start if negated_at is None else negated_at
        elif before in LACKING or (negated_at := negation_before(words, start)) is not None:
            known = False  # "movies without a budget", "películas que no tienen duración"
            cue_start = start - 1 if before in LACKING else negated_at
        elif possessed(words, i, end):
            known, cue_start = True, i - 1 - (w[i - 1] in ("a", "an", "un", "una"))  # "have a budget but no revenue"
        if known is None:
            continue
        if after in UNKNOWN_WORDS + KNOWN_WORDS_FOR_VALUES:
            cue_end = end + 1
        filters.known[measure] = known
        words.use(max(cue_start, 0), cue_end)


COMPARATOR_WORDS: dict[str, Comparison] = {
    "less than": "<", "lower than": "<", "below": "<", "under": "<", "menos que": "<", "menos de": "<",
    "por debajo de": "<", "inferior a": "<", "menor que": "<", "more than": ">", "higher than": ">",
    "above": ">", "over": ">", "greater than": ">", "exceeded": ">", "exceeding": ">", "exceeds": ">",
    "mas que": ">", "mas de": ">", "mas del": ">", "por encima de": ">", "superior a": ">", "supero": ">",
    "superaron": ">", "supera": ">", "superan": ">", "mayor que": ">", "at least": ">=", "al menos": ">=",
}  # fmt: skip
# What may stand between the comparator and the other value: "less than (what) their budget"
POSSESSIVES = frozenset(("their", "its", "the", "his", "her", "su", "sus", "el", "la", "los", "las", "what", "lo",
                         "de", "del", "own", "propio", "propia", "que"))  # fmt: skip
COST_VERBS = {"cost": "budget", "costaron": "budget", "costo": "budget", "costs": "budget", "made": "revenue",
              "earned": "revenue", "grossed": "revenue", "recaudaron": "revenue", "recaudo": "revenue"}  # fmt: skip
LEFT_VERBS: dict[str, Measure] = {
    "made": "revenue", "earned": "revenue", "grossed": "revenue", "make": "revenue", "earn": "revenue",
    "recaudaron": "revenue", "recaudo": "revenue", "gano": "revenue", "ganaron": "revenue", "ingresaron": "revenue",
    "cost": "budget", "costaron": "budget", "costo": "budget", "ran": "runtime",
}  # fmt: skip


def read_comparisons(words: Words, filters: Filters) -> None:
    """ "made less than their budget", "revenue above twice the budget", "recaudación superó el triple de su
    presupuesto", "earned less than it cost": one of the movie's values against (a multiple of) another."""
    w = words.words
    for phrase, op in sorted(COMPARATOR_WORDS.items(), key=lambda item: -len(item[0].split())):
        located = words.find_phrase(phrase)
        if located is None:
            continue
        start, end = located
        i, factor = end, 1.0
        while i < len(w) and w[i] in POSSESSIVES and not words.used[i]:
            i += 1
        for multiplier, value in sorted(MULTIPLIERS.items(), key=lambda item: -len(item[0].split())):
            size = len(multiplier.split())
            if words.phrase(i, i + size) == multiplier:
                factor, i = value, i + size
                break
        number = number_at(words, i)
        if number is not None and i + 1 < len(w) and w[i + 1] in ("times", "veces"):
            factor, i = number, i + 2
        while i < len(w) and w[i] in POSSESSIVES and not words.used[i]:
            i += 1
        right = measure_at(words, i)
        if right is None and i + 1 < len(w) and w[i] in ("it", "they") and w[i + 1] in COST_VERBS:
            right = (COST_VERBS[w[i + 1]], i + 2)  # type: ignore[assignment]
        if right is None or right[0] not in ("budget", "revenue"):
            continue
        left = left_measure(words, start, right[0])
        if left is None:
            continue
        measure, left_at = left
        filters.comparisons.append(ColumnComparison(measure, op, factor, right[0]))
        words.use(start, right[1])
        if left_at is not None:
            words.use(left_at, left_at + 1)


# Revenue against budget in a phrase: "lost money" is revenue below the budget, "turned a profit" above it
LOSS_PHRASES = ("lost money", "lose money", "losing money", "made a loss", "made losses", "were unprofitable",
                "was unprofitable", "are unprofitable", "is unprofitable", "unprofitable", "were not profitable",
                "was not profitable", "are not profitable", "is not profitable", "weren't profitable",
                "wasn't profitable", "not profitable", "perdieron dinero",
                "perdio dinero", "pierden dinero", "dieron perdidas", "dio perdidas", "tuvieron perdidas",
                "tuvo perdidas", "con perdidas", "no fueron rentables", "no fue rentable", "no son rentables",
                "no rentables", "were flops", "was a flop", "were box office flops", "bombed", "que fracasaron",
                "fueron un fracaso", "fueron fracasos", "fracasaron en taquilla")  # fmt: skip
PROFIT_PHRASES = ("made money", "make money", "made a profit", "turned a profit", "turn a profit", "were profitable",
                  "was profitable", "are profitable", "is profitable", "in profit", "ganaron dinero", "gano dinero",
                  "dieron beneficios", "dio beneficios", "tuvieron beneficios", "tuvo beneficios", "con beneficios",
                  "fueron rentables", "fue rentable", "son rentables", "es rentable")  # fmt: skip


# Movies nobody has voted on ("no rating" is read as an unknown rating by `read_known`: the same movies)
NO_VOTES_PHRASES = ("no votes", "zero votes", "0 votes", "without votes", "without any votes", "not a single vote",
                    "sin votos", "ningun voto", "cero votos", "0 votos", "no tienen votos",
                    "no tiene votos")  # fmt: skip


def read_no_votes(words: Words, filters: Filters) -> None:
    if words.take_longest(NO_VOTES_PHRASES):
        filters.thresholds.append(Threshold("votes", "=", 0))


REVENUE_AGAINST_BUDGET: dict[str, Comparison] = {
    **dict.fromkeys(LOSS_PHRASES, "<"),
    **dict.fromkeys(PROFIT_PHRASES, ">"),
}


def read_profit_or_loss(words: Words, filters: Filters) -> None:
    phrase = words.take_longest(REVENUE_AGAINST_BUDGET)
    if phrase:
        filters.comparisons.append(ColumnComparison("revenue", REVENUE_AGAINST_BUDGET[phrase], 1.0, "budget"))


# "doubled their budget", "triplicaron su presupuesto": revenue at least that many times the budget
MULTIPLYING_VERBS = {"doubled": 2, "tripled": 3, "quadrupled": 4, "duplicaron": 2, "duplico": 2, "triplicaron": 3,
                     "triplico": 3, "cuadruplicaron": 4, "cuadruplico": 4}  # fmt: skip


def read_multiplying_verbs(words: Words, filters: Filters) -> None:
    w = words.words
    for i, word in enumerate(w):
        if word not in MULTIPLYING_VERBS or words.used[i]:
            continue
        j = i + 1
        while j < len(w) and w[j] in POSSESSIVES and not words.used[j]:
            j += 1
        right = measure_at(words, j)
        if right is None or right[0] != "budget":
            continue
        filters.comparisons.append(ColumnComparison("revenue", ">=", float(MULTIPLYING_VERBS[word]), "budget"))
        words.use(i, right[1])


def left_measure(words: Words, before: int, right: Measure) -> tuple[Measure, int | None] | None:
    """The value compared: the nearest measure word or money verb before the comparator; else the other money."""
    for i in range(before - 1, max(-1, before - 4), -1):
        if words.used[i]:
            continue
        word = words.words[i]
        if word in LEFT_VERBS:
            return LEFT_VERBS[word], i
        found = measure_at(words, i)
        if found and found[0] in ("budget", "revenue", "profit"):
            return found[0], i
    if right == "budget":
        return "revenue", None
    return None


MONTH_ABBREVIATIONS = frozenset("jan feb apr jun jul aug sep sept oct nov dec ene abr ago dic".split())
MONTH_CUES = ("in", "en", "of", "de", "released", "estrenadas", "estrenada", "during", "durante")


def read_day(words: Words, filters: Filters) -> None:
    """ "on Christmas Day 2019", "el 25 de diciembre de 2019", "on December 25, 2019": a day of the release date
    (its year is read as years are)."""
    for phrase, (month, day) in sorted(HOLIDAYS.items(), key=lambda item: -len(item[0].split())):
        located = words.find_phrase(phrase)
        if (
            located
            and len(phrase.split()) == 1
            and (located[0] == 0 or words.words[located[0] - 1] not in ("on", "el"))
        ):
            continue  # "Christmas movies" is a theme; "released on Christmas", a day
        if located:
            filters.month, filters.day = month, day
            words.use(*located)
            return
    w = words.words
    for i, word in enumerate(w):
        if word not in MONTHS or words.used[i]:
            continue
        # "25 de diciembre", "25 December", "December 25"
        for at, used in ((i - 2, (i - 2, i + 1)), (i - 1, (i - 1, i + 1)), (i + 1, (i, i + 2))):
            if at < 0 or at >= len(w) or (at == i - 2 and w[i - 1] != "de"):
                continue
            value = number_at(words, at)
            if value is not None and value == int(value) and 1 <= value <= 31 and not words.used[at]:
                filters.month, filters.day = MONTHS[word], int(value)
                words.use(*used)
                return


MONTH_RANGE_STARTS = ("between", "from", "entre", "de", "desde")
MONTH_RANGE_JOINS = ("and", "to", "through", "until", "y", "a", "hasta", "al")


def read_month(words: Words, filters: Filters) -> None:
    """ "released in March 2015", "estrenadas en agosto de 2016", "in December": the month of the release date."""
    read_day(words, filters)
    for phrase, (first, last) in PARTS_OF_THE_YEAR.items():  # "in the first half of 2019", "primer trimestre"
        located = words.find_phrase(phrase)
        if located and filters.month is None:
            filters.month, filters.month_to = first, last
            words.use(*located)
    if filters.month is not None:
        return
    w = words.words
    for i in range(len(w) - 3):  # "between June and August", "entre junio y agosto", "from March to May"
        if (
            w[i] in MONTH_RANGE_STARTS
            and w[i + 1] in MONTHS
            and w[i + 2] in MONTH_RANGE_JOINS
            and w[i + 3] in MONTHS
            and MONTHS[w[i + 1]] <= MONTHS[w[i + 3]]
            and not any(words.used[i : i + 4])
        ):
            filters.month, filters.month_to = MONTHS[w[i + 1]], MONTHS[w[i + 3]]
            words.use(i, i + 4)
            return
    for i, word in enumerate(w):
        if word not in MONTHS or words.used[i]:
            continue
        after = number_at(words, i + 1) if i + 1 < len(w) else None
        after_de = number_at(words, i + 2) if i + 2 < len(w) and w[i + 1] == "de" else None
        cued = i > 0 and w[i - 1] in MONTH_CUES
        if word in ("may", "march") and not (is_year(after) or cued):
            continue  # "may" is a verb, "march" a noun, unless a year or "in" says otherwise
        if word in MONTH_ABBREVIATIONS and not (is_year(after) or is_year(after_de)):
            continue  # "Dec 2019", "dic de 2019"; alone, "dec" or "ago" may be anything
        if not (cued or is_year(after) or is_year(after_de)):
            continue
        filters.month = MONTHS[word]
        words.use(i, i + 1)
        return


def read_directed_by_women(words: Words, filters: Filters) -> None:
    """ "What percentage of 2019 movies were directed by women?", "películas dirigidas por mujeres"."""
    if words.take_longest(DIRECTED_BY_WOMEN):
        filters.directed_by_women = True


def read_status(words: Words, filters: Filters) -> None:
    phrase = words.take_longest(STATUS_WORDS)
    if phrase:
        filters.status = STATUS_WORDS[phrase]


QUARTILES = {"first quartile": 0.25, "lower quartile": 0.25, "primer cuartil": 0.25, "cuartil inferior": 0.25,
             "third quartile": 0.75, "upper quartile": 0.75, "tercer cuartil": 0.75,
             "cuartil superior": 0.75}  # fmt: skip
PERCENTILE = re.compile(r"\b(?:(\d{1,2})(?:th|st|nd|rd)? percentile|percentile (\d{1,2})|percentil (\d{1,2}))\b")


def read_percentile(words: Words, spec: QuerySpec) -> None:
    """ "the 90th percentile of runtimes", "el percentil 75 del presupuesto"."""
    for phrase, fraction in QUARTILES.items():
        located = words.find_phrase(phrase)
        if located:
            spec.aggregate, spec.percentile = "percentile", fraction
            words.use(*located)
            return
    match = PERCENTILE.search(words.text)
    if match is None:
        return
    located = words.find_phrase(match.group(0))
    value = int(next(group for group in match.groups() if group))
    if located and 1 <= value <= 99:
        spec.aggregate, spec.percentile = "percentile", value / 100
        words.use(*located)


def share_pivot(words: Words) -> tuple[int, int] | None:
    """Where a share question names its word, and where the part asked about starts:
    "What percentage of 2012 movies | are dramas", "qué porcentaje de las películas de Pixar | recaudaron más"."""
    w = words.words
    for phrase in SHARE_WORDS:
        located = words.find_phrase(phrase)
        if located is None:
            continue
        # a verb first; else "with no known revenue"; else a release verb ("de las comedias | se estrenó después")
        for pivots in (SHARE_PIVOTS, SHARE_PIVOTS_BY_PREPOSITION, SHARE_PIVOTS_BY_RELEASE):
            for i in range(located[1], len(w)):  # "out of all 2017 movies, what share | were comedies"
                if w[i] in pivots and not words.used[i] and not releases_next(w, i):
                    return located[0], i
    return None


def releases_next(w: list[str], i: int) -> bool:
    """ "that were released in 2015", "que se estrenaron en 2015": a clause of the movies counted, not the part."""
    return any(word in SHARE_PIVOTS_BY_RELEASE for word in w[i + 1 : i + 3] if word != "out")


# "the percentage of 2020 movies | with no known revenue": without a verb, the part asked about starts at these
SHARE_PIVOTS_BY_PREPOSITION = ("with", "without", "having", "con", "sin")
# Last, as these also write the movies counted ("of movies released in 2010 | are dramas")
SHARE_PIVOTS_BY_RELEASE = ("released", "came", "estreno", "estrenaron", "salio", "salieron", "lanzo", "lanzaron")
