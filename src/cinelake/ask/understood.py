"""Every word of a question is accounted for, or the question is not answered.

A word is accounted for when a reading consumed it (a filter, a linked name, a limit), when it names a part of what
was understood (the measure ranked, the aggregate, the grouping, the order), or when it is filler that changes no
meaning ("show me", "please", "the", "películas"). Whatever is left could change the meaning: answering without it
would answer a different question, so the parser refuses and names it.
"""

from cinelake.ask.spec import QuerySpec
from cinelake.ask.text import Language
from cinelake.ask.vocabulary import (
    AGGREGATE_WORDS,
    ASCENDING_WORDS,
    COUNT_PHRASES,
    DESCENDING_WORDS,
    DIMENSION_WORDS,
    JOINT_WORDS,
    LOOKUP_WORDS,
    MEASURE_WORDS,
    MEASURES,
    MOVIE_WORDS,
    REVERSING_WORDS,
    SERIES_CUES,
    SHARE_PIVOTS,
)
from cinelake.ask.words import Words

# Words that change no meaning, whatever was asked.
FILLER = (
    frozenset(
        """
    what which who whom whose is are was were be been being the a an of in on at by for with to from and do does
    did show me list give tell please can could would you i we want like know find get see all any there exist
    exists have has had their its his her them they it this that these those some about kindly just also ever
    released release releases came come out made produced filmed shot came out hit theaters cinemas theatres
    available database data catalogue catalog our your ones one how much make makes making dollars usd only
    counting but among behind filmography overall brought got gave generated achieved received scored appears
    name tell could would like know wonder curious list give find display title titles data record records info
    watched viewed figure figures amount amounts value values cifra cifras importe estado status hecho hechos

    appear appeared credited lists listed as production his her its their feature features
    que cual cuales quien quienes es son fue fueron era eran ser sido el la los las un una unos unas de del al a en
    con por para y e se hay existen tienen tiene tenia tenian tuvo tuvieron dime muestrame muestra ensename lista
    listame dame quiero quisiera saber puedes podrias me mi nos estrenadas estrenada estrenado estrenados estreno
    estrenaron salieron salio lanzadas lanzada hechas hecha producidas producida realizadas cuyo cuya cuyos cuyas
    base datos catalogo favor por favor todas todos toda todo alguna algunas pelis peli cuanto cuanta dolares
    solo solamente pero entre filmografia dieron dio generaron genero obtuvieron obtuvo lograron logro consiguieron
    consiguio han ha he sus su como produccion figura figuran aparece aparecen acumulan suma esta estan estaba
    estaban segun jamas lanzaron lanzo lanzamiento lanzamientos actuacion interpretada interpretadas
    gustaria decirme dime indica indicame nombra quisiera podrias puedes sabes saber ficha fichas datos
    registro registros recorded registered registrada registrado ever i'd i'm wondering enumera enumerame
    enumerar menciona mencioname
    inclusive inclusively incluidos incluidas incluido incluida ambos hold holds contain contains estrenarse
    estrenar salir lanzarse get gets getting receive
    receives received reciben recibe recibieron recibio obtienen obtiene
    """.split()
    )
    | frozenset(MOVIE_WORDS)
    | frozenset(SHARE_PIVOTS)
    # the passive "were made": no maker named, so nothing of a company or a person
    | frozenset(
        f"se {verb}"
        for verb in "hicieron hizo rodaron rodo filmaron filmo produjeron produjo realizaron realizo".split()
    )
)

ORDER_WORDS = frozenset(
    DESCENDING_WORDS + ASCENDING_WORDS + REVERSING_WORDS + ("top", "rank", "ranked", "ranking", "order", "ordered",
                                                           "sorted", "ordenadas", "ordenado", "clasificacion", "segun",
                                                           "best", "worst", "mejor", "mejores", "peor", "peores")
)  # fmt: skip
GROUP_WORDS = frozenset(("by", "per", "each", "every", "por", "cada", "segun", "para", "among", "entre", "group",
                         "grouped", "agrupadas", "breakdown", "desglose"))  # fmt: skip
