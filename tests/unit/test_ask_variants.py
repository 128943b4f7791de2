"""The reading table's questions, reworded as people type them: a courtesy around the question, all in lower case,
without accents. None of it changes what the question asks, so none of it may change its reading."""

import json
import unicodedata
from pathlib import Path

import pytest

from cinelake.ask.parse import QuestionParser
from cinelake.ask.text import detect_language
from tests.unit.ask_names import name_index
from tests.unit.ask_table import read

pytestmark = pytest.mark.unit

TABLE = json.loads(Path(__file__).with_name("ask_table.json").read_text(encoding="utf-8"))
ANSWERED = [(question, reading) for question, reading in TABLE if not reading.startswith("refused")]
COURTESIES = {
    "en": ("Can you tell me {}", "Please, {}", "{} please", "I'd like to know {}", "Hey, {}, thanks"),
    "es": ("¿Me puedes decir {}", "Por favor, {}", "{} por favor", "Me gustaría saber {}", "Oye, {}, gracias"),
}


def without_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def rewordings(question: str) -> list[str]:
    plain = question.lstrip("¿").rstrip("?")
    first = plain if plain[:2].isupper() else plain[0].lower() + plain[1:]
    courteous = [courtesy.format(first) for courtesy in COURTESIES[detect_language(question)]]
    return [*courteous, question.lower(), without_accents(question).lower()]


@pytest.fixture(scope="module")
def parser() -> QuestionParser:
    return QuestionParser(name_index())


@pytest.mark.parametrize(("question", "reading"), ANSWERED, ids=[q[:60] for q, _ in ANSWERED])
def test_a_courtesy_or_the_casing_does_not_change_the_reading(parser: QuestionParser, question: str, reading: str):
    """GIVEN an answered question of the table WHEN it is asked politely, in lower case or without accents THEN it
    reads to the same query."""
    changed = {reworded: read(parser, reworded) for reworded in rewordings(question)}
    assert {reworded: got for reworded, got in changed.items() if got != reading} == {}


# Clauses that narrow the movies in ways the engine does not read (or reads as a filter of its own): added to a
# question, each must change its reading or get it refused, never be swallowed by a reading that ignores it.
NARROWING = {
    "en": (" that are not from 2019", " excluding comedies", " without Tom Hanks", " except the ones from Pixar",
           " released on a Monday", " in black and white", " with no sequels", " not in English"),
    "es": (" que no son de 2019", " excepto las comedias", " sin Tom Hanks", " salvo las de Pixar",
           " estrenadas un lunes", " en blanco y negro", " sin secuelas", " que no están en inglés"),
}  # fmt: skip


@pytest.mark.parametrize(("question", "reading"), ANSWERED, ids=[q[:60] for q, _ in ANSWERED])
def test_a_narrowing_clause_changes_the_reading_or_is_refused(parser: QuestionParser, question: str, reading: str):
    """GIVEN an answered question of the table WHEN a clause that narrows its movies is added THEN the reading is not
    the one without it: an unread clause must never be dropped silently."""
    plain = question.rstrip("?")
    narrowed = [plain + clause for clause in NARROWING[detect_language(question)]]
    assert [variant for variant in narrowed if read(parser, variant) == reading] == []
