"""`POST /ask-text` and `POST /ask-visual`: latency against the goals, and what the sentence model adds to accuracy.

The real catalogue is seeded into a fresh database (seed_catalog) and served by `uvicorn --factory
api_service.main:create_app` on a free loopback port, with the offline engine (no generative model). Then:
- latency: the questions of ../shared/eval/ask_dev.json, plus tests/eval/ask_questions.json when it is there, are
  posted to /ask-text one at a time on one keep-alive connection from this process, cycling for --seconds; then a
  fixed list of chartable questions (bars, series per year, scatters, histograms, in both languages) to /ask-visual
  (PNG answers) the same way. Goals: /ask-text p50 < 50 ms and p95 < 150 ms; /ask-visual p50 < 500 ms. The
  sentence model is on (ASK_EMBEDDER=true, the default). Questions repeat, so after the first cycle the model's
  encodings come from the engine's cache: the first cycle is shown apart;
- accuracy: both question sets are scored with the shared scorer (`check` of ../shared/eval/run_ask_eval.py) with
  the sentence model and, after a restart, without it (ASK_EMBEDDER=false); and so are the paraphrases below, which
  name what they rank by in words the rules do not know, and pass when the SQL the API ran orders by that column.
The server is stopped and the database dropped at the end, also on error. With several workers, the one keep-alive
connection still reaches a single worker.

Run from the repo root as a module, so that the project's scorer (tests/eval/scoring.py) imports:
.venv/bin/python -m bench.ask [--seconds 30] [--workers 1] [--quick]
"""

import argparse
import http.client
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import IO

import numpy as np
import sqlglot
from sqlglot import exp

from bench.figure_table import count, print_table
from bench.real_catalogue import REPO_ROOT, require_catalogue, seeded_database, stop_process
from cinelake.ask.text import contains, fold
from cinelake.ask.vocabulary import MEASURE_WORDS
from cinelake.readiness import NotReady, exited, free_port, http_status, wait_until
from tests.eval.scoring import DEV_QUESTIONS, PROJECT_QUESTIONS, Check, load_check, load_items

HOST = "127.0.0.1"
QUICK_SECONDS = 5
READY_TIMEOUT_SECONDS = 60.0
REQUEST_TIMEOUT_SECONDS = 60.0
GOAL_TEXT_P50_MS = 50.0  # issue 11
GOAL_TEXT_P95_MS = 150.0
GOAL_VISUAL_P50_MS = 500.0
SLOWEST_SHOWN = 5
HELD_OUT_DIR = REPO_ROOT / "bench" / "ask_heldout"

WARM_UP_TEXT = "Top 5 genres by number of movies"
WARM_UP_VISUAL = "Number of movies per year since 2000"
WARM_UP_MODEL = "the most beloved animated films"  # no rule word: the first question that needs the sentence model


@dataclass(frozen=True)
class ChartQuestion:
    question: str
    lang: str
    chart_type: str  # what /ask-visual should draw


CHART_QUESTIONS = (
    ChartQuestion("Average revenue by genre", "en", "bar"),
    ChartQuestion("Número de películas por género", "es", "bar"),
    ChartQuestion("Top 10 movies by budget", "en", "bar"),
    ChartQuestion("Las 10 películas más taquilleras de 2019", "es", "bar"),
    ChartQuestion("Number of movies per year since 2000", "en", "line"),
    ChartQuestion("Presupuesto medio por año desde 1990", "es", "line"),
    ChartQuestion("Average rating per year since 2010", "en", "line"),
    ChartQuestion("Número de películas por década", "es", "line"),
    ChartQuestion("Budget vs revenue of 2019 movies", "en", "scatter"),
    ChartQuestion("Presupuesto frente a recaudación de las películas de 2015", "es", "scatter"),
    ChartQuestion("Runtime vs rating of horror movies", "en", "scatter"),
    ChartQuestion("Distribución de la duración de las películas de terror", "es", "histogram"),
    ChartQuestion("Distribution of ratings of 2020 movies", "en", "histogram"),
    ChartQuestion("Distribución de los presupuestos de las películas de 2010", "es", "histogram"),
)


