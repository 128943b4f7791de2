from fastapi import APIRouter

from api_service.deps import CurrentModelDep

router = APIRouter(prefix="/model", tags=["model"])


@router.get("", summary="The current model's card: what it is, what it saw, how well it does")
def model_card(model: CurrentModelDep) -> dict:
    return model.card
