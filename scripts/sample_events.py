"""Regenerate events/ from SAM's own event shapes (`sam local generate-event`), filled with CineLake's bodies.

    python scripts/sample_events.py --sam .sam-venv/bin/sam            # rewrite events/*.json
    python scripts/sample_events.py --sam .sam-venv/bin/sam --check    # fail if events/ differs (make deploy-checks)

`make sample-events` runs the first. SAM has shapes for the SQS records (every queue-fed function), the S3 put
notification that the load queue carries, and CloudFormation's create request (the migrations' custom resource).
It has none for EventBridge Scheduler or S3's `s3:TestEvent`: the schedule's sample is the template's Input with
Scheduler's context attributes filled in, and the test event's body is the one S3 sends, inside SAM's SQS record.

What each sample does when a handler runs it is pinned by tests/integration/test_sample_events.py.
"""

import argparse
import difflib
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from cinelake.local.template import PROJECT_TEMPLATE
from cinelake.local.template_yaml import load_template

REPO_ROOT = Path(__file__).resolve().parents[1]
EVENTS_DIR = REPO_ROOT / "events"
REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
STACK = "cinelake-dev"
BUCKET = "cinelake-data-lake"  # the template's default names: the tests rewrite them to the local stack's

# The enrich sample's first message is the one whose object the load sample names (the object key is the
# message id), so the samples can be run one after the other.
ENRICH_MESSAGES = [
    ("6a3f7c1e-2b5d-4d8e-9f10-1a2b3c4d5e6f", {"ids": [550, 551, 552, 603, 13], "source": "bulk", "day": "2024-05-01"}),
    ("0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d", {"ids": [27205, 155], "source": "changes", "day": "2024-05-01"}),
]
LOAD_OBJECT_KEY = f"raw/movies/dt=2024-05-01/{ENRICH_MESSAGES[0][0]}.ndjson.gz"
SCHEDULED_TIME = "2024-05-02T08:30:00Z"
S3_TEST_EVENT = {
    "Service": "Amazon S3",
    "Event": "s3:TestEvent",
    "Time": "2024-05-01T08:00:03.145Z",
    "Bucket": BUCKET,
    "RequestId": "5582815E1AEA5ADF",
    "HostId": "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE",
}


class Sam:
    def __init__(self, executable: str) -> None:
        self.executable = executable

    def event(self, service: str, kind: str, *options: str) -> dict[str, Any]:
        command = [self.executable, "local", "generate-event", service, kind, *options]
        result = subprocess.run(command, capture_output=True, text=True, check=False, env=_sam_environment())
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
        return json.loads(result.stdout)

    def sqs_record(self, queue_name: str, message_id: str, body: str) -> dict[str, Any]:
        # SAM pastes --body into its JSON template as it is: give it the body escaped as a JSON string's inside.
        generated = self.event(
            "sqs", "receive-message", "--region", REGION, "--account-id", ACCOUNT_ID, "--queue-name", queue_name,
            "--body", json.dumps(body)[1:-1],
        )  # fmt: skip
        (record,) = generated["Records"]
        if record["body"] != body:
            raise SystemExit(f"SAM changed the body {body!r} into {record['body']!r}")
        record["messageId"] = message_id
        record["md5OfBody"] = hashlib.md5(body.encode()).hexdigest()  # what SQS computes, for the body as sent
        return record


def _sam_environment() -> dict[str, str]:
    return {**os.environ, "SAM_CLI_TELEMETRY": "0"}


def compact(document: dict[str, Any]) -> str:
    return json.dumps(document, separators=(",", ":"))


