"""The simulator's data: a day-0 catalogue plus one change set per simulated day.

A movie is a plain dict in the shape of TMDB's `GET /3/movie/{id}?append_to_response=credits,keywords`
(the shape of the lines of ../shared/data/catalog/*.jsonl.gz).
"""

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

_CHANGES_NAME = re.compile(r"changes_(\d+)\.jsonl\.gz")


@dataclass
class ChangeSet:
    """What changed on one simulated day."""

    updated: list[dict] = field(default_factory=list)  # new or changed movies, whole objects
    deleted: list[int] = field(default_factory=list)  # ids removed from TMDB that day


@dataclass
class Catalog:
    base: dict[int, dict]  # movie id -> movie, as on day 0
    changes: list[ChangeSet] = field(default_factory=list)  # changes[0] applies on day 1


def load_catalog_dir(path: Path) -> Catalog:
    """Read base.jsonl.gz and changes_1.jsonl.gz, changes_2.jsonl.gz, ... (day 1, day 2, ...) from `path`."""
    path = Path(path)  # a str from the command line works too
    base_file = path / "base.jsonl.gz"
    if not base_file.is_file():
        raise FileNotFoundError(f"no catalogue in {path}: {base_file.name} is missing")
    base = {movie["id"]: movie for movie in _read_movies(base_file)}
    changes = [ChangeSet(updated=list(_read_movies(file))) for file in _change_files(path)]
    return Catalog(base=base, changes=changes)


def _change_files(path: Path) -> list[Path]:
    """The change files in day order; a gap in the numbering would silently shift days, so it is an error."""
    numbered = {}
    for file in path.glob("changes_*.jsonl.gz"):
        match = _CHANGES_NAME.fullmatch(file.name)
        if match:
            numbered[int(match.group(1))] = file
    days = sorted(numbered)
    if days != list(range(1, len(days) + 1)):
        raise ValueError(f"change files in {path} must be numbered 1..N without gaps, found {days}")
    return [numbered[day] for day in days]


def _read_movies(file: Path) -> Iterator[dict]:
    with gzip.open(file, "rb") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)
