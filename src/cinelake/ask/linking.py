"""The movies and names a question mentions: its shape (a lookup, a comparison, or a question about many movies),
the title a lookup names, and the single words that are someone's last name."""

import re

from cinelake.ask.names import NameMatch, Names
from cinelake.ask.text import contains
from cinelake.ask.vocabulary import (
    AGGREGATE_WORDS,
    ASCENDING_WORDS,
    COUNTRY_WORDS,
    DESCENDING_WORDS,
    DIMENSION_WORDS,
    GENRE_WORDS,
    LANGUAGE_WORDS,
    LOOKUP_WORDS,
    MEASURE_WORDS,
    MONEY_VERBS,
    MOVIE_WORDS,
    NUMBER_WORDS,
)
from cinelake.ask.words import has_any

# Words that never start or end a name on their own.
STOPWORDS = frozenset(
    "a an the of in on at by for with and or to from is are was were be did do does has have had what "
    "which who whom when how many much that this these those it its me show list give tell all any than "
    "as about most least top el la los las un una unos unas de del en con por para y o que cual cuales "
    "quien quienes como cuanto cuantas cuantos es son fue fueron ha han hay se su sus al lo mas menos "
    "entre desde hasta sobre dime muestra muestrame lista dame peliculas pelicula movies movie film films "
    "tiene tienen tenia tuvo tuvieron hizo hicieron hace hacen get got gets making appear appears appeared "
    "aparece aparecen sale salen esta estan were being been compare compara".split()
)
DIRECTOR_CUES = ("directed", "director", "directors", "dirigida", "dirigidas", "dirigido", "dirigidos", "dirigio",
                 "directed by", "dirigida por", "dirigidas por", "directora", "direct", "directs", "dirige",
                 "dirigen", "dirigieron", "dirigir")  # fmt: skip


ACTOR_CUES = ("starring", "stars", "starred", "with", "actor", "actress", "featuring", "con", "actuacion de",
              "interpretada por", "interpretadas por", "protagonizada",
              "protagonizadas", "protagonizo", "actuo", "actua", "aparece", "sale", "acted", "cast")  # fmt: skip
ACTOR_VERBS = ("starring", "starred", "stars", "acted", "actor", "actress", "protagonizada", "protagonizadas",
               "protagonizo", "actuo", "actua", "actuan", "aparece", "featuring")  # fmt: skip


THEME_CUES = ("about", "sobre", "featuring", "theme", "themed", "tema", "involving", "acerca de", "keyword")
# The cues that always introduce a theme ("featuring" may introduce a person): after "movies", what follows them must
# link to a keyword, or the question is refused.
THEME_LEADS = ("about", "sobre", "acerca", "involving", "tema", "theme", "themed")
PLURAL_GENRE_WORDS = frozenset(word for word in GENRE_WORDS if word.endswith("s") and " " not in word)
COMPARE_WORDS = ("or", "vs", "versus", "o", "u", "than")
COMPARE_VERBS = ("compare", "compara", "comparar", "comparame", "comparison", "comparacion")
COMPARE_JOINERS = ("and", "y", "e", "with", "con")  # split on only after a compare verb: "Compare X and Y"


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


# "which director made the highest-grossing movie of 2011?", "which director made Titanic?": one movie's director,
# not a ranking of directors ("which director made the most money", "... made the most horror movies")
WHICH_PERSON_MADE = (
    r"(which|what|que|cual) (director|directora|actor|actress|actriz) (made|directed|starred in|hizo|dirigio|"
    r"protagonizo)"
)
PERSON_OF_THE_MOVIE = re.compile(
    "^" + WHICH_PERSON_MADE + r" ((the|la|el) (\w+ ){0,4}?(movie|film|pelicula)\b"
    r"|(?!(the |la |el )?(most|mas|more|fewest|menos)\b)(?!.*\b(movies|films|peliculas|money|dinero)\b))"
)
RELEASE_YEAR_OF = re.compile(r"^(what|which) year (was|did) .+ (released|come out|came out)( in)?$")


