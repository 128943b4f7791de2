from fastapi import APIRouter

from api_service.deps import CurrentModelDep
from api_service.examples import MODEL_CARD, json_example

router = APIRouter(prefix="/model", tags=["model"])


@router.get(
    "",
    summary="The current model's card: what it is, what it saw, how well it does",
    responses={200: json_example(MODEL_CARD)},
)
def model_card(model: CurrentModelDep) -> dict:
    return model.card