@dataclass(frozen=True)
class Paraphrase:
    question: str
    lang: str
    column: str  # the movie_facts column the answer must rank by: the first ORDER BY term of its SQL
    descending: bool = True


# Each names its measure in words outside the rules' vocabulary (the table shows any rule word it still holds:
# "votes" in a threshold is one). The brief's "box-office bombs", "critically acclaimed" and "cintas más largas"
# are not here: "bombs", "acclaimed" and "largas" are rule words.
PARAPHRASES = (
    Paraphrase("Which films were the biggest commercial disasters?", "en", "profit", descending=False),
    Paraphrase("the biggest blockbusters of all time", "en", "revenue"),
    Paraphrase("films that sold the most tickets in 2019", "en", "revenue"),
    Paraphrase("the priciest productions of 2019", "en", "budget"),
    Paraphrase("the greatest masterpieces of horror", "en", "vote_average"),
    Paraphrase("the most critically praised dramas with at least 1000 votes", "en", "vote_average"),
    Paraphrase("the films with the most user reviews", "en", "vote_count"),
    Paraphrase("the most talked about films right now", "en", "popularity"),
    Paraphrase("trending movies of 2024", "en", "popularity"),
    Paraphrase("the most interminable movies", "en", "runtime"),
    Paraphrase("the films that multiplied their investment the most", "en", "roi"),
    Paraphrase("películas más vistas en cines", "es", "revenue"),
    Paraphrase("los mayores taquillazos de la historia", "es", "revenue"),
    Paraphrase("las producciones con mayor inversión", "es", "budget"),
    Paraphrase("las películas más aclamadas por la crítica", "es", "vote_average"),
    Paraphrase("películas con más reseñas", "es", "vote_count"),
    Paraphrase("las películas más comentadas del momento", "es", "popularity"),
    Paraphrase("películas de moda en 2024", "es", "popularity"),
    Paraphrase("las películas más eternas", "es", "runtime"),
    Paraphrase("películas que más multiplicaron su inversión", "es", "roi"),
    Paraphrase("las películas que más plata dejaron", "es", "profit"),
    Paraphrase("películas que más fracasaron", "es", "profit", descending=False),
)


@dataclass(frozen=True)
class QuestionSet:
    name: str
    items: list[dict]  # the shared gold format: id, lang, question, kind and the gold fields


@dataclass(frozen=True)
class Reply:
    question: str
    status: int  # 0: no HTTP answer (the connection failed)
    body: bytes
    seconds: float
    request_id: str

    def json(self) -> dict:
        return json.loads(self.body) if self.status == 200 else {}


@dataclass(frozen=True)
class Latency:
    requests: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    statuses: Counter

    @classmethod
    def of(cls, replies: Sequence[Reply], wall_seconds: float) -> "Latency":
        milliseconds = np.array([reply.seconds for reply in replies]) * 1e3
        return cls(
            requests=len(replies),
            per_second=len(replies) / wall_seconds,
            p50_ms=float(np.percentile(milliseconds, 50)),
            p95_ms=float(np.percentile(milliseconds, 95)),
            p99_ms=float(np.percentile(milliseconds, 99)),
            max_ms=float(milliseconds.max()),
            statuses=Counter(reply.status for reply in replies),
        )

    @property
    def non_200(self) -> int:
        return self.requests - self.statuses[200]


@dataclass(frozen=True)
class Scored:
    item_id: str
    lang: str
    question: str
    status: int
    passed: bool
    detail: str = ""  # paraphrases: what the SQL ranked by