def question_shape(text: str) -> str:
    """Whether the question looks up one movie, compares movies, or asks about many (decided further on)."""
    if has_any(text, COMPARE_VERBS) and has_any(text, COMPARE_JOINERS):
        return "compare"
    if HOW_MUCH_MORE.match(text):  # "how many minutes longer is Titanic than Avatar?"
        return "compare"
    compared = re.sub(r"\b(other|rather) than\b", " ", text)  # "other than English" compares nothing
    if (
        contains(compared, "than")
        or spanish_than(text) is not None
        or (
            has_any(compared, COMPARE_WORDS)
            and has_any(
                text,
                ("which", "what", "cual", "que", "who", "quien", "compare", "compara", "more", "mas", "less", "menos"),
            )
        )
    ):
        plural = has_any(
            text, ("movies", "films", "peliculas", "pelis", "filmes", "cintas", "genres", "generos", "years")
        )
        plural = plural or any(word in PLURAL_GENRE_WORDS for word in text.split())  # "comedias o dramas"
        if not plural:
            return "compare"
    plural_list = has_any(text, ("movies", "films", "peliculas", "titles", "list", "lista", "how many", "cuantas"))
    lookup_start = (
        "who directed", "who starred", "who stars", "who is in", "who acted", "quien dirigio", "quien protagoniza",
        "quien protagonizo", "quienes actuan", "quienes actuaron", "quien actua", "when was", "when did",
        "cuando se estreno", "cuando salio", "how long is", "how long was", "cuanto dura", "cuanto duro",
        "how much did", "cuanto costo", "cuanto recaudo", "cuanto gano",
        "en que ano se estreno", "en que ano salio", "en que fecha", "who is the director", "who was the director",
        "what genre is", "what genre does", "what genres is", "what genres does", "which genre is",
        "which genres is", "de que genero es", "de que generos es", "que genero es", "que generos tiene",
        "a que genero pertenece", "a que generos pertenece",
        "who the director", "who are the actors", "quien es el director", "quien fue el director",
        "quienes son los actores", "quienes son los protagonistas", "quien dirige", "who produced", "quien produjo",
        "what language is", "in what language is", "in which language is", "en que idioma",
    )  # fmt: skip
    # "how much did the Jurassic Park movies gross?": many movies, added up; "how much did Avatar gross?": one
    amount_of_many = plural_list and has_any(text, ("how much", "cuanto", "cuanta"))
    # "who is the most frequent director of horror movies?" ranks directors, it looks nothing up
    most_often = has_any(text, ("most frequent", "mas frecuente", "most common", "mas comun", "mas habitual"))
    if has_any(text, lookup_start) and not WHO_MADE_THE_MOST.match(text) and not amount_of_many and not most_often:
        return "lookup"
    # "which year did Titanic come out in?", not "which year was best for horror?"
    if RELEASE_YEAR_OF.match(text) or PERSON_OF_THE_MOVIE.match(text):
        return "lookup"
    if COMPANY_OF_A_MOVIE.match(text):  # "which company produced Titanic?", not "... produced the most movies"
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
        r"\b(budget|revenue|rating|runtime|release date|release year|director|cast|genres?|box office|gross|score|"
        r"presupuesto|recaudacion|taquilla|valoracion|nota|duracion|fecha de estreno|reparto|generos?|"
        r"ingresos|puntuacion|director|directores|actors|actores|protagonistas|cast members|roi|profit|beneficio|"
        r"rentabilidad|popularity|popularidad|votes|votos|original language|language|idioma original|idioma)"
        r"(\s+(principales|main|lead))?\s+(of|de|for|del|para|behind|in)\b",
        text,
    )
    # "the total number of votes for Titanic" names the field, it adds nothing up
    aggregated = has_any(re.sub(r"\b(total number|numero total)\b", " ", text), tuple(AGGREGATE_WORDS))
    if of_field and not plural_list and not aggregated:
        return "lookup"
    ranking = has_any(text, DESCENDING_WORDS + ASCENDING_WORDS) or any(w in DIMENSION_WORDS for w in text.split())
    if TRAILING_FIELD.search(text) and not plural_list and not ranking and not has_any(text, tuple(AGGREGATE_WORDS)):
        return "lookup"
    return "many"


