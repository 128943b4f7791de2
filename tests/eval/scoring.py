"""Scores /ask-text answers with the judges' own scorer, so the project measures exactly what they measure.

The scorer is `check(item, response)` in ../shared/eval/run_ask_eval.py, loaded from its file (it is a script, not a
package). The shared folder may be absent: `SHARED_SCORER.is_file()` tells the caller to skip.
"""

import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parent
PROJECT_QUESTIONS = EVAL_DIR / "ask_questions.json"
SHARED_EVAL_DIR = EVAL_DIR.parents[2] / "shared" / "eval"  # tests/eval -> repo -> the folder holding shared/
SHARED_SCORER = SHARED_EVAL_DIR / "run_ask_eval.py"
DEV_QUESTIONS = SHARED_EVAL_DIR / "ask_dev.json"
SHOWN_ROWS = 5  # of a failure's response

Check = Callable[[dict, dict], bool]
Ask = Callable[[str], tuple[int, dict]]  # question -> (HTTP status, response JSON)


def load_check(scorer: Path = SHARED_SCORER) -> Check:
    """The shared scorer's `check(item, response)`."""
    if not scorer.is_file():
        raise FileNotFoundError(f"{scorer} is absent (the judges' scorer lives in ../shared/eval)")
    spec = importlib.util.spec_from_file_location("shared_run_ask_eval", scorer)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {scorer}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.check


def asker(client) -> Ask:
    """`ask` over a TestClient of the API: a body that is no JSON object (a crash) is a failed question, not an
    aborted run."""

    def ask(question: str) -> tuple[int, dict]:
        response = client.post("/ask-text", json={"question": question})
        try:
            body = response.json()
        except ValueError:
            body = {"error": response.text}
        return response.status_code, body if isinstance(body, dict) else {"error": str(body)}

    return ask


def load_items(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Failure:
    id: str
    lang: str
    question: str
    status: int
    expected: dict  # the item's gold fields
    sql: str  # what the product ran, if it said
    rows: list  # the product's first rows
    answer: str
    reference_sql: str  # the item's own, where it has one


@dataclass
class Tally:
    passed: int = 0
    total: int = 0
    refused: int = 0  # answered 422: the engine said what it did not understand

    @property
    def wrong(self) -> int:
        """Answered, but not with the gold answer: the outcome that must stay rare."""
        return self.total - self.passed - self.refused

    @property
    def accuracy(self) -> float:
        return self.passed / self.total if self.total else 0.0


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    by_language: dict[str, Tally] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)

    def render(self, title: str = "ask-text") -> str:
        lines = [f"{title}: {_percent(self.overall)}"]
        lines += [f"  {lang}: {_percent(tally)}" for lang, tally in sorted(self.by_language.items())]
        for failure in self.failures:
            lines.append(f"FAIL {failure.id} [{failure.lang}, {failure.status}] {failure.question}")
            lines.append(f"   expected: {json.dumps(failure.expected, ensure_ascii=False)[:300]}")
            lines.append(f"   sql:      {' '.join(failure.sql.split())[:300]}")
            lines.append(f"   rows:     {json.dumps(failure.rows, ensure_ascii=False, default=str)[:300]}")
            lines.append(f"   answer:   {failure.answer[:300]}")
            if failure.reference_sql:
                lines.append(f"   gold sql: {' '.join(failure.reference_sql.split())[:300]}")
        return "\n".join(lines)


GOLD_FIELDS = ("sure", "tied", "gold", "window")


def score(items: list[dict], ask: Ask, check: Check | None = None) -> Report:
    """Ask every item's question and check the answer as the judges do: a pass needs HTTP 200 and `check`."""
    check = check or load_check()
    report = Report()
    for item in items:
        status, response = ask(item["question"])
        passed = status == 200 and check(item, response)
        for tally in (report.overall, report.by_language.setdefault(item["lang"], Tally())):
            tally.total += 1
            tally.passed += passed
            tally.refused += status == 422
        if not passed:
            report.failures.append(
                Failure(
                    id=item["id"],
                    lang=item["lang"],
                    question=item["question"],
                    status=status,
                    expected={key: item[key] for key in GOLD_FIELDS if key in item},
                    sql=str(response.get("sql") or ""),
                    rows=list(response.get("rows") or [])[:SHOWN_ROWS],
                    answer=str(response.get("answer") or response.get("detail") or response.get("error") or ""),
                    reference_sql=item.get("sql", ""),
                )
            )
    return report


def _percent(tally: Tally) -> str:
    return (
        f"{100 * tally.accuracy:.1f}% ({tally.passed}/{tally.total}), refused {tally.refused}, "
        f"wrong {tally.wrong} ({100 * tally.wrong / max(tally.total, 1):.1f}%)"
    )
