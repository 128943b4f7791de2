"""Text-to-SQL with a generative Hugging Face model, for deployments that have one (a Hub id or a local folder).

The model is loaded once, on first use, and prompted with the schema and the retrieved examples; decoding is greedy
and bounded. What it writes goes through the same guard as the offline engine's SQL, and every miss (no model, a
load or generation failure, text that is not SQL, SQL the guard refuses) falls back to the offline engine, with the
reason logged.
"""

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlglot
from aws_lambda_powertools import Logger
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType

from cinelake.ask.guard import UnsafeQuery

logger = Logger(child=True)

INSTRUCTIONS = (
    "Write one PostgreSQL SELECT query that answers the question, using only the tables and columns of the schema. "
    "The question may be in Spanish or English. Answer with the SQL only."
)
SQL_DIALECT = "postgres"

# The first word of any SQL statement, safe or not: unsafe ones must reach the guard, to be refused (and logged) there.
# A line may start with the "SQL:" label the examples use.
STATEMENT_START = re.compile(
    r"^\s*(?:SQL:\s*)?(SELECT|WITH|VALUES|TABLE|INSERT|UPDATE|DELETE|MERGE|DROP|CREATE|ALTER|TRUNCATE|GRANT|REVOKE|"
    r"COPY|EXPLAIN|SET|RESET|CALL|DO|BEGIN|COMMIT|VACUUM|ANALYZE|LOCK)\b",
    re.IGNORECASE | re.MULTILINE,
)
CODE_FENCE = re.compile(r"```[A-Za-z]*[ \t]*\n?(.*?)(?:```|\Z)", re.DOTALL)
# Outside a code fence, what a model writes after its SQL: a blank line, or the next heading or question of the
# prompt's own format.
AFTER_THE_SQL = re.compile(r"\n\s*\n|\n\s*(?:#|Question:)")

# What loading a model can raise: files missing or not cached (OSError), a config or repo id transformers rejects
# (ValueError), a checkpoint that does not fit the architecture or the device (RuntimeError), a model that needs a
# package this environment lacks (ImportError); `loading_errors()` adds unreadable safetensors files.
LOADING_ERRORS: tuple[type[Exception], ...] = (OSError, ValueError, RuntimeError, ImportError)
# What generating can raise: a bad generation setting (ValueError), the device (RuntimeError, out of memory
# included), a prompt past the position embeddings (IndexError); `generation_errors()` adds a chat template that
# refuses the messages.
GENERATION_ERRORS: tuple[type[Exception], ...] = (ValueError, RuntimeError, IndexError)


@dataclass(frozen=True)
class Example:
    """A retrieved example: a question and the SQL that answers it."""

    question: str
    sql: str


def prompt_body(schema: str, question: str, examples: list[Example]) -> str:
    """The instructions, the schema, the examples and the question: the user turn of a chat prompt."""
    sections = [INSTRUCTIONS, f"### Schema\n{schema.strip()}"]
    if examples:
        shown = "\n\n".join(f"Question: {example.question}\nSQL: {example.sql}" for example in examples)
        sections.append(f"### Examples\n{shown}")
    sections.append(f"### Question\n{question.strip()}")
    return "\n\n".join(sections)


def plain_prompt(schema: str, question: str, examples: list[Example]) -> str:
    """The prompt for a model without a chat template: the body, then the cue that the SQL comes next."""
    return prompt_body(schema, question, examples) + "\n\n### SQL\n"


def first_statement(text: str) -> str:
    """The first SQL statement of what a model wrote, without code fences, chatter or a trailing `;`."""
    fenced = CODE_FENCE.search(text)
    body = fenced.group(1) if fenced else text
    starts = [match.start(1) for match in STATEMENT_START.finditer(body)] or [0]
    candidates = [_one_statement(body[start:], fenced is not None) for start in starts]
    # Chatter can begin with a statement's first word ("With the schema above, ..."): the first candidate that
    # parses is the statement; when none does, the first one is returned, for the caller to reject.
    return next((candidate for candidate in candidates if sql_problem(candidate) is None), candidates[0])


