"""A measure read by meaning (the sentence model) turns a list into a ranking only where the question ranks."""

import pytest

from cinelake.ask.embedder import SentenceEmbedder
from cinelake.ask.parse import QuestionParser, UnanswerableQuestion
from cinelake.ask.semantic import SemanticMatcher
from tests.unit.ask_names import name_index

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def parser() -> QuestionParser:
    return QuestionParser(name_index(), SemanticMatcher(SentenceEmbedder()))


@pytest.mark.parametrize(
    ("question", "measure", "descending"),
    [
        ("the biggest blockbusters of all time", "revenue", True),
        ("the priciest productions of 2019", "budget", True),
        ("los mayores taquillazos de la historia", "revenue", True),
    ],
)
def test_a_question_that_ranks_by_words_outside_the_vocabulary_ranks_by_their_meaning(
    parser, question, measure, descending
):
    spec = parser.parse(question)
    assert (spec.measure, spec.descending, spec.measure_by_meaning) == (measure, descending, True)


@pytest.mark.parametrize(
    "question",
    ["Which films from 2017 were financial flops?", "¿Qué películas de 2017 fueron un desastre económico?"],
)
def test_a_list_whose_words_are_not_understood_is_refused_not_ranked_by_a_guess(parser, question):
    # GIVEN no ranking word: the leftover words filter the list, and no rule reads them
    with pytest.raises(UnanswerableQuestion):
        parser.parse(question)


def test_lost_money_filters_the_list_instead_of_ranking_it_by_lowest_profit(parser):
    spec = parser.parse("Which movies from 2017 lost money?")
    assert spec.measure is None and not spec.measure_by_meaning
    assert [(c.left, c.op, c.right) for c in spec.filters.comparisons] == [("revenue", "<", "budget")]
