"""Score movies as training built their rows: each name's track record read from the database before release."""

from datetime import date

from api_service.model_registry import LoadedModel
from api_service.schemas import Prediction
from cinelake.adapters.model_data import ModelData
from cinelake.domain.features import ROLES, MovieInputs, TrackRecordBook, feature_row, tracked_names
from cinelake.services.model_inputs import feature_frame


def feature_rows(data: ModelData, movies: list[MovieInputs]) -> list[dict]:
    """One feature row per movie, from one credits query for the whole list.

    The book holds the credits of every name before the latest release date; `records_for` then counts, for each
    movie, only films released strictly before its own date, so each row is the one training built.
    A movie without a release date counts every film on record.
    """
    names = {role: sorted({name for movie in movies for name in tracked_names(movie)[role]}) for role in ROLES}
    dates = [movie.release_date for movie in movies]
    before = None if None in dates else max(dates)
    book = TrackRecordBook(data.past_credits(names, before=before))
    return [feature_row(movie, book.records_for(movie, movie.release_date or date.max)) for movie in movies]


def predict(data: ModelData, model: LoadedModel, movies: list[MovieInputs]) -> list[Prediction]:
    probabilities = model.probabilities(feature_frame(feature_rows(data, movies)))
    return [
        Prediction(
            success_probability=float(p),
            success=bool(p >= model.threshold),
            threshold=model.threshold,
            model_version=model.version,
        )
        for p in probabilities
    ]
