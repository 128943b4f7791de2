from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.concurrency import run_in_threadpool

from api_service.deps import CurrentModelDep, PoolDep, TrackRecordsDep
from api_service.examples import (
    BATCH_PREDICTION,
    CATALOG_PREDICTION,
    INVALID_ID,
    INVALID_MOVIE,
    PREDICTION,
    UNKNOWN_MOVIE,
    json_example,
)
from api_service.schemas import BatchPrediction, BatchRequest, CatalogPrediction, MovieRequest, Prediction
from api_service.scoring import predict
from cinelake.adapters.model_data import ModelData
from cinelake.errors import NotFound

router = APIRouter(prefix="/predict", tags=["predict"])

# The track records are read inside each handler, not in a dependency: a dependency runs before the body is
# validated, so a bad body would get the database's 503 instead of its 422 whenever the database is down.
# One movie is scored on the event loop (about 0.3 ms of work, no I/O once the track records are held: their
# refresh runs in its own thread); a batch or a database read goes to the thread pool.


@router.post(
    "",
    summary="The probability that one movie succeeds",
    responses={200: json_example(PREDICTION), **INVALID_MOVIE},
)
async def predict_one(movie: MovieRequest, track_records: TrackRecordsDep, model: CurrentModelDep) -> Prediction:
    # the first build reads the database (seconds, or a timeout): never on the event loop
    book = track_records.get() if track_records.ready else await run_in_threadpool(track_records.get)
    (prediction,) = predict(book, model, [movie])
    return prediction


@router.post(
    "/batch",
    summary="Up to 1,000 movies, scored in one model call",
    responses={200: json_example(BATCH_PREDICTION), **INVALID_MOVIE},
)
def predict_batch(batch: BatchRequest, track_records: TrackRecordsDep, model: CurrentModelDep) -> BatchPrediction:
    return BatchPrediction(predictions=predict(track_records.get(), model, batch.movies))


@router.get(
    "/{tmdb_id}",
    summary="A movie the database holds, scored from its stored pre-release features",
    responses={200: json_example(CATALOG_PREDICTION), **UNKNOWN_MOVIE, **INVALID_ID},
)
def predict_catalog_movie(
    tmdb_id: Annotated[int, Path(gt=0, le=2**31 - 1, description="TMDB movie id", examples=[137113])],
    pool: PoolDep,
    track_records: TrackRecordsDep,
    model: CurrentModelDep,
) -> CatalogPrediction:
    with pool.connection() as conn:
        movie = ModelData(conn).catalog_movie(tmdb_id)
    if movie is None:
        raise NotFound(f"no movie with TMDB id {tmdb_id} is in the database; POST its features to /predict")
    (prediction,) = predict(track_records.get(), model, [movie.inputs])
    return CatalogPrediction(tmdb_id=tmdb_id, **prediction.model_dump())
