"""A Lambda handler for the local delivery tests: it records every call and fails when a message asks.

Each call is appended as one JSON line to the file RECORD_FILE names. A message whose body contains "poison"
is reported as a batch item failure; a message whose body is "crash" makes the whole call raise.
"""

import json
import os

CONTEXT_ATTRIBUTES = (
    "function_name",
    "function_version",
    "invoked_function_arn",
    "memory_limit_in_mb",
    "aws_request_id",
    "log_group_name",
    "log_stream_name",
)


def lambda_handler(event, context):
    call = {
        "function": context.function_name,
        "module": __name__,
        "event": event,
        "context": {name: getattr(context, name) for name in CONTEXT_ATTRIBUTES},
        "remaining_ms": context.get_remaining_time_in_millis(),
        "environment": {name: os.environ.get(name) for name in ("ROLE", "BUCKET")},
    }
    with open(os.environ["RECORD_FILE"], "a", encoding="utf-8") as calls:
        calls.write(json.dumps(call) + "\n")

    records = event.get("Records", []) if isinstance(event, dict) else []
    if any(record.get("body") == "crash" for record in records):
        raise RuntimeError("a message asked the handler to crash")
    return {
        "batchItemFailures": [
            {"itemIdentifier": record["messageId"]} for record in records if "poison" in record.get("body", "")
        ]
    }
