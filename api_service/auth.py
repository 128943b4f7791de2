"""API keys: when CINELAKE_API_KEYS is set, every resource but health and the docs needs `X-API-Key`."""

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Security
from fastapi.security import APIKeyHeader

from api_service.deps import SettingsDep

API_KEY_HEADER = APIKeyHeader(name="X-API-Key", auto_error=False, description="one of CINELAKE_API_KEYS")


def configured_keys(keys: str) -> list[bytes]:
    return [key.strip().encode() for key in keys.split(",") if key.strip()]


def require_api_key(settings: SettingsDep, given: Annotated[str | None, Security(API_KEY_HEADER)]) -> None:
    if settings.cinelake_api_keys is None:
        return  # the local demo runs without keys
    keys = configured_keys(settings.cinelake_api_keys.get_secret_value())
    if not keys:
        return
    candidate = (given or "").encode()
    # Compare against every key, each in constant time, so the time taken says nothing about which keys exist.
    matches = [hmac.compare_digest(candidate, key) for key in keys]
    if given is None or not any(matches):
        raise HTTPException(status_code=401, detail="a valid X-API-Key header is required")


ApiKeyDep = Depends(require_api_key)
