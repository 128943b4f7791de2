"""The generative text-to-SQL engine with a real (tiny, locally trained) causal LM: loading, prompting, the guard
and every way back to the offline engine. Nothing is downloaded: the model is built in a tmp dir by
tests/tiny_text_to_sql.py, and the Hub is never reached."""

import logging
import shutil
import threading
import time
from pathlib import Path

import pytest

from cinelake.ask import generative
from cinelake.ask.generative import Example, GenerativeSql, first_statement, plain_prompt, sql_with_fallback
from cinelake.ask.guard import guard_sql
from tests.tiny_text_to_sql import (
    EXAMPLES,
    GARBAGE_QUESTION,
    SCHEMA,
    UNSAFE_QUESTION,
    VALID_QUESTION,
    VALID_SQL,
    build_tiny_text_to_sql,
    with_chat_template,
)

# The tests that use the tiny model are marked slow as well: building it takes 2-5 s, most of it importing torch
# and transformers; the rest (no model, an absent one, cutting the SQL out of a reply) run in about a second.
pytestmark = pytest.mark.integration

OFFLINE_SQL = "SELECT title FROM movie_facts ORDER BY popularity DESC LIMIT 10"
FAST_SECONDS = 5  # a network attempt retries for ~45 s; a miss found in the cache takes milliseconds


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_text_to_sql(tmp_path_factory.mktemp("tiny-text-to-sql")).path


@pytest.fixture(scope="module")
def tiny_model(tiny_model_dir: Path) -> GenerativeSql:
    """One engine for the module, loaded once, as the service would hold it."""
    return GenerativeSql(str(tiny_model_dir), SCHEMA, max_new_tokens=32)


@pytest.fixture
def engine_log(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch):
    """The engine's log records, each once, whatever a parent logger does (its logger is a Powertools child)."""
    engine_logger = logging.getLogger(generative.logger.name)
    caplog.set_level(logging.INFO, logger=engine_logger.name)
    monkeypatch.setattr(engine_logger, "propagate", False)
    engine_logger.addHandler(caplog.handler)
    yield caplog
    engine_logger.removeHandler(caplog.handler)


