from fastapi import APIRouter

from api_service.deps import CurrentModelDep, PoolDep
from api_service.schemas import BatchPrediction, BatchRequest, MovieRequest, Prediction
from api_service.scoring import predict
from cinelake.adapters.model_data import ModelData

router = APIRouter(prefix="/predict", tags=["predict"])

# The connection is taken inside each handler, not as a dependency: a dependency runs before the body is validated,
# so a bad body would get the database's 503 instead of its 422 whenever the database is down.


@router.post("", summary="The probability that one movie succeeds")
def predict_one(movie: MovieRequest, pool: PoolDep, model: CurrentModelDep) -> Prediction:
    with pool.connection() as conn:
        (prediction,) = predict(ModelData(conn), model, [movie.inputs()])
    return prediction


@router.post("/batch", summary="Up to 1,000 movies, scored in one model call")
def predict_batch(batch: BatchRequest, pool: PoolDep, model: CurrentModelDep) -> BatchPrediction:
    with pool.connection() as conn:
        return BatchPrediction(predictions=predict(ModelData(conn), model, [movie.inputs() for movie in batch.movies]))