PEOPLE_CUES = frozenset(("directed", "director", "directors", "dirigida", "dirigidas", "dirigido", "dirigidos",
                         "dirigio", "directora", "direct", "directs", "dirige", "dirigen", "dirigieron", "starring",
                         "stars", "starred", "actor", "actress", "featuring", "protagonizada", "protagonizadas",
                         "protagonizo", "protagonizan", "protagoniza", "protagonizaron", "actuo", "actua", "actuan",
                         "aparece", "aparecen", "appear", "appears",
                         "appeared", "acted", "cast", "both", "ambos", "together", "juntos", "sale", "salen",
                         "played", "plays", "star", "as", "como", "aparecido", "actuado", "participado",
                         "worked", "work", "works", "working",
                         "trabajado", "trabajo", "trabajaron", "trabaja", "often", "frequently", "veces",
                         "frecuencia", "made", "make", "hicieron", "hizo", "hecho", "rodaron", "filmaron"))  # fmt: skip
THEME_WORDS = frozenset(("about", "sobre", "acerca", "theme", "themed", "tema", "involving", "keyword", "featuring"))
PLACE_WORDS = frozenset(("language", "languages", "spoken", "speaking", "idioma", "lengua", "habladas", "hablada",
                         "original", "originally", "originalmente", "country", "pais"))  # fmt: skip
COMPANY_VERBS = frozenset(("made", "make", "produced", "produce", "released", "release", "distributed", "hizo",
                           "hicieron", "hecho", "produjo", "produjeron", "producido", "estreno", "estrenaron",
                           "estrenado", "lanzo", "lanzaron", "distribuyo"))  # fmt: skip
COMPARE_WORDS = frozenset(("than", "or", "vs", "versus", "o", "u", "que", "compare", "compara", "comparar",
                           "between", "entre", "more", "mas", "less", "menos", "which", "cual"))  # fmt: skip

NOT_UNDERSTOOD = {
    "en": "I did not understand «{leftover}» in your question, so I did not answer it: the answer would have been to "
    "a different question. A question of that kind that I can answer: '{suggestion}'",
    "es": "No entendí «{leftover}» en su pregunta, así que no la respondo: la respuesta sería la de otra pregunta. "
    "Una pregunta de ese tipo que sí puedo responder: '{suggestion}'",
}


# How a lookup's field may be asked for besides its name: "¿a qué género pertenece Titanic?", "what language is it
# in?", "¿en qué idioma está rodada originalmente?"
LOOKUP_VERBS = {
    "director": frozenset("made hizo".split()),
    "genres": frozenset("pertenece pertenecen belong belongs fall falls under to".split()),
    "language": frozenset("original originally originalmente rodada rodado filmed shot spoken hablada hablado in en "
                          "esta".split()),
}  # fmt: skip


