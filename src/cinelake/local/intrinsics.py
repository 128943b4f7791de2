"""CloudFormation's intrinsic functions (Ref, GetAtt, Sub, ...) resolved to the values a local run gives them."""

import re
from collections.abc import Mapping
from typing import Any

from cinelake.local.template_yaml import TemplateError

LOCAL_STACK_NAME = "cinelake-local"
SQS_QUEUE = "AWS::SQS::Queue"
S3_BUCKET = "AWS::S3::Bucket"


class NotLocal(TemplateError):
    """A value naming a resource the local stack does not create (a database, a secret)."""


def resource_properties(resource: Mapping[str, Any]) -> dict[str, Any]:
    return resource.get("Properties") or {}


class Resolver:
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
            properties = resource_properties(resource)
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
