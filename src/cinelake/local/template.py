"""The wiring in template.yaml, read into plain dataclasses for the local stack.

The local stack provisions moto and delivers events from what this module returns, so a local run follows
the same wiring as a deployment: which queue feeds which function, batch sizes, ReportBatchItemFailures,
redrive policies, visibility timeouts, the S3 notification with its filter, and the schedules.

It reads the part of CloudFormation and SAM the project uses, and says so (TemplateError) when a template
asks for something a local run could not honour, rather than silently skipping it. The YAML is read by
template_yaml.py, the intrinsic functions resolved by intrinsics.py.

Physical names: queues and buckets must carry a QueueName/BucketName, given as template Parameters. A local
run sets those parameters from the settings (`parameters_from_settings`), the way a deployment sets them with
--parameter-overrides; the template derives every other name from them (e.g. "${IdsQueueName}-dlq").
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cinelake.config import Settings
from cinelake.local.intrinsics import S3_BUCKET, SQS_QUEUE, NotLocal, Resolver, resource_properties
from cinelake.local.template_yaml import TemplateError, load_template

# The project's template, found as `sam` finds it: in the working folder (the checkout, where the local stack runs).
PROJECT_TEMPLATE = Path("template.yaml")
MOTO_ACCOUNT_ID = "123456789012"  # the account moto answers as

SERVERLESS_FUNCTION = "AWS::Serverless::Function"
REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures"

# Defaults that AWS applies when the template leaves a property out.
DEFAULT_FUNCTION_TIMEOUT = 3
DEFAULT_FUNCTION_MEMORY = 128
DEFAULT_SQS_BATCH_SIZE = 10
DEFAULT_VISIBILITY_TIMEOUT = 30


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    code_dir: Path
    handler_module: str  # dotted module path inside code_dir, e.g. "app"
    handler_function: str  # e.g. "lambda_handler"
    timeout: int  # seconds
    memory_size: int  # MB
    environment: Mapping[str, str]
    # Every variable the template declares, those a local run leaves out included: `sam local invoke --env-vars`
    # can set only these (cinelake.local.sam_env fills each one in).
    declared_variables: tuple[str, ...] = ()

    @property
    def handler_file(self) -> Path:
        return self.code_dir.joinpath(*self.handler_module.split(".")).with_suffix(".py")


@dataclass(frozen=True)
class QueueSpec:
    logical_id: str
    name: str
    visibility_timeout: int  # seconds
    dead_letter_queue_id: str | None = None
    max_receive_count: int | None = None
    message_retention_seconds: int | None = None


@dataclass(frozen=True)
class SqsEventSource:
    """A queue feeding a function: the event source mapping SAM creates for an `SQS` event."""

    function_id: str
    queue_id: str
    batch_size: int
    batching_window_seconds: int
    report_batch_item_failures: bool


@dataclass(frozen=True)
class QueueNotification:
    """S3 sends `event` notifications for keys matching prefix/suffix to a queue."""

    queue_id: str
    event: str  # e.g. "s3:ObjectCreated:*"
    prefix: str | None = None
    suffix: str | None = None


@dataclass(frozen=True)
class BucketSpec:
    logical_id: str
    name: str
    queue_notifications: tuple[QueueNotification, ...] = ()


@dataclass(frozen=True)
class ScheduleSpec:
    """A `ScheduleV2` event: EventBridge Scheduler invokes `function_id` with `input`."""

    name: str
    function_id: str
    expression: str  # e.g. "cron(30 8 * * ? *)"
    timezone: str
    input: str | None  # JSON, possibly holding context attributes such as <aws.scheduler.scheduled-time>


@dataclass(frozen=True)
class Wiring:
    region: str
    account_id: str
    parameters: Mapping[str, str]
    functions: Mapping[str, FunctionSpec]
    queues: Mapping[str, QueueSpec]
    buckets: Mapping[str, BucketSpec]
    sqs_sources: tuple[SqsEventSource, ...]
    schedules: tuple[ScheduleSpec, ...]

    def schedule(self, name: str) -> ScheduleSpec:
        for schedule in self.schedules:
            if schedule.name == name:
                return schedule
        raise TemplateError(f"no schedule named {name!r}; the template has {[s.name for s in self.schedules]}")

    def queue_arn(self, queue_id: str) -> str:
        return f"arn:aws:sqs:{self.region}:{self.account_id}:{self.queues[queue_id].name}"

    def function_arn(self, function_id: str) -> str:
        # Locally a function's name is its logical id.
        return f"arn:aws:lambda:{self.region}:{self.account_id}:function:{function_id}"

    def schedule_arn(self, name: str) -> str:
        return f"arn:aws:scheduler:{self.region}:{self.account_id}:schedule/default/{name}"


def parameters_from_settings(settings: Settings) -> dict[str, str]:
    """The template parameters of a local run: the names and the TMDB budget the code reads from its settings.

    This is the one place that maps settings to physical names; the template derives the rest.
    """
    return {
        "DataLakeBucketName": settings.data_lake_bucket,
        "IdsQueueName": settings.ids_queue_name,
        "LoadQueueName": settings.load_queue_name,
        "BulkQueueName": settings.bulk_queue_name,
        "TmdbRequestsPerSecondPerPoller": f"{settings.tmdb_rate_limit:g}",
    }


def project_wiring(settings: Settings, template_path: Path = PROJECT_TEMPLATE) -> Wiring:
    """The project's wiring, with the physical names the settings give."""
    return read_wiring(template_path, parameters_from_settings(settings), region=settings.aws_default_region)


