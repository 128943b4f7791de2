"""The lake's Glue tables as template.yaml defines them, and the same columns in DuckDB's type names.

template.yaml holds the one definition of the tables Athena queries (`AWS::Glue::Table`: columns, partition keys,
location). This module reads it, so that a local check reads the lake's objects with exactly those columns and
JSON paths: a struct column of the OpenX JSON SerDe reads the keys nested under its own key, as DuckDB's
`read_json(columns=...)` does with a STRUCT.

Nothing here imports DuckDB: it only says what to read and with which types.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cinelake.local.template import PROJECT_TEMPLATE
from cinelake.local.template_yaml import TemplateError, load_template

GLUE_TABLE = "AWS::Glue::Table"
JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe"
# A table's Location and storage.location.template are `!Sub s3://${DataLakeBucket}/<prefix>`.
_LAKE_LOCATION = re.compile(r"s3://\$\{DataLakeBucket\}/(?P<path>.*)")

# Hive (Glue) primitive types and DuckDB's names for them.
_PRIMITIVES = {
    "string": "VARCHAR",
    "boolean": "BOOLEAN",
    "tinyint": "TINYINT",
    "smallint": "SMALLINT",
    "int": "INTEGER",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "float": "FLOAT",
    "double": "DOUBLE",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}


@dataclass(frozen=True)
class Column:
    name: str
    glue_type: str

    @property
    def duckdb_type(self) -> str:
        return duckdb_type(self.glue_type)


@dataclass(frozen=True)
class LakeTable:
    logical_id: str
    name: str  # the Glue (and Athena) table name
    columns: tuple[Column, ...]
    partition_keys: tuple[Column, ...]
    prefix: str  # the table's Location inside the lake bucket, e.g. "raw/movies/"
    location_template: str  # storage.location.template inside the bucket, "${dt}" standing for the partition
    parameters: Mapping[str, str]
    serde: str

    def duckdb_columns(self) -> dict[str, str]:
        """`read_json(columns=...)`: each column's name and DuckDB type, in the template's order."""
        return {column.name: column.duckdb_type for column in self.columns}

    def duckdb_partition_types(self) -> dict[str, str]:
        """`read_json(hive_types=...)`: the partition keys typed as Glue types them (dt is a string there)."""
        return {column.name: column.duckdb_type for column in self.partition_keys}

    def partition_glob(self) -> str:
        """The objects of every partition, relative to the bucket: e.g. `raw/movies/dt=*/*`."""
        return self.location_template.replace("${dt}", "*") + "*"


def lake_tables(template_path: Path = PROJECT_TEMPLATE) -> dict[str, LakeTable]:
    """Every Glue table of the template, by table name."""
    document = load_template(template_path.read_text(encoding="utf-8"))
    tables = {}
    for logical_id, resource in (document.get("Resources") or {}).items():
        if resource.get("Type") == GLUE_TABLE:
            table = _table(logical_id, resource.get("Properties") or {})
            tables[table.name] = table
    return tables


def _table(logical_id: str, properties: Mapping[str, Any]) -> LakeTable:
    table_input = properties["TableInput"]
    storage = table_input["StorageDescriptor"]
    parameters = {name: _text(value) for name, value in (table_input.get("Parameters") or {}).items()}
    return LakeTable(
        logical_id=logical_id,
        name=table_input["Name"],
        columns=tuple(Column(c["Name"], _text(c["Type"])) for c in storage["Columns"]),
        partition_keys=tuple(Column(c["Name"], _text(c["Type"])) for c in table_input.get("PartitionKeys") or []),
        prefix=_lake_path(_text(storage["Location"])),
        location_template=_lake_path(parameters.get("storage.location.template", "")),
        parameters=parameters,
        serde=storage["SerdeInfo"]["SerializationLibrary"],
    )


def _text(node: Any) -> str:
    """A literal, a `!Join` of literals, or a `!Sub` whose text is kept as written (e.g. `${DataLakeBucket}`)."""
    if isinstance(node, str):
        return node
    if isinstance(node, dict) and set(node) == {"Fn::Join"}:
        separator, items = node["Fn::Join"]
        return separator.join(_text(item) for item in items)
    if isinstance(node, dict) and set(node) == {"Fn::Sub"} and isinstance(node["Fn::Sub"], str):
        return node["Fn::Sub"].replace("${!", "${")  # ${!dt} is the literal text ${dt}
    raise TemplateError(f"a lake table definition holds {node!r}, which is not plain text")


def _lake_path(location: str) -> str:
    match = _LAKE_LOCATION.fullmatch(location)
    if not match:
        raise TemplateError(f"a lake table's location must be s3://${{DataLakeBucket}}/..., got {location!r}")
    return match["path"]


# ---- Hive type strings -----------------------------------------------------------------------------------


def duckdb_type(glue_type: str) -> str:
    """`struct<id:int,tags:array<string>>` -> `STRUCT("id" INTEGER, "tags" VARCHAR[])`."""
    parsed, rest = _parse_type(glue_type.strip())
    if rest:
        raise TemplateError(f"unexpected {rest!r} after a type in {glue_type!r}")
    return parsed


def _parse_type(text: str) -> tuple[str, str]:
    """Parse one type at the start of `text`; return DuckDB's spelling and what follows."""
    match = re.match(r"[a-z]+", text)
    if not match:
        raise TemplateError(f"expected a type at {text!r}")
    word, rest = match[0], text[match.end() :]
    if word == "array":
        element, rest = _parse_type(_expect(rest, "<"))
        return f"{element}[]", _expect(rest, ">")
    if word == "struct":
        rest = _expect(rest, "<")
        fields = []
        while True:
            field = re.match(r"[a-z_][a-z0-9_]*", rest)
            if not field:
                raise TemplateError(f"expected a struct field name at {rest!r}")
            field_type, rest = _parse_type(_expect(rest[field.end() :], ":"))
            fields.append(f'"{field[0]}" {field_type}')
            if rest.startswith(","):
                rest = rest[1:]
                continue
            return f"STRUCT({', '.join(fields)})", _expect(rest, ">")
    if word in _PRIMITIVES:
        return _PRIMITIVES[word], rest
    raise TemplateError(f"no DuckDB type for the Glue type {word!r}")


def _expect(text: str, token: str) -> str:
    if not text.startswith(token):
        raise TemplateError(f"expected {token!r} at {text!r}")
    return text[len(token) :]