def _one_statement(text: str, fenced: bool) -> str:
    if not fenced:
        text = AFTER_THE_SQL.split(text, maxsplit=1)[0]
    return _before_first_semicolon(text).strip()


def _before_first_semicolon(sql: str) -> str:
    # Tokenized, so that a `;` inside a string literal does not end the statement.
    try:
        tokens = sqlglot.tokenize(sql, read=SQL_DIALECT)
    except SqlglotError:
        return sql  # not SQL: left whole, for the parse check to reject
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            return sql[: token.start]
    return sql


def sql_problem(sql: str) -> str | None:
    """Why `sql` is not one SQL statement (None when it is); whether it is safe is the guard's call."""
    if not STATEMENT_START.match(sql):
        return "no SQL statement in the model's output"
    try:
        statements = [statement for statement in sqlglot.parse(sql, read=SQL_DIALECT) if statement is not None]
    except SqlglotError as error:
        return f"does not parse: {str(error).splitlines()[0]}"
    if len(statements) != 1:
        return f"{len(statements)} statements instead of one"
    return None


@dataclass(frozen=True)
class _LoadedModel:
    tokenizer: Any
    model: Any


class GenerativeSql:
    """A causal LM from the Hub id or a local path, loaded once (lazily, thread-safe), prompted with the schema and
    the retrieved examples; greedy decoding, bounded new tokens.

    With `local_files_only` (the default) only a local folder or the Hugging Face cache is read, so a model that is
    absent fails at once; set it to False to let the first load download the model (HF_HUB_OFFLINE=1 still forbids
    it). A failed load is not retried: a misconfigured model would otherwise cost every question a load attempt.
    """

    def __init__(self, model: str, schema: str, max_new_tokens: int = 256, local_files_only: bool = True) -> None:
        self.model = model
        self.schema = schema
        self.max_new_tokens = max_new_tokens
        self.local_files_only = local_files_only
        self._load_lock = threading.Lock()
        # One generation at a time: a fast tokenizer is not safe to share between threads, and one model on one
        # device gains little from concurrent calls.
        self._generate_lock = threading.Lock()
        self._loaded: _LoadedModel | None = None
        self._load_failure: str | None = None

    def load(self) -> bool:
        """Loads the model if that has not been tried yet (for a warm-up at start); True when it is ready."""
        return self._loaded_model() is not None

    def prompt(self, question: str, examples: list[Example]) -> str:
        """The exact text sent to the model: its chat template when its tokenizer has one, a plain prompt otherwise
        (also when the model cannot be loaded)."""
        loaded = self._loaded_model()
        tokenizer = loaded.tokenizer if loaded else None
        if tokenizer is None or not getattr(tokenizer, "chat_template", None):
            return plain_prompt(self.schema, question, examples)
        messages = [{"role": "user", "content": prompt_body(self.schema, question, examples)}]
        return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)

    def generate(self, question: str, examples: list[Example]) -> str | None:
        """The SQL the model writes (the first statement, code fences and chatter stripped), or None when the model
        cannot be loaded or fails; the failure is logged with its reason."""
        loaded = self._loaded_model()
        if loaded is None:
            logger.warning("generative model unavailable", extra={"model": self.model, "reason": self._load_failure})
            return None
        try:
            with self._generate_lock:
                written = self._complete(loaded, self.prompt(question, examples))
        except generation_errors() as error:
            logger.warning(
                "generative model failed", extra={"model": self.model, "reason": f"{type(error).__name__}: {error}"}
            )
            return None
        return first_statement(written)

    def _complete(self, loaded: _LoadedModel, prompt: str) -> str:
        import torch

        tokenizer, model = loaded.tokenizer, loaded.model
        # A chat template writes the special tokens (BOS and all) itself; a plain prompt gets the tokenizer's own.
        has_template = bool(getattr(tokenizer, "chat_template", None))
        inputs = tokenizer(prompt, return_tensors="pt", add_special_tokens=not has_template).to(model.device)
        prompt_length = inputs["input_ids"].shape[1]
        room = getattr(model.config, "max_position_embeddings", None)
        if room is not None and prompt_length + self.max_new_tokens > room:
            raise ValueError(f"a prompt of {prompt_length} tokens leaves no room for {self.max_new_tokens} new ones")
        pad_token_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        with torch.inference_mode():
            output = model.generate(
                **inputs,
                max_new_tokens=self.max_new_tokens,
                do_sample=False,  # greedy, whatever sampling the checkpoint's generation_config asks for
                pad_token_id=pad_token_id,
            )
        return tokenizer.decode(output[0, prompt_length:], skip_special_tokens=True)

    def _loaded_model(self) -> _LoadedModel | None:
        with self._load_lock:
            if self._loaded is None and self._load_failure is None:
                try:
                    self._loaded = self._load()
                except loading_errors() as error:
                    self._load_failure = f"{type(error).__name__}: {error}"
                    logger.error(
                        "generative model cannot be loaded", extra={"model": self.model, "reason": self._load_failure}
                    )
            return self._loaded

    def _load(self) -> _LoadedModel:
        # Heavy, and absent from the core package: imported only when a generative model is configured.
        import torch
        from huggingface_hub import is_offline_mode
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if self.model.startswith(("/", ".", "~")) and not Path(self.model).expanduser().is_dir():
            # Said plainly: transformers would take it for a malformed Hub id.
            raise FileNotFoundError(f"no model folder at {self.model}")
        local_only = self.local_files_only or is_offline_mode()
        tokenizer = AutoTokenizer.from_pretrained(self.model, local_files_only=local_only)
        model = AutoModelForCausalLM.from_pretrained(self.model, local_files_only=local_only, dtype="auto")
        model.to("cuda" if torch.cuda.is_available() else "cpu")
        model.eval()
        logger.info("generative model loaded", extra={"model": self.model, "device": str(model.device)})
        return _LoadedModel(tokenizer=tokenizer, model=model)


