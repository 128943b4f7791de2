"""API keys and rate limits: when keys are configured, every resource but health and the docs needs `X-API-Key`.

Each key gets its own budget of cost units a minute, shared by every worker when the workers share a store; a
request costs its route's units (rate_limit.ROUTE_COSTS). Without keys, each client address gets a budget.
"""

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader

from api_service.deps import ApiKeysDep, RateLimiterDep, current_of
from api_service.rate_limit import retry_after_header, route_cost

API_KEY_HEADER = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="one of CINELAKE_API_KEYS (deployed: of the API keys secret)"
)


async def require_api_key(api_keys: ApiKeysDep, given: Annotated[str | None, Security(API_KEY_HEADER)]) -> str | None:
    """The caller's key, or None when no keys are configured."""
    if not api_keys.required:
        return None  # the local demo runs without keys
    keys = await current_of(api_keys)
    candidate = (given or "").encode()
    # Compare against every key, each in constant time, so the time taken says nothing about which keys exist.
    matches = [hmac.compare_digest(candidate, key) for key in keys]
    if given is None or not any(matches):
        raise HTTPException(status_code=401, detail="a valid X-API-Key header is required")
    return given.strip()


async def limit_rate(
    request: Request, limiter: RateLimiterDep, key: Annotated[str | None, Depends(require_api_key)]
) -> None:
    # The limiter holds a digest of the key, never the key itself.
    caller = (
        "key:" + hashlib.sha256(key.encode()).hexdigest()
        if key
        else f"address:{request.client.host if request.client else None}"
    )
    cost = route_cost(getattr(request.scope.get("route"), "path", request.url.path))
    wait = limiter.take(caller, cost)
    if wait > 0:
        raise HTTPException(
            status_code=429,
            detail=f"over the budget of {limiter.capacity:.0f} units a minute (this request costs {cost}); "
            "retry after the Retry-After seconds",
            headers={"Retry-After": retry_after_header(wait)},
        )


CallerDep = Depends(limit_rate)
