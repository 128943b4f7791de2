"""The question engine's semantic layer: each dimension defined once, with its join path, its label and its names.

Measures are defined once in `vocabulary.MEASURES` (column, unit, names). A dimension here says how a movie reaches
its values: a column of `movie_facts` (year, language) or an expression over one (decade), or a link table and a
table of names (genre, company, person...). The SQL builder joins and labels from this table, the answer writer names
the groups from it, and the vocabulary maps words to its keys: a new dimension is one entry here and its words.
"""

from dataclasses import dataclass

from cinelake.ask.vocabulary import Dimension


@dataclass(frozen=True)
class Link:
    """Movie -> link table -> named table: `movie_genres mg` then `genres g` on `genre_id`."""

    table: str
    alias: str
    named: str
    named_alias: str
    key: str
    job: str | None = None  # movie_crew: the crew job that makes the link (Director)
    shown: tuple[tuple[str, str], ...] = (("name", ""),)  # (column of the named table, its label; "" = the key's)


@dataclass(frozen=True)
class DimensionInfo:
    en: str
    es: str
    en_plural: str
    es_plural: str
    expression: str | None = None  # over movie_facts f, when no link is needed
    link: Link | None = None
    people: bool = False  # grouped people: the named table is `people p`, with gender
    es_feminine: bool = False  # "la década", "la productora": the article a Spanish answer gives it


CODE_SHOWN = (("name", ""), ("iso_3166_1", "code"))  # a country is shown by its name and its code

DIMENSIONS: dict[Dimension, DimensionInfo] = {
    "year": DimensionInfo("year", "año", "years", "años", expression="f.release_year"),
    "decade": DimensionInfo(
        "decade",
        "década",
        "decades",
        "décadas",
        expression="f.release_year - (f.release_year % 10)",
        es_feminine=True,
    ),
    "language": DimensionInfo("language", "idioma", "languages", "idiomas", expression="f.original_language"),
    "genre": DimensionInfo(
        "genre", "género", "genres", "géneros", link=Link("movie_genres", "mg", "genres", "g", "genre_id")
    ),
    "country": DimensionInfo(
        "country",
        "país",
        "countries",
        "países",
        link=Link("movie_countries", "mc", "countries", "c", "iso_3166_1", shown=CODE_SHOWN),
    ),
    "company": DimensionInfo(
        "company",
        "productora",
        "companies",
        "productoras",
        link=Link("movie_companies", "mco", "companies", "co", "company_id"),
        es_feminine=True,
    ),
    "keyword": DimensionInfo(
        "keyword",
        "palabra clave",
        "keywords",
        "palabras clave",
        link=Link("movie_keywords", "mk", "keywords", "k", "keyword_id"),
        es_feminine=True,
    ),
    "director": DimensionInfo(
        "director",
        "director",
        "directors",
        "directores",
        link=Link("movie_crew", "cr", "people", "p", "person_id", job="Director"),
        people=True,
    ),
    "actor": DimensionInfo(
        "actor", "actor", "actors", "actores", link=Link("movie_cast", "ca", "people", "p", "person_id"), people=True
    ),
}
