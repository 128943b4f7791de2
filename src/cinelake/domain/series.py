"""Which films belong to one series: TMDB's collection where the record has one, else the title's stem.

TMDB says which films share a series (`belongs_to_collection`), but many records lack it, and the catalogue's lack
it altogether. Titles show it too: a sequel repeats its series' name and adds a number ("Toy Story 3"), a subtitle
after a colon ("Spider-Man: Homecoming") or a sequel word ("The Dark Knight Rises"). The stem is what is left, and
a film whose whole title is a stem ("Toy Story") is the series' first film. A remake under the same title ("The
Mummy", 1999 and 2017) shares the stem as well, and counts as an earlier instalment: its success is known before the
remake opens, like any other instalment's.

A film is filed under up to two keys, `collection:<id>` and `title:<stem>`. A scored film uses its collection's key
when that collection has earlier films on record, else its title's: so a request that names a collection still finds
its earlier instalments in a catalogue whose records name none.
"""

import re
import unicodedata
from functools import lru_cache

COLLECTION_KEY = "collection:"
TITLE_KEY = "title:"

# A subtitle starts after these; what comes before is the series' name.
_SUBTITLE = re.compile(r"\s*(?::|\s[-–—]\s)\s*")
# Trailing words that number or announce an instalment: "2", "II", "Part Two", "Chapter 3", "Vol. 2", "Returns".
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve thirteen".split())
_ROMAN = re.compile(r"^(?:i{1,3}|iv|v|vi{1,3}|ix|x|xi{1,3})$")
_INSTALMENT_WORDS = frozenset({"part", "chapter", "episode", "vol", "vol.", "volume", "book"})
_SEQUEL_WORDS = frozenset({"returns", "reloaded", "revolutions", "resurrection", "rises", "again", "forever"})
_MIN_STEM_CHARS = 2


@lru_cache(maxsize=4096)  # a row asks twice (its series, its place on the calendar); the book asks per film
def normalize_title(title: str) -> str:
    """Lower case, one space between words, accents and the final punctuation kept as they are."""
    text = unicodedata.normalize("NFKC", title).lower().replace("&", "and")
    return " ".join(text.split()).strip(" .!?")


def _is_number(word: str) -> bool:
    return word.isdigit() or word in _NUMBER_WORDS or bool(_ROMAN.match(word))


def title_stem(title: str) -> tuple[str, bool]:
    """The series name a title carries, and whether the title marks an instalment (a number, a colon or a sequel
    word). "Toy Story 3" -> ("toy story", True); "Toy Story" -> ("toy story", False)."""
    text = normalize_title(title)
    if not text:
        return "", False
    stem, marked = text, False
    parts = _SUBTITLE.split(text, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) >= _MIN_STEM_CHARS and parts[1]:
        stem, marked = parts[0], True
    words = stem.split(" ")
    while len(words) > 1 and (_is_number(words[-1]) or words[-1] in _SEQUEL_WORDS):
        words.pop()
        marked = True
        if len(words) > 1 and words[-1] in _INSTALMENT_WORDS:
            words.pop()
    candidate = " ".join(words)
    return (candidate, marked) if len(candidate) >= _MIN_STEM_CHARS else (text, False)


def title_key(title: str | None) -> str | None:
    if not title or not title.strip():
        return None
    stem, _ = title_stem(title)
    return TITLE_KEY + stem if stem else None


def collection_key(collection_id: int | None) -> str | None:
    return None if collection_id is None else f"{COLLECTION_KEY}{collection_id}"


def series_keys(title: str | None, collection_id: int | None) -> tuple[str, ...]:
    """Every key a film is filed under: its collection's, then its title's."""
    return tuple(key for key in (collection_key(collection_id), title_key(title)) if key)
