"""Questions in Spanish or English: answered in text with the SQL and rows behind it, or as a chart."""

import base64
import time
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query
from fastapi.responses import Response

from api_service.deps import AskEngineDep, AskPoolDep, NameIndexDep, SettingsDep
from api_service.errors import AskRefused
from api_service.examples import (
    ASK_QUESTIONS,
    ASK_TEXT_ANSWER,
    ASK_VISUAL_ANSWER,
    UNANSWERABLE,
    VISUAL_QUESTIONS,
    json_example,
)
from api_service.schemas import AskRequest, AskTextResponse, AskVisualJson
from cinelake.adapters.ask_db import QueryTooSlow, ReadOnlyQueries
from cinelake.ask.parse import UnanswerableQuestion
from cinelake.ask.text import detect_language
from cinelake.ask.visual import NotChartable
from cinelake.errors import PermanentError
from cinelake.services.ask import Answered, elapsed_ms

router = APIRouter(tags=["ask"])

REFUSED = {
    "slow": {
        "en": "That question took too long to answer. Narrow it down, e.g. with a year or a genre.",
        "es": "Esa pregunta tardó demasiado en responderse. Acótela, por ejemplo con un año o un género.",
    },
    "unsafe": {
        "en": "That question led to a query CineLake will not run. Ask about movies, e.g. "
        "'Top 5 genres by popularity'.",
        "es": "Esa pregunta llevó a una consulta que CineLake no ejecuta. Pregunte sobre películas, p. ej. "
        "'Top 5 géneros por popularidad'.",
    },
    "chart": {
        "en": "That answer has no numbers to chart. Ask for a ranking, a count by group or a measure over years, "
        "e.g. 'Number of movies per year since 2000'.",
        "es": "Esa respuesta no tiene números que dibujar. Pida un ranking, un recuento por grupo o una medida por "
        "año, p. ej. 'Número de películas por año desde 2000'.",
    },
}


def refusal(question: str, error: Exception) -> AskRefused:
    """The one place an engine error becomes a 422 in the question's language: a refused or failed query (the
    guard's UnsafeQuery, the role's QueryRefused, a database error) says the same, without the database's words."""
    if isinstance(error, UnanswerableQuestion):
        return AskRefused(error.language, error.reason, error.not_understood)
    language = detect_language(question)
    reason = "slow" if isinstance(error, QueryTooSlow) else "chart" if isinstance(error, NotChartable) else "unsafe"
    return AskRefused(language, REFUSED[reason][language])


@router.post(
    "/ask-text",
    summary="Answer a question in text, with the SQL and rows behind it",
    responses={200: json_example(ASK_TEXT_ANSWER), **UNANSWERABLE},
)
def ask_text(
    body: Annotated[AskRequest, Body(openapi_examples=ASK_QUESTIONS)],
    pool: AskPoolDep,
    names: NameIndexDep,
    engine: AskEngineDep,
    settings: SettingsDep,
) -> AskTextResponse:
    started = time.perf_counter()
    index = names.get()
    try:
        with pool.connection() as conn:
            answered = engine.answer(body.question, index, ReadOnlyQueries(conn, timeout_ms=settings.ask_timeout_ms))
    except (UnanswerableQuestion, PermanentError) as error:
        raise refusal(body.question, error) from error
    return AskTextResponse(
        **what_was_run(answered),
        answer=answered.answer,
        row_count=len(answered.rows),
        capped=answered.capped,
        engine=answered.engine,
        elapsed_ms=elapsed_ms(started),
    )


@router.post(
    "/ask-visual",
    summary="Answer a question with a chart (PNG, or JSON with the PNG in base64)",
    responses={
        200: {
            "description": "the chart: image/png by default, JSON with ?format=json",
            "content": {"image/png": {"example": "(PNG bytes)"}, **json_example(ASK_VISUAL_ANSWER)["content"]},
        },
        **UNANSWERABLE,
    },
    response_model=AskVisualJson,
)
def ask_visual(
    body: Annotated[AskRequest, Body(openapi_examples=VISUAL_QUESTIONS)],
    pool: AskPoolDep,
    names: NameIndexDep,
    engine: AskEngineDep,
    settings: SettingsDep,
    format: Annotated[
        Literal["png", "json"], Query(description="png (default) or json", examples=["png", "json"])
    ] = "png",
):
    index = names.get()
    try:
        with pool.connection() as conn:
            chart = engine.chart(body.question, index, ReadOnlyQueries(conn, timeout_ms=settings.ask_timeout_ms))
    except (UnanswerableQuestion, PermanentError, NotChartable) as error:
        raise refusal(body.question, error) from error
    if format == "png":
        return Response(content=chart.png, media_type="image/png")
    answered = chart.answered
    return AskVisualJson(
        **what_was_run(answered),
        chart_type=chart.chart_type,
        title=chart.title,
        image_png_base64=base64.b64encode(chart.png).decode(),
    )


def what_was_run(answered: Answered) -> dict:
    """The fields both answers carry: the question, its language, the SQL and its result (each model orders them)."""
    return {
        "question": answered.question,
        "language": answered.language,
        "sql": answered.sql,
        "columns": answered.columns,
        "rows": answered.rows,
    }
