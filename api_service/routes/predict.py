from typing import Annotated

from fastapi import APIRouter, Path

from api_service.deps import CurrentModelDep, PoolDep, TrackRecordsDep
from api_service.schemas import BatchPrediction, BatchRequest, CatalogPrediction, MovieRequest, Prediction
from api_service.scoring import predict
from cinelake.adapters.model_data import ModelData
from cinelake.errors import NotFound

router = APIRouter(prefix="/predict", tags=["predict"])

# The track records are read inside each handler, not in a dependency: a dependency runs before the body is
# validated, so a bad body would get the database's 503 instead of its 422 whenever the database is down.


@router.post("", summary="The probability that one movie succeeds")
def predict_one(movie: MovieRequest, track_records: TrackRecordsDep, model: CurrentModelDep) -> Prediction:
    (prediction,) = predict(track_records.get(), model, [movie.inputs()])
    return prediction


@router.post("/batch", summary="Up to 1,000 movies, scored in one model call")
def predict_batch(batch: BatchRequest, track_records: TrackRecordsDep, model: CurrentModelDep) -> BatchPrediction:
    movies = [movie.inputs() for movie in batch.movies]
    return BatchPrediction(predictions=predict(track_records.get(), model, movies))


@router.get(
    "/{tmdb_id}",
    summary="A movie the database holds, scored from its stored pre-release features",
    responses={404: {"description": "the database holds no movie with this TMDB id"}},
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
