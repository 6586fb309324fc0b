"""The placemap Python package: each function, errors, and the batch shapes that pandas,
Arrow, Spark's mapInPandas and Ray Data's map_batches hand over."""

import json
import threading
import time
import warnings

import pytest

import placemap

SCENE = {
    "title": "Xi and Putin meet in Samarkand",
    "routes": [
        {"name": "Xi", "stops": ["Beijing", "Astana", "Samarkand"]},
        {"name": "Putin", "stops": ["Moscow", "Samarkand"]},
    ],
    "markers": [{"place": "Samarkand", "icon": "star"}],
    "highlight": [{"place": "Uzbekistan"}],
}


def test_resolve_keeps_order_and_reports_unknown_names_in_place():
    out = placemap.resolve(["Kiev", "Xqzzyv", "Samarqand"])
    assert [r.get("name") for r in out] == ["Kyiv", None, "Samarkand"]
    assert out[1]["query"] == "Xqzzyv"
    assert out[1]["error"].startswith('unknown place "Xqzzyv"')
    assert out[0]["country_code"] == "UA" and out[0]["match"] == "alias"


def test_resolve_refuses_a_bare_string():
    with pytest.raises(TypeError, match="list of strings"):
        placemap.resolve("Paris")


def test_extract_finds_each_texts_places():
    out = placemap.extract(["Xi flew from Beijing to Samarkand.", "No places at all here."])
    assert len(out) == 2
    names = [m["name"] for m in out[0]]
    assert names == ["Beijing", "Samarkand"]
    first = out[0][0]
    assert "Xi flew from Beijing".encode()[first["start"]:first["end"]] == b"Beijing"
    assert out[1] == []


def test_render_gives_each_format():
    svg = placemap.render(SCENE)
    assert svg.startswith(b"<svg") or svg.startswith(b"<?xml")
    assert b"Samarkand" in svg
    png = placemap.render(SCENE, "png", width=800, height=500)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # The PNG's width, from its IHDR chunk.
    assert int.from_bytes(png[16:20], "big") == 800
    assert placemap.render(json.dumps(SCENE), "pdf")[:5] == b"%PDF-"


def test_a_bad_scene_raises_the_command_lines_message():
    with pytest.raises(placemap.PlacemapError) as e:
        placemap.render({"markers": [{"place": "Paris", "icon": "blob"}]})
    assert str(e.value).startswith("markers[0].icon: ")
    with pytest.raises(placemap.PlacemapError, match="unknown format"):
        placemap.render(SCENE, "gif")


def test_guesses_are_warnings_and_strict_refuses_them():
    scene = {"markers": [{"place": "Samarknd"}]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        placemap.render(scene)
    assert any("guessed Samarkand" in str(w.message) for w in caught)
    assert all(issubclass(w.category, placemap.PlacemapWarning) for w in caught)
    with pytest.raises(placemap.PlacemapError, match="Samarknd"):
        placemap.render(scene, strict=True)


def test_export_gives_geojson_split_layers_and_topojson():
    fc = placemap.export(SCENE)
    assert fc["type"] == "FeatureCollection"
    layers = sorted({f["properties"]["layer"] for f in fc["features"]})
    assert layers == ["highlight", "leg", "marker", "route", "stop"]
    parts = placemap.export(SCENE, split=True)
    assert sorted(parts) == ["lines", "points", "polygons"]
    route = next(f for f in parts["lines"]["features"] if f["properties"]["layer"] == "route")
    assert route["properties"]["stops"] == "Beijing; Astana; Samarkand"
    topo = placemap.export(SCENE, format="topojson")
    assert topo["type"] == "Topology"
    assert sorted(topo["objects"]) == ["lines", "points", "polygons"]


def test_the_batch_api_on_pandas_and_arrow_columns():
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"id": [1, 2, 3], "text": [
        "Talks in Samarkand.", "Nothing to see.", "From Moscow to Astana."]})
    mentions = placemap.extract(frame["text"])
    assert [len(m) for m in mentions] == [1, 0, 2]
    table = pa.table({"name": ["Peking", "Bombay", "Xqzzyv"]})
    records = placemap.resolve(table.column("name").to_pylist())
    assert [r.get("name") for r in records] == ["Beijing", "Mumbai", None]


def extract_partitions(batches):
    """A Spark mapInPandas function (and, one batch at a time, a Ray Data map_batches
    callable): article frames in, one row a mention out. It is docs/python.md's example."""
    import pandas as pd

    for frame in batches:
        rows = []
        for doc, mentions in zip(frame["doc"], placemap.extract(frame["text"].tolist())):
            for m in mentions:
                rows.append({"doc": doc, "name": m["name"], "country_code": m["country_code"],
                             "lat": m["lat"], "lon": m["lon"], "confidence": m["confidence"]})
        yield pd.DataFrame(rows, columns=["doc", "name", "country_code", "lat", "lon", "confidence"])


def test_a_map_in_pandas_function_over_partitions():
    pd = pytest.importorskip("pandas")
    partitions = [
        pd.DataFrame({"doc": ["a", "b"], "text": ["Xi landed in Samarkand.", "Kyiv at night."]}),
        pd.DataFrame({"doc": ["c"], "text": ["No places."]}),
    ]
    out = pd.concat(list(extract_partitions(iter(partitions))), ignore_index=True)
    assert out["doc"].tolist() == ["a", "b"]
    assert out["name"].tolist() == ["Samarkand", "Kyiv"]
    assert out["country_code"].tolist() == ["UZ", "UA"]


def test_extract_releases_the_gil():
    texts = ["Xi flew from Beijing to Astana and on to Samarkand, then home to Beijing. "
             * 40] * 40
    done = threading.Event()
    ticks = 0

    def work():
        placemap.extract(texts)
        done.set()

    started = time.perf_counter()
    thread = threading.Thread(target=work)
    thread.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    thread.join()
    took = time.perf_counter() - started
    # With the GIL held, this thread could not wake at all until extract returned.
    assert took < 0.05 or ticks >= took / 0.001 / 4, (ticks, took)
