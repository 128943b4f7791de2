"""The template reader: the project's real template.yaml, and small inline templates with short-form tags."""

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from cinelake.adapters.pipeline_counts import dead_letter_queue_names
from cinelake.config import Settings
from cinelake.local.template import PROJECT_TEMPLATE, Wiring, parse_wiring, project_wiring
from cinelake.local.template_yaml import TemplateError, load_template

pytestmark = pytest.mark.unit

REPO_ROOT = Path(__file__).resolve().parents[2]
LAMBDA_TO_SQS_VISIBILITY_FACTOR = 6  # AWS: a queue's VisibilityTimeout >= 6x its consumer's Timeout


@pytest.fixture(scope="module")
def wiring() -> Wiring:
    return project_wiring(Settings())


def parse(text: str, parameters: dict[str, str] | None = None) -> Wiring:
    return parse_wiring(load_template(textwrap.dedent(text)), Path("/stack"), parameters or {})


# ---- The project's template.yaml ---------------------------------------------------------------------------


def test_the_project_template_is_the_one_at_the_repository_root() -> None:
    # The tests run from the repository's root, as `make test` does, and as the local stack and `sam` run
    assert PROJECT_TEMPLATE.resolve() == REPO_ROOT / "template.yaml"


def test_the_functions_run_app_lambda_handler_from_their_folders(wiring: Wiring) -> None:
    # GIVEN the project's template
    # THEN each function's code is functions/<name>/app.py, entry point lambda_handler
    expected = {
        "ExtractBulkFunction": "extract_bulk",
        "ExtractChangesFunction": "extract_changes",
        "EnrichFunction": "enrich",
        "LoadFunction": "load",
        "MigrateFunction": "migrate",
    }
    assert set(wiring.functions) == set(expected)
    for logical_id, folder in expected.items():
        function = wiring.functions[logical_id]
        assert function.handler_file == REPO_ROOT / "functions" / folder / "app.py"
        assert function.handler_function == "lambda_handler"


def test_the_bulk_ids_and_load_queues_feed_their_functions(wiring: Wiring) -> None:
    sources = {source.function_id: source for source in wiring.sqs_sources}
    assert set(sources) == {"ExtractBulkFunction", "EnrichFunction", "LoadFunction"}

    bulk = sources["ExtractBulkFunction"]
    assert (bulk.queue_id, bulk.batch_size) == ("BulkQueue", 1)

    enrich = sources["EnrichFunction"]
    assert enrich.queue_id == "IdsQueue"
    assert enrich.batch_size == 50
    assert enrich.batching_window_seconds > 0  # SQS allows a batch above 10 only with a window
    assert enrich.report_batch_item_failures

    load = sources["LoadFunction"]
    assert load.queue_id == "LoadQueue"
    assert load.batch_size <= 10
    assert load.report_batch_item_failures


def test_each_source_queue_has_a_dead_letter_queue_and_outlasts_its_consumer(wiring: Wiring) -> None:
    for source in wiring.sqs_sources:
        queue = wiring.queues[source.queue_id]
        consumer = wiring.functions[source.function_id]
        # A failing message is parked after a few attempts ...
        assert queue.dead_letter_queue_id is not None
        assert queue.max_receive_count == 5
        # ... and a batch in progress never becomes visible to a second poller.
        minimum = LAMBDA_TO_SQS_VISIBILITY_FACTOR * consumer.timeout + source.batching_window_seconds
        assert queue.visibility_timeout >= minimum, source.queue_id
        # The dead-letter queue keeps messages longer than the queue it serves.
        dead_letter_queue = wiring.queues[queue.dead_letter_queue_id]
        assert dead_letter_queue.message_retention_seconds > queue.message_retention_seconds


def test_new_raw_movies_in_the_lake_notify_the_load_queue(wiring: Wiring) -> None:
    (bucket,) = wiring.buckets.values()
    (notification,) = bucket.queue_notifications
    assert notification.queue_id == "LoadQueue"
    assert notification.event == "s3:ObjectCreated:*"
    assert notification.prefix == "raw/movies/"
    assert notification.suffix is None


def test_extract_changes_runs_daily_after_tmdb_publishes(wiring: Wiring) -> None:
    (schedule,) = wiring.schedules
    assert schedule.function_id == "ExtractChangesFunction"
    assert schedule.expression == "cron(30 8 * * ? *)"
    assert schedule.timezone == "UTC"
    # The handler is told which day it runs for.
    assert json.loads(schedule.input)["scheduled_time"] == "<aws.scheduler.scheduled-time>"