@dataclass
class ModeResults:
    """One server's answers: with or without the sentence model."""

    embedder: bool
    model_warm_up: Reply | None = None
    scored: dict[str, list[Scored]] | None = None  # by question set
    scoring_replies: list[Reply] | None = None
    failures: list[tuple[str, Reply, str]] | None = None  # endpoint, 5xx or no answer, the server's exception


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    require_catalogue()  # stop at once, before any work, when the catalogue is absent
    check = load_check()
    question_sets = load_question_sets()
    text_questions = [item["question"] for question_set in question_sets for item in question_set.items]
    load_before = os.getloadavg()[0]  # other work on the machine skews the figures

    with ExitStack() as cleanup:
        database_url, movie_count = seeded_database(cleanup, "ask")

        with_model = ModeResults(embedder=True, failures=[])
        with serve(api_environment(database_url, embedder=True), args.workers) as api:
            client = AskClient(api)
            with_model.model_warm_up = warm_up(client)
            text_replies, text_wall = cycle(client, "/ask-text", text_questions, args.seconds)
            print(f"/ask-text: {len(text_replies):,} requests in {text_wall:.1f} s", flush=True)
            chart_texts = [chart.question for chart in CHART_QUESTIONS]
            visual_replies, visual_wall = cycle(client, "/ask-visual", chart_texts, args.seconds)
            print(f"/ask-visual: {len(visual_replies):,} requests in {visual_wall:.1f} s", flush=True)
            drawn = [client.post("/ask-visual?format=json", chart.question) for chart in CHART_QUESTIONS]
            with_model.scored, with_model.scoring_replies = score_everything(client, question_sets, check)
            asked = [with_model.model_warm_up, *text_replies, *with_model.scoring_replies]
            with_model.failures += failures_in(api, "/ask-text", asked)
            with_model.failures += failures_in(api, "/ask-visual", visual_replies + drawn)

        without_model = ModeResults(embedder=False, failures=[])
        with serve(api_environment(database_url, embedder=False), args.workers) as api:
            client = AskClient(api)
            without_model.model_warm_up = warm_up(client)
            without_model.scored, without_model.scoring_replies = score_everything(client, question_sets, check)
            asked = [without_model.model_warm_up, *without_model.scoring_replies]
            without_model.failures += failures_in(api, "/ask-text", asked)

    print_setting(args, load_before, movie_count, question_sets)
    text = Latency.of(text_replies, text_wall)
    visual = Latency.of(visual_replies, visual_wall)
    first_cycle = text_replies[: len(text_questions)]
    assert without_model.scoring_replies is not None
    gold_once = without_model.scoring_replies[: len(text_questions)]  # the gold questions, each asked once
    print_latency(text, visual, first_cycle, gold_once, with_model, without_model, args)
    print_slowest(text_replies)
    print_charts(visual_replies, drawn)
    print_accuracy(question_sets, with_model, without_model)
    print_paraphrases(with_model, without_model)
    print_failures([with_model, without_model])
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30.0, help="how long each endpoint is measured")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn's worker processes")
    parser.add_argument("--quick", action="store_true", help=f"a smoke run: {QUICK_SECONDS} s per endpoint")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds = float(QUICK_SECONDS)
    return args


def load_question_sets() -> list[QuestionSet]:
    if not DEV_QUESTIONS.is_file():
        raise SystemExit(f"the shared questions are absent: {DEV_QUESTIONS} does not exist")
    sets = [QuestionSet("ask_dev", load_items(DEV_QUESTIONS))]
    if PROJECT_QUESTIONS.is_file():
        sets.append(QuestionSet("ask_questions", load_items(PROJECT_QUESTIONS)))
    for held_out in sorted(HELD_OUT_DIR.glob("*.json")):  # each written before it was first run (see its README)
        sets.append(QuestionSet(f"held-out {held_out.stem}", json.loads(held_out.read_text(encoding="utf-8"))))
    return sets


