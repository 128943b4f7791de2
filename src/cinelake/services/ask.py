"""Answer a question: parse it, build the SQL, guard it, run it read-only, and say the result in its language.

With a generative text-to-SQL model configured, its SQL is tried first (through the same guard); the offline
engine answers whenever the model is absent, fails or writes SQL the guard refuses.
"""

import logging
import time
from dataclasses import dataclass

from cinelake.adapters.ask_db import QueryResult, ReadOnlyQueries
from cinelake.ask.answer import write_answer
from cinelake.ask.charts import render_png
from cinelake.ask.generative import Example, GenerativeSql, sql_with_fallback
from cinelake.ask.guard import guard_sql
from cinelake.ask.names import NameIndex
from cinelake.ask.parse import QuestionParser, UnanswerableQuestion
from cinelake.ask.preaggregates import build_sql_fitting
from cinelake.ask.semantic import SemanticMatcher
from cinelake.ask.spec import MAX_LIST_ROWS, QuerySpec
from cinelake.ask.sql import build_sql, stops_early
from cinelake.ask.text import Language
from cinelake.ask.visual import chart_for

log = logging.getLogger(__name__)

MAX_ROWS = MAX_LIST_ROWS  # rows an answer carries; more are cut and the answer says so
CHART_MAX_ROWS = 20_000  # a histogram or scatter reads more rows than a text answer shows
OFFLINE_ENGINE = "offline"

# Questions whose offline SQL is shown to a generative model as worked examples (the nearest few by meaning).
EXAMPLE_QUESTIONS = (
    "What are the 5 movies with the highest budget from 2012?",
    "¿Cuántas películas de comedia se estrenaron en 2015?",
    "List the movies directed by Christopher Nolan",
    "What is the average runtime of animation movies?",
    "Top 5 genres by number of movies",
    "Who directed Inception?",
    "¿Cuál fue el presupuesto de Avatar?",
    "Ingresos totales de las películas de Marvel Studios",
    "Which movies starring Tom Hanks made more than 200 million dollars?",
    "Número de películas por año desde 2020",
)


@dataclass(frozen=True)
class Answered:
    question: str
    language: Language
    answer: str
    sql: str
    columns: list[str]
    rows: list[list]
    capped: bool
    engine: str
    spec: QuerySpec


@dataclass(frozen=True)
class Chart:
    answered: Answered
    chart_type: str
    title: str
    png: bytes


class AskEngine:
    def __init__(self, semantic: SemanticMatcher | None, generative: GenerativeSql | None = None) -> None:
        self.semantic = semantic
        self.generative = generative

    def parse(self, question: str, names: NameIndex) -> QuerySpec:
        return QuestionParser(names, self.semantic).parse(question)

    def answer(self, question: str, names: NameIndex, queries: ReadOnlyQueries) -> Answered:
        """Raises UnanswerableQuestion (say why, 422), UnsafeQuery, QueryTooSlow or QueryRefused."""
        names = names.reading_on(queries.conn, question)  # titles and people: looked up on the question's connection
        spec = self.parse(question, names)
        offline_sql = build_sql_fitting(spec, queries.preaggregates_fresh)
        engine = OFFLINE_ENGINE
        sql = offline_sql
        if self.generative is not None:
            examples = self.examples(names, question)
            sql, engine = sql_with_fallback(
                question, examples, self.generative, lambda text: guard_sql(text, MAX_ROWS + 1), lambda: offline_sql
            )
        offline = engine == OFFLINE_ENGINE
        result = queries.run(
            guard_sql(sql, row_limit(spec) if offline else MAX_ROWS + 1), serial=offline and stops_early(spec)
        )
        rows, capped = result.rows[:MAX_ROWS], len(result.rows) > MAX_ROWS
        if offline:
            text = write_answer(spec, result.columns, summarized_rows(spec, result.rows, rows), capped)
        else:
            text = generic_answer(spec.language, result, capped)
        return Answered(question, spec.language, text, sql, result.columns, rows, capped, engine, spec)

    def chart(self, question: str, names: NameIndex, queries: ReadOnlyQueries) -> Chart:
        """Charts always come from the offline engine: a template needs to know the shape of the result."""
        names = names.reading_on(queries.conn, question)
        spec = self.parse(question, names)
        sql = build_sql_fitting(spec, queries.preaggregates_fresh)
        result = queries.run(guard_sql(sql, CHART_MAX_ROWS), serial=stops_early(spec))
        title = chart_title(question)
        chart = chart_for(spec, result.columns, result.rows, title)
        rows, capped = result.rows[:MAX_ROWS], len(result.rows) > MAX_ROWS
        text = write_answer(spec, result.columns, summarized_rows(spec, result.rows, rows), capped)
        answered = Answered(question, spec.language, text, sql, result.columns, rows, capped, OFFLINE_ENGINE, spec)
        return Chart(answered, chart.chart_type, title, render_png(chart))

    def examples(self, names: NameIndex, question: str, k: int = 3) -> list[Example]:
        """The example questions nearest the asked one (by meaning when the sentence model is there)."""
        chosen = list(EXAMPLE_QUESTIONS)
        if self.semantic is not None:
            embedder = self.semantic.embedder
            asked = embedder.encode_one(question)
            chosen.sort(key=lambda example: -float(embedder.encode_one(example) @ asked))
        examples = []
        for example in chosen:
            try:  # an example naming someone this catalogue lacks is no example here
                examples.append(Example(example, build_sql(self.parse(example, names))))
            except UnanswerableQuestion:
                continue
            if len(examples) == k:
                break
        return examples


SUMMARIZED_KINDS = ("distribution", "scatter")  # answered with statistics over every row, not a list of the first


def row_limit(spec: QuerySpec) -> int:
    return CHART_MAX_ROWS if spec.kind in SUMMARIZED_KINDS else MAX_ROWS + 1


def summarized_rows(spec: QuerySpec, every_row: list[list], shown: list[list]) -> list[list]:
    return every_row if spec.kind in SUMMARIZED_KINDS else shown


def chart_title(question: str) -> str:
    """The question itself, tidied, titles the chart: it is already in the asker's language."""
    title = " ".join(question.split()).strip()
    title = title[0].upper() + title[1:] if title else title
    return title if len(title) <= 90 else title[:89] + "…"


def generic_answer(language: Language, result: QueryResult, capped: bool) -> str:
    """What a generative model's result says, without knowing its shape: the count and the first rows."""
    first = "; ".join(", ".join(str(cell) for cell in row) for row in result.rows[:5])
    count = len(result.rows[:MAX_ROWS])
    more = " …" if capped else ""
    if language == "es":
        return f"{count} filas: {first}{more}" if count else "Ninguna fila cumple esa condición."
    return f"{count} rows: {first}{more}" if count else "No rows match that question."


def elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1e3, 1)
