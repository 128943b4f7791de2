"""What /docs shows: an example of every request and answer, taken from the demo on the real catalogue.

Errors are documented once here, with their JSON body, and attached to the routes that can answer them.
"""

from pydantic import BaseModel, Field

MODEL_VERSION = "20261205T212915Z-0c805cfa"

# ---------------------------------------------------------------------------------------------------------------
# Requests

MOVIE = {
    "title": "Edge of Tomorrow",
    "budget": 178_000_000,
    "runtime": 113,
    "release_date": "2014-05-27",
    "genres": ["Action", "Science Fiction"],
    "original_language": "en",
    "production_companies": ["Warner Bros. Pictures", "Village Roadshow Pictures"],
    "production_countries": ["US", "AU"],
    "cast": ["Tom Cruise", "Emily Blunt", "Bill Paxton"],
    "directors": ["Doug Liman"],
    "keywords": ["time loop", "alien invasion"],
}
SMALL_MOVIE = {"budget": 3_000_000, "genres": ["Horror"], "release_date": "2026-10-30"}  # the rest unknown
ASK_QUESTIONS = {
    "es_top_budget": {
        "summary": "Top por presupuesto (es)", "value": {"question": "¿Películas de mayor presupuesto de 2023?"}
    },
    "en_genres": {"summary": "Genres by popularity (en)", "value": {"question": "Top 5 genres by popularity"}},
    "en_lookup": {"summary": "A lookup (en)", "value": {"question": "Who directed Inception?"}},
    "es_count": {"summary": "Un recuento (es)", "value": {"question": "¿Cuántas películas de terror hay desde 2010?"}},
    "en_compare": {"summary": "A comparison (en)", "value": {"question": "Which made more money, Titanic or Avatar?"}},
}  # fmt: skip
VISUAL_QUESTIONS = {
    "es_line": {"summary": "Una serie por año (es)", "value": {"question": "Número de películas por año desde 2000"}},
    "en_bar": {"summary": "Bars by genre (en)", "value": {"question": "Average revenue by genre"}},
    "en_scatter": {"summary": "Two measures (en)", "value": {"question": "Budget vs revenue of 2019 movies"}},
    "es_histogram": {
        "summary": "Una distribución (es)",
        "value": {"question": "Distribución de la duración de las películas de terror"},
    },
}  # fmt: skip

# ---------------------------------------------------------------------------------------------------------------
# Answers

PREDICTION = {"success_probability": 0.4479, "success": True, "threshold": 0.371582, "model_version": MODEL_VERSION}
CATALOG_PREDICTION = PREDICTION | {"success_probability": 0.4115, "tmdb_id": 550}
BATCH_PREDICTION = {"predictions": [PREDICTION, PREDICTION | {"success_probability": 0.2031, "success": False}]}
HEALTH = {"status": "ok"}
READY = {"status": "ready", "missing": [], "model_version": MODEL_VERSION}
NOT_READY = {"status": "not ready", "missing": ["database"], "model_version": MODEL_VERSION}
HOLDOUT = {"roc_auc": 0.77893, "pr_auc": 0.65493, "brier": 0.18157, "log_loss": 0.541761, "base_rate": 0.358595}
AT_THRESHOLD = {"threshold": 0.371582, "precision": 0.543396, "recall": 0.742268, "balanced_accuracy": 0.696782}
MODEL_CARD = {  # abridged: the full card also lists the features, the ONNX check and the library versions
    "version": MODEL_VERSION,
    "trained_at": "2026-12-05T21:29:15Z",
    "model": {"type": "sklearn VotingClassifier(soft: the mean of the trees' and the logistic regression's ...)"},
    "data_snapshot": {"movies": 13267, "labelled_movies": 5701, "train_films": 5160, "holdout_films": 541},
    "label_rule": {
        "name": "roi_at_least_2.5",
        "roi_min": 2.5,
        "requires": ["budget", "revenue"],
        "fetched_days_after_release": 180,
    },
    "split": {"method": "time", "holdout_from": "2022-01-01"},
    "threshold": 0.371582,
    "metrics": {"holdout": HOLDOUT, "holdout_at_threshold": AT_THRESHOLD},
}
STATS = {
    "tables": {"movies": 13267, "people": 37153, "companies": 12792, "keywords": 12926, "links": 221243},
    "newest_loaded_at": "2026-12-02T01:22:19.546514Z",
    "watermark": {"last_day": "2026-12-01", "updated_at": "2026-12-02T01:22:07.632206+00:00"},
    "dlq_depths": {"cinelake-ids-dlq": 0, "cinelake-load-dlq": 0, "cinelake-bulk-dlq": 0},
    "model": {
        "version": MODEL_VERSION,
        "threshold": 0.371582,
        "holdout": HOLDOUT,
        "holdout_at_threshold": AT_THRESHOLD,
    },
}
ASK_TEXT_ANSWER = {
    "question": "¿Películas de mayor presupuesto de 2023?",
    "language": "es",
    "answer": "Las 10 películas de 2023 con mayor presupuesto: encabeza Fast X (2023, 340 M$), seguida de "
    "The Little Mermaid (2023, 297 M$) y Indiana Jones and the Dial of Destiny (2023, 295 M$).",
    "sql": "SELECT f.title, f.release_year, f.budget AS budget FROM movie_facts AS f WHERE (f.release_year >= 2023 "
    "AND f.release_year <= 2023) AND NOT f.budget IS NULL ORDER BY f.budget DESC NULLS LAST, "
    "f.vote_count DESC NULLS LAST, f.tmdb_id LIMIT 10",
    "columns": ["title", "release_year", "budget"],
    "rows": [["Fast X", 2023, 340000000], ["The Little Mermaid", 2023, 297000000]],
    "row_count": 2,
    "capped": False,
    "engine": "offline",
    "elapsed_ms": 8.4,
}
ASK_VISUAL_ANSWER = {
    "question": "Average revenue by genre",
    "language": "en",
    "sql": "SELECT g.name AS genre, ROUND(CAST(AVG(f.revenue) AS DECIMAL), 4) AS average_revenue, COUNT(*) AS movies "
    "FROM movie_facts AS f JOIN movie_genres AS mg ON mg.tmdb_id = f.tmdb_id JOIN genres AS g ON g.genre_id = "
    "mg.genre_id WHERE NOT f.revenue IS NULL GROUP BY g.name ORDER BY ROUND(CAST(AVG(f.revenue) AS DECIMAL), 4) "
    "DESC NULLS LAST, g.name LIMIT 10",
    "chart_type": "bar",
    "title": "Average revenue by genre",
    "columns": ["genre", "average_revenue", "movies"],
    "rows": [["Adventure", 213475538.1853, 1446], ["Family", 176020368.3366, 814]],
    "image_png_base64": "iVBORw0KGgoAAAANSUhEUgAAA4QAAAIwCAYAAAD...",
}