def accounted_phrases(spec: QuerySpec) -> set[str]:
    """The phrases that name a part of what was understood, besides what the readings consumed."""
    phrases = set(FILLER)
    measures = {spec.measure, spec.second_measure}
    if spec.lookup in MEASURES:
        measures.add(spec.lookup)  # type: ignore[arg-type]
    ranked = spec.kind in ("list", "group", "best_per_group", "lookup") and not spec.chronological
    # a word with a direction ("short", "cheapest") ranks: in an average it would be a filter we do not read
    phrases |= {
        phrase
        for phrase, (measure, direction) in MEASURE_WORDS.items()
        if measure in measures and (direction is None or ranked or spec.kind == "compare")
    }
    if "runtime" in measures:  # "on average, how long are they?" asks, it does not rank
        phrases |= {"long", "how long"}
    if any(threshold.measure == "runtime" for threshold in spec.filters.thresholds):  # "over 3 hours long"
        phrases |= {"long"}
    if "votes" in measures:  # "el número medio de votos", "on average, how many votes do they get?"
        phrases |= {"number", "numero", "cantidad", "how many", "cuantos", "cuantas"}
    if "release_date" in measures:
        phrases |= {"date", "fecha", "year", "ano", "day", "dia", "released", "estreno", "salio"}
    if spec.kind == "count" or spec.aggregate == "count" or spec.kind == "share":
        phrases |= set(COUNT_PHRASES) | {"count", "number", "numero", "cantidad", "total"}
    if spec.kind in ("aggregate", "group") and spec.aggregate != "count":
        phrases |= {phrase for phrase, name in AGGREGATE_WORDS.items() if name == spec.aggregate}
    if spec.aggregate == "percentile":
        phrases |= {"percentile", "percentil"}
    if spec.group_by:
        phrases |= {phrase for phrase, dimension in DIMENSION_WORDS.items() if dimension == spec.group_by}
        phrases |= GROUP_WORDS | {
            "movies",
            "peliculas",
            "most",
            "mas",
            "common",
            "comun",
            "comunes",
            "frecuente",
            "frecuentes",
            "frequent",
            "often",
            "usual",
            "habituales",
            "habitual",
            "recurring",
            "repetidas",
            "veces",
            "times",
            "appear",
            "appears",
            "aparecen",
            "aparece",
        }
    if ((spec.measure or spec.group_by) and ranked) or spec.kind == "compare":  # an average has no "worst ones"
        phrases |= ORDER_WORDS
    if spec.explicit_limit and (spec.measure or spec.group_by):
        phrases |= {"primeros", "primeras"}  # "los 5 primeros": the top five
    if spec.kind == "lookup":
        phrases |= {phrase for phrase, field in LOOKUP_WORDS.items() if field == spec.lookup}
        phrases |= LOOKUP_VERBS.get(spec.lookup, frozenset())
        phrases |= {"main", "lead", "leading", "principal", "principales", "date", "fecha"}
    if spec.group_by in ("year", "decade"):  # "which year saw the most releases", "¿qué año vio más estrenos?"
        phrases |= {"saw", "see", "sees", "vio", "vieron"}
    if spec.group_by == "language":
        phrases |= {"original", "originales", "originally", "originalmente"}
    if spec.kind == "compare":
        phrases |= COMPARE_WORDS
    f = spec.filters
    subset = spec.subset
    if f.directors or f.actors or (subset and (subset.directors or subset.actors)) or spec.group_by == "actor":
        phrases |= PEOPLE_CUES
    if f.companies or (subset and subset.companies) or spec.lookup == "companies":  # "¿cuántas hizo Pixar?"
        phrases |= COMPANY_VERBS
    if f.series or (subset and subset.series):
        phrases |= set(SERIES_CUES) - {"sequels", "secuelas"}  # the first film is no sequel: not all of the series
    if f.keywords or (subset and subset.keywords):
        phrases |= THEME_WORDS
    if (
        f.language
        or f.countries
        or f.excluded_countries
        or f.excluded_genres
        or (subset and (subset.language or subset.countries))
    ):
        phrases |= PLACE_WORDS
    if f.status or (subset and subset.status):
        phrases |= {"still", "currently", "now", "todavia", "aun", "siguen", "sigue", "actualmente", "ahora"}
    # "both comedy and horror", "tanto Matt Damon como Ben Affleck", "coproducciones de Francia y Bélgica"
    joint = (len(f.genres) >= 2 and not f.any_genre) or len(f.directors) + len(f.actors) >= 2
    if joint or len(f.countries) >= 2 or (subset and len(subset.countries) >= 2):
        phrases |= JOINT_WORDS  # "coproducciones de Francia y Bélgica", "made in both the US and the UK"
    if spec.kind == "distribution":
        phrases |= {"distribution", "distribucion", "histogram", "histograma", "spread", "dispersion"}
    if spec.kind == "scatter":
        phrases |= {"vs", "versus", "against", "frente", "contra", "relationship", "relation", "relacion",
                    "correlation", "correlacion", "compared", "comparado", "between", "entre"}  # fmt: skip
    return phrases


