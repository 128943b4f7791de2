"""What the adapters raise, and so what the pipeline does with a failure.

- RetryableError: try again later (TMDB 429/5xx, a dropped connection, a database timeout).
  In Lambda it propagates, so SQS redelivers and finally parks the record in a DLQ.
- PermanentError: retrying cannot help (bad data, a 4xx). The record is quarantined with the reason.
- NotFound: the thing is gone (TMDB 404, status_code 34). For a movie this becomes a tombstone.
- ConfigurationError: the settings do not name what a job needs (no database, half a login). Nothing to retry.
"""


class CineLakeError(Exception):
    """Base of every error CineLake raises on purpose."""


class RetryableError(CineLakeError):
    """A transient failure: the same call may succeed later."""


class PermanentError(CineLakeError):
    """A failure that retrying cannot fix."""


class NotFound(PermanentError):
    """The requested resource does not exist (any more)."""


class ConfigurationError(PermanentError):
    """The settings lack what the job needs: the message names the variables to set."""
