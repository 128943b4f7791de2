"""One movie version as the bytes of TMDB's `GET /3/movie/{id}` answer, with or without appended parts.

Each part is serialised once, on first use, and answers are assembled by joining bytes: that keeps the
hot path of the simulator free of JSON encoding.
"""

import json
from collections.abc import Sequence

# What `append_to_response` may ask for; other names are ignored, as TMDB does.
APPENDABLE = ("credits", "keywords", "release_dates", "external_ids", "translations")
THEATRICAL_RELEASE = 3  # TMDB release type


def to_json(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


class MovieDocument:
    __slots__ = ("_details", "_parts", "movie")

    def __init__(self, movie: dict) -> None:
        self.movie = movie
        self._details: bytes | None = None
        self._parts: dict[str, bytes] = {}

    @property
    def id(self) -> int:
        return self.movie["id"]

    @property
    def adult(self) -> bool:
        return bool(self.movie.get("adult", False))

    def render(self, appends: Sequence[str] = ()) -> bytes:
        """The response body; `appends` are names from APPENDABLE, each added under its own key."""
        details = self._details_bytes()
        if not appends:
            return details
        pieces = [details[:-1]]  # reopen the object to add the parts
        for name in appends:
            pieces.append(b',"' + name.encode() + b'":' + self._part_bytes(name))
        pieces.append(b"}")
        return b"".join(pieces)

    def _details_bytes(self) -> bytes:
        if self._details is None:
            self._details = to_json({k: v for k, v in self.movie.items() if k not in APPENDABLE})
        return self._details

    def _part_bytes(self, name: str) -> bytes:
        part = self._parts.get(name)
        if part is None:
            part = self._parts[name] = to_json(self._part(name))
        return part

    def _part(self, name: str) -> dict:
        # An appended sub-response has no `id` of its own (unlike its standalone endpoint).
        stored = self.movie.get(name)
        if name == "credits":
            stored = stored or {}
            return {"cast": stored.get("cast", []), "crew": stored.get("crew", [])}
        if name == "keywords":
            stored = stored or {}
            return {"keywords": stored.get("keywords", [])}
        if stored is not None:
            return stored
        if name == "release_dates":
            return {"results": synthetic_release_dates(self.movie)}
        if name == "external_ids":
            return synthetic_external_ids(self.movie)
        if name == "translations":
            return {"translations": synthetic_translations(self.movie)}
        raise ValueError(f"{name!r} cannot be appended (expected one of {APPENDABLE})")


def synthetic_release_dates(movie: dict) -> list[dict]:
    """The catalogue has no release dates: one theatrical release per production country, on release_date."""
    release_date = movie.get("release_date")
    if not release_date:
        return []
    return [
        {
            "iso_3166_1": country["iso_3166_1"],
            "release_dates": [
                {
                    "certification": "",
                    "descriptors": [],
                    "iso_639_1": "",
                    "note": "",
                    "release_date": f"{release_date}T00:00:00.000Z",
                    "type": THEATRICAL_RELEASE,
                }
            ],
        }
        for country in movie.get("production_countries") or []
    ]


def synthetic_translations(movie: dict) -> list[dict]:
    """The catalogue has no translations: a Spanish-language film shown under another title has its original one as
    its Spanish title, as TMDB's Spanish translation gives it ("El laberinto del fauno" for "Pan's Labyrinth")."""
    original, title = movie.get("original_title"), movie.get("title")
    if movie.get("original_language") != "es" or not original or original == title:
        return []
    data = {"homepage": "", "overview": "", "runtime": 0, "tagline": "", "title": original}
    return [{"iso_3166_1": "ES", "iso_639_1": "es", "name": "Español", "english_name": "Spanish", "data": data}]


def synthetic_external_ids(movie: dict) -> dict:
    """The catalogue knows only the IMDb id (often null), so the other ids are null, as for most movies."""
    return {
        "imdb_id": movie.get("imdb_id"),
        "wikidata_id": None,
        "facebook_id": None,
        "instagram_id": None,
        "twitter_id": None,
    }
