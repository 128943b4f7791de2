"""The simulator's clock and the catalogue as it stands on each simulated day.

Day 0 is `start_date` with the base catalogue; `advance()` moves one day on and applies that day's change set
(after the last one, days pass with no changes). Everything here runs on the server's event loop, so it
needs no locks.
"""

from datetime import date, timedelta

from cinelake.sim.catalog import Catalog, ChangeSet
from cinelake.sim.movie_document import MovieDocument


class Timeline:
    def __init__(self, catalog: Catalog, start_date: date) -> None:
        self.start_date = start_date
        self.day = 0
        self._catalog = catalog
        self._current = {movie_id: MovieDocument(movie) for movie_id, movie in catalog.base.items()}
        self._changed_on: dict[int, list[dict]] = {}  # day -> entries listed by /movie/changes

    @property
    def today(self) -> date:
        return self.start_date + timedelta(days=self.day)

    @property
    def movie_count(self) -> int:
        return len(self._current)

    def all_ids(self) -> set[int]:
        """Every id the catalogue ever holds, on any day."""
        ids = set(self._catalog.base)
        for changes in self._catalog.changes:
            ids.update(movie["id"] for movie in changes.updated)
        return ids

    def movie(self, movie_id: int) -> MovieDocument | None:
        return self._current.get(movie_id)

    def advance(self) -> dict:
        self.day += 1
        changes = self._changes_of(self.day)
        listed: dict[int, bool] = {}  # id -> adult
        for movie in changes.updated:
            document = MovieDocument(movie)
            self._current[document.id] = document
            listed[document.id] = document.adult
        for movie_id in changes.deleted:
            gone = self._current.pop(movie_id, None)
            listed[movie_id] = gone.adult if gone else False
        self._changed_on[self.day] = [{"id": movie_id, "adult": adult} for movie_id, adult in listed.items()]
        return {
            "date": self.today.isoformat(),
            "day": self.day,
            "updated": len(changes.updated),
            "deleted": len(changes.deleted),
        }

    def changed_between(self, start: date, end: date) -> list[dict]:
        """`{"id", "adult"}` of the movies changed (or deleted) from start to end, both included; newest first."""
        first_day = max(1, (start - self.start_date).days)
        last_day = min(self.day, (end - self.start_date).days)
        entries: dict[int, dict] = {}
        for day in range(last_day, first_day - 1, -1):
            for entry in self._changed_on.get(day, ()):
                entries.setdefault(entry["id"], entry)
        return list(entries.values())

    def movies_on(self, when: date) -> dict[int, dict]:
        """The catalogue as it was on `when`: dates before the start give day 0, later ones stop at today."""
        day = min(max(0, (when - self.start_date).days), self.day)
        movies = dict(self._catalog.base)
        for past_day in range(1, day + 1):
            changes = self._changes_of(past_day)
            movies.update((movie["id"], movie) for movie in changes.updated)
            for movie_id in changes.deleted:
                movies.pop(movie_id, None)
        return movies

    def _changes_of(self, day: int) -> ChangeSet:
        if day <= len(self._catalog.changes):
            return self._catalog.changes[day - 1]
        return ChangeSet()
