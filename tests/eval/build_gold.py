"""(Re)compute the gold answers of ask_questions.json by running each item's reference SQL on the real catalogue.

    .venv/bin/python -m tests.eval.build_gold [--database-url URL] [--check] [--verbose]

Without --database-url the catalogue (base, then changes_1: what the demo holds) is loaded into a throwaway
database, dropped afterwards. The conventions (../shared/eval/README.md) live in the SQL: NULL money is unknown and
left out, profit and ROI come from movie_facts, ratings skip movies without votes, a title lookup takes the most-voted
movie of that title, "after 2015" is `> 2015`. What each kind's SQL must return:

- titles: one row per movie, best first, the title first and the ranking value last, ending in
  `FETCH FIRST n ROWS WITH TIES`; movies tied with the n-th go to "tied", those ahead of it to "sure".
- titleset: one row per movie (or person), the name first.
- number: one row of one cell.
- text: one row, the answer first; or, for a comparison, the candidates ranked with the value last, with a clear
  winner.
- groups: labels first, best first, ending in `FETCH FIRST n ROWS WITH TIES`; a tie across the n-th place is refused.

Nothing is written when any item's gold is empty or suspicious, or fails the shared scorer against its own rows.
"""

import argparse
import json
import re
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pg8000.native

from cinelake.adapters.postgres import connect
from cinelake.local.postgres import find_or_start
from cinelake.local.seed import seed_catalog
from tests.eval.scoring import DEV_QUESTIONS, PROJECT_QUESTIONS, SHARED_SCORER, load_check, load_items

CATALOG_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "catalog"
KINDS = ("titles", "titleset", "number", "text", "groups")
MAX_TIED = 3  # more movies tied for the last place make a top-N whose gold says little
FETCH_WITH_TIES = re.compile(r"FETCH\s+FIRST\s+(\d+)\s+ROWS?\s+WITH\s+TIES\s*;?\s*$", re.IGNORECASE)
ID_FORMAT = "{}{:03d}"  # c001... for the project set, h001... for a held-out set (bench/ask_heldout/)


class SuspiciousGold(ValueError):
    """An item whose SQL gives no answer, or one the scorer could not judge fairly."""


def json_cell(value: object) -> object:
    """A cell as the API would send it in JSON."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def query_rows(conn: pg8000.native.Connection, sql: str) -> list[list]:
    return [[json_cell(cell) for cell in row] for row in conn.run(sql)]


@contextmanager
def read_only(database_url: str) -> Iterator[pg8000.native.Connection]:
    """A connection that cannot change the catalogue, whatever an item's SQL says."""
    with closing(connect(database_url, application_name="cinelake-build-gold")) as conn:
        conn.run("SET default_transaction_read_only = on")
        conn.run("SET statement_timeout = '60s'")
        yield conn


@contextmanager
def catalogue_database(catalog_dir: Path) -> Iterator[str]:
    """A throwaway database holding the catalogue, as tests/conftest.py's catalog_database_url does."""
    server = find_or_start()
    name = f"cinelake_gold_{uuid.uuid4().hex[:10]}"
    try:
        url = server.create_database(name)
        seed_catalog(url, catalog_dir)
        yield url
    finally:
        server.drop_database(name)
        server.stop()


def gold_fields(item: dict, rows: list[list]) -> dict:
    """The gold fields of `item` computed from its SQL's rows."""
    if not rows:
        raise SuspiciousGold("the SQL returns no rows")
    kind = item["kind"]
    if kind == "titles":
        return _titles(item, rows)
    if kind == "titleset":
        return _titleset(rows)
    if kind == "number":
        return _number(rows)
    if kind == "text":
        return _text(rows)
    if kind == "groups":
        return _groups(item, rows)
    raise SuspiciousGold(f"unknown kind {kind!r}")


def _fetch_count(item: dict) -> int:
    match = FETCH_WITH_TIES.search(item["sql"])
    if match is None:
        raise SuspiciousGold(f"a {item['kind']} item's SQL must end in FETCH FIRST n ROWS WITH TIES")
    return int(match.group(1))