class Offline:
    """The offline engine's stand-in: a callable that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return OFFLINE_SQL


def fallback_reasons(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.reason for record in caplog.records if record.getMessage().startswith("text-to-SQL falls back")]


def corrupt_copy(model_dir: Path, target: Path) -> Path:
    shutil.copytree(model_dir, target)
    (target / "model.safetensors").write_bytes(b"\x00" * 64)
    return target


# ---------------------------------------------------------------------------------------------------------------
# Loading and prompting


@pytest.mark.slow
def test_a_local_model_loads_and_its_prompt_holds_the_schema_the_examples_and_the_question(
    tiny_model: GenerativeSql,
) -> None:
    # GIVEN the tiny model's folder, whose tokenizer has no chat template
    # WHEN the engine loads it and builds a prompt
    assert tiny_model.load()
    prompt = tiny_model.prompt(VALID_QUESTION, EXAMPLES)
    # THEN the prompt is the plain one, with the schema, each example's question and SQL, and the question
    assert prompt == plain_prompt(SCHEMA, VALID_QUESTION, EXAMPLES)
    assert SCHEMA in prompt
    for example in EXAMPLES:
        assert f"Question: {example.question}\nSQL: {example.sql}" in prompt
    assert prompt.index(EXAMPLES[-1].sql) < prompt.index(VALID_QUESTION)
    assert prompt.endswith(f"{VALID_QUESTION}\n\n### SQL\n")


@pytest.mark.slow
def test_a_tokenizer_with_a_chat_template_gets_the_prompt_through_it(tiny_model_dir: Path, tmp_path: Path) -> None:
    # GIVEN the same model whose tokenizer now has a chat template
    chat_model = GenerativeSql(str(with_chat_template(tiny_model_dir, tmp_path / "chat")), SCHEMA, max_new_tokens=8)
    # WHEN the engine builds a prompt and generates from it
    prompt = chat_model.prompt(VALID_QUESTION, [Example("¿Cuántas películas hay?", "SELECT count(*) FROM movies")])
    written = chat_model.generate(VALID_QUESTION, [])
    # THEN the prompt is one user turn holding the schema, the example and the question, then the assistant's cue
    assert prompt.startswith("<|user|>\n")
    assert prompt.endswith("<|assistant|>\n")
    assert SCHEMA in prompt and "¿Cuántas películas hay?" in prompt and VALID_QUESTION in prompt
    assert isinstance(written, str), "the model ran on the templated prompt"


# ---------------------------------------------------------------------------------------------------------------
# The model's SQL, through the guard


@pytest.mark.slow
def test_the_models_valid_sql_passes_the_guard_and_is_answered_by_the_generative_engine(
    tiny_model: GenerativeSql, engine_log: pytest.LogCaptureFixture
) -> None:
    # GIVEN the question the tiny model answers with a safe SELECT, and an offline engine
    offline = Offline()
    # WHEN the engine answers it
    sql, engine = sql_with_fallback(VALID_QUESTION, EXAMPLES, tiny_model, guard_sql, offline)
    # THEN the model's SQL, as the guard returns it, answers, and the offline engine is not asked
    assert tiny_model.generate(VALID_QUESTION, EXAMPLES) == VALID_SQL
    assert sql == guard_sql(VALID_SQL)
    assert engine == f"generative:{tiny_model.model}"
    assert offline.calls == 0
    assert fallback_reasons(engine_log) == []


@pytest.mark.slow
def test_decoding_is_greedy_even_when_the_checkpoint_asks_for_sampling(tiny_model: GenerativeSql) -> None:
    # GIVEN a checkpoint whose generation_config samples, at a temperature that makes sampled answers noise
    assert tiny_model.load()
    # WHEN the same question is asked five times
    answers = {tiny_model.generate(VALID_QUESTION, EXAMPLES) for _ in range(5)}
    # THEN the answer is the same each time
    assert answers == {VALID_SQL}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "reason"),
    [(UNSAFE_QUESTION, "unsafe_sql"), (GARBAGE_QUESTION, "invalid_sql")],
    ids=["unsafe", "unparseable"],
)
def test_sql_the_guard_refuses_or_that_does_not_parse_falls_back_to_the_offline_engine(
    tiny_model: GenerativeSql, engine_log: pytest.LogCaptureFixture, question: str, reason: str
) -> None:
    # GIVEN a question the tiny model answers with `DROP TABLE movies`, or with SQL that does not parse
    offline = Offline()
    # WHEN the engine answers it
    sql, engine = sql_with_fallback(question, EXAMPLES, tiny_model, guard_sql, offline)
    # THEN the offline engine answers, and the log says why, with the model's SQL
    assert (sql, engine) == (OFFLINE_SQL, "offline")
    assert offline.calls == 1
    assert fallback_reasons(engine_log) == [reason]
    [record] = [record for record in engine_log.records if getattr(record, "reason", None) == reason]
    assert record.sql == tiny_model.generate(question, EXAMPLES)


# ---------------------------------------------------------------------------------------------------------------
# No model, or a model that fails


def test_no_configured_model_falls_back_to_the_offline_engine(engine_log: pytest.LogCaptureFixture) -> None:
    # GIVEN a deployment without a generative model
    # WHEN a question is asked
    answer = sql_with_fallback(VALID_QUESTION, EXAMPLES, None, guard_sql, Offline())
    # THEN the offline engine answers
    assert answer == (OFFLINE_SQL, "offline")
    assert fallback_reasons(engine_log) == ["no_model"]


@pytest.mark.parametrize(
    ("model", "local_files_only", "offline_mode", "reason"),
    [
        ("absent-path", True, False, "FileNotFoundError: no model folder at"),
        ("cinelake-tests/no-such-text-to-sql-model", True, False, "OSError"),
        ("cinelake-tests/no-such-text-to-sql-model", False, True, "OSError"),
    ],
    ids=["absent-path", "uncached-hub-id", "uncached-hub-id-in-offline-mode"],
)
def test_a_model_that_is_not_there_falls_back_fast_without_the_network(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine_log: pytest.LogCaptureFixture,
    model: str,
    local_files_only: bool,
    offline_mode: bool,
    reason: str,
) -> None:
    # GIVEN a model path that does not exist, or a Hub id that is not in the cache (downloads allowed but
    # HF_HUB_OFFLINE=1, in the last case)
    if model == "absent-path":
        model = str(tmp_path / model)
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", offline_mode)  # what HF_HUB_OFFLINE sets
    absent = GenerativeSql(model, SCHEMA, local_files_only=local_files_only)
    offline = Offline()
    # WHEN a question is asked
    started = time.monotonic()
    answer = sql_with_fallback(VALID_QUESTION, EXAMPLES, absent, guard_sql, offline)
    elapsed = time.monotonic() - started
    # THEN the offline engine answers at once, and the log says the model could not be loaded and why
    assert answer == (OFFLINE_SQL, "offline")
    assert elapsed < FAST_SECONDS
    assert fallback_reasons(engine_log) == ["model_failed"]
    [failure] = [record for record in engine_log.records if record.getMessage() == "generative model cannot be loaded"]
    assert failure.model == model and failure.reason.startswith(reason)


@pytest.mark.slow
@pytest.mark.parametrize("max_new_tokens", [0, 10_000], ids=["no-new-tokens", "past-the-context"])
def test_a_model_that_raises_while_generating_falls_back(
    tiny_model_dir: Path, engine_log: pytest.LogCaptureFixture, max_new_tokens: int
) -> None:
    # GIVEN the tiny model asked for no new tokens, or for more than its 256 positions hold
    failing = GenerativeSql(str(tiny_model_dir), SCHEMA, max_new_tokens=max_new_tokens)
    # WHEN a question is asked
    answer = sql_with_fallback(VALID_QUESTION, EXAMPLES, failing, guard_sql, Offline())
    # THEN the model loaded, generating raised, and the offline engine answers
    assert failing.load()
    assert answer == (OFFLINE_SQL, "offline")
    [failure] = [record for record in engine_log.records if record.getMessage() == "generative model failed"]
    assert failure.reason.startswith("ValueError")
    assert fallback_reasons(engine_log) == ["model_failed"]


@pytest.mark.slow
def test_corrupt_weights_fall_back_and_are_not_reloaded_on_every_question(
    tiny_model_dir: Path, tmp_path: Path, engine_log: pytest.LogCaptureFixture
) -> None:
    # GIVEN the tiny model with its weights file overwritten
    corrupt = GenerativeSql(str(corrupt_copy(tiny_model_dir, tmp_path / "corrupt")), SCHEMA)
    # WHEN two questions are asked
    answers = [sql_with_fallback(VALID_QUESTION, EXAMPLES, corrupt, guard_sql, Offline()) for _ in range(2)]
    # THEN the offline engine answers both, and loading was tried once, failing on the safetensors file
    assert answers == [(OFFLINE_SQL, "offline")] * 2
    [failure] = [record for record in engine_log.records if record.getMessage() == "generative model cannot be loaded"]
    assert failure.reason.startswith("SafetensorError")
    assert fallback_reasons(engine_log) == ["model_failed", "model_failed"]


@pytest.mark.slow
def test_concurrent_first_questions_load_the_model_once(
    tiny_model_dir: Path, engine_log: pytest.LogCaptureFixture
) -> None:
    # GIVEN an engine not loaded yet
    fresh = GenerativeSql(str(tiny_model_dir), SCHEMA, max_new_tokens=32)
    answers: list[str | None] = []
    # WHEN four threads ask at the same time
    threads = [
        threading.Thread(target=lambda: answers.append(fresh.generate(VALID_QUESTION, EXAMPLES))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # THEN each gets the model's SQL, and the model was loaded once
    assert answers == [VALID_SQL] * 4
    assert [record.getMessage() for record in engine_log.records].count("generative model loaded") == 1


# ---------------------------------------------------------------------------------------------------------------
# What is kept of the model's text (pure functions, no model)


@pytest.mark.parametrize(
    ("written", "statement"),
    [
        ("SELECT title FROM movie_facts LIMIT 5", "SELECT title FROM movie_facts LIMIT 5"),
        ("SELECT 1;\nSELECT 2;", "SELECT 1"),
        ("SELECT title FROM movie_facts WHERE title = 'a;b';", "SELECT title FROM movie_facts WHERE title = 'a;b'"),
        (
            "Here is the query:\n```sql\nSELECT title\nFROM movie_facts;\n```\nIt sorts nothing.",
            "SELECT title\nFROM movie_facts",
        ),
        ("```\nWITH t AS (SELECT 1)\n\nSELECT * FROM t\n```", "WITH t AS (SELECT 1)\n\nSELECT * FROM t"),
        ("SELECT title FROM movie_facts\n\nThis lists every title.", "SELECT title FROM movie_facts"),
        ("SELECT 1\n### Question\nWhat else?", "SELECT 1"),
        ("SQL: SELECT 1", "SELECT 1"),
        ("With the schema above, the query is:\nSELECT title FROM movie_facts", "SELECT title FROM movie_facts"),
        ("  drop table movies; SELECT 1", "drop table movies"),
        ("I cannot answer that.", "I cannot answer that."),
    ],
)
def test_the_first_statement_is_cut_out_of_what_the_model_writes(written: str, statement: str) -> None:
    # GIVEN what a model wrote / WHEN the statement is cut out / THEN fences, chatter and later statements are gone
    assert first_statement(written) == statement
