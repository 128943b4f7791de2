"""Which API keys the service accepts: CINELAKE_API_KEYS locally, a Secrets Manager secret when deployed.

The secret (`{"api_keys": "key1,key2"}`) is re-read every `SECRET_REFRESH_SECONDS`, so a rotated key takes effect
without a restart. A service configured with a secret never runs open: an empty or unreadable secret lets no one in.
"""

import json
import math
import threading
import time
from collections.abc import Callable

from botocore.exceptions import BotoCoreError, ClientError

from cinelake.config import Settings
from cinelake.errors import RetryableError

SECRET_REFRESH_SECONDS = 300.0


def parse_keys(keys: str) -> tuple[bytes, ...]:
    """A comma-separated list; blanks around keys are ignored."""
    return tuple(key.strip().encode() for key in keys.split(",") if key.strip())


class ApiKeys:
    def __init__(
        self, settings: Settings, secrets_client: Callable[[], object], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._secret_arn = settings.api_keys_secret_arn
        local = settings.cinelake_api_keys.get_secret_value() if settings.cinelake_api_keys else ""
        self._keys = parse_keys(local)
        self._secrets_client = secrets_client
        self._clock = clock
        self._lock = threading.Lock()
        self._read_at = -math.inf

    @property
    def required(self) -> bool:
        """Whether callers need a key: keys are configured, or a secret (which may hold none yet) is."""
        return bool(self._secret_arn or self._keys)

    @property
    def refresh_due(self) -> bool:
        """Whether `current` will read the secret (a call to AWS) rather than answer from memory."""
        return bool(self._secret_arn) and self._clock() - self._read_at >= SECRET_REFRESH_SECONDS

    def current(self) -> tuple[bytes, ...]:
        if self.refresh_due:
            with self._lock:
                if self.refresh_due:  # another thread may have just read it
                    self._keys = self._read_secret()
                    self._read_at = self._clock()
        return self._keys

    def _read_secret(self) -> tuple[bytes, ...]:
        try:
            text = self._secrets_client().get_secret_value(SecretId=self._secret_arn)["SecretString"]
        except (BotoCoreError, ClientError) as error:
            if self._keys:  # keep the keys read before rather than lock every caller out
                return self._keys
            raise RetryableError(f"cannot read the API keys secret: {type(error).__name__}") from error
        try:
            return parse_keys(json.loads(text)["api_keys"])
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise RetryableError('the API keys secret is not {"api_keys": "key1,key2"}') from error
