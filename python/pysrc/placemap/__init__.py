"""placemap: turn place names into publication-quality maps, offline.

The gazetteer, the renderer and the extractor are placemap's Rust library, built into this
package by maturin. The gazetteer is opened once per process, on first use; ``resolve`` and
``extract`` work on whole batches on all cores with the GIL released, so they suit pandas
UDFs, Spark's ``mapInPandas`` and Ray Data's ``map_batches`` (see docs/python.md).

    >>> import placemap
    >>> placemap.resolve(["Kiev"])[0]["name"]
    'Kyiv'
"""

from __future__ import annotations

import json
import os
import warnings
from typing import Any, Iterable, Mapping, Union

from . import _placemap

__all__ = ["PlacemapError", "PlacemapWarning", "resolve", "extract", "render", "export"]
__version__ = _placemap.__version__

Scene = Union[Mapping[str, Any], str]


class PlacemapError(ValueError):
    """A bad scene, name or option; the message is the command line's."""


class PlacemapWarning(UserWarning):
    """A guessed name or a dropped label: the map was drawn all the same."""


def _texts(values: Iterable[Any], what: str) -> list:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{what} takes a list of strings; wrap a single one: [{values!r:.40}]")
    out = list(values)
    for i, v in enumerate(out):
        if not isinstance(v, str):
            raise TypeError(f"{what}: item {i} is {type(v).__name__}, not str")
    return out


def _scene_json(scene: Scene) -> str:
    if isinstance(scene, str):
        return scene
    if isinstance(scene, Mapping):
        return json.dumps(scene, ensure_ascii=False)
    raise TypeError(f"a scene is a dict or JSON text, not {type(scene).__name__}")


def _warn(messages: list) -> None:
    for m in messages:
        warnings.warn(m, PlacemapWarning, stacklevel=3)


def resolve(
    names: Iterable[str],
    *,
    country: str | None = None,
    strict: bool = False,
    alternatives: int = 5,
) -> list:
    """Resolve place names; a dict a name, in order.

    A found name gives its record (``name``, ``lat``, ``lon``, ``country_code``, ``match``,
    ``confidence``, ``alternatives``…, as ``placemap resolve --format json``); an unknown
    one gives ``{"query": name, "error": message}`` with suggestions, so one bad name does
    not lose a batch. Guesses for misspelt names have ``"match": "fuzzy"``; ``strict``
    refuses them.
    """
    names = _texts(names, "resolve")
    try:
        text = _placemap.resolve_json(names, country, strict, alternatives)
    except ValueError as e:
        raise PlacemapError(str(e)) from None
    return json.loads(text)


def extract(texts: Iterable[str], *, alternatives: int = 5) -> list:
    """The place mentions of each text: a list of mention dicts a text, in order.

    Each mention has its UTF-8 byte offsets (``start``, ``end``), its ``text``, the place
    (``name``, ``lat``, ``lon``, ``country_code``…), ``match`` and ``confidence``, as
    ``placemap extract --format json``.
    """
    texts = _texts(texts, "extract")
    return json.loads(_placemap.extract_json(texts, alternatives))


def render(
    scene: Scene,
    format: str = "svg",
    *,
    theme: str | None = None,
    width: int | None = None,
    height: int | None = None,
    scale: float = 1.0,
    strict: bool = False,
    base_dir: str | os.PathLike | None = None,
) -> bytes:
    """Draw a scene (a dict in the scene format, or its JSON text) as SVG, PNG or PDF bytes.

    Guessed names and dropped labels are issued as ``PlacemapWarning``s (errors with
    ``strict``); a bad scene raises ``PlacemapError`` naming the JSON path.
    """
    try:
        data, notes = _placemap.render(
            _scene_json(scene), format, theme, width, height, float(scale), strict,
            None if base_dir is None else os.fspath(base_dir),
        )
    except ValueError as e:
        raise PlacemapError(str(e)) from None
    _warn(notes)
    return data


def export(
    scene: Scene,
    *,
    format: str = "geojson",
    split: bool = False,
    detail: str = "50m",
    strict: bool = False,
    base_dir: str | os.PathLike | None = None,
) -> dict:
    """Export a scene as a GeoJSON FeatureCollection dict (or a TopoJSON Topology with
    ``format="topojson"``). With ``split=True``, a dict of one collection a geometry type
    (``points``, ``lines``, ``polygons``) with list properties as text, for GIS layers.
    """
    try:
        text, notes = _placemap.export_json(
            _scene_json(scene), format, split, detail, strict,
            None if base_dir is None else os.fspath(base_dir),
        )
    except ValueError as e:
        raise PlacemapError(str(e)) from None
    _warn(notes)
    return json.loads(text)