def json_example(example: dict, description: str | None = None) -> dict:
    """An OpenAPI response entry whose JSON body is `example`."""
    entry: dict = {"content": {"application/json": {"example": example}}}
    return entry | ({"description": description} if description else {})


# ---------------------------------------------------------------------------------------------------------------
# Errors: every one answers this body (errors.py), never a stack trace.


class ApiError(BaseModel):
    error: str = Field(description="a stable code, e.g. validation_error, unauthorized, not_found, rate_limited")
    message: str = Field(description="what went wrong, for a person")
    details: list = Field(default=[], description="for a validation error, each wrong field and why")


def error(status: str, code: str, message: str, **extra) -> dict:
    body = {"error": code, "message": message, "details": []} | extra
    return {"model": ApiError, "description": status} | json_example(body)


UNAUTHORIZED = {401: error("no X-API-Key, or not a valid one", "unauthorized", "a valid X-API-Key header is required")}
RATE_LIMITED = {
    429: error(
        "over the caller's requests per minute; the Retry-After header says when to retry",
        "rate_limited",
        "more than 600 requests a minute; retry after the Retry-After seconds",
    )
}
DATABASE_DOWN = {
    503: error(
        "the database (or, for scoring, the model) is not available; Retry-After says when to retry",
        "database_unavailable",
        "the database is not answering; try again shortly",
    )
}
GUARDED = UNAUTHORIZED | RATE_LIMITED | DATABASE_DOWN  # every route that needs a key


def invalid_field(status: str, field: str, message: str) -> dict:
    """A 422 for one wrong field, as errors.validation_error writes it: the message is `field: message`."""
    details = [{"field": field, "message": message}]
    return {422: error(status, "validation_error", f"{field}: {message}", details=details)}


INVALID_MOVIE = invalid_field(
    "a field is wrong: `details` says which and why",
    "genres[1]",
    "Value error, unknown genre 'Western Noir'; TMDB's genres are Action, Adventure, ...",
)
INVALID_ID = invalid_field(
    "the id is not a positive whole number",
    "path.tmdb_id",
    "Input should be a valid integer, unable to parse string as an integer",
)
UNKNOWN_MOVIE = {
    404: error(
        "the database holds no movie with this TMDB id",
        "not_found",
        "no movie with TMDB id 999999999 is in the database; POST its features to /predict",
    )
}
REFUSED_QUESTION = (
    "CineLake solo responde preguntas; nunca modifica datos. Pregunte, por ejemplo: '¿Cuáles fueron ...?'"
)
UNANSWERABLE = {
    422: error(
        "the question cannot be answered from this database; `detail` says why, in the question's language",
        "unanswerable",
        REFUSED_QUESTION,
        detail=REFUSED_QUESTION,
        language="es",
    )
}
