"""Score movies as training built their rows: each name's track record counted over films released before."""

from datetime import date

from api_service.model_registry import LoadedModel
from api_service.schemas import Prediction
from cinelake.domain.features import MovieInputs, TrackRecordBook, feature_row


def feature_rows(book: TrackRecordBook, movies: list[MovieInputs], lag_days: int | None = None) -> list[dict]:
    """One feature row per movie. The book counts only films released at least `lag_days` (the model's) before the
    movie's own date, so each row is the one training built; a movie without a release date counts every film on
    record."""
    return [feature_row(movie, book.records_for(movie, movie.release_date or date.max, lag_days)) for movie in movies]


def predict(book: TrackRecordBook, model: LoadedModel, movies: list[MovieInputs]) -> list[Prediction]:
    probabilities = model.probabilities(feature_rows(book, movies, model.lag_days))
    return [
        Prediction(
            success_probability=float(p),
            success=bool(p >= model.threshold),
            threshold=model.threshold,
            model_version=model.version,
        )
        for p in probabilities
    ]
