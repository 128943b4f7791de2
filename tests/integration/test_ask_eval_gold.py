"""The project's /ask-text evaluation set is sound: on the real catalogue each item's reference SQL gives rows that
pass the judges' scorer against the item's own gold, and the stored gold is what build_gold computes today."""

from collections import Counter

import pytest

from tests.eval.build_gold import gold_fields, query_rows, read_only, with_gold
from tests.eval.scoring import PROJECT_QUESTIONS, SHARED_SCORER, Check, load_check, load_items, score

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.catalog]

# What the issue asks the set to cover, as counts of items carrying a `covers` tag (any of the tags listed).
MINIMUM_COVERAGE = {
    ("combined",): 20,
    ("typo", "accents", "case"): 10,
    ("number-words",): 8,
    ("comparison",): 6,
    ("grouped",): 10,
    ("lookup",): 10,
}


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return load_items(PROJECT_QUESTIONS)


@pytest.fixture(scope="module")
def check() -> Check:
    if not SHARED_SCORER.is_file():
        pytest.skip(f"{SHARED_SCORER} is absent (the judges' scorer lives in ../shared/eval)")
    return load_check()


@pytest.fixture(scope="module")
def gold_rows(items: list[dict], catalog_database_url: str) -> dict[str, list[list]]:
    """Each item's reference SQL run on the real catalogue, its cells as the API would send them."""
    with read_only(catalog_database_url) as conn:
        return {item["id"]: query_rows(conn, item["sql"]) for item in items}


def test_every_item_passes_the_shared_scorer_with_its_own_sql_rows(
    items: list[dict], check: Check, gold_rows: dict[str, list[list]]
) -> None:
    # GIVEN each item and the rows its reference SQL returns
    # WHEN those rows are checked as the judges check an answer
    failing = [item["id"] for item in items if not check(item, {"rows": gold_rows[item["id"]], "answer": ""})]
    # THEN every item passes: the gold and the scorer agree
    assert failing == []


def test_scoring_a_replay_of_the_gold_rows_reports_every_item_passed(
    items: list[dict], check: Check, gold_rows: dict[str, list[list]]
) -> None:
    # GIVEN an ask function that answers every question with its reference SQL's rows
    rows_by_question = {item["question"]: gold_rows[item["id"]] for item in items}

    def replay(question: str) -> tuple[int, dict]:
        return 200, {"rows": rows_by_question[question], "answer": ""}

    # WHEN the set is scored
    report = score(items, replay, check)
    # THEN everything passes, in both languages
    assert report.overall.passed == report.overall.total == len(items)
    assert {lang: tally.accuracy for lang, tally in report.by_language.items()} == {"en": 1.0, "es": 1.0}
    assert report.failures == []


def test_scoring_wrong_answers_reports_each_failure_with_its_question(items: list[dict], check: Check) -> None:
    # GIVEN an ask function whose answers are errors or empty
    def broken(question: str) -> tuple[int, dict]:
        return (500, {"error": "boom"}) if "?" in question else (200, {"rows": [], "answer": ""})

    # WHEN the set is scored
    report = score(items, broken, check)
    # THEN nothing passes, and every failure names its question and reference SQL
    assert report.overall.passed == 0
    assert [failure.id for failure in report.failures] == [item["id"] for item in items]
    assert all(failure.question and failure.reference_sql for failure in report.failures)
    assert "FAIL c001" in report.render()


def as_scored(item: dict) -> dict:
    """The item as the scorer reads it, its lists as sets: rows tied on their ranked value come back in whatever
    order the query plan gives, which is not fixed between runs or PostgreSQL versions."""
    return {key: frozenset(value) if isinstance(value, list) else value for key, value in item.items()}


def test_the_stored_gold_is_what_build_gold_computes_now(items: list[dict], gold_rows: dict[str, list[list]]) -> None:
    # GIVEN the rows of each item's reference SQL
    # WHEN the gold is computed again from them
    stale = [
        item["id"]
        for item in items
        if as_scored(with_gold(item, gold_fields(item, gold_rows[item["id"]]))) != as_scored(item)
    ]
    # THEN it is the gold stored in the file (else run: python -m tests.eval.build_gold)
    assert stale == []


def test_the_set_is_balanced_and_covers_what_the_issue_asks(items: list[dict]) -> None:
    # GIVEN the set's items and their coverage tags
    languages = Counter(item["lang"] for item in items)
    # THEN it is large, about half Spanish and half English
    assert len(items) >= 110
    assert abs(languages["en"] - languages["es"]) <= len(items) // 10
    # AND each kind of question the issue names appears often enough
    for tags, minimum in MINIMUM_COVERAGE.items():
        assert sum(1 for item in items if set(tags) & set(item["covers"])) >= minimum, tags
