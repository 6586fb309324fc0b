"""placemap in a local Spark: the docs' mapInPandas function and a pandas UDF, on two
cores. Skipped where pyspark is not installed; tests/run.sh installs it (and Java is on
the machine)."""

import os
import sys

import pytest

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    # Spark's Python workers are new processes: they must run this interpreter (with
    # placemap installed) and find this directory's modules, which functions refer to.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    here = os.path.dirname(os.path.abspath(__file__))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in [here, os.environ.get("PYTHONPATH", "")] if p)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]").appName("placemap-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_map_in_pandas_extracts_each_partition(spark):
    from test_placemap import extract_partitions

    articles = spark.createDataFrame(
        [("a", "Xi landed in Samarkand."), ("b", "Kyiv at night."), ("c", "No places."),
         ("d", "From Moscow to Astana.")],
        "doc string, text string",
    ).repartition(2)
    schema = "doc string, name string, country_code string, lat double, lon double, confidence double"
    rows = articles.mapInPandas(extract_partitions, schema=schema).collect()
    assert sorted((r.doc, r.name, r.country_code) for r in rows) == [
        ("a", "Samarkand", "UZ"), ("b", "Kyiv", "UA"), ("d", "Astana", "KZ"), ("d", "Moscow", "RU"),
    ]


def test_a_pandas_udf_resolves_a_column(spark):
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    @pandas_udf("string")
    def country(names: pd.Series) -> pd.Series:
        import placemap
        return pd.Series([r.get("country_code") for r in placemap.resolve(names.tolist())])

    df = spark.createDataFrame([("Peking",), ("Bombay",), ("Xqzzyv",)], "name string")
    got = [r.cc for r in df.select(country("name").alias("cc")).collect()]
    assert got == ["CN", "IN", None]