def test_physical_names_come_from_the_settings(wiring: Wiring) -> None:
    # GIVEN settings that name the bucket and the queues
    settings = Settings(
        data_lake_bucket="lake-x", ids_queue_name="ids-x", load_queue_name="load-x", bulk_queue_name="bulk-x"
    )
    # WHEN the wiring is read with them
    named = project_wiring(settings)
    # THEN the resources carry those names, the dead-letter queues "<name>-dlq"
    assert named.buckets["DataLakeBucket"].name == "lake-x"
    assert {queue_id: queue.name for queue_id, queue in named.queues.items()} == {
        "IdsQueue": "ids-x",
        "IdsDeadLetterQueue": "ids-x-dlq",
        "LoadQueue": "load-x",
        "LoadDeadLetterQueue": "load-x-dlq",
        "BulkQueue": "bulk-x",
        "BulkDeadLetterQueue": "bulk-x-dlq",
        "ChangesScheduleDeadLetterQueue": "cinelake-local-changes-schedule-dlq",
    }
    # AND every function is told the same names
    for function in named.functions.values():
        assert function.environment["DATA_LAKE_BUCKET"] == "lake-x"
        assert function.environment["IDS_QUEUE_NAME"] == "ids-x"
        assert function.environment["LOAD_QUEUE_NAME"] == "load-x"
        assert function.environment["BULK_QUEUE_NAME"] == "bulk-x"


def test_the_default_names_are_the_settings_defaults(wiring: Wiring) -> None:
    defaults = Settings()
    assert wiring.buckets["DataLakeBucket"].name == defaults.data_lake_bucket
    assert wiring.queues["IdsQueue"].name == defaults.ids_queue_name
    assert wiring.queues["LoadQueue"].name == defaults.load_queue_name


def test_the_project_template_passes_cfn_lint() -> None:
    cfnlint_api = pytest.importorskip("cfnlint.api", reason="cfn-lint is not installed")
    matches = cfnlint_api.lint_file(PROJECT_TEMPLATE, config=cfnlint_api.ManualArgs())
    assert [str(match) for match in matches] == []


# ---- Short-form tags -----------------------------------------------------------------------------------------


def test_short_form_tags_load_as_their_long_forms() -> None:
    document = load_template(
        """
        a: !Ref Bucket
        b: !GetAtt Queue.Arn
        c: !GetAtt [Queue, QueueName]
        d: !Sub "${Name}-dlq"
        e: !Sub ["${x}/y", {x: !Ref Name}]
        f: !Join [":", [a, !Ref Name]]
        g: !If [IsProd, 1, 2]
        h: !Equals [!Ref Stage, prod]
        i: !Condition IsProd
        j: !Select [0, !GetAZs ""]
        k: !GetAtt Database.Endpoint.Address
        """
    )
    assert document == {
        "a": {"Ref": "Bucket"},
        "b": {"Fn::GetAtt": ["Queue", "Arn"]},
        "c": {"Fn::GetAtt": ["Queue", "QueueName"]},
        "d": {"Fn::Sub": "${Name}-dlq"},
        "e": {"Fn::Sub": ["${x}/y", {"x": {"Ref": "Name"}}]},
        "f": {"Fn::Join": [":", ["a", {"Ref": "Name"}]]},
        "g": {"Fn::If": ["IsProd", 1, 2]},
        "h": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
        "i": {"Condition": "IsProd"},
        "j": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
        "k": {"Fn::GetAtt": ["Database", "Endpoint.Address"]},
    }


def test_unknown_tags_are_not_objects() -> None:
    # The loader is a SafeLoader: Python tags are refused, not constructed.
    with pytest.raises(yaml.YAMLError, match="python/object"):
        load_template("a: !!python/object/apply:os.getcwd []")


# ---- Inline templates ----------------------------------------------------------------------------------------

SMALL_TEMPLATE = """
    Parameters:
      QueueName: {Type: String, Default: jobs}
      BucketName: {Type: String}
    Globals:
      Function:
        Timeout: 20
        CodeUri: code/
        Environment:
          Variables:
            SHARED: yes-shared
            QUEUE: !GetAtt Jobs.QueueName
            QUEUE_ARN: !GetAtt [Jobs, Arn]
            BUCKET: !Ref Lake
            WHERE: !Sub "${AWS::Region}/${AWS::AccountId}/${Lake.Arn}/${!Literal}"
            JOINED: !Join ["-", [!Ref QueueName, x]]
    Resources:
      Worker:
        Type: AWS::Serverless::Function
        Properties:
          Handler: handlers.work.run
          Timeout: 45
          Environment:
            Variables:
              SHARED: overridden
              OWN: mine
          Events:
            Jobs:
              Type: SQS
              Properties:
                Queue: !GetAtt Jobs.Arn
            Nightly:
              Type: ScheduleV2
              Properties:
                Name: nightly
                ScheduleExpression: rate(1 day)
      Jobs:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Ref QueueName
          RedrivePolicy:
            deadLetterTargetArn: !GetAtt JobsDlq.Arn
            maxReceiveCount: "2"
      JobsDlq:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub "${QueueName}-dlq"
      Lake:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: !Ref BucketName
          NotificationConfiguration:
            QueueConfigurations:
              - Event: s3:ObjectCreated:Put
                Queue: !Ref Jobs
                Filter: {S3Key: {Rules: [{Name: Suffix, Value: .json}]}}
"""


