"""The words of an answer: a Spanish group gets the article its noun takes."""

import pytest

from cinelake.ask.answer import write_answer
from cinelake.ask.spec import QuerySpec

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("group_by", "label", "expected"),
    [
        ("company", "Monolith Pictures", "La productora con más películas es Monolith Pictures (1.020)."),
        ("decade", 2010, "La década con más películas es 2010 (1.020)."),
        ("director", "Isaac Z. Ingram", "El director con más películas es Isaac Z. Ingram (1.020)."),
    ],
)
def test_a_spanish_group_answer_takes_its_nouns_article(group_by: str, label, expected: str):
    spec = QuerySpec(language="es", kind="group", group_by=group_by, limit=1)
    assert write_answer(spec, [group_by, "movies"], [[label, 1020]], capped=False) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1 movie: The Apparition (2012)."), ("es", "1 película: The Apparition (2012).")],
)
def test_a_list_of_one_movie_says_movie(language: str, expected: str):
    spec = QuerySpec(language=language, kind="list")
    assert write_answer(spec, ["title", "release_year"], [["The Apparition", 2012]], capped=False) == expected