def leftover(words: Words, spec: QuerySpec) -> str:
    """The words no reading consumed and nothing understood explains, as the question wrote them (folded)."""
    phrases = accounted_phrases(spec)
    for start, end in list(words.spans(longest=4)):
        if not any(words.used[start:end]) and words.phrase(start, end) in phrases:
            words.use(start, end)
    runs, run = [], []
    for word, used in zip(words.words, words.used, strict=True):
        if used:
            if run:
                runs.append(" ".join(run))
            run = []
        else:
            run.append(word)
    if run:
        runs.append(" ".join(run))
    return " … ".join(runs)


# Words that change which movies count or how they are split: never left to the sentence model's reading.
NEVER_BY_MEANING = frozenset(("no", "not", "non", "without", "except", "excluding", "sin", "excepto", "salvo", "each",
                              "every", "per", "cada", "por", "by", "between", "entre", "before", "after", "antes",
                              "despues", "since", "desde", "than", "que", "percentage", "percent", "share",
                              "proportion", "fraction", "porcentaje", "proporcion", "fraccion", "how many",
                              "cuantas", "cuantos", "average", "media", "promedio", "total"))  # fmt: skip
MEANING_WORDS = 5  # at most this many words may be read by meaning alone


def meaning_may_explain(left: str) -> bool:
    """Whether the words left over may be what the sentence model read the measure from ("commercial disasters",
    "películas más vistas en cines"): a few plain words, with no number and nothing that filters or groups."""
    words = [word for word in left.split() if word != "…"]
    return (
        len(words) <= MEANING_WORDS
        and not any(word.isdigit() for word in words)
        and not NEVER_BY_MEANING.intersection(words)
    )


def not_understood(language: Language, left: str, suggestion: str) -> str:
    return NOT_UNDERSTOOD[language].format(leftover=left, suggestion=suggestion)


# The engine's own example questions, one or more of each shape: a refusal suggests the nearest.
EXAMPLE_QUESTIONS: dict[Language, tuple[str, ...]] = {
    "en": (
        "How many horror movies were released in 2019?",
        "What are the 5 movies with the highest budget from 2012?",
        "What is the average rating of Pixar movies?",
        "What is the median budget of science fiction movies?",
        "Top 5 genres by number of movies",
        "The most expensive movie of each decade",
        "What percentage of 2012 movies are dramas?",
        "How many movies have no known budget?",
        "Which movies made less than their budget in 2019?",
        "How many movies were released in March 2015?",
        "Which actor appeared in the most Steven Spielberg movies?",
        "What was Christopher Nolan's first movie?",
        "Movies directed by Tim Burton starring Johnny Depp",
        "How many Toy Story movies are there?",
        "Who directed Inception?",
        "Which made more money, Titanic or Avatar?",
        "Directors with at least 10 movies",
    ),
    "es": (
        "¿Cuántas películas de terror se estrenaron en 2019?",
        "¿Cuáles son las 5 películas con mayor presupuesto de 2012?",
        "¿Cuál es la valoración media de las películas de Pixar?",
        "¿Cuál es la mediana del presupuesto de las películas de ciencia ficción?",
        "Los 5 géneros con más películas",
        "La película más cara de cada década",
        "¿Qué porcentaje de las películas de 2012 son dramas?",
        "¿Cuántas películas no tienen presupuesto conocido?",
        "¿Qué películas recaudaron menos que su presupuesto en 2019?",
        "¿Cuántas películas se estrenaron en marzo de 2015?",
        "¿Qué actor aparece en más películas de Steven Spielberg?",
        "¿Cuál fue la primera película de Christopher Nolan?",
        "Películas dirigidas por Tim Burton con Johnny Depp",
        "¿Cuántas películas de Toy Story hay?",
        "¿Quién dirigió Titanic?",
        "¿Cuál recaudó más, Titanic o Avatar?",
        "Directores con al menos 10 películas",
    ),
}