def test_globals_merge_into_functions_as_sam_merges_them() -> None:
    # GIVEN a function that overrides one global variable and the Timeout
    wiring = parse(SMALL_TEMPLATE, {"BucketName": "lake"})
    worker = wiring.functions["Worker"]
    # THEN scalars are overridden, maps merged, and the code folder is taken from the template's folder
    assert worker.timeout == 45
    assert worker.memory_size == 128  # AWS's default
    assert worker.code_dir == Path("/stack/code")
    assert worker.handler_file == Path("/stack/code/handlers/work.py")
    assert worker.handler_function == "run"
    assert worker.environment == {
        "SHARED": "overridden",
        "OWN": "mine",
        "QUEUE": "jobs",
        "QUEUE_ARN": "arn:aws:sqs:us-east-1:123456789012:jobs",
        "BUCKET": "lake",
        "WHERE": "us-east-1/123456789012/arn:aws:s3:::lake/${Literal}",
        "JOINED": "jobs-x",
    }


def test_references_resolve_to_logical_ids_and_defaults_apply() -> None:
    wiring = parse(SMALL_TEMPLATE, {"BucketName": "lake", "QueueName": "work"})
    # An SQS event without BatchSize or response types gets Lambda's defaults.
    (source,) = wiring.sqs_sources
    assert (source.queue_id, source.batch_size, source.batching_window_seconds) == ("Jobs", 10, 0)
    assert not source.report_batch_item_failures
    # The redrive policy names its dead-letter queue by logical id; the name follows the parameter.
    assert wiring.queues["Jobs"].dead_letter_queue_id == "JobsDlq"
    assert wiring.queues["Jobs"].max_receive_count == 2
    assert wiring.queues["Jobs"].visibility_timeout == 30  # SQS's default
    assert wiring.queues["JobsDlq"].name == "work-dlq"
    # A notification may point at its queue with !Ref too; filter rule names are case-insensitive.
    (notification,) = wiring.buckets["Lake"].queue_notifications
    assert (notification.queue_id, notification.prefix, notification.suffix) == ("Jobs", None, ".json")
    # A named schedule keeps its name and has no Input.
    (schedule,) = wiring.schedules
    assert (schedule.name, schedule.function_id, schedule.input) == ("nightly", "Worker", None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t, "parameter BucketName has no Default"),
        (lambda t: t.replace("QueueName: !Ref QueueName", "VisibilityTimeout: 5"), "has no QueueName"),
        (lambda t: t.replace("Type: SQS", "Type: Api"), "cannot deliver 'Api' events"),
        (lambda t: t.replace("Queue: !GetAtt Jobs.Arn", "Queue: !GetAtt Lake.Arn"), "not an AWS::SQS::Queue"),
        (lambda t: t.replace("BUCKET: !Ref Lake", "BUCKET: !Ref Jobs"), "queue's URL"),
        (lambda t: t.replace("!GetAtt JobsDlq.Arn", "!GetAtt Nowhere.Arn"), "Nowhere is not a resource"),
        (lambda t: t.replace("QueueConfigurations:", "TopicConfigurations:"), "queues only"),
        (lambda t: t.replace("Handler: handlers.work.run", "Handler: run"), "Handler"),
    ],
)
def test_what_a_local_run_cannot_honour_is_an_error(change, message: str) -> None:
    parameters = {} if "BucketName" in message else {"BucketName": "lake"}
    with pytest.raises(TemplateError, match=message):
        parse(change(SMALL_TEMPLATE), parameters)


def test_a_parameter_the_template_does_not_declare_is_an_error() -> None:
    with pytest.raises(TemplateError, match="Bukket"):
        parse(SMALL_TEMPLATE, {"BucketName": "lake", "Bukket": "typo"})


def test_the_dead_letter_queues_counted_are_the_templates_redrive_targets(wiring: Wiring) -> None:
    # GIVEN the project's template; THEN /stats and the pipeline summary count exactly its redrive targets
    targets = {wiring.queues[q.dead_letter_queue_id].name for q in wiring.queues.values() if q.dead_letter_queue_id}
    assert targets == set(dead_letter_queue_names(Settings()))
