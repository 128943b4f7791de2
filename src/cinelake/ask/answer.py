"""The sentence that answers a question, in its language, with the numbers of the result.

Money is shown in millions of dollars ("237 M$"), runtimes in minutes, ratings with one decimal. English writes
"1,234.5", Spanish "1.234,5".
"""

from datetime import date
from functools import partial

from cinelake.ask.model import DIMENSIONS
from cinelake.ask.spec import SPANISH_TITLE, Filters, QuerySpec
from cinelake.ask.text import Language
from cinelake.ask.vocabulary import COUNTRY_NAMES, LANGUAGES, MEASURES, MONTH_NAMES, Measure
from cinelake.domain.genres import GENRES_BY_ID, MOVIE_GENRES

LISTED = 5  # rows named in a sentence; all of them are in `rows`
LEADERS = 3  # a ranking's sentence names its first three
GENRES_ES = {genre.name: genre.name_es for genre in MOVIE_GENRES}


def country_name(code: str, es: bool) -> str:
    names = COUNTRY_NAMES.get(code)
    return (names[1] if es else names[0]) if names else code


def number(value: float, language: Language, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    if language == "es":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def formatted(value, unit: str, language: Language) -> str:
    """A value with its unit: "237 M$", "142 min", "8.4", "3.2×"."""
    if value is None:
        return "?" if language == "en" else "desconocido"
    if isinstance(value, str | date):
        return str(value)
    if unit == "usd":
        millions = value / 1e6
        if abs(millions) < 0.1:  # "0.0 M$" would say nothing: small sums in dollars
            return f"{number(value, language)} $"
        return f"{number(millions, language, 0 if abs(millions) >= 10 else 1)} M$"
    if unit == "minutes":
        return f"{number(value, language)} min"
    if unit == "rating":
        return number(value, language, 1)
    if unit == "ratio":
        return f"{number(value, language, 1)}×"
    if unit == "popularity":
        return number(value, language, 1)
    if unit in ("votes", "count"):
        return number(value, language)
    return number(value, language, 2) if isinstance(value, float) else str(value)


def measure_name(measure: Measure, language: Language) -> str:
    info = MEASURES[measure]
    return info.es if language == "es" else info.en


SPANISH_MASCULINE = frozenset(("budget", "profit", "roi", "votes"))  # presupuesto, beneficio, ROI, votos


def degree(measure: Measure, descending: bool, language: Language) -> str:
    """ "the highest budget", but "the most votes": votes are counted ("mayor presupuesto", "más votos")."""
    counted = measure == "votes"
    if measure == "release_date" and language == "en":  # "the latest release date"
        return "latest" if descending else "earliest"
    if language == "es":
        return ("más" if descending else "menos") if counted else ("mayor" if descending else "menor")
    return ("most" if descending else "fewest") if counted else ("highest" if descending else "lowest")


AGGREGATE_NAMES = {  # English; Spanish as (masculine, feminine), to agree with the measure
    "en": {"avg": "average", "sum": "total", "min": "minimum", "max": "maximum", "median": "median",
           "stddev": "standard deviation"},
    "es": {"avg": ("medio", "media"), "sum": ("total", "total"), "min": ("mínimo", "mínima"),
           "max": ("máximo", "máxima"), "median": ("mediano", "mediana"),
           "stddev": ("desviación estándar", "desviación estándar")},
}  # fmt: skip


def aggregate_name(aggregate: str, measure: Measure, language: Language) -> str:
    """ "average", or in Spanish agreeing with the measure: "presupuesto medio", "valoración media"."""
    if aggregate == "percentile":
        return "percentil" if language == "es" else "percentile"
    if language == "en":
        return AGGREGATE_NAMES["en"][aggregate]
    masculine, feminine = AGGREGATE_NAMES["es"][aggregate]
    return masculine if measure in SPANISH_MASCULINE else feminine


def aggregate_label(aggregate: str, measure: Measure, language: Language) -> str:
    """ "average budget", "presupuesto medio"."""
    which, name = aggregate_name(aggregate, measure, language), measure_name(measure, language)
    if aggregate == "stddev":  # "standard deviation of budget", "desviación estándar del presupuesto"
        if language == "es":
            return f"{which} {'del' if measure in SPANISH_MASCULINE else 'de la'} {name}"
        return f"{which} of {name}"
    if measure == "votes":  # "número medio de votos", "average number of votes"
        return f"número {which} de votos" if language == "es" else f"{which} number of votes"
    return f"{name} {which}" if language == "es" else f"{which} {name}"


def genre_name(name: str, language: Language) -> str:
    return GENRES_ES.get(name, name) if language == "es" else name


THRESHOLD_WORDS = {
    "en": {">": "over", ">=": "at least", "<": "under", "<=": "at most", "=": "of exactly"},
    "es": {">": "de más de", ">=": "al menos", "<": "de menos de", "<=": "como mucho", "=": "de exactamente"},
}


def describe_filters(filters: Filters, language: Language) -> str:
    """The filters as a short phrase: " of genre Horror, from 2015"."""
    es = language == "es"
    parts = []
    if filters.genres:
        names = [genre_name(GENRES_BY_ID[g].name, language) for g in filters.genres]
        joiner = (" o " if es else " or ") if filters.any_genre else " + "
        parts.append(("de " if es else "in ") + joiner.join(names))
    if filters.year_from is not None and filters.year_from == filters.year_to:
        parts.append(f"{'de' if es else 'from'} {filters.year_from}")
    elif filters.year_from is not None and filters.year_to is not None:
        parts.append(f"{'entre' if es else 'between'} {filters.year_from} {'y' if es else 'and'} {filters.year_to}")
    elif filters.year_from is not None:
        parts.append(f"{'desde' if es else 'since'} {filters.year_from}")
    elif filters.year_to is not None:
        parts.append(f"{'hasta' if es else 'up to'} {filters.year_to}")
    if filters.excluded_years is not None:
        first, last = filters.excluded_years
        span = str(first) if first == last else f"{first}–{last}"
        parts.append(f"{'no de' if es else 'not from'} {span}")
    if filters.language:
        place = LANGUAGES.get(filters.language)
        label = (place.es if es else place.en) if place else filters.language
        if filters.other_languages:
            parts.append(f"{'que no están en' if es else 'not in'} {label}")
        else:
            parts.append(f"{'en' if es else 'in'} {label}")
    if filters.countries:  # a movie made in each of them: "made in France and Belgium"
        names = (" y " if es else " and ").join(country_name(country, es) for country in filters.countries)
        parts.append(f"{'producidas en' if es else 'made in'} {names}")
    for country in filters.excluded_countries:
        parts.append(f"{'no producidas en' if es else 'not made in'} {country_name(country, es)}")
    if filters.excluded_genres:
        names = [genre_name(GENRES_BY_ID[g].name, language) for g in filters.excluded_genres]
        parts.append(("sin " if es else "excluding ") + (" ni " if es else " and ").join(names))
    for company in filters.companies:
        parts.append(f"{'de' if es else 'by'} {company.name}")
    people = [f"{'dirigidas por' if es else 'directed by'} {director.name}" for director in filters.directors]
    people += [f"{'con' if es else 'starring'} {actor.name}" for actor in filters.actors]
    if filters.any_person and len(people) > 1:  # "directed by Greta Gerwig or directed by Sofia Coppola"
        parts.append((" o " if es else " or ").join(people))
    else:
        parts += people
    if filters.directed_by_women:
        parts.append("dirigidas por mujeres" if es else "directed by women")
    for keyword in filters.keywords:
        parts.append(f"{'sobre' if es else 'about'} {keyword.name}")
    for series in filters.series:
        parts.append(f"{'cuyo título empieza por' if es else 'whose title starts with'} «{series}»")
    if filters.month is not None and filters.day is not None:
        month_name = MONTH_NAMES[language][filters.month - 1]
        day = f"el {filters.day} de {month_name}" if es else f"on {month_name} {filters.day}"
        parts.append(f"{'estrenadas' if es else 'released'} {day}")
    elif filters.month is not None and filters.month_to is not None:
        first, last = (MONTH_NAMES[language][month - 1] for month in (filters.month, filters.month_to))
        parts.append(f"estrenadas de {first} a {last}" if es else f"released from {first} to {last}")
    elif filters.month is not None:
        parts.append(f"{'estrenadas en' if es else 'released in'} {MONTH_NAMES[language][filters.month - 1]}")
    if filters.status is not None:
        parts.append(f"{'con estado' if es else 'with status'} {filters.status}")
    for measure, is_known in filters.known.items():
        name = measure_name(measure, language)
        if es:
            parts.append(f"{'con' if is_known else 'sin'} {name} conocid{'o' if measure in SPANISH_MASCULINE else 'a'}")
        else:
            parts.append(f"{'with a known' if is_known else 'with no known'} {name}")
    for comparison in filters.comparisons:
        left, right = measure_name(comparison.left, language), measure_name(comparison.right, language)
        bound = {"<": ("menor que", "below"), "<=": ("como mucho", "at most"), ">": ("mayor que", "above"),
                 ">=": ("al menos", "at least")}[comparison.op][0 if es else 1]  # fmt: skip
        times = (
            "" if comparison.factor == 1 else f"{number(comparison.factor, language, 1).rstrip('0').rstrip(',.')} × "
        )
        parts.append(f"{'con' if es else 'with'} {left} {bound} {times}{'su' if es else 'its'} {right}")
    if filters.same_year_as is not None:
        parts.append(f"{'del mismo año que' if es else 'from the same year as'} {filters.same_year_as.name}")
    for versus in filters.than_movies:
        than = f"{'que' if es else 'than'} {versus.movie.name}"
        if versus.measure == "votes":  # "with more votes than Toy Story"
            more = {"<": ("menos", "fewer"), ">": ("más", "more")}[versus.op][0 if es else 1]
            parts.append(f"{'con' if es else 'with'} {more} {'votos' if es else 'votes'} {than}")
        else:
            bound = {"<": ("menor", "lower"), ">": ("mayor", "higher")}[versus.op][0 if es else 1]
            parts.append(f"{'con' if es else 'with'} {measure_name(versus.measure, language)} {bound} {than}")
    thresholds = list(filters.thresholds)
    for low, high in zip(thresholds, thresholds[1:], strict=False):
        if low.measure == high.measure and (low.op, high.op) == (">=", "<="):  # a range: "between 50 and 100 M$"
            unit = MEASURES[low.measure].unit
            lowest, highest = formatted(low.value, unit, language), formatted(high.value, unit, language)
            name = measure_name(low.measure, language)
            words = ("con", "entre", "y") if es else ("with", "between", "and")
            parts.append(f"{words[0]} {name} {words[1]} {lowest} {words[2]} {highest}")
            thresholds.remove(low)
            thresholds.remove(high)
            break
    for threshold in thresholds:
        value = formatted(threshold.value, MEASURES[threshold.measure].unit, language)
        bound = THRESHOLD_WORDS[language][threshold.op]
        if threshold.measure == "votes" and threshold.op == "=" and not threshold.value:
            parts.append("sin votos" if es else "with no votes")
        elif threshold.measure == "votes":  # "con más de 10.000 votos", not "con de más de"
            bound = bound.removeprefix("de ").removeprefix("of ")
            parts.append(f"{'con' if es else 'with'} {bound} {value} {'votos' if es else 'votes'}")
        else:
            parts.append(f"{'con' if es else 'with'} {measure_name(threshold.measure, language)} {bound} {value}")
    return (" " + ", ".join(parts)) if parts else ""


def write_answer(spec: QuerySpec, columns: list[str], rows: list[list], capped: bool) -> str:
    es = spec.language == "es"
    if not rows or (spec.kind in ("aggregate",) and rows[0][0] is None):
        return "Ninguna película cumple esa condición." if es else "No movie matches that question."
    writer = {
        "list": partial(list_answer, capped=capped),
        "count": count_answer,
        "aggregate": aggregate_answer,
        "group": group_answer,
        "group_count": group_count_answer,
        "best_per_group": best_per_group_answer,
        "share": share_answer,
        "lookup": lookup_answer,
        "compare": compare_answer,
        "distribution": distribution_answer,
        "scatter": scatter_answer,
    }[spec.kind]
    text = writer(spec, columns, rows)
    if capped and spec.kind != "distribution":  # a distribution says itself whether its rows are a sample
        text += f" (se muestran las primeras {len(rows)} filas)" if es else f" (showing the first {len(rows)} rows)"
    return text


def in_place(spec: QuerySpec) -> str:
    """ "In place 2 by", "En el puesto 2 por": the start of an answer to "the second highest ..."."""
    return f"En el puesto {spec.offset + 1} por" if spec.language == "es" else f"In place {spec.offset + 1} by"


def shown_title(row: list, columns: list[str]) -> str:
    """The movie's title in the question's language where one is stored (`titulo`), else its own."""
    if SPANISH_TITLE in columns and row[columns.index(SPANISH_TITLE)]:
        return str(row[columns.index(SPANISH_TITLE)])
    return str(row[columns.index("title")])


def title_year(row: list, columns: list[str]) -> str:
    title = shown_title(row, columns)
    year = row[columns.index("release_year")] if "release_year" in columns else None
    return f"{title} ({year})" if year else str(title)


def with_value(row: list, columns: list[str], value: str) -> str:
    """ "Fast X (2023, 340 M$)"."""
    year = row[columns.index("release_year")]
    title = shown_title(row, columns)
    return f"{title} ({year}, {value})" if year else f"{title} ({value})"


def list_answer(spec: QuerySpec, columns: list[str], rows: list[list], capped: bool = False) -> str:
    es = spec.language == "es"
    scope = describe_filters(spec.filters, spec.language)
    if spec.measure is None:
        shown = ", ".join(title_year(row, columns) for row in rows[:LISTED])
        more = (
            "" if len(rows) <= LISTED else (f" y {len(rows) - LISTED} más" if es else f" and {len(rows) - LISTED} more")
        )
        if capped:  # the rows are the first of more: their number is not the answer's
            counted = f"Más de {number(len(rows), 'es')}" if es else f"More than {number(len(rows), 'en')}"
        else:
            counted = number(len(rows), spec.language)
        noun = ("película" if es else "movie") if len(rows) == 1 and not capped else ("películas" if es else "movies")
        return f"{counted} {noun}{scope}: {shown}{more}."
    info = MEASURES[spec.measure]
    at = columns.index(info.column if spec.measure != "rating" else "rating")
    items = [with_value(row, columns, formatted(row[at], info.unit, spec.language)) for row in rows[:LEADERS]]
    name = measure_name(spec.measure, spec.language)
    if spec.offset:  # "the second highest": "In place 2 by revenue, highest first: Avatar (2009): 2,924 M$."
        order = ("de mayor a menor" if spec.descending else "de menor a mayor") if es else (
            "highest first" if spec.descending else "lowest first")  # fmt: skip
        movie = f"{title_year(rows[0], columns)}: {formatted(rows[0][at], info.unit, spec.language)}"
        return f"{in_place(spec)} {name}{scope}, {order}: {movie}."
    if len(rows) == 1 or spec.limit == 1:
        first = rows[0]
        value = formatted(first[at], info.unit, spec.language)
        if es:
            word = degree(spec.measure, spec.descending, "es")
            return f"La película{scope} con {word} {name} es {title_year(first, columns)}: {value}."
        word = degree(spec.measure, spec.descending, "en")
        return f"The movie{scope} with the {word} {name} is {title_year(first, columns)}: {value}."
    first, *followers = items[:LEADERS]
    joined = (" y " if es else " and ").join(followers) if len(followers) < 2 else f"{followers[0]}"
    if len(followers) == 2:
        joined = f"{followers[0]}{' y ' if es else ' and '}{followers[1]}"
    if es:
        word = degree(spec.measure, spec.descending, "es")
        return f"Las {len(rows)} películas{scope} con {word} {name}: encabeza {first}, seguida de {joined}."
    word = degree(spec.measure, spec.descending, "en")
    return f"The {len(rows)} movies{scope} with the {word} {name}: {first} leads, followed by {joined}."


def count_answer(spec: QuerySpec, columns: list[str], rows: list[list]) -> str:
    count = rows[0][0]
    scope = describe_filters(spec.filters, spec.language)
    if spec.language == "es":
        return f"Hay {number(count, 'es')} películas{scope} en la base de datos."
    return f"There are {number(count, 'en')} movies{scope} in the database."


def group_count_answer(spec: QuerySpec, columns: list[str], rows: list[list]) -> str:
    """ "There are 78 directors with at least 11 movies."."""
    assert spec.group_by is not None
    es = spec.language == "es"
    counted = DIMENSIONS[spec.group_by].es_plural if es else DIMENSIONS[spec.group_by].en_plural
    if spec.women_only and spec.group_by in ("actor", "director"):
        counted = WOMEN_GROUP_NAMES[spec.group_by][spec.language][1]
    minimum = spec.filters.min_group_movies
    scope = describe_filters(spec.filters, spec.language)
    if es:
        least = f" con al menos {number(minimum, 'es')} películas" if minimum else " con películas"
        return f"Hay {number(rows[0][0], 'es')} {counted}{least}{scope} en la base de datos."
    least = f" with at least {number(minimum, 'en')} movies" if minimum else " with movies"
    return f"There are {number(rows[0][0], 'en')} {counted}{least}{scope} in the database."


def aggregate_answer(spec: QuerySpec, columns: list[str], rows: list[list]) -> str:
    assert spec.measure is not None
    value, movies = rows[0][0], rows[0][1]
    info = MEASURES[spec.measure]
    shown = formatted(value, info.unit, spec.language)
    scope = describe_filters(spec.filters, spec.language)
    name = measure_name(spec.measure, spec.language)
    which = aggregate_name(spec.aggregate, spec.measure, spec.language)
    if spec.aggregate == "percentile":
        rank = round(100 * (spec.percentile or 0))
        if spec.language == "es":
            counted = f"{number(movies, 'es')} películas con dato"
            return f"El percentil {rank} de {name} de las películas{scope}: {shown} ({counted})."
        which = f"{rank}th {which}"
        label = f"{which} {name}"
    else:
        label = aggregate_label(spec.aggregate, spec.measure, spec.language)
    if spec.language == "es":
        counted = f"{number(movies, 'es')} películas con dato"
        return f"{label[0].upper()}{label[1:]} de las películas{scope}: {shown} (exacto: {value}; {counted})."
    counted = f"over {number(movies, 'en')} movies with data"
    return f"The {label} of movies{scope} is {shown} (exact: {value}; {counted})."


# People grouped as women ("the actress with the most movies", "¿cuántas directoras…?"): one, then many
WOMEN_GROUP_NAMES = {
    "actor": {"en": ("actress", "actresses"), "es": ("actriz", "actrices")},
    "director": {"en": ("director", "women directors"), "es": ("directora", "directoras")},
}
GROUP_NAMES = {
    language: {key: getattr(info, language) for key, info in DIMENSIONS.items()} for language in ("en", "es")
}


def best_per_group_answer(spec: QuerySpec, columns: list[str], rows: list[list]) -> str:
    """ "The movie with the highest budget of each decade: 1970: Superman (1978, 55 M$); ..."."""
    assert spec.group_by is not None and spec.measure is not None
    es = spec.language == "es"
    unit = MEASURES[spec.measure].unit
    items = []
    for row in rows[:LISTED]:
        label = genre_name(row[0], spec.language) if spec.group_by == "genre" else row[0]
        items.append(f"{label}: {shown_title(row, columns)} ({row[2]}, {formatted(row[3], unit, spec.language)})")
    group = GROUP_NAMES[spec.language][spec.group_by]
    name = measure_name(spec.measure, spec.language)
    scope = describe_filters(spec.filters, spec.language)
    more = (
        "" if len(rows) <= LISTED else (f"; y {len(rows) - LISTED} más" if es else f"; and {len(rows) - LISTED} more")
    )
    if es:
        return (
            f"La película de {degree(spec.measure, spec.descending, 'es')} {name} de cada {group}{scope}: "
            + "; ".join(items)
            + more
            + "."
        )
    return (
        f"The movie with the {degree(spec.measure, spec.descending, 'en')} {name} of each {group}{scope}: "
        + "; ".join(items)
        + more
        + "."
    )


def share_answer(spec: QuerySpec, columns: list[str], rows: list[list]) -> str:
    """ "36.47% of the movies from 2012 (124 of 340) are in Drama"."""
    assert spec.subset is not None
    percentage, matching, movies = rows[0]
    scope = describe_filters(spec.filters, spec.language)
    part = describe_filters(spec.subset, spec.language).strip()
    if not movies:
        return "Ninguna película cumple esa condición." if spec.language == "es" else "No movie matches that question."
    shown = number(float(percentage), spec.language, 2)
    if spec.language == "es":
        return (
            f"El {shown} % de las películas{scope} ({number(matching, 'es')} de {number(movies, 'es')}) cumple: {part}."
        )
    return f"{shown}% of the movies{scope} ({number(matching, 'en')} of {number(movies, 'en')}) are: {part}."


def group_answer(spec: QuerySpec, columns: list[str], rows: list[list]) -> str:
    assert spec.group_by is not None
    es = spec.language == "es"
    value_at = 2 if spec.group_by == "country" else 1
    unit = "count" if spec.measure is None or spec.aggregate == "count" else MEASURES[spec.measure].unit
    items = []
    for row in rows[:LISTED]:
        label = genre_name(row[0], spec.language) if spec.group_by == "genre" else row[0]
        items.append(f"{label} ({formatted(row[value_at], unit, spec.language)})")
    if spec.measure is None or spec.aggregate == "count":
        by = "número de películas" if es else "number of movies"
    else:
        by = aggregate_label(spec.aggregate, spec.measure, spec.language)
    group = GROUP_NAMES[spec.language][spec.group_by]
    if spec.women_only and spec.group_by in ("actor", "director"):
        group = WOMEN_GROUP_NAMES[spec.group_by][spec.language][0]
    scope = describe_filters(spec.filters, spec.language)
    if spec.offset:  # "the second most common language"
        return f"{in_place(spec)} {by}{scope}: {items[0]}."
    if len(rows) == 1:
        counted = spec.measure is None or spec.aggregate == "count"
        if es:
            ranked = (
                f"{'más' if spec.descending else 'menos'} películas"
                if counted
                else f"{degree(spec.measure, spec.descending, 'es')} {by}"
            )
            article = "La" if spec.women_only or DIMENSIONS[spec.group_by].es_feminine else "El"
            return f"{article} {group} con {ranked}{scope} es {items[0]}."
        ranked = (
            f"{'most' if spec.descending else 'fewest'} movies"
            if counted
            else (f"{'highest' if spec.descending else 'lowest'} {by}")
        )
        return f"The {group} with the {ranked}{scope} is {items[0]}."
    more = (
        "" if len(rows) <= LISTED else (f"; y {len(rows) - LISTED} más" if es else f"; and {len(rows) - LISTED} more")
    )
    if es:
        return f"Por {group}, según {by}{scope}: " + "; ".join(items) + more + "."
    return f"By {group}, by {by}{scope}: " + "; ".join(items) + more + "."


def lookup_answer(spec: QuerySpec, columns: list[str], rows: list[list]) -> str:
    answer = looked_up(spec, columns, rows)
    if spec.movies or spec.measure is None:
        return answer
    # the movie was the first of a ranking: say which ranking, so the reader sees what was understood
    scope = describe_filters(spec.filters, spec.language)
    best = degree(spec.measure, spec.descending, spec.language)
    name = measure_name(spec.measure, spec.language)
    if spec.language == "es":
        return f"La película{scope} con {best} {name}: {answer}"
    return f"The movie{scope} with the {best} {name}: {answer}"


def looked_up(spec: QuerySpec, columns: list[str], rows: list[list]) -> str:
    es = spec.language == "es"
    movie = title_year(rows[0], columns)
    field = spec.lookup
    if field in ("director", "cast", "genres", "companies"):
        names = [str(row[-1]) for row in rows]
        if field == "genres":
            names = [genre_name(name, spec.language) for name in names]
        listed = ", ".join(names[:LISTED])
        if field == "director":
            return f"{movie} fue dirigida por {listed}." if es else f"{movie} was directed by {listed}."
        if field == "cast":
            return f"Reparto principal de {movie}: {listed}." if es else f"The main cast of {movie}: {listed}."
        if field == "genres":
            return f"Géneros de {movie}: {listed}." if es else f"Genres of {movie}: {listed}."
        return f"Productoras de {movie}: {listed}." if es else f"Companies behind {movie}: {listed}."
    if field == "overview":
        return f"{rows[0][0]}: {rows[0][1]}"
    if field == "language":
        code = rows[0][-1]
        place = LANGUAGES.get(code)
        label = (place.es if es else place.en) if place else code
        return f"El idioma original de {movie} es {label} ({code})." if es else f"{movie} is in {label} ({code})."
    if field == "release_date" or field is None:
        if field is None:
            values = dict(zip(columns, rows[0], strict=True))
            parts = [
                f"{'estreno' if es else 'released'} {values['release_date']}",
                formatted(values["runtime"], "minutes", spec.language),
                f"{'presupuesto' if es else 'budget'} {formatted(values['budget'], 'usd', spec.language)}",
                f"{'recaudación' if es else 'revenue'} {formatted(values['revenue'], 'usd', spec.language)}",
                f"{'valoración' if es else 'rating'} {formatted(values['rating'], 'rating', spec.language)}",
            ]
            return f"{movie}: " + ", ".join(parts) + "."
        day = rows[0][-1]
        return f"{movie} se estrenó el {day}." if es else f"{movie} was released on {day}."
    info = MEASURES[field]  # type: ignore[index]
    at = columns.index(info.column if field != "rating" else "rating")
    value = formatted(rows[0][at], info.unit, spec.language)
    name = measure_name(field, spec.language)  # type: ignore[arg-type]
    if rows[0][at] is None:
        return f"No se conoce {'el' if es else ''} {name} de {movie}." if es else f"The {name} of {movie} is not known."
    return f"{name[0].upper()}{name[1:]} de {movie}: {value}." if es else f"The {name} of {movie} is {value}."


def compare_answer(spec: QuerySpec, columns: list[str], rows: list[list]) -> str:
    assert spec.measure is not None
    info = MEASURES[spec.measure]
    at = columns.index(info.column if spec.measure != "rating" else "rating")
    name = measure_name(spec.measure, spec.language)
    known = [row for row in rows if row[at] is not None]
    if len(known) < 2:
        missing = ", ".join(title_year(row, columns) for row in rows if row[at] is None)
        if spec.language == "es":
            return f"No se puede comparar: falta el dato de {name} de {missing}."
        return f"Cannot compare: the {name} of {missing} is not known."
    first, *others = known
    rest = "; ".join(f"{title_year(row, columns)}: {formatted(row[at], info.unit, spec.language)}" for row in others)
    lead = f"{title_year(first, columns)}: {formatted(first[at], info.unit, spec.language)}"
    gap = formatted(first[columns.index("difference")], info.unit, spec.language)
    if spec.language == "es":
        ahead = f"{gap} {'más' if spec.descending else 'menos'}"
        return f"{'Mayor' if spec.descending else 'Menor'} {name}: {lead} ({ahead}); frente a {rest}."
    ahead = f"{gap} {'more' if spec.descending else 'less'}"
    return f"{'Higher' if spec.descending else 'Lower'} {name}: {lead} ({ahead}); against {rest}."


def distribution_answer(spec: QuerySpec, columns: list[str], rows: list[list]) -> str:
    assert spec.measure is not None
    info = MEASURES[spec.measure]
    values = sorted(float(row[2]) for row in rows)
    median = values[len(values) // 2]
    low, high = (formatted(v, info.unit, spec.language) for v in (values[0], values[-1]))
    mid = formatted(median, info.unit, spec.language)
    name = measure_name(spec.measure, spec.language)
    scope = describe_filters(spec.filters, spec.language)
    if len(values) >= spec.limit:  # more movies match: the rows are a sample of them (sql.distribution_query)
        counted = number(len(values), spec.language)
        if spec.language == "es":
            return (
                f"{name.capitalize()} de una muestra de {counted} de las películas{scope} (hay más): mediana {mid}, "
                f"de {low} a {high} en la muestra."
            )
        return (
            f"{name.capitalize()} of a sample of {counted} of the movies{scope} (more match): median {mid}, "
            f"from {low} to {high} in the sample."
        )
    if spec.language == "es":
        return f"{name.capitalize()} de {number(len(values), 'es')} películas{scope}: mediana {mid}, de {low} a {high}."
    return f"{name.capitalize()} of {number(len(values), 'en')} movies{scope}: median {mid}, from {low} to {high}."


def scatter_answer(spec: QuerySpec, columns: list[str], rows: list[list]) -> str:
    assert spec.measure is not None and spec.second_measure is not None
    xs = [float(row[2]) for row in rows]
    ys = [float(row[3]) for row in rows]
    r = correlation(xs, ys)
    first, second = (measure_name(m, spec.language) for m in (spec.measure, spec.second_measure))
    scope = describe_filters(spec.filters, spec.language)
    shown = "?" if r is None else number(r, spec.language, 2)
    count = number(len(rows), spec.language)
    if spec.language == "es":
        return f"{first.capitalize()} frente a {second} en {count} películas{scope}: correlación {shown}."
    return f"{first.capitalize()} against {second} over {count} movies{scope}: correlation {shown}."


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None when either measure does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    return None if sxx == 0 or syy == 0 else sxy / (sxx * syy) ** 0.5
