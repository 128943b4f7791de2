"""The records of the raw data lake: one JSON line per movie that enrich fetched.

`raw/movies/dt=YYYY-MM-DD/<batch>.ndjson.gz` holds lines of either kind:
- `{"kind": "movie", "tmdb_id": 550, "fetched_at": "...", "movie": {...TMDB's JSON as received...}}`
- `{"kind": "deleted", "tmdb_id": 12, "fetched_at": "..."}`: TMDB answered 404, so the movie is gone (a tombstone).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

from cinelake.domain.movie import INT4_MAX, TmdbMovie

MOVIES_PREFIX = "raw/movies/"
EXPORTS_PREFIX = "raw/exports/"
QUARANTINE_PREFIX = "quarantine/"
ATHENA_RESULTS_PREFIX = "athena-results/"  # the Athena workgroup's query results (template.yaml's LakeWorkGroup)


class FetchedMovie(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["movie"] = "movie"
    tmdb_id: int = Field(gt=0, le=INT4_MAX)
    fetched_at: AwareDatetime
    movie: dict


class DeletedMovie(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["deleted"] = "deleted"
    tmdb_id: int = Field(gt=0, le=INT4_MAX)
    fetched_at: AwareDatetime


class ValidatedMovie(FetchedMovie):
    """A fetched movie as the loader reads it: the TMDB body validated in the same pass as the envelope."""

    movie: TmdbMovie


LakeRecord = Annotated[ValidatedMovie | DeletedMovie, Field(discriminator="kind")]
lake_record = TypeAdapter(LakeRecord)


def movies_key(day: datetime, batch_id: str) -> str:
    return f"{MOVIES_PREFIX}dt={day:%Y-%m-%d}/{batch_id}.ndjson.gz"


def quarantine_key(source_key: str) -> str:
    """Where the bad records of a lake object are parked, next to a mirror of its path."""
    return f"{QUARANTINE_PREFIX}{source_key.removesuffix('.gz')}.errors.ndjson"


@dataclass
class LoadBatch:
    """What one lake object asks the database to do, after validation and de-duplication by movie id."""

    object_key: str
    etag: str
    record_count: int
    movies: dict[int, tuple[TmdbMovie, datetime]] = field(default_factory=dict)
    tombstones: dict[int, datetime] = field(default_factory=dict)
    quarantined: int = 0

    def add_movie(self, movie: TmdbMovie, fetched_at: datetime) -> None:
        if self._is_newest(movie.id, fetched_at):
            self.tombstones.pop(movie.id, None)
            self.movies[movie.id] = (movie, fetched_at)

    def add_tombstone(self, movie_id: int, fetched_at: datetime) -> None:
        if self._is_newest(movie_id, fetched_at):
            self.movies.pop(movie_id, None)
            self.tombstones[movie_id] = fetched_at

    def _is_newest(self, movie_id: int, fetched_at: datetime) -> bool:
        if movie_id in self.movies and self.movies[movie_id][1] > fetched_at:
            return False
        return not (movie_id in self.tombstones and self.tombstones[movie_id] > fetched_at)
