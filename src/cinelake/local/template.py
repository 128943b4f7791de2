"""The wiring in template.yaml, read into plain dataclasses for the local stack.

The local stack provisions moto and delivers events from what this module returns, so a local run follows
the same wiring as a deployment: which queue feeds which function, batch sizes, ReportBatchItemFailures,
redrive policies, visibility timeouts, the S3 notification with its filter, and the schedules.

It reads the part of CloudFormation and SAM the project uses, and says so (TemplateError) when a template
asks for something a local run could not honour, rather than silently skipping it.

Physical names: queues and buckets must carry a QueueName/BucketName, given as template Parameters. A local
run sets those parameters from the settings (`parameters_from_settings`), the way a deployment sets them with
--parameter-overrides; the template derives every other name from them (e.g. "${IdsQueueName}-dlq").
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cinelake.config import Settings
from cinelake.errors import PermanentError

# The project's template, found as `sam` finds it: in the working folder (the checkout, where the local stack runs).
PROJECT_TEMPLATE = Path("template.yaml")
MOTO_ACCOUNT_ID = "123456789012"  # the account moto answers as
LOCAL_STACK_NAME = "cinelake-local"

SERVERLESS_FUNCTION = "AWS::Serverless::Function"
SQS_QUEUE = "AWS::SQS::Queue"
S3_BUCKET = "AWS::S3::Bucket"
REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures"

# Defaults that AWS applies when the template leaves a property out.
DEFAULT_FUNCTION_TIMEOUT = 3
DEFAULT_FUNCTION_MEMORY = 128
DEFAULT_SQS_BATCH_SIZE = 10
DEFAULT_VISIBILITY_TIMEOUT = 30


class TemplateError(PermanentError):
    """The template says something the local stack cannot read or honour."""


class NotLocal(TemplateError):
    """A value naming a resource the local stack does not create (a database, a secret)."""


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


# ---- YAML with CloudFormation's short-form tags ---------------------------------------------------------


class _CloudFormationLoader(yaml.SafeLoader):
    """A SafeLoader that reads `!Ref x`, `!GetAtt a.b`, `!Sub ...` and the other tags as their long forms."""


def _construct_intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if tag_suffix in ("Ref", "Condition"):
        return {tag_suffix: value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)  # "Resource.Attribute" -> ["Resource", "Attribute"]
    return {f"Fn::{tag_suffix}": value}


_CloudFormationLoader.add_multi_constructor("!", _construct_intrinsic)


def load_template(text: str) -> dict[str, Any]:
    """Parse template YAML; intrinsic functions stay as data ({"Ref": ...}, {"Fn::GetAtt": [...]}, ...)."""
    document = yaml.load(text, Loader=_CloudFormationLoader)  # a SafeLoader: no arbitrary objects
    if not isinstance(document, dict):
        raise TemplateError("a template is a YAML mapping")
    return document


# ---- From the document to the wiring -------------------------------------------------------------------


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
    resolver = _Resolver(resources, declared, values, region=region, account_id=account_id)
    resolver.name_resources()

    queues = {
        logical_id: _queue(logical_id, _properties(resource), resolver)
        for logical_id, resource in resources.items()
        if resource.get("Type") == SQS_QUEUE
    }
    buckets = {
        logical_id: _bucket(logical_id, _properties(resource), resolver)
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
        properties = _merge_globals(function_globals, _properties(resource))
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


def _properties(resource: Mapping[str, Any]) -> dict[str, Any]:
    return resource.get("Properties") or {}


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


def _function(logical_id: str, properties: Mapping[str, Any], base_dir: Path, resolver: "_Resolver") -> FunctionSpec:
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


def _local_environment(variables: Mapping[str, Any], resolver: "_Resolver") -> dict[str, str]:
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
    function_id: str, event_name: str, event: Mapping[str, Any], resolver: "_Resolver"
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


def _queue(logical_id: str, properties: Mapping[str, Any], resolver: "_Resolver") -> QueueSpec:
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


def _bucket(logical_id: str, properties: Mapping[str, Any], resolver: "_Resolver") -> BucketSpec:
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


class _Resolver:
    """Resolves intrinsic functions to the values a local run gives them."""

    def __init__(
        self,
        resources: Mapping[str, Any],
        declared_parameters: Mapping[str, Any],
        parameters: Mapping[str, str],
        *,
        region: str,
        account_id: str,
    ):
        self.resources = resources
        self.declared_parameters = declared_parameters
        self.parameters = parameters
        self.region = region
        self.account_id = account_id
        self.pseudo_parameters = {
            "AWS::Region": region,
            "AWS::AccountId": account_id,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": LOCAL_STACK_NAME,
        }
        self.names: dict[str, str] = {}  # logical id -> physical name, for queues and buckets

    def name_resources(self) -> None:
        name_properties = {SQS_QUEUE: "QueueName", S3_BUCKET: "BucketName"}
        for logical_id, resource in self.resources.items():
            name_property = name_properties.get(resource.get("Type"))
            if name_property is None:
                continue
            properties = _properties(resource)
            if name_property not in properties:
                raise TemplateError(
                    f"{logical_id} has no {name_property}: give it one (from a Parameter) so that local runs "
                    "and the code agree on its name"
                )
            self.names[logical_id] = self.text(properties[name_property])

    def integer(self, node: Any) -> int:
        try:
            return int(self.text(node))
        except ValueError as error:
            raise TemplateError(f"expected a whole number, got {node!r}") from error

    def text(self, node: Any) -> str:
        if isinstance(node, bool):
            return "true" if node else "false"
        if isinstance(node, str | int | float):
            return str(node)
        if isinstance(node, dict) and len(node) == 1:
            ((function, argument),) = node.items()
            if function == "Ref":
                return self._ref(argument)
            if function == "Fn::GetAtt":
                return self._get_att(*_get_att_parts(argument))
            if function == "Fn::Sub":
                return self._sub(argument)
            if function == "Fn::Join":
                separator, items = argument
                return separator.join(self.text(item) for item in items)
        raise TemplateError(f"a local run cannot resolve {node!r}")

    def logical_id(self, node: Any) -> str:
        """The resource a `!Ref X` or `!GetAtt X.Arn` points at."""
        if isinstance(node, dict) and set(node) == {"Ref"}:
            target = node["Ref"]
        elif isinstance(node, dict) and set(node) == {"Fn::GetAtt"}:
            target = _get_att_parts(node["Fn::GetAtt"])[0]
        else:
            raise TemplateError(f"expected !Ref or !GetAtt to a resource of the template, got {node!r}")
        if target not in self.resources:
            raise TemplateError(f"{target} is not a resource of the template")
        return target

    def _ref(self, name: str) -> str:
        if name in self.parameters:
            return self.parameters[name]
        if name in self.declared_parameters:
            raise TemplateError(f"parameter {name} has no Default and no value was given")
        if name in self.pseudo_parameters:
            return self.pseudo_parameters[name]
        kind = self._type(name)
        if kind == S3_BUCKET:
            return self._name(name)
        if kind == SQS_QUEUE:
            raise TemplateError(
                f"!Ref {name} is the queue's URL, which a template cannot know; use !GetAtt {name}.QueueName"
            )
        raise NotLocal(f"!Ref {name}: the local stack has no {kind}")

    def _get_att(self, logical_id: str, attribute: str) -> str:
        kind = self._type(logical_id)
        if kind == SQS_QUEUE and attribute == "QueueName":
            return self._name(logical_id)
        if kind == SQS_QUEUE and attribute == "Arn":
            return f"arn:aws:sqs:{self.region}:{self.account_id}:{self._name(logical_id)}"
        if kind == S3_BUCKET and attribute == "Arn":
            return f"arn:aws:s3:::{self._name(logical_id)}"
        if kind not in (SQS_QUEUE, S3_BUCKET):
            raise NotLocal(f"!GetAtt {logical_id}.{attribute}: the local stack has no {kind}")
        raise TemplateError(f"!GetAtt {logical_id}.{attribute}: a local run has no value for it")

    def _sub(self, argument: str | list[Any]) -> str:
        if isinstance(argument, str):
            template, variables = argument, {}
        else:
            template, variables = argument
        values = {name: self.text(value) for name, value in variables.items()}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):  # ${!Literal} stands for the text ${Literal}
                return "${" + name[1:] + "}"
            if name in values:
                return values[name]
            if "." in name:
                return self._get_att(*name.split(".", 1))
            return self._ref(name)

        return re.sub(r"\$\{([^}]+)\}", replace, template)

    def _type(self, logical_id: str) -> str | None:
        if logical_id not in self.resources:
            raise TemplateError(f"{logical_id} is neither a parameter nor a resource of the template")
        return self.resources[logical_id].get("Type")

    def _name(self, logical_id: str) -> str:
        if logical_id not in self.names:
            raise TemplateError(f"the name of {logical_id} cannot depend on another resource")
        return self.names[logical_id]


def _get_att_parts(argument: Any) -> tuple[str, str]:
    if isinstance(argument, str):
        argument = argument.split(".", 1)
    if not isinstance(argument, list) or len(argument) != 2 or not all(isinstance(a, str) for a in argument):
        raise TemplateError(f"!GetAtt needs 'Resource.Attribute', got {argument!r}")
    return argument[0], argument[1]
