from fastapi import APIRouter
from starlette.responses import Response

from cinelake.sim.deps import SimStateDep

router = APIRouter(prefix="/p/exports", tags=["exports"])

# What S3 behind CloudFront answers for a missing key: not a TMDB JSON body.
NO_SUCH_KEY = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"
)


def missing_export() -> Response:
    return Response(NO_SUCH_KEY, status_code=404, media_type="application/xml")


@router.get("/{file_name}")
async def export_file(file_name: str, sim: SimStateDep) -> Response:
    content = sim.exports.file(file_name)
    if content is None:
        return missing_export()
    return Response(content, media_type="application/octet-stream")