# After "que", words that make it a relative clause ("las más taquilleras que no son en inglés") or a movie's own
# value ("más que su presupuesto"), not a second movie
NOT_A_SECOND_MOVIE = frozenset((
    "su", "sus", "el", "la", "lo", "los", "las", "de", "no", "son", "es", "fueron", "fue", "tienen", "tiene", "han",
    "ha", "estan", "esta", "se", "duran", "dura",
    # "la más barata que recaudó ...": a relative clause, its verb right after "que"
    *MONEY_VERBS, "costo", "costaron", "tuvo", "tuvieron", "obtuvo", "obtuvieron", "supero", "superaron", "salio",
    "salieron", "duro", "duraron",
))  # fmt: skip


def spanish_than(text: str) -> int | None:
    """The word index of the "que" of "más X que Y" between two movies ("¿recaudó más Avatar que Titanic?"); not a
    relative "las que", nor a movie against its own value ("más que su presupuesto")."""
    words = text.split()
    for i, word in enumerate(words):
        if word != "que" or i == 0 or not {"mas", "menos"} & set(words[:i]):
            continue
        if words[i - 1] in ("las", "los", "el", "la", "lo", "en", "de", "y"):
            continue
        if i + 1 < len(words) and words[i + 1] not in NOT_A_SECOND_MOVIE:
            return i
    return None


COMPANY_OF_A_MOVIE = re.compile(
    r"^(?:which|what|que|cual|cuales) (?:company|companies|studio|studios|productora|productoras|estudio|estudios)"
    r" (?:produced|made|hizo|hicieron|produjo|produjeron) (?!(?:the )?(?:most|least|fewest|more|mas|menos)\b)\w+"
)
HOW_MUCH_MORE = re.compile(
    r"^(how (many \w+|much) (more|longer|shorter|less|fewer|higher|lower)|cuant[oa]s? (\w+ )?(mas|menos))\b"
    r".+\b(than|que)\b"
)
# "who directed the most horror movies?", "¿quién ha protagonizado más películas?": a ranking of people, no lookup
# "who directed the most movies?" ranks people; "who directed the most expensive movie?" looks one movie up
WHO_MADE_THE_MOST = re.compile(
    r"^(who|quien|quienes) (?:has |have |ha |han )?\w+ (?:in )?(?:the )?(?:most|fewest|mas)\b"
    r"(?!\s+\w+\s+(?:movie|film|pelicula)\b)"
)
TRAILING_FIELD = re.compile(
    r"\b(budget|revenue|rating|runtime|release date|box office|gross|director|cast|genres|presupuesto|"
    r"recaudacion|taquilla|valoracion|duracion|fecha de estreno|reparto|generos)$"
)
LOOKUP_PREFIXES = re.compile(
    r"^(" + WHICH_PERSON_MADE + r"|who directed|who starred in|who stars in|who is in|who acted in|quien dirigio|"
    r"quien protagoniza|"
    r"quien protagonizo|quienes actuan en|quienes actuaron en|quien actua en|when was|when did|cuando se estreno|"
    r"cuando salio|how long is|how long was|cuanto dura|cuanto duro|how much did|how much money did|cuanto costo|"
    r"cuanto recaudo|cuanto gano|(what|which) year (was|did)|en que ano se estreno|en que ano salio|en que fecha salio|"
    r"en que fecha se estreno|who is the director of|who was the director of|who the director behind|"
    r"(what|which) genres? (is|are|does|was)|(de )?que generos? (es|tiene)|"
    r"quienes son los actores principales de|quienes son los actores de|quien es el director de|"
    r"(how much|cuanto|cuanta) (\w+ )?(did|does|do|recaudo|gano|costo|tuvo|hizo)|"
    r"(cuantos|cuantas|how many) (votos|votes|minutos|minutes) (tiene|tuvo|has|had|did|does|dura)|"
    r"(what|which|cual|que) (is|was|es|fue|were|son|fueron)( the| el| la| los| las)?|tell me|dime|give me|show me)\b"
)


