"""How a simulator instance behaves: where its catalogue comes from, its credentials, limits and faults."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path


def _today_utc() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class SimConfig:
    catalog_dir: Path | None = None  # folder with base.jsonl.gz + changes_N.jsonl.gz; None -> synthetic
    synthetic_movies: int = 2000
    synthetic_days: int = 7
    api_key: str = "cinelake-sim-key"  # accepted as ?api_key=
    read_access_token: str = "cinelake-sim-token"  # accepted as Authorization: Bearer
    rate_limit: float = 40.0  # requests/s token bucket over /3/*; 0 = unlimited
    error_rate: float = 0.0  # share of /3/* requests answered 500/502/503/504
    latency_ms: float = 0.0  # added to each /3/* request
    drop_rate: float = 0.0  # share of /3/* responses cut off mid-body (connection dropped)
    deleted_rate: float = 0.0  # share of catalogue ids that are gone: 404 on /movie/{id}, still in exports
    seed: int = 0
    start_date: date = field(default_factory=_today_utc)

    def __post_init__(self) -> None:
        for name in ("error_rate", "drop_rate", "deleted_rate"):
            share = getattr(self, name)
            if not 0.0 <= share <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {share}")
        if self.rate_limit < 0:
            raise ValueError(f"rate_limit must be >= 0 (0 = unlimited), got {self.rate_limit}")
        if self.latency_ms < 0:
            raise ValueError(f"latency_ms must be >= 0, got {self.latency_ms}")