def _titles(item: dict, rows: list[list]) -> dict:
    n = _fetch_count(item)
    if any(row[0] is None or row[-1] is None for row in rows):
        raise SuspiciousGold("a ranked row has no title or no value (unknown values must be left out)")
    if len(rows) <= n:  # nothing tied across the last place: the first n-1 are sure, the n-th completes them
        sure, tied = _distinct(row[0] for row in rows[:-1]), [rows[-1][0]]
    else:
        last = rows[-1][-1]
        sure = _distinct(row[0] for row in rows if row[-1] != last)
        tied = _distinct(row[0] for row in rows if row[-1] == last)
    tied = [title for title in tied if title not in sure]
    if len(tied) > MAX_TIED:
        raise SuspiciousGold(f"{len(tied)} movies tie for the last place: {tied[:6]}")
    if item["window"] < len(sure) + (1 if tied else 0):
        raise SuspiciousGold(f"window {item['window']} cannot hold {len(sure)} sure titles and a tied one")
    return {"sure": sure, "tied": tied}


def _titleset(rows: list[list]) -> dict:
    if any(row[0] is None for row in rows):
        raise SuspiciousGold("a listed row has no name")
    gold = sorted(_distinct(row[0] for row in rows))
    # The scorer allows 10 % (min 1) more rows than titles: repeated titles beyond that would fail a right answer.
    if len(rows) > max(len(gold) + 1, int(len(gold) * 1.1) + 1):
        raise SuspiciousGold(f"{len(rows)} rows for {len(gold)} distinct titles")
    return {"gold": gold}


def _number(rows: list[list]) -> dict:
    if len(rows) != 1 or len(rows[0]) != 1:
        raise SuspiciousGold(f"a number needs one row of one cell, not {len(rows)} rows of {len(rows[0])}")
    value = rows[0][0]
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        raise SuspiciousGold(f"not a number: {value!r}")
    if value == 0:
        raise SuspiciousGold("the answer is 0: the filters probably match nothing")
    return {"gold": round(float(value), 4)}


def _text(rows: list[list]) -> dict:
    if len(rows) > 1:
        if len(rows[0]) < 2:
            raise SuspiciousGold(f"{len(rows)} answers where one is expected")
        if rows[0][-1] is None or rows[0][-1] == rows[1][-1]:
            raise SuspiciousGold(f"no clear winner: {rows[:2]}")
    if rows[0][0] is None or str(rows[0][0]).strip() == "":
        raise SuspiciousGold("the answer is empty")
    return {"gold": str(rows[0][0])}


def _groups(item: dict, rows: list[list]) -> dict:
    n = _fetch_count(item)
    if len(rows) > n:
        raise SuspiciousGold(f"groups tie across place {n}: {rows[n - 1 :]}")
    if any(row[0] is None for row in rows):
        raise SuspiciousGold("a group has no label")
    gold = [str(row[0]) for row in rows]
    if item["window"] < len(gold):
        raise SuspiciousGold(f"window {item['window']} is smaller than the {len(gold)} labels")
    return {"gold": gold}


def _distinct(values: Iterator) -> list:
    return list(dict.fromkeys(values))


def with_gold(item: dict, gold: dict) -> dict:
    """The item in ask_dev.json's field order, with its new gold, then the project's own fields."""
    out = {key: item[key] for key in ("id", "lang", "question", "kind")}
    if item["kind"] == "titles":
        out |= {"sure": gold["sure"], "tied": gold["tied"], "window": item["window"]}
    else:
        out["gold"] = gold["gold"]
        if item["kind"] == "groups":
            out["window"] = item["window"]
    return out | {"sql": item["sql"], "covers": item["covers"]}