def loading_errors() -> tuple[type[Exception], ...]:
    try:
        from safetensors import SafetensorError
    except ImportError:  # no safetensors, then no transformers either: loading raised ImportError
        return LOADING_ERRORS
    return (*LOADING_ERRORS, SafetensorError)


def generation_errors() -> tuple[type[Exception], ...]:
    from jinja2 import TemplateError  # generating means transformers loaded a model, and it renders chat templates

    return (*GENERATION_ERRORS, TemplateError)


def sql_with_fallback(
    question: str,
    examples: list[Example],
    generative: GenerativeSql | None,
    guard: Callable[[str], str],
    offline: Callable[[], str],
) -> tuple[str, str]:
    """Returns (sql, engine): the model's SQL if it passes `guard(sql)` (a callable that returns the safe SQL or raises
    cinelake.ask.guard.UnsafeQuery), engine = "generative:<model>"; otherwise `offline()` (a callable returning SQL),
    engine = "offline", and the reason for the fallback is logged (absent model, failure, invalid SQL, unsafe SQL)."""
    if generative is None:
        return _fall_back(offline, "no_model", "no generative model is configured")
    sql = generative.generate(question, examples)
    if sql is None:
        return _fall_back(offline, "model_failed", "the model is unavailable or failed (logged above)", generative)
    problem = sql_problem(sql)
    if problem is not None:
        return _fall_back(offline, "invalid_sql", problem, generative, sql)
    try:
        safe_sql = guard(sql)
    except UnsafeQuery as refusal:
        return _fall_back(offline, "unsafe_sql", str(refusal), generative, sql)
    return safe_sql, f"generative:{generative.model}"


def _fall_back(
    offline: Callable[[], str],
    reason: str,
    detail: str,
    generative: GenerativeSql | None = None,
    sql: str | None = None,
) -> tuple[str, str]:
    # A deployment without a model falls back by design, and a model failure has been logged already: only the SQL
    # the model got wrong is news here.
    level = logging.WARNING if sql is not None else logging.INFO
    logger.log(
        level,
        "text-to-SQL falls back to the offline engine",
        extra={"reason": reason, "detail": detail, "model": generative.model if generative else None, "sql": sql},
    )
    return offline(), "offline"
