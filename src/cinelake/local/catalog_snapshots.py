"""When each record of the shared catalogue was read from TMDB: the date of the public snapshot it came from.

The catalogue in ../shared/data/catalog merges three public snapshots (its README): TMDB 5000 (February 2017), the
popular 10k (early April 2025) and the 2018-2025 set (early 2026). A box office read a few weeks after a release is a
fraction of the final one, so a label needs to know when its record was read (`SuccessRule.fetched_days_after_release`).
The files do not say it; each source's shape does:
- the popular 10k has no overview, no keywords and no spoken languages;
- the 2018-2025 set has the only cast `character` names, and only films released from 2018 on;
- TMDB 5000 has the rest: its films came out before March 2017.
A base record is as old as its source. A changes_1 record carries a newer snapshot: the 2018-2025 set's over a
popular-10k base, the popular 10k's over a TMDB 5000 base (the 2018-2025 set holds no TMDB 5000 film).
"""

from datetime import UTC, datetime, timedelta

TMDB_5000 = datetime(2017, 2, 1, tzinfo=UTC)
POPULAR_10K = datetime(2025, 4, 10, tzinfo=UTC)
RECENT_2018_2025 = datetime(2026, 2, 1, tzinfo=UTC)


def _from_popular_10k(movie: dict) -> bool:
    return not (
        movie.get("overview")
        or movie.get("spoken_languages")
        or (movie.get("keywords") or {}).get("keywords")
        or any(member.get("character") for member in (movie.get("credits") or {}).get("cast", ()))
    )


def base_snapshot(movie: dict) -> datetime:
    """When the snapshot a base record came from was taken."""
    if _from_popular_10k(movie):
        return POPULAR_10K
    return RECENT_2018_2025 if (movie.get("release_date") or "") >= "2018" else TMDB_5000


def change_snapshot(previous: datetime) -> datetime:
    """When the newer snapshot of a changed record was taken, from when the record it changes was."""
    if previous == TMDB_5000:
        return POPULAR_10K
    if previous == POPULAR_10K:
        return RECENT_2018_2025
    return previous + timedelta(days=1)  # no newer snapshot is known: a later file is at least a day later