def samples(sam: Sam) -> dict[str, dict[str, Any]]:
    template = load_template(PROJECT_TEMPLATE.read_text(encoding="utf-8"))
    defaults = {name: spec.get("Default") for name, spec in template["Parameters"].items()}
    ids_queue, load_queue, bulk_queue = (defaults[p] for p in ("IdsQueueName", "LoadQueueName", "BulkQueueName"))

    notification = sam.event("s3", "put", "--region", REGION, "--bucket", BUCKET, "--key", LOAD_OBJECT_KEY)
    schedule = template["Resources"]["ExtractChangesFunction"]["Properties"]["Events"]["DailyChanges"]["Properties"]
    migrations = template["Resources"]["DatabaseMigrations"]["Properties"]
    migrate = sam.event("cloudformation", "create-request", "--region", REGION, "--stack", STACK)
    service_token = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{STACK}-MigrateFunction-Q1w2E3r4T5y6"
    migrate.update(
        ServiceToken=service_token,
        # A pre-signed S3 URL, as CloudFormation sends it (the tests point it at a local stand-in).
        ResponseURL="https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/"
        f"arn%3Aaws%3Acloudformation%3A{REGION}%3A{ACCOUNT_ID}%3Astack%2F{STACK}%2Fguid%7CDatabaseMigrations"
        "%7C8c1f0e2d-3b4a-4c5d-9e6f-7a8b9c0d1e2f?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240501T081500Z"
        "&X-Amz-SignedHeaders=host&X-Amz-Expires=7200&X-Amz-Credential=AKIA6EXAMPLEEXAMPLE%2F20240501%2F"
        f"{REGION}%2Fs3%2Faws4_request&X-Amz-Signature=3f5a1d6c0c2e1b9a8f7e6d5c4b3a29180f7e6d5c4b3a2918abcdef012345",
        RequestId="8c1f0e2d-3b4a-4c5d-9e6f-7a8b9c0d1e2f",
        ResourceType="AWS::CloudFormation::CustomResource",
        LogicalResourceId="DatabaseMigrations",
        # The custom resource's properties, as the template sets them and CloudFormation sends them (as strings).
        ResourceProperties={
            "ServiceToken": service_token,
            "ServiceTimeout": str(migrations["ServiceTimeout"]),
            "CodeVersion": f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:layer:CineLakeLayer:7",
            "DatabaseEndpoint": f"{STACK}-database-abcdefghijkl.cxyz0example.{REGION}.rds.amazonaws.com",
        },
    )
    return {
        "enrich_ids_batch.json": {
            "Records": [sam.sqs_record(ids_queue, message_id, compact(body)) for message_id, body in ENRICH_MESSAGES]
        },
        "extract_bulk_run.json": {
            "Records": [sam.sqs_record(bulk_queue, "7f6e5d4c-3b2a-4918-8776-655443322110", '{"day": "2024-05-01"}')]
        },
        "extract_changes_schedule.json": scheduler_payload(schedule["Input"], schedule["Name"]),
        "load_object_created.json": {
            "Records": [sam.sqs_record(load_queue, "2e1d0c9b-8a7f-4e6d-9c5b-4a3f2e1d0c9b", compact(notification))]
        },
        "load_s3_test_event.json": {
            "Records": [sam.sqs_record(load_queue, "d1c2b3a4-9e8f-4d7c-8b6a-5f4e3d2c1b0a", compact(S3_TEST_EVENT))]
        },
        "migrate_create.json": migrate,
    }


def scheduler_payload(template_input: str, name: Any) -> dict[str, Any]:
    """The schedule's Input as EventBridge Scheduler fills it in (its Name is `${AWS::StackName}-...`)."""
    schedule_name = name["Fn::Sub"].replace("${AWS::StackName}", STACK)
    context_attributes = {
        "<aws.scheduler.scheduled-time>": SCHEDULED_TIME,
        "<aws.scheduler.schedule-arn>": f"arn:aws:scheduler:{REGION}:{ACCOUNT_ID}:schedule/default/{schedule_name}",
        "<aws.scheduler.execution-id>": "b2c8f9a0-4d1e-4c3b-9a7f-8e6d5c4b3a21",
    }
    payload = template_input
    for attribute, value in context_attributes.items():
        payload = payload.replace(attribute, value)
    return json.loads(payload)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sam", default="sam", help="the sam executable (make passes .sam-venv's)")
    parser.add_argument("--check", action="store_true", help="change nothing; fail if events/ differs")
    args = parser.parse_args()
    stale = []
    for name, document in samples(Sam(args.sam)).items():
        text = json.dumps(document, indent=2) + "\n"
        path = EVENTS_DIR / name
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if text == current:
            continue
        if args.check:
            stale.append(name)
            sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True), name, name))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO_ROOT)}")
    if stale:
        print(f"events/ is not what SAM generates: {', '.join(stale)}. Run: make sample-events", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