def read_wiring(
    template_path: Path,
    parameters: Mapping[str, str] | None = None,
    *,
    region: str = "us-east-1",
    account_id: str = MOTO_ACCOUNT_ID,
) -> Wiring:
    """Read a template file; relative CodeUris are taken from the template's folder, as SAM does."""
    document = load_template(template_path.read_text(encoding="utf-8"))
    return parse_wiring(
        document, template_path.resolve().parent, parameters or {}, region=region, account_id=account_id
    )


def parse_wiring(
    document: Mapping[str, Any],
    base_dir: Path,
    parameters: Mapping[str, str],
    *,
    region: str = "us-east-1",
    account_id: str = MOTO_ACCOUNT_ID,
) -> Wiring:
    resources: dict[str, Any] = document.get("Resources") or {}
    declared = document.get("Parameters") or {}
    values = _parameter_values(declared, parameters)
    resolver = Resolver(resources, declared, values, region=region, account_id=account_id)
    resolver.name_resources()

    queues = {
        logical_id: _queue(logical_id, resource_properties(resource), resolver)
        for logical_id, resource in resources.items()
        if resource.get("Type") == SQS_QUEUE
    }
    buckets = {
        logical_id: _bucket(logical_id, resource_properties(resource), resolver)
        for logical_id, resource in resources.items()
        if resource.get("Type") == S3_BUCKET
    }
    function_globals = ((document.get("Globals") or {}).get("Function")) or {}
    functions: dict[str, FunctionSpec] = {}
    sqs_sources: list[SqsEventSource] = []
    schedules: list[ScheduleSpec] = []
    for logical_id, resource in resources.items():
        if resource.get("Type") != SERVERLESS_FUNCTION:
            continue
        properties = _merge_globals(function_globals, resource_properties(resource))
        functions[logical_id] = _function(logical_id, properties, base_dir, resolver)
        for event_name, event in (properties.get("Events") or {}).items():
            source = _event_source(logical_id, event_name, event, resolver)
            if isinstance(source, SqsEventSource):
                sqs_sources.append(source)
            else:
                schedules.append(source)

    wiring = Wiring(
        region=region,
        account_id=account_id,
        parameters=values,
        functions=functions,
        queues=queues,
        buckets=buckets,
        sqs_sources=tuple(sqs_sources),
        schedules=tuple(schedules),
    )
    _check_queue_references(wiring)
    return wiring


def _parameter_values(declared: Mapping[str, Any], given: Mapping[str, str]) -> dict[str, str]:
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise TemplateError(f"the template declares no parameters {unknown}")
    values = {name: str(spec["Default"]) for name, spec in declared.items() if "Default" in (spec or {})}
    values.update({name: str(value) for name, value in given.items()})
    return values


def _merge_globals(global_properties: Mapping[str, Any], properties: Mapping[str, Any]) -> dict[str, Any]:
    """SAM's rules for Globals: maps are merged, lists are appended to, other values are overridden."""
    merged = dict(global_properties)
    for key, value in properties.items():
        base = merged.get(key)
        if isinstance(base, dict) and isinstance(value, dict) and not _is_intrinsic(value):
            merged[key] = _merge_globals(base, value)
        elif isinstance(base, list) and isinstance(value, list):
            merged[key] = base + value
        else:
            merged[key] = value
    return merged


def _is_intrinsic(value: Mapping[str, Any]) -> bool:
    keys = list(value)
    return len(keys) == 1 and (keys[0] in ("Ref", "Condition") or keys[0].startswith("Fn::"))


def _function(logical_id: str, properties: Mapping[str, Any], base_dir: Path, resolver: "Resolver") -> FunctionSpec:
    code_uri = properties.get("CodeUri")
    handler = properties.get("Handler")
    if not isinstance(code_uri, str) or not isinstance(handler, str) or "." not in handler:
        raise TemplateError(f"{logical_id}: a local run needs a CodeUri folder and a Handler 'module.function'")
    module, _, function = handler.rpartition(".")
    variables = (properties.get("Environment") or {}).get("Variables") or {}
    return FunctionSpec(
        logical_id=logical_id,
        code_dir=(base_dir / code_uri).resolve(),
        handler_module=module,
        handler_function=function,
        timeout=resolver.integer(properties.get("Timeout", DEFAULT_FUNCTION_TIMEOUT)),
        memory_size=resolver.integer(properties.get("MemorySize", DEFAULT_FUNCTION_MEMORY)),
        environment=_local_environment(variables, resolver),
        declared_variables=tuple(variables),
    )


