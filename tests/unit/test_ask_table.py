"""The reading table, without a database: each question reads to the query stored for it, or gets its refusal.

The table (ask_table.json, built by tests/unit/ask_table.py over a small name index) covers every measure, dimension,
filter and shape in both languages, and questions that must be refused: words not understood, topics outside the
data, writes and SQL."""

import json

import pytest

from cinelake.ask.parse import QuestionParser
from tests.unit.ask_names import name_index
from tests.unit.ask_table import TABLE, read

pytestmark = pytest.mark.unit

ROWS = json.loads(TABLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parser() -> QuestionParser:
    return QuestionParser(name_index())


def test_the_table_covers_both_languages_and_refusals():
    refusals = [row for row in ROWS if row[1].startswith("refused")]
    assert len(ROWS) >= 300
    assert len(refusals) >= 20


@pytest.mark.parametrize(("question", "understood"), ROWS, ids=[row[0][:60] for row in ROWS])
def test_a_question_reads_to_its_query_or_its_refusal(parser, question, understood):
    # GIVEN a question of the table  WHEN it is read  THEN it reads as the table says
    assert read(parser, question) == understood
