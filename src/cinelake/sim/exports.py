"""TMDB's daily id exports: `movie_ids_MM_DD_YYYY.json.gz` and `adult_movie_ids_MM_DD_YYYY.json.gz`.

Each is gzipped JSON lines, one movie a line, listing the catalogue as it was on that date. Only the last
90 days up to the sim's today are published (today's counts as published).
"""

import gzip
import re
from collections import OrderedDict
from collections.abc import Iterable
from datetime import date

from cinelake.sim.movie_document import to_json
from cinelake.sim.timeline import Timeline

EXPORT_HISTORY_DAYS = 90
_EXPORT_NAME = re.compile(r"(adult_)?movie_ids_(\d{2})_(\d{2})_(\d{4})\.json\.gz")
_FILES_KEPT = 8  # each is about 0.5 MB for the real catalogue; clients fetch one or two days at a time


def parse_export_name(name: str) -> tuple[bool, date] | None:
    """(adult, date) of an export file name, or None if it names no export."""
    match = _EXPORT_NAME.fullmatch(name)
    if match is None:
        return None
    adult, month, day, year = match.groups()
    try:
        return adult is not None, date(int(year), int(month), int(day))
    except ValueError:
        return None


def build_export(movies: Iterable[dict], adult: bool) -> bytes:
    lines = [
        to_json(
            {
                "adult": bool(movie.get("adult", False)),
                "id": movie["id"],
                "original_title": movie.get("original_title", ""),
                "popularity": movie.get("popularity", 0.0),
                "video": bool(movie.get("video", False)),
            }
        )
        + b"\n"
        for movie in sorted(movies, key=lambda movie: movie["id"])
        if bool(movie.get("adult", False)) == adult
    ]
    return gzip.compress(b"".join(lines), compresslevel=6, mtime=0)


class ExportShelf:
    """The published export files, built when first asked for and kept for the last few days asked."""

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline
        self._built: OrderedDict[tuple[date, bool], bytes] = OrderedDict()

    def file(self, name: str) -> bytes | None:
        parsed = parse_export_name(name)
        if parsed is None:
            return None
        adult, when = parsed
        if not 0 <= (self._timeline.today - when).days <= EXPORT_HISTORY_DAYS:
            return None
        # A published file never changes (later days do not rewrite the past), so it can be kept.
        key = (when, adult)
        content = self._built.get(key)
        if content is None:
            content = build_export(self._timeline.movies_on(when).values(), adult)
            self._built[key] = content
            while len(self._built) > _FILES_KEPT:
                self._built.popitem(last=False)
        return content
