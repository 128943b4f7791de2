"""Template YAML with CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub`...), read as their long forms."""

from typing import Any

import yaml

from cinelake.errors import PermanentError


class TemplateError(PermanentError):
    """The template says something the local stack cannot read or honour."""


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
