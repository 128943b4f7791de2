"""Glue (Hive) column types in DuckDB's spelling, and the lake tables as template.yaml defines them."""

import pytest

from cinelake.local.lake_tables import duckdb_type, lake_tables
from cinelake.local.template_yaml import TemplateError

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("glue_type", "expected"),
    [
        ("string", "VARCHAR"),
        ("bigint", "BIGINT"),
        ("array<string>", "VARCHAR[]"),
        ("struct<id:int,name:string>", 'STRUCT("id" INTEGER, "name" VARCHAR)'),
        (
            "struct<keywords:array<struct<id:int,name:string>>,ok:boolean>",
            'STRUCT("keywords" STRUCT("id" INTEGER, "name" VARCHAR)[], "ok" BOOLEAN)',
        ),
    ],
)
def test_glue_types_translate_to_duckdb(glue_type, expected):
    assert duckdb_type(glue_type) == expected


@pytest.mark.parametrize("glue_type", ["map<string,int>", "struct<id:int", "array<int>>", "struct<id int>", ""])
def test_a_type_it_cannot_read_is_an_error(glue_type):
    with pytest.raises(TemplateError):
        duckdb_type(glue_type)


def test_the_templates_tables_read_as_duckdb_columns():
    tables = lake_tables()
    raw = tables["raw_movies"]
    assert list(raw.duckdb_columns())[:3] == ["kind", "tmdb_id", "fetched_at"]
    assert raw.duckdb_columns()["movie"].startswith('STRUCT("id" BIGINT, "title" VARCHAR')
    assert raw.duckdb_partition_types() == {"dt": "VARCHAR"}
    assert raw.partition_glob() == "raw/movies/dt=*/*"
    assert tables["quarantine"].duckdb_columns() == {
        "source": "VARCHAR",
        "line": "INTEGER",
        "reason": "VARCHAR",
        "record": "VARCHAR",
    }