def validate_items(items: list[dict], dev_questions: set[str]) -> list[str]:
    """Problems with the items themselves, before any SQL runs."""
    problems = []
    seen = set()
    prefix = str(items[0].get("id", "c"))[:1] if items else "c"
    for number, item in enumerate(items, start=1):
        where = item.get("id", f"item {number}")
        if item.get("id") != ID_FORMAT.format(prefix, number):
            problems.append(f"{where}: expected id {ID_FORMAT.format(prefix, number)}")
        if item.get("lang") not in ("en", "es"):
            problems.append(f"{where}: lang must be en or es")
        if item.get("kind") not in KINDS:
            problems.append(f"{where}: unknown kind {item.get('kind')!r}")
        if item.get("kind") in ("titles", "groups") and not isinstance(item.get("window"), int):
            problems.append(f"{where}: a {item.get('kind')} item needs a window")
        if not str(item.get("sql", "")).strip() or not item.get("covers"):
            problems.append(f"{where}: needs sql and covers")
        question = _normalized(item.get("question", ""))
        if not question or question in seen:
            problems.append(f"{where}: empty or repeated question")
        if question in dev_questions:
            problems.append(f"{where}: reuses a development question")
        seen.add(question)
    return problems


def _normalized(question: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", question.casefold()).split())


def compute(items: list[dict], database_url: str) -> tuple[list[dict], list[str], list[tuple[str, list[list]]]]:
    """The items with fresh gold, the problems found, and each item's rows."""
    check = load_check() if SHARED_SCORER.is_file() else None
    updated, problems, results = [], [], []
    with read_only(database_url) as conn:
        for item in items:
            try:
                rows = query_rows(conn, item["sql"])
                fresh = with_gold(item, gold_fields(item, rows))
            except (SuspiciousGold, pg8000.native.DatabaseError) as error:
                problems.append(f"{item['id']}: {error}")
                updated.append(item)
                continue
            if check is not None and not check(fresh, {"rows": rows, "answer": ""}):
                problems.append(f"{item['id']}: its own rows fail the shared scorer")
            updated.append(fresh)
            results.append((item["id"], rows))
    return updated, problems, results


def summary(items: list[dict], before: list[dict]) -> str:
    by_lang = Counter(item["lang"] for item in items)
    by_kind = Counter(item["kind"] for item in items)
    tags = Counter(tag for item in items for tag in item["covers"])
    old = {item["id"]: item for item in before}
    changed = [item["id"] for item in items if old.get(item["id"]) != item]
    return "\n".join(
        [
            f"{len(items)} items; " + ", ".join(f"{lang} {count}" for lang, count in sorted(by_lang.items())),
            "kinds: " + ", ".join(f"{kind} {count}" for kind, count in by_kind.most_common()),
            "covers: " + ", ".join(f"{tag} {count}" for tag, count in sorted(tags.items())),
            f"changed: {len(changed)}"
            + (f" ({', '.join(changed[:20])}{' ...' if len(changed) > 20 else ''})" if changed else ""),
        ]
    )


def describe(item: dict, rows: list[list]) -> str:
    gold = {key: item[key] for key in ("sure", "tied", "gold") if key in item}
    shown = json.dumps(rows[:6], ensure_ascii=False, default=str)
    return "\n".join(
        [
            f"{item['id']} [{item['lang']} {item['kind']}] {item['question']}",
            f"   gold: {json.dumps(gold, ensure_ascii=False)}",
            f"   rows: {shown[:400]}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=PROJECT_QUESTIONS)
    parser.add_argument("--database-url", help="a database already holding the catalogue (else one is loaded)")
    parser.add_argument("--catalog", type=Path, default=CATALOG_DIR)
    parser.add_argument("--check", action="store_true", help="write nothing; fail if the stored gold is stale")
    parser.add_argument("--verbose", action="store_true", help="print each item's gold and first rows")
    args = parser.parse_args(argv)

    before = load_items(args.questions)
    dev = {_normalized(item["question"]) for item in load_items(DEV_QUESTIONS)} if DEV_QUESTIONS.is_file() else set()
    problems = validate_items(before, dev)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    if args.database_url:
        items, problems, results = compute(before, args.database_url)
    else:
        with catalogue_database(args.catalog) as url:
            items, problems, results = compute(before, url)
    if args.verbose:
        by_id = {item["id"]: item for item in items}
        for item_id, rows in results:
            print(describe(by_id[item_id], rows))
    print(summary(items, before))
    if problems:
        print("refused, nothing written:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    if args.check:
        return 0 if items == before else 1
    args.questions.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.questions}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