def _local_environment(variables: Mapping[str, Any], resolver: "Resolver") -> dict[str, str]:
    """The variables a local run can give. Those naming a database or a secret are left out: locally the
    settings stand in for them (DATABASE_URL for DATABASE_SECRET_ARN/HOST/PORT, TMDB_API_KEY for TMDB_SECRET_ARN).
    So are those declared blank (DATABASE_URL, AWS_ENDPOINT_URL...): blank means unset, and a local run's own
    value must not be blanked out while a handler runs.
    """
    environment = {}
    for name, value in variables.items():
        try:
            text = resolver.text(value)
        except NotLocal:
            continue
        if text:
            environment[name] = text
    return environment


def _event_source(
    function_id: str, event_name: str, event: Mapping[str, Any], resolver: "Resolver"
) -> SqsEventSource | ScheduleSpec:
    event_type = event.get("Type")
    properties = event.get("Properties") or {}
    if event_type == "SQS":
        return SqsEventSource(
            function_id=function_id,
            queue_id=resolver.logical_id(properties.get("Queue")),
            batch_size=resolver.integer(properties.get("BatchSize", DEFAULT_SQS_BATCH_SIZE)),
            batching_window_seconds=resolver.integer(properties.get("MaximumBatchingWindowInSeconds", 0)),
            report_batch_item_failures=REPORT_BATCH_ITEM_FAILURES in (properties.get("FunctionResponseTypes") or []),
        )
    if event_type == "ScheduleV2":
        # Without a Name, SAM names the schedule resource <FunctionLogicalId><EventName>.
        return ScheduleSpec(
            name=resolver.text(properties["Name"]) if "Name" in properties else f"{function_id}{event_name}",
            function_id=function_id,
            expression=resolver.text(properties.get("ScheduleExpression")),
            timezone=resolver.text(properties.get("ScheduleExpressionTimezone", "UTC")),
            input=resolver.text(properties["Input"]) if "Input" in properties else None,
        )
    raise TemplateError(f"{function_id}.{event_name}: a local run cannot deliver {event_type!r} events")


def _queue(logical_id: str, properties: Mapping[str, Any], resolver: "Resolver") -> QueueSpec:
    redrive = properties.get("RedrivePolicy")
    if redrive is not None and not isinstance(redrive, dict):
        raise TemplateError(f"{logical_id}: RedrivePolicy must be a mapping")
    retention = properties.get("MessageRetentionPeriod")
    return QueueSpec(
        logical_id=logical_id,
        name=resolver.names[logical_id],
        visibility_timeout=resolver.integer(properties.get("VisibilityTimeout", DEFAULT_VISIBILITY_TIMEOUT)),
        dead_letter_queue_id=resolver.logical_id(redrive["deadLetterTargetArn"]) if redrive else None,
        max_receive_count=resolver.integer(redrive["maxReceiveCount"]) if redrive else None,
        message_retention_seconds=resolver.integer(retention) if retention is not None else None,
    )


def _bucket(logical_id: str, properties: Mapping[str, Any], resolver: "Resolver") -> BucketSpec:
    configuration = properties.get("NotificationConfiguration") or {}
    undeliverable = sorted(set(configuration) - {"QueueConfigurations"})
    if undeliverable:
        raise TemplateError(f"{logical_id}: a local run delivers S3 notifications to queues only, not {undeliverable}")
    notifications = []
    for queue_configuration in configuration.get("QueueConfigurations") or []:
        rules = (queue_configuration.get("Filter") or {}).get("S3Key", {}).get("Rules") or []
        filters = {rule["Name"].lower(): resolver.text(rule["Value"]) for rule in rules}
        notifications.append(
            QueueNotification(
                queue_id=resolver.logical_id(queue_configuration.get("Queue")),
                event=resolver.text(queue_configuration.get("Event")),
                prefix=filters.get("prefix"),
                suffix=filters.get("suffix"),
            )
        )
    return BucketSpec(logical_id=logical_id, name=resolver.names[logical_id], queue_notifications=tuple(notifications))


def _check_queue_references(wiring: Wiring) -> None:
    referenced = [(f"{s.function_id} event source", s.queue_id) for s in wiring.sqs_sources]
    referenced += [(f"{q.logical_id} RedrivePolicy", q.dead_letter_queue_id) for q in wiring.queues.values()]
    referenced += [
        (f"{b.logical_id} notification", n.queue_id) for b in wiring.buckets.values() for n in b.queue_notifications
    ]
    for where, queue_id in referenced:
        if queue_id is not None and queue_id not in wiring.queues:
            raise TemplateError(f"{where} names {queue_id}, which is not an AWS::SQS::Queue of the template")