def api_environment(database_url: str, embedder: bool) -> dict[str, str]:
    # No API keys, and no generative model: the offline engine is what is measured.
    dropped = {"CINELAKE_API_KEYS", "ASK_GENERATIVE_MODEL"}
    env = {key: value for key, value in os.environ.items() if key.upper() not in dropped}
    env |= {
        "DATABASE_URL": database_url,
        "ASK_EMBEDDER": "true" if embedder else "false",
        "API_RATE_LIMIT_PER_MINUTE": str(10**9),  # one caller asks everything: the limiter is not what is measured
        "HF_HUB_OFFLINE": "1",  # the sentence model's weights ship in a package; never look for them online
        "PYTHONPATH": str(REPO_ROOT),  # uvicorn imports api_service from the repo root
    }
    return env


# ---------------------------------------------------------------------------------------------------------------
# Serving and asking


@dataclass(frozen=True)
class ApiServer:
    process: subprocess.Popen
    port: int
    log: IO[bytes]  # uvicorn's stderr: the app's JSON log, one line per request, with the trace of every 500

    def log_lines(self) -> Iterator[dict]:
        self.log.flush()
        self.log.seek(0)
        for line in self.log:
            if line.startswith(b"{"):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut by a crash

    def exception_of(self, request_id: str) -> str:
        """The last line of the trace the app logged for that request (its exception and message)."""
        for record in self.log_lines():
            if record.get("request_id") == request_id and record.get("exception"):
                return record["exception"].strip().splitlines()[-1]
        return "no exception logged"

    def stop_if_dead(self) -> None:
        if self.process.poll() is not None:
            self.log.seek(0)
            tail = self.log.read().decode(errors="replace")[-3000:]
            raise SystemExit(f"uvicorn exited with {self.process.returncode}; the end of its log:\n{tail}")