LOOKUP_SUFFIXES = re.compile(
    r"\b(released|released in|come out|come out in|came out in|came out|premiere|premiered|make|made|gross|earn|"
    r"cost|directed|se estreno|have|has|"
    r"production budget|budget|revenue|rating|runtime|tiene|tuvo|belong to|belongs to|fall into|"
    r"recaudo|costo|dura|last|lasts|run|in theaters|at the box office|en taquilla)$"
)
FIELD_OF = re.compile(
    r"^(the )?(\w+ ){0,3}?(budget|revenue|rating|runtime|release date|director|directors|cast|genres|genre|"
    r"box office|gross|score|presupuesto|recaudacion|taquilla|valoracion|nota|duracion|fecha de estreno|reparto|"
    r"genero|generos|ingresos|puntuacion|directores|idioma|language|popularity|popularidad|votes|votos|actors|"
    r"actores|protagonistas|roi|profit|beneficio|rentabilidad)( principales| main| lead| production)? "
    r"(of|de|for|del|para|behind|in)( the| la| el)? "
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
    return re.sub(r"^(the (movie|film)|la pelicula|el filme) ", "", chunk)  # "what year was the movie Titanic released"


def split_comparison(text: str) -> list[str]:
    """The two sides of "Which made more money, Titanic or Avatar?" or "Is Inception longer than Interstellar?"."""
    splitters = COMPARE_WORDS + (COMPARE_JOINERS if has_any(text, COMPARE_VERBS) else ())
    for word in splitters:
        if contains(text, word):
            left, right = f" {text} ".split(f" {word} ", 1)
            return [left.strip(), strip_trailing_words(right.split())]
    than = spanish_than(text)  # "¿cuántos minutos más dura Titanic que Avatar?"
    if than is not None:
        words = text.split()
        return [" ".join(words[:than]), strip_trailing_words(words[than + 1 :])]
    return []


def left_title(titles: Names, left: str) -> NameMatch | None:
    """The left side holds the question's words too: its longest ending that is a title ("..., Frozen II"), or else
    what is left once the question words are stripped from both ends ("is Inception longer")."""
    words = left.split()
    for start in range(len(words)):
        ending = strip_trailing_words(words[start:])
        if ending and ending.split()[0] not in QUESTION_LEAD and titles.exact(ending):
            return titles.exact(ending)
    return best_title(titles, strip_trailing_words(strip_leading_words(words)))


QUESTION_LEAD = frozenset(
    "which what who cual que quien made make makes more less money earned grossed had has was is did does the "
    "movie film pelicula recaudo mas menos dinero gano tuvo fue es longer shorter larga corta cara barata "
    "expensive cheaper better worse mejor peor higher lower rated valorada budget presupuesto revenue "
    "rating between entre compare compara comparar budgets presupuestos y and with con popular more popular "
    "higher grossing de la el tiene nota "
    "earn earned a an bigger larger cost costo recaudacion taquilla gross votes votos duracion".split()
)


def strip_leading_words(words: list[str]) -> list[str]:
    while words and words[0] in QUESTION_LEAD:
        words = words[1:]
    return words


def strip_trailing_words(words: list[str]) -> str:
    while words and words[-1] in QUESTION_LEAD:
        words = words[:-1]
    return " ".join(words)


def best_title(titles: Names, chunk: str) -> NameMatch | None:
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
    if all(word in KNOWN_WORDS or word in STOPWORDS or word.isdigit() for word in words):
        return None  # a typo makes a word the questions do not know: "the highest grossing movie of 2011" holds none
    return titles.fuzzy(chunk, cutoff=0.8)


def surname_match(people: Names, word: str) -> NameMatch | None:
    """A single word that is the last name of a well-known director or actor, spelled right or nearly."""
    return people.surname(word)


def lookup_field(text: str):
    best = None
    words = text.split()
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if phrase in LOOKUP_WORDS and (best is None or size > best[0]):
                best = (size, LOOKUP_WORDS[phrase])
    return best[1] if best else None