@contextmanager
def serve(env: dict[str, str], workers: int) -> Iterator[ApiServer]:
    """uvicorn serving the API on a free loopback port until the block ends; yields it once /health answers."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", "api_service.main:create_app", "--host", HOST]
    command += ["--port", str(port), "--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
        api = ApiServer(process, port, log)
        try:
            wait_until_healthy(api)
            yield api
        finally:
            stop_process(process, timeout=30)


def wait_until_healthy(api: ApiServer) -> None:
    try:
        wait_until(
            lambda: True if http_status(HOST, api.port, "/health") == 200 else None,
            what=f"the API's /health on port {api.port}",
            timeout=READY_TIMEOUT_SECONDS,
            gone=exited(api.process),
        )
    except NotReady as failure:
        api.stop_if_dead()  # with the end of its log, when it exited
        raise SystemExit(str(failure)) from None


class AskClient:
    """One keep-alive connection; a question is one POST, timed from sending it to reading the last byte."""

    def __init__(self, api: ApiServer) -> None:
        self.api = api
        self.conn = http.client.HTTPConnection(HOST, api.port, timeout=REQUEST_TIMEOUT_SECONDS)
        self._numbers = itertools.count()

    def post(self, path: str, question: str) -> Reply:
        request_id = f"bench-ask-{next(self._numbers)}"  # finds the request's trace in the log if it fails
        body = json.dumps({"question": question}).encode()
        headers = {"Content-Type": "application/json", "X-Request-ID": request_id}
        for attempt in range(2):  # a second try only when the kept-alive connection was closed under us
            started = time.perf_counter()
            try:
                self.conn.request("POST", path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return Reply(question, response.status, data, time.perf_counter() - started, request_id)
            except (http.client.HTTPException, OSError) as error:
                self.conn.close()  # the next request opens a new connection
                self.api.stop_if_dead()
                if attempt == 1:
                    message = f"{type(error).__name__}: {error}".encode()
                    return Reply(question, 0, message, time.perf_counter() - started, request_id)
        raise AssertionError("unreachable")


def warm_up(client: AskClient) -> Reply:
    """One question of each kind, so that the name index, the pool and matplotlib are ready; returns the reply to
    the first question that goes through the sentence model (its load is in that one's time)."""
    for path, question in (("/ask-text", WARM_UP_TEXT), ("/ask-visual", WARM_UP_VISUAL)):
        reply = client.post(path, question)
        if reply.status != 200:
            cause = client.api.exception_of(reply.request_id)
            raise SystemExit(f"warm-up {path} {question!r} answered {reply.status}: {reply.body[:300]!r} ({cause})")
    return client.post("/ask-text", WARM_UP_MODEL)


def cycle(client: AskClient, path: str, questions: Sequence[str], seconds: float) -> tuple[list[Reply], float]:
    """The questions in order, again and again, one at a time, until `seconds` have passed."""
    replies = []
    started = time.perf_counter()
    deadline = started + seconds
    for question in itertools.cycle(questions):
        if time.perf_counter() >= deadline:
            break
        replies.append(client.post(path, question))
    return replies, time.perf_counter() - started


def failures_in(api: ApiServer, endpoint: str, replies: Sequence[Reply]) -> list[tuple[str, Reply, str]]:
    """5xx answers and requests with no answer, once per question, each with the exception the app logged."""
    failed: dict[str, Reply] = {}
    for reply in replies:
        if reply.status >= 500 or reply.status == 0:
            failed.setdefault(reply.question, reply)
    return [(endpoint, reply, api.exception_of(reply.request_id)) for reply in failed.values()]


# ---------------------------------------------------------------------------------------------------------------
# Accuracy


def score_everything(
    client: AskClient, question_sets: Sequence[QuestionSet], check: Check
) -> tuple[dict[str, list[Scored]], list[Reply]]:
    """Every gold question once, scored with the shared `check`, then the paraphrases by the SQL's ORDER BY; the
    replies come in the order asked, the gold questions first."""
    scored: dict[str, list[Scored]] = {}
    replies: list[Reply] = []
    for question_set in question_sets:
        results = []
        for item in question_set.items:
            reply = client.post("/ask-text", item["question"])
            replies.append(reply)
            passed = reply.status == 200 and check(item, reply.json())
            results.append(Scored(item["id"], item["lang"], item["question"], reply.status, passed))
        scored[question_set.name] = results
    results = []
    for number, paraphrase in enumerate(PARAPHRASES, start=1):
        reply = client.post("/ask-text", paraphrase.question)
        replies.append(reply)
        ranked = ranked_by(reply.json().get("sql")) if reply.status == 200 else None
        passed = ranked == (paraphrase.column, paraphrase.descending)
        detail = describe_order(ranked) if reply.status == 200 else f"HTTP {reply.status}"
        results.append(Scored(f"p{number:02d}", paraphrase.lang, paraphrase.question, reply.status, passed, detail))
    scored["paraphrases"] = results
    return scored, replies


def ranked_by(sql: str | None) -> tuple[str, bool] | None:
    """The first ORDER BY term of the SQL: its column (or expression) and whether it is descending."""
    if not sql:
        return None
    order = sqlglot.parse_one(sql, read="postgres").args.get("order")
    if order is None:
        return None
    first = order.expressions[0]
    term = first.this.name if isinstance(first.this, exp.Column) else first.this.sql(dialect="postgres")
    return term, bool(first.args.get("desc"))


def describe_order(ranked: tuple[str, bool] | None) -> str:
    if ranked is None:
        return "no ORDER BY"
    column, descending = ranked
    return f"{column} {'desc' if descending else 'asc'}"


def rule_words(question: str) -> list[str]:
    """Phrases of the rules' measure vocabulary the question holds (whole words, folded)."""
    folded = fold(question)
    return [phrase for phrase in MEASURE_WORDS if contains(folded, phrase)]


def accuracy(results: Sequence[Scored]) -> float:
    return sum(result.passed for result in results) / len(results) if results else 0.0


# ---------------------------------------------------------------------------------------------------------------
# Printing


def ms(value: float) -> str:
    return f"{value:,.1f} ms"


def print_setting(
    args: argparse.Namespace, load_before: float, movie_count: int, question_sets: Sequence[QuestionSet]
) -> None:
    sizes = ", ".join(f"{question_set.name} {len(question_set.items)}" for question_set in question_sets)
    print(
        f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {load_before:.2f} at the start and "
        f"{os.getloadavg()[0]:.2f} at the end; {movie_count:,} movies in the database; uvicorn with {args.workers} "
        f"worker(s); one keep-alive connection, one request at a time, {args.seconds:.0f} s per endpoint; "
        f"/ask-text questions: {sizes}; /ask-visual: {len(CHART_QUESTIONS)} chart questions (PNG); "
        f"{len(PARAPHRASES)} paraphrases"
    )


def print_latency(
    text: Latency,
    visual: Latency,
    first_cycle: Sequence[Reply],
    gold_once: Sequence[Reply],
    with_model: ModeResults,
    without_model: ModeResults,
    args: argparse.Namespace,
) -> None:
    def row(case: str, latency: Latency) -> list[str]:
        figures = [ms(latency.p50_ms), ms(latency.p95_ms), ms(latency.p99_ms), ms(latency.max_ms)]
        return [case, count(latency.requests), f"{latency.per_second:.1f}", *figures, count(latency.non_200)]

    first = Latency.of(first_cycle, sum(reply.seconds for reply in first_cycle))
    no_model = Latency.of(gold_once, sum(reply.seconds for reply in gold_once))
    rows = [
        row("/ask-text, sentence model on", text),
        row("  of which the first cycle (each question once)", first),
        row("/ask-visual (PNG), sentence model on", visual),
        row("/ask-text, model off, each question once", no_model),
    ]
    header = ["case", "requests", "requests/s", "p50", "p95", "p99", "max", "non-200"]
    print_table(f"Latency, one request at a time, {args.seconds:.0f} s per endpoint", header, rows)
    for name, latency in (("/ask-text", text), ("/ask-visual", visual)):
        answers = ", ".join(f"{status or 'no answer'}: {n:,}" for status, n in sorted(latency.statuses.items()))
        print(f"{name} answers by status: {answers}")
    for mode in (with_model, without_model):
        reply = mode.model_warm_up
        if reply is not None:
            label = "on (loads the model)" if mode.embedder else "off"
            print(f"first question needing the sentence model, {label}: {ms(reply.seconds * 1e3)}, HTTP {reply.status}")

    goals = [
        ["/ask-text p50", ms(text.p50_ms), f"< {GOAL_TEXT_P50_MS:.0f} ms", f"{text.p50_ms / GOAL_TEXT_P50_MS:.0%}"],
        ["/ask-text p95", ms(text.p95_ms), f"< {GOAL_TEXT_P95_MS:.0f} ms", f"{text.p95_ms / GOAL_TEXT_P95_MS:.0%}"],
        ["/ask-visual p50", ms(visual.p50_ms), f"< {GOAL_VISUAL_P50_MS:.0f} ms"]
        + [f"{visual.p50_ms / GOAL_VISUAL_P50_MS:.0%}"],
    ]
    print_table("Goals (ratio = figure ÷ goal: met below 100%)", ["figure", "measured", "goal", "ratio"], goals)


def median_by_question(replies: Sequence[Reply]) -> dict[str, float]:
    seconds: dict[str, list[float]] = {}
    for reply in replies:
        seconds.setdefault(reply.question, []).append(reply.seconds)
    return {question: float(np.median(times)) * 1e3 for question, times in seconds.items()}


def print_slowest(text_replies: Sequence[Reply]) -> None:
    medians = median_by_question(text_replies)
    slowest = sorted(medians.items(), key=lambda pair: -pair[1])[:SLOWEST_SHOWN]
    rows = [[shorten(question, 80), ms(median)] for question, median in slowest]
    print_table(
        f"The {SLOWEST_SHOWN} slowest /ask-text questions (median of their requests)", ["question", "p50"], rows
    )


def print_charts(visual_replies: Sequence[Reply], drawn: Sequence[Reply]) -> None:
    medians = median_by_question(visual_replies)
    rows = []
    for chart, reply in zip(CHART_QUESTIONS, drawn, strict=True):
        got = reply.json().get("chart_type", "-") if reply.status == 200 else f"HTTP {reply.status}"
        median = ms(medians[chart.question]) if chart.question in medians else "-"
        verdict = "OK" if got == chart.chart_type else "MISS"
        rows.append([chart.question, chart.lang, chart.chart_type, got, verdict, median])
    header = ["question", "lang", "expected", "drawn", "", "p50 (PNG)"]
    print_table("/ask-visual questions (chart type from ?format=json)", header, rows)


def print_accuracy(question_sets: Sequence[QuestionSet], with_model: ModeResults, without_model: ModeResults) -> None:
    assert with_model.scored is not None and without_model.scored is not None
    rows = []
    for name in [question_set.name for question_set in question_sets] + ["paraphrases"]:
        on, off = with_model.scored[name], without_model.scored[name]
        for lang in ("en", "es", None):
            on_part = [result for result in on if lang is None or result.lang == lang]
            off_part = [result for result in off if lang is None or result.lang == lang]
            if not on_part:
                continue
            on_passed, off_passed = sum(r.passed for r in on_part), sum(r.passed for r in off_part)
            refused = sum(r.status == 422 and not r.passed for r in on_part)
            wrong = len(on_part) - on_passed - refused
            difference = (accuracy(on_part) - accuracy(off_part)) * 100
            rows.append(
                [name, lang or "all", count(len(on_part))]
                + [f"{accuracy(on_part):.1%} ({on_passed})", str(refused), f"{wrong / len(on_part):.1%} ({wrong})"]
                + [f"{accuracy(off_part):.1%} ({off_passed})", f"{difference:+.1f}"]
            )
    header = ["set", "lang", "questions", "correct, with the model", "refused (422)", "wrong", "correct, without",
              "Δ points"]  # fmt: skip
    print_table(
        "Accuracy, shared scorer (paraphrases: the SQL's ORDER BY); refused = 422 saying what it did not understand",
        header,
        rows,
    )

    changed = []
    for name in [question_set.name for question_set in question_sets]:
        for on, off in zip(with_model.scored[name], without_model.scored[name], strict=True):
            if on.passed != off.passed:
                outcome = f"{'pass' if on.passed else 'fail'} ({on.status}) with, {'pass' if off.passed else 'fail'}"
                changed.append(
                    f"  {name} {on.item_id} [{on.lang}] {shorten(on.question, 70)}: {outcome} ({off.status})"
                )
    print(f"\nGold questions whose outcome the model changes: {len(changed)}")
    print("\n".join(changed))


def print_paraphrases(with_model: ModeResults, without_model: ModeResults) -> None:
    assert with_model.scored is not None and without_model.scored is not None
    rows = []
    for paraphrase, on, off in zip(
        PARAPHRASES, with_model.scored["paraphrases"], without_model.scored["paraphrases"], strict=True
    ):
        expected = f"{paraphrase.column} {'desc' if paraphrase.descending else 'asc'}"
        words = ", ".join(rule_words(paraphrase.question)) or "-"
        verdicts = [f"{'OK' if result.passed else 'MISS'} {result.detail}" for result in (on, off)]
        rows.append([paraphrase.question, paraphrase.lang, words, expected, *verdicts])
    header = ["paraphrase", "lang", "rule words", "expected", "with the model", "without"]
    print_table("Paraphrases: what the SQL ranks by (first ORDER BY term)", header, rows)


def print_failures(modes: Sequence[ModeResults]) -> None:
    lines = []
    for mode in modes:
        for endpoint, reply, cause in mode.failures or []:
            status = reply.status or "no answer"
            label = "model on" if mode.embedder else "model off"
            lines.append(f"  {endpoint} [{label}] {status} {reply.question!r}: {cause}")
    print(f"\nQuestions answered 5xx or not at all: {len(lines)}")
    if lines:
        print("\n".join(lines))


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
